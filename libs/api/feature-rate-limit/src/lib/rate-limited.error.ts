import { DomainError } from '@landing/api/util-http';

export class RateLimitedError extends DomainError {
  readonly code = 'RATE_LIMITED' as const;
  constructor(override readonly retryAfterSeconds: number) {
    super(`Too many submissions; try again in ${retryAfterSeconds} seconds.`);
  }
}
