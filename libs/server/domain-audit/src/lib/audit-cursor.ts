import { type AuditPosition } from './audit-store.port';
import { AuditQueryError } from './audit-query.error';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Opaque to clients: they hand back what they were given. */
export function encodeAuditCursor(position: AuditPosition): string {
  return Buffer.from(
    JSON.stringify([position.occurredAt, position.id]),
  ).toString('base64url');
}

export function decodeAuditCursor(cursor: string): AuditPosition {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new AuditQueryError(
      'INVALID_CURSOR',
      'cursor is not one this service issued',
    );
  }
  if (!Array.isArray(parsed) || parsed.length !== 2)
    throw new AuditQueryError(
      'INVALID_CURSOR',
      'cursor is not one this service issued',
    );
  const [occurredAt, id] = parsed as unknown[];
  // PostgreSQL has no year 0 and ends long before JavaScript's dates do.
  const year =
    typeof occurredAt === 'string'
      ? new Date(occurredAt).getUTCFullYear()
      : Number.NaN;
  if (
    typeof occurredAt !== 'string' ||
    !(year >= 1 && year <= 9999) ||
    typeof id !== 'string' ||
    !UUID.test(id)
  ) {
    throw new AuditQueryError(
      'INVALID_CURSOR',
      'cursor is not one this service issued',
    );
  }
  return {
    occurredAt: new Date(occurredAt).toISOString(),
    id: id.toLowerCase(),
  };
}
