/** Delays (seconds) per bucket of `lead_response_bucket`: 0 is [0, 1), k ≥ 1 is [2^((k-1)/8), 2^(k/8)). */
export interface ResponseBucket {
  bucket: number;
  leads: number;
}

/** The `index`-th smallest delay (0-based), spread evenly (geometrically) inside its bucket. */
function valueAt(buckets: readonly ResponseBucket[], index: number): number {
  let before = 0;
  for (const { bucket, leads } of buckets) {
    if (index < before + leads) {
      const fraction = (index - before + 0.5) / leads;
      return bucket === 0 ? fraction : 2 ** ((bucket - 1 + fraction) / 8);
    }
    before += leads;
  }
  throw new RangeError(`index ${index} beyond ${before} delays`);
}

/**
 * A percentile (0 to 1) as PostgreSQL's `percentile_cont` computes it, read from the
 * histogram: each delay is placed inside its bucket, so the answer is within one bucket
 * width (9 %) of the exact one. Null when the histogram is empty. `buckets` ascending.
 */
export function percentileFromBuckets(
  buckets: readonly ResponseBucket[],
  p: number,
): number | null {
  const total = buckets.reduce((sum, b) => sum + b.leads, 0);
  if (total === 0) return null;
  const rank = p * (total - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  const lowValue = valueAt(buckets, low);
  return low === high
    ? lowValue
    : lowValue + (rank - low) * (valueAt(buckets, high) - lowValue);
}

/** The bucket of a delay, as the database's `lead_response_bucket` computes it. */
export function responseBucketOf(seconds: number): number {
  return seconds < 1
    ? 0
    : 1 + Math.floor((8 * Math.log(seconds)) / Math.log(2));
}
