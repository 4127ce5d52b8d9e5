import { DomainError } from '@landing/api/util-http';
import { type LeadStatus } from '@landing/shared/contracts-lead';

export class LeadNotFoundError extends DomainError {
  readonly code = 'NOT_FOUND' as const;
  constructor() {
    super('There is no lead with this id; it may have been erased.');
  }
}

export class StatusChangeNotAllowedError extends DomainError {
  readonly code = 'CONFLICT' as const;
  constructor(from: LeadStatus, to: LeadStatus) {
    super(`A lead cannot move from ${from} to ${to}.`);
  }
}

export class LeadChangedMeanwhileError extends DomainError {
  readonly code = 'CONFLICT' as const;
  constructor() {
    super('Someone changed this lead meanwhile; reload it and try again.');
  }
}

export class SavedViewNotFoundError extends DomainError {
  readonly code = 'NOT_FOUND' as const;
  constructor() {
    super(
      'There is no saved view with this id; its owner may have deleted it.',
    );
  }
}

export class SavedViewNotYoursError extends DomainError {
  readonly code = 'FORBIDDEN' as const;
  constructor() {
    super('Only the owner of a saved view may change or delete it.');
  }
}

export class SavedViewNameTakenError extends DomainError {
  readonly code = 'CONFLICT' as const;
  constructor() {
    super('You have a saved view of this name already.');
  }
}

export class TooManySavedViewsError extends DomainError {
  readonly code = 'CONFLICT' as const;
  constructor(max: number) {
    super(
      `You have ${max} saved views, the most one user may keep; delete one first.`,
    );
  }
}
