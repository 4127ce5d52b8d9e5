import { hash } from 'node:crypto';

/** A phone number as it may appear in a Redis key name: a hash, never the number. */
function phoneHash(phone: string): string {
  return hash('sha256', phone, 'base64url').slice(0, 27);
}

/** BullMQ deduplication id of a phone's intake mark (a second lead within the window is a duplicate). */
export function dedupIdFor(phone: string): string {
  return phoneHash(phone);
}

/**
 * Redis key of a phone number's erasure mark. Its value is the erasure time (epoch ms): audit
 * events about the number from before then, still on their way to the store when the lead
 * was erased, are dropped instead of stored.
 */
export function erasedPhoneKey(queuePrefix: string, phone: string): string {
  return `${queuePrefix}:audit:erased:${phoneHash(phone)}`;
}

/** How long a mark is kept: events older than the retention are deleted from the store anyway. */
export function erasureMarkTtlMs(retentionDays: number): number {
  return retentionDays * 24 * 60 * 60 * 1000;
}
