import {
  percentileFromBuckets,
  type ResponseBucket,
  responseBucketOf,
} from './response-histogram';

/** percentile_cont over exact values, as PostgreSQL computes it. */
function exact(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = p * (sorted.length - 1);
  const low = sorted[Math.floor(rank)] ?? 0;
  const high = sorted[Math.ceil(rank)] ?? 0;
  return low + (rank - Math.floor(rank)) * (high - low);
}

function histogram(values: readonly number[]): ResponseBucket[] {
  const counts = new Map<number, number>();
  for (const value of values) {
    const bucket = responseBucketOf(value);
    counts.set(bucket, (counts.get(bucket) ?? 0) + 1);
  }
  return [...counts.entries()]
    .sort(([a], [b]) => a - b)
    .map(([bucket, leads]) => ({ bucket, leads }));
}

describe('percentileFromBuckets', () => {
  it('is null without delays', () => {
    expect(percentileFromBuckets([], 0.5)).toBeNull();
  });

  it('puts each delay inside the bucket that holds it', () => {
    for (const seconds of [0.2, 1, 59, 3600, 86_400 * 3]) {
      const bucket = responseBucketOf(seconds);
      const value = percentileFromBuckets([{ bucket, leads: 1 }], 0.5) ?? -1;
      expect(responseBucketOf(value)).toBe(bucket);
    }
  });

  it('stays within 9 % of the exact median and p90 over spread-out delays', () => {
    // 5 minutes to 2 days, as staff handle leads; a fixed pseudo-random sequence.
    let seed = 7;
    const next = () => {
      seed = (seed * 48_271) % 2_147_483_647;
      return seed / 2_147_483_647;
    };
    const values = Array.from({ length: 5000 }, () => 300 + next() * 172_500);
    for (const p of [0.5, 0.9]) {
      const approximate = percentileFromBuckets(histogram(values), p) ?? 0;
      const truth = exact(values, p);
      expect(Math.abs(approximate - truth) / truth).toBeLessThan(0.09);
    }
  });

  it('interpolates between neighbouring delays like percentile_cont', () => {
    const buckets = histogram([3600, 7200]);
    const median = percentileFromBuckets(buckets, 0.5) ?? 0;
    expect(median).toBeGreaterThan(3600 * 0.95);
    expect(median).toBeLessThan(7200 * 1.05);
    expect(median).toBeCloseTo(
      ((percentileFromBuckets(buckets, 0) ?? 0) +
        (percentileFromBuckets(buckets, 1) ?? 0)) /
        2,
    );
  });
});
