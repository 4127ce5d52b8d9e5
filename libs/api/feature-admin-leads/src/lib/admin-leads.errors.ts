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

/** The trail could not take the export's record, so no row may leave. */
export class ExportNotAuditedError extends DomainError {
  readonly code = 'SERVICE_UNAVAILABLE' as const;
  override readonly retryAfterSeconds = 5;
  constructor() {
    super(
      'The export could not be recorded in the audit trail, so it was not started; try again shortly.',
    );
  }
}
