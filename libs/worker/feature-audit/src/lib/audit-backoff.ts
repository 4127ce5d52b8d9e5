/**
 * Delay before the next attempt of an audit job: exponential from `baseMs`, never above
 * `maxMs`, with up to 20 % jitter so a returning store is not hit by every job at once.
 */
export function cappedBackoff(
  attemptsMade: number,
  baseMs: number,
  maxMs: number,
  random: () => number = Math.random,
): number {
  const exponent = Math.min(Math.max(attemptsMade - 1, 0), 30);
  const delay = Math.min(maxMs, baseMs * 2 ** exponent);
  return Math.round(delay * (0.8 + 0.2 * random()));
}
