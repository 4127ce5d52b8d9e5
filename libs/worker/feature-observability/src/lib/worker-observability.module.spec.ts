import { type AuditStore } from '@landing/server/domain-audit';
import { loadConfig } from '@landing/server/util-config';
import {
  type PostgresReadinessCheck,
  type ReadinessCheck,
} from '@landing/server/util-observability';
import { type LeadQueueConsumer } from '@landing/worker/feature-intake';
import { workerReadinessChecks } from './worker-observability.module';

const postgres = {
  name: 'postgres',
  isReady: () => true,
} as unknown as PostgresReadinessCheck;

const audit = { ping: () => Promise.resolve() } as unknown as AuditStore;

function config(mongodbUri?: string) {
  return loadConfig({
    DATABASE_URL: 'postgres://x@127.0.0.1/x',
    REDIS_URL: 'redis://127.0.0.1',
    ...(mongodbUri ? { MONGODB_URI: mongodbUri } : {}),
  });
}

function check(checks: ReadinessCheck[], name: string): ReadinessCheck {
  const found = checks.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no "${name}" readiness check`);
  return found;
}

describe('workerReadinessChecks', () => {
  const state = { connected: true, running: true };
  const consumer = {
    ping: () =>
      state.connected
        ? Promise.resolve(true)
        : Promise.reject(new Error('Command timed out')),
    isRunning: () => state.running,
  } as unknown as LeadQueueConsumer;

  beforeEach(() => {
    state.connected = true;
    state.running = true;
  });

  it('asks PostgreSQL, Redis and the consumer, and MongoDB only when configured', () => {
    expect(
      workerReadinessChecks(config(), postgres, consumer, audit).map(
        (c) => c.name,
      ),
    ).toEqual(['postgres', 'redis', 'consumer']);
    expect(
      workerReadinessChecks(
        config('mongodb://127.0.0.1/audit'),
        postgres,
        consumer,
        audit,
      ).map((c) => c.name),
    ).toEqual(['postgres', 'redis', 'consumer', 'mongodb']);
  });

  it('is not ready while the BullMQ worker is not taking jobs, even with Redis up', async () => {
    const checks = workerReadinessChecks(config(), postgres, consumer, audit);
    state.running = false;

    await expect(
      Promise.resolve(check(checks, 'consumer').isReady()),
    ).resolves.toBe(false);
    await expect(
      Promise.resolve(check(checks, 'redis').isReady()),
    ).resolves.toBe(true);
  });

  it('names Redis apart from the consumer when Redis does not answer its PING', async () => {
    const checks = workerReadinessChecks(config(), postgres, consumer, audit);
    state.connected = false;

    await expect(
      Promise.resolve(check(checks, 'redis').isReady()),
    ).rejects.toThrow('Command timed out');
    await expect(
      Promise.resolve(check(checks, 'consumer').isReady()),
    ).resolves.toBe(true);
  });
});
