/**
 * The store will never take this event as it is (PostgreSQL refused its data, or it holds
 * text no store can keep): retrying cannot help, so its job goes to the dead letter.
 * Anything else a store throws is taken as passing (the store is away) and retried.
 */
export class AuditEventRefusedError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AuditEventRefusedError';
  }
}
