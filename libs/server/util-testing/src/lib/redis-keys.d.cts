/**
 * Deletes every key under `prefix:` (a test's or a bench's queue prefix) from the Redis at
 * `url`, a thousand keys a round; never anything outside the prefix.
 */
export function deleteKeysWithPrefix(
  url: string,
  prefix: string,
): Promise<void>;
