import { createHash } from 'node:crypto';

/**
 * Redis key of a phone number's erasure mark. Its value is the erasure time (epoch ms): audit
 * events about the number from before then, still on their way to the store when the lead
 * was erased, are dropped instead of stored. The key names a hash, never the number.
 */
export function erasedPhoneKey(queuePrefix: string, phone: string): string {
  return `${queuePrefix}:audit:erased:${createHash('sha256').update(phone).digest('base64url').slice(0, 27)}`;
}

/** How long a mark is kept: events older than the retention are deleted from the store anyway. */
export function erasureMarkTtlMs(retentionDays: number): number {
  return retentionDays * 24 * 60 * 60 * 1000;
}
