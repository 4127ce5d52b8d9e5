import { APP_CONFIG, loadConfig } from '@landing/server/util-config';
import { Test } from '@nestjs/testing';
import { TerminusModule } from '@nestjs/terminus';
import { MongoReadinessCheck } from './mongo-readiness.check';
import {
  READINESS_CHECKS,
  type ReadinessCheck,
  ReadinessService,
} from './readiness';

async function readinessWith(
  checks: ReadinessCheck[],
): Promise<ReadinessService> {
  const config = loadConfig({
    DATABASE_URL: 'postgres://x@127.0.0.1/x',
    REDIS_URL: 'redis://127.0.0.1',
    HEALTH_CHECK_TIMEOUT_MS: '200',
  });
  const moduleRef = await Test.createTestingModule({
    imports: [TerminusModule.forRoot({ logger: false })],
    providers: [
      ReadinessService,
      { provide: APP_CONFIG, useValue: config },
      { provide: READINESS_CHECKS, useValue: checks },
    ],
  }).compile();
  return moduleRef.get(ReadinessService);
}

describe('ReadinessService', () => {
  it('is ready when every check passes', async () => {
    const readiness = await readinessWith([
      { name: 'postgres', isReady: async () => true },
      { name: 'redis', isReady: () => true },
    ]);
    const report = await readiness.report();
    expect(report.ready).toBe(true);
    expect(report.body.details).toEqual({
      postgres: { status: 'up' },
      redis: { status: 'up' },
    });
  });

  it('names each failing dependency: one that says no, one that throws, one that never answers', async () => {
    const readiness = await readinessWith([
      {
        name: 'postgres',
        isReady: () => new Promise<boolean>(() => undefined),
      },
      { name: 'redis', isReady: () => false },
      {
        name: 'mongodb',
        isReady: () => Promise.reject(new Error('connection refused')),
      },
      { name: 'consumer', isReady: () => true },
    ]);
    const started = Date.now();
    const report = await readiness.report();
    expect(Date.now() - started).toBeLessThan(2000);
    expect(report.ready).toBe(false);
    expect(report.body.error).toEqual({
      postgres: { status: 'down', message: 'no answer within 200 ms' },
      redis: { status: 'down', message: 'not connected' },
      mongodb: { status: 'down', message: 'connection refused' },
    });
    expect(report.body.info).toEqual({ consumer: { status: 'up' } });
  });
});

describe('MongoReadinessCheck', () => {
  it('is ready when the owner of the connection answers a ping, and down when the ping fails', async () => {
    await expect(
      new MongoReadinessCheck({ ping: async () => ({ ok: 1 }) }).isReady(),
    ).resolves.toBe(true);
    await expect(
      new MongoReadinessCheck({
        ping: () => Promise.reject(new Error('MongoDB connection is not open')),
      }).isReady(),
    ).rejects.toThrow('MongoDB connection is not open');
  });
});
