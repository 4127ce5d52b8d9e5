import { DomainError } from '@landing/api/util-http';

export class WebhookNotFoundError extends DomainError {
  readonly code = 'NOT_FOUND' as const;
  constructor() {
    super('There is no such webhook endpoint or delivery.');
  }
}
