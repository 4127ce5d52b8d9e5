export interface WebhookRetryPolicy {
  /** Delay before the first retry. */
  baseMs: number;
  /** No single delay exceeds this. */
  maxMs: number;
}

/**
 * Delay before retry number `attemptsMade` (1 after the first failure): exponential, capped,
 * with "equal jitter" (half fixed, half random) so endpoints that failed together do not
 * all retry in the same second.
 */
export function webhookRetryDelay(
  attemptsMade: number,
  { baseMs, maxMs }: WebhookRetryPolicy,
  random: () => number = Math.random,
): number {
  const exponential = Math.min(
    maxMs,
    baseMs * 2 ** Math.max(0, attemptsMade - 1),
  );
  return Math.round(exponential / 2 + (exponential / 2) * random());
}

/** Longest time from the first attempt to the last (every jitter at its maximum). */
export function webhookRetrySpanMs(
  attempts: number,
  policy: WebhookRetryPolicy,
): number {
  let total = 0;
  for (let made = 1; made < attempts; made++)
    total += webhookRetryDelay(made, policy, () => 1);
  return total;
}
