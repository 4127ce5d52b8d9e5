export const AUDIT_QUERY_ERROR_CODES = [
  'INVALID_CURSOR',
  'INVALID_QUERY',
] as const;

export type AuditQueryErrorCode = (typeof AUDIT_QUERY_ERROR_CODES)[number];

/** A trail request that cannot be answered as asked; the admin api maps it to a 400. */
export class AuditQueryError extends Error {
  constructor(
    readonly code: AuditQueryErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AuditQueryError';
  }
}
