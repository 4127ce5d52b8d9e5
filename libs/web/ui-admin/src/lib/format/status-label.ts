import { type LeadStatus } from '@landing/shared/contracts-lead';

/** A lead status as staff read it, in the build's language. */
export function statusLabel(status: LeadStatus): string {
  switch (status) {
    case 'new':
      return $localize`:@@admin.status.new:New`;
    case 'contacted':
      return $localize`:@@admin.status.contacted:Contacted`;
    case 'qualified':
      return $localize`:@@admin.status.qualified:Qualified`;
    case 'disqualified':
      return $localize`:@@admin.status.disqualified:Disqualified`;
    case 'spam':
      return $localize`:@@admin.status.spam:Spam`;
  }
}
