import { type LeadQueueProducer } from '@landing/api/feature-intake';
import { type AuditStore } from '@landing/server/domain-audit';
import { loadConfig } from '@landing/server/util-config';
import {
  type PostgresReadinessCheck,
  type ReadinessCheck,
} from '@landing/server/util-observability';
import { apiReadinessChecks } from './api-observability.module';

const postgres = {
  name: 'postgres',
  isReady: () => true,
} as unknown as PostgresReadinessCheck;

function config(mongodbUri?: string) {
  return loadConfig({
    DATABASE_URL: 'postgres://x@127.0.0.1/x',
    REDIS_URL: 'redis://127.0.0.1',
    ...(mongodbUri ? { MONGODB_URI: mongodbUri } : {}),
  });
}

function checksFor(options: {
  mongodbUri?: string;
  redisPing?: () => Promise<boolean>;
  ping?: () => Promise<void>;
}): ReadinessCheck[] {
  const producer = {
    ping: options.redisPing ?? (() => Promise.resolve(true)),
  } as unknown as LeadQueueProducer;
  const audit = {
    ping: options.ping ?? (() => Promise.resolve()),
  } as unknown as AuditStore;
  return apiReadinessChecks(
    config(options.mongodbUri),
    postgres,
    producer,
    audit,
  );
}

function check(checks: ReadinessCheck[], name: string): ReadinessCheck {
  const found = checks.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no "${name}" readiness check`);
  return found;
}

describe('apiReadinessChecks', () => {
  it('asks PostgreSQL and Redis, and not MongoDB when none is configured', () => {
    expect(checksFor({}).map((c) => c.name)).toEqual(['postgres', 'redis']);
  });

  it('also asks MongoDB when MONGODB_URI is set', () => {
    expect(
      checksFor({ mongodbUri: 'mongodb://127.0.0.1/audit' }).map((c) => c.name),
    ).toEqual(['postgres', 'redis', 'mongodb']);
  });

  it('asks Redis itself at each probe (a PING), so a hung Redis fails readiness', async () => {
    let answer: () => Promise<boolean> = () => Promise.resolve(true);
    let pings = 0;
    const redis = check(
      checksFor({
        redisPing: () => {
          pings += 1;
          return answer();
        },
      }),
      'redis',
    );

    await expect(Promise.resolve(redis.isReady())).resolves.toBe(true);
    answer = () => Promise.reject(new Error('Command timed out'));
    await expect(Promise.resolve(redis.isReady())).rejects.toThrow(
      'Command timed out',
    );
    expect(pings).toBe(2);
  });

  it('fails the MongoDB check when the audit store cannot ping it', async () => {
    const mongodb = check(
      checksFor({
        mongodbUri: 'mongodb://127.0.0.1/audit',
        ping: () => Promise.reject(new Error('connection refused')),
      }),
      'mongodb',
    );

    await expect(Promise.resolve(mongodb.isReady())).rejects.toThrow(
      'connection refused',
    );
  });
});
