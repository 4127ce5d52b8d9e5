import { DomainError } from '@landing/api/util-http';
import { DESK_EVENTS_MAX_STREAMS_PER_USER } from '@landing/shared/contracts-desk';

export class TooManyStreamsError extends DomainError {
  readonly code = 'TOO_MANY_STREAMS' as const;
  override readonly retryAfterSeconds = 15;
  constructor() {
    super(
      `At most ${DESK_EVENTS_MAX_STREAMS_PER_USER} live event streams per user; close one first.`,
    );
  }
}
