import { Redis } from 'ioredis';
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { createGunzip, createGzip } from 'node:zlib';
import { BackupError, BackupErrorCode } from './backup.error';

/**
 * Redis holds accepted leads until the worker has written them, plus deduplication marks,
 * audit events on their way and dead letters: every key under the queue prefix. They are saved
 * with DUMP (Redis's own serialisation) and their absolute expiry, one JSON line per key,
 * gzip'ed, so a restore gives each key back its value and the instant it expires.
 */
export interface RedisSnapshotInfo {
  keys: number;
  redisVersion: string;
  /** Jobs per queue and state at the time of the snapshot (`leads.waiting`, …). */
  jobs: Record<string, number>;
}

interface Line {
  /** key, base64 */
  k: string;
  /** absolute expiry in Unix ms; 0: none */
  e: number;
  /** DUMP payload, base64 */
  v: string;
}

const BATCH = 500;
/** Job locks belong to the worker that held them; a restored job is picked up again without one. */
const SKIPPED = /:lock$/;

function connect(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: 2, lazyConnect: false });
}

async function* scanKeys(
  redis: Redis,
  prefix: string,
): AsyncGenerator<string[]> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(
      cursor,
      'MATCH',
      `${prefix}:*`,
      'COUNT',
      1000,
    );
    cursor = next;
    if (keys.length) yield keys;
  } while (cursor !== '0');
}

async function queueCounts(
  redis: Redis,
  prefix: string,
  queues: readonly string[],
) {
  const jobs: Record<string, number> = {};
  for (const queue of queues) {
    const base = `${prefix}:${queue}`;
    jobs[`${queue}.waiting`] =
      (await redis.llen(`${base}:wait`)) + (await redis.llen(`${base}:paused`));
    jobs[`${queue}.active`] = await redis.llen(`${base}:active`);
    jobs[`${queue}.delayed`] = await redis.zcard(`${base}:delayed`);
    jobs[`${queue}.prioritized`] = await redis.zcard(`${base}:prioritized`);
    jobs[`${queue}.failed`] = await redis.zcard(`${base}:failed`);
  }
  return jobs;
}

async function write(
  stream: NodeJS.WritableStream,
  text: string,
): Promise<void> {
  if (!stream.write(text)) await once(stream, 'drain');
}

export async function snapshotRedis(
  url: string,
  prefix: string,
  queues: readonly string[],
  file: string,
): Promise<RedisSnapshotInfo> {
  const redis = connect(url);
  const gzip = createGzip();
  const out = createWriteStream(file);
  gzip.pipe(out);
  const closed = once(out, 'close');
  try {
    const info = await redis.info('server');
    const redisVersion = /redis_version:(\S+)/.exec(info)?.[1] ?? 'unknown';
    const jobs = await queueCounts(redis, prefix, queues);
    let keys = 0;
    for await (const found of scanKeys(redis, prefix)) {
      const wanted = found.filter((key) => !SKIPPED.test(key));
      for (let i = 0; i < wanted.length; i += BATCH) {
        const batch = wanted.slice(i, i + BATCH);
        // One MULTI per batch: each key's value and expiry are read together.
        const multi = redis.multi();
        multi.time();
        for (const key of batch) multi.pttl(key).dumpBuffer(key);
        const results = (await multi.exec()) ?? [];
        const [seconds, micros] = (results[0]?.[1] as [string, string]) ?? [
          '0',
          '0',
        ];
        const now = Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
        for (let j = 0; j < batch.length; j++) {
          const ttl = results[1 + 2 * j]?.[1] as number;
          const value = results[2 + 2 * j]?.[1] as Buffer | null;
          if (value === null || ttl === -2) continue; // gone since the scan
          const line: Line = {
            k: Buffer.from(batch[j] ?? '').toString('base64'),
            e: ttl > 0 ? now + ttl : 0,
            v: value.toString('base64'),
          };
          await write(gzip, `${JSON.stringify(line)}\n`);
          keys++;
        }
      }
    }
    gzip.end();
    await closed;
    return { keys, redisVersion, jobs };
  } catch (error) {
    gzip.destroy();
    out.destroy();
    throw error;
  } finally {
    redis.disconnect();
  }
}

/** Keys under the prefix (at most `limit` are looked for). */
export async function redisKeysUnder(
  url: string,
  prefix: string,
  limit = 1,
): Promise<number> {
  const redis = connect(url);
  try {
    let n = 0;
    for await (const keys of scanKeys(redis, prefix)) {
      n += keys.length;
      if (n >= limit) break;
    }
    return n;
  } finally {
    redis.disconnect();
  }
}

export async function clearRedisPrefix(
  url: string,
  prefix: string,
): Promise<void> {
  const redis = connect(url);
  try {
    for await (const keys of scanKeys(redis, prefix))
      await redis.unlink(...keys);
  } finally {
    redis.disconnect();
  }
}

/**
 * Restores every key of a snapshot. A key that exists already is an error (BUSYKEY) unless the
 * target was cleared first; a key whose expiry has passed is not restored.
 */
export async function restoreRedis(
  url: string,
  prefix: string,
  queues: readonly string[],
  file: string,
): Promise<{ keys: number; jobs: Record<string, number> }> {
  const redis = connect(url);
  try {
    const lines = createInterface({
      input: createReadStream(file).pipe(createGunzip()),
      crlfDelay: Infinity,
    });
    let batch: Line[] = [];
    let keys = 0;
    const flush = async () => {
      if (!batch.length) return;
      const pipeline = redis.pipeline();
      for (const line of batch) {
        const key = Buffer.from(line.k, 'base64');
        const value = Buffer.from(line.v, 'base64');
        if (line.e > 0) pipeline.restore(key, line.e, value, 'ABSTTL');
        else pipeline.restore(key, 0, value);
      }
      const results = (await pipeline.exec()) ?? [];
      const failed = results.find(([error]) => error);
      if (failed?.[0])
        throw new BackupError(
          BackupErrorCode.TargetNotEmpty,
          `Redis refused a key of the snapshot: ${failed[0].message}`,
        );
      keys += batch.length;
      batch = [];
    };
    for await (const text of lines) {
      if (!text) continue;
      batch.push(JSON.parse(text) as Line);
      if (batch.length >= BATCH) await flush();
    }
    await flush();
    return { keys, jobs: await queueCounts(redis, prefix, queues) };
  } finally {
    redis.disconnect();
  }
}
