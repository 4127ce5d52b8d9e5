import { DomainError } from '@landing/api/util-http';

export class DeskLeadNotFoundError extends DomainError {
  readonly code = 'NOT_FOUND' as const;
  constructor() {
    super('There is no lead with this id; it may have been erased.');
  }
}

/** A call, claim or assignment on a lead that is qualified, disqualified or spam. */
export class LeadClosedError extends DomainError {
  readonly code = 'LEAD_CLOSED' as const;
  constructor(status: string) {
    super(`This lead is closed (${status}); nothing more is logged on it.`);
  }
}

/** A reviewer logging a call on a lead someone else owns (admins may). */
export class NotLeadOwnerError extends DomainError {
  readonly code = 'NOT_LEAD_OWNER' as const;
  constructor() {
    super('This lead belongs to someone else; ask an admin to reassign it.');
  }
}

export class LeadAlreadyOwnedError extends DomainError {
  readonly code = 'LEAD_ALREADY_OWNED' as const;
  constructor() {
    super('Someone else has this lead already.');
  }
}
