import { type LeadStatus } from '@landing/shared/contracts-lead';

/**
 * Where a lead may go from each status. Forward through the call flow, and back where a
 * mistake is plausible (a spam mark undone, a qualified lead falling through).
 */
export const LEAD_STATUS_TRANSITIONS: Readonly<
  Record<LeadStatus, readonly LeadStatus[]>
> = {
  new: ['contacted', 'disqualified', 'spam'],
  contacted: ['new', 'qualified', 'disqualified', 'spam'],
  qualified: ['contacted', 'disqualified'],
  disqualified: ['contacted', 'qualified'],
  spam: ['new'],
};

export function canChangeStatus(from: LeadStatus, to: LeadStatus): boolean {
  return LEAD_STATUS_TRANSITIONS[from].includes(to);
}
