export const LEAD_STATUSES = [
  'new',
  'contacted',
  'qualified',
  'disqualified',
  'spam',
] as const;

export type LeadStatus = (typeof LEAD_STATUSES)[number];
