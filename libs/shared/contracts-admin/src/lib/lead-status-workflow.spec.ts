import { LEAD_STATUSES } from '@landing/shared/contracts-lead';
import {
  canChangeStatus,
  LEAD_STATUS_TRANSITIONS,
} from './lead-status-workflow';

describe('lead status workflow', () => {
  it('moves forward through the call flow', () => {
    expect(canChangeStatus('new', 'contacted')).toBe(true);
    expect(canChangeStatus('contacted', 'qualified')).toBe(true);
    expect(canChangeStatus('contacted', 'disqualified')).toBe(true);
  });

  it('does not skip the call: a new lead cannot be qualified before anyone contacted it', () => {
    expect(canChangeStatus('new', 'qualified')).toBe(false);
  });

  it('lets a spam mark be undone, but only back to new', () => {
    expect(LEAD_STATUS_TRANSITIONS.spam).toEqual(['new']);
  });

  it('never lists a status as a move to itself, and every target is a known status', () => {
    for (const from of LEAD_STATUSES) {
      expect(canChangeStatus(from, from)).toBe(false);
      for (const to of LEAD_STATUS_TRANSITIONS[from])
        expect(LEAD_STATUSES).toContain(to);
    }
  });
});
