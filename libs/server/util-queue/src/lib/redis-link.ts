import { type Redis } from 'ioredis';

/** Connection states in which Redis is known to be away (not merely still connecting at boot). */
const AWAY: ReadonlySet<string> = new Set(['reconnecting', 'close', 'end']);

/**
 * Whether a command sent now would only wait in ioredis's offline queue for a Redis that is
 * gone: callers answering a visitor refuse at once instead.
 */
export function isRedisAway(redis: Redis): boolean {
  return AWAY.has(redis.status);
}
