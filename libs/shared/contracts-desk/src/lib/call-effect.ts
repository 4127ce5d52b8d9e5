import { type LeadStatus } from '@landing/shared/contracts-lead';
import {
  type CallOutcome,
  type CloseReason,
  UNANSWERED_OUTCOMES,
} from './desk.contract';

/** What one call does to its lead. */
export interface CallEffect {
  status: LeadStatus;
  closedReason: CloseReason | null;
  /** Unanswered attempts after this call. */
  attempts: number;
  /** Whether the lead comes back to its owner: at the chosen time, after the retry delay, or not. */
  next: 'callback' | 'retry' | null;
}

/**
 * The rule of the desk, shared so the screen can say what a key will do before it is pressed:
 * reached and interested → qualified; not interested, wrong number, do not call → disqualified
 * with that reason; no answer and busy count as attempts, and the `maxUnanswered`-th closes
 * the lead as unreachable; a callback marks it contacted and brings it back at its time.
 */
export function callEffect(
  outcome: CallOutcome,
  lead: { status: LeadStatus; attempts: number },
  maxUnanswered: number,
): CallEffect {
  const closed = (closedReason: CloseReason): CallEffect => ({
    status: 'disqualified',
    closedReason,
    attempts: lead.attempts,
    next: null,
  });
  switch (outcome) {
    case 'interested':
      return {
        status: 'qualified',
        closedReason: null,
        attempts: lead.attempts,
        next: null,
      };
    case 'not_interested':
    case 'wrong_number':
    case 'do_not_call':
      return closed(outcome);
    case 'callback':
      return {
        status: 'contacted',
        closedReason: null,
        attempts: lead.attempts,
        next: 'callback',
      };
    case 'no_answer':
    case 'busy': {
      const attempts = lead.attempts + 1;
      if (attempts >= maxUnanswered)
        return { ...closed('unreachable'), attempts };
      return {
        status: lead.status,
        closedReason: null,
        attempts,
        next: 'retry',
      };
    }
  }
}

export const isUnanswered = (outcome: CallOutcome): boolean =>
  UNANSWERED_OUTCOMES.includes(outcome);
