import { type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  type ThrottlerModuleOptions,
  type ThrottlerStorage,
} from '@nestjs/throttler';
import { type FastifyRequest } from 'fastify';
import {
  IntakeThrottlerGuard,
  phoneOf,
  THROTTLE_BY_IP,
  THROTTLE_BY_PHONE,
} from './intake-throttler.guard';
import { RateLimitedError } from './rate-limited.error';

interface Increment {
  key: string;
  ttl: number;
  limit: number;
  blockDuration: number;
  name: string;
}

/** Records what the guard asks of the store; `blockedFor` names keys over their limit. */
function recordingStorage(blockedFor: Map<string, number> = new Map()) {
  const calls: Increment[] = [];
  const storage: ThrottlerStorage = {
    increment: (key, ttl, limit, blockDuration, name) => {
      calls.push({ key, ttl, limit, blockDuration, name });
      const blockMs = blockedFor.get(name);
      return Promise.resolve({
        totalHits: blockMs === undefined ? 1 : limit + 1,
        timeToExpire: 60,
        isBlocked: blockMs !== undefined,
        timeToBlockExpire: blockMs ?? 0,
      });
    },
  };
  return { storage, calls };
}

const REGION = 'IR';

const options: ThrottlerModuleOptions = {
  setHeaders: false,
  throttlers: [
    {
      name: THROTTLE_BY_IP,
      ttl: 60_000,
      limit: 10,
      getTracker: (request) => (request as FastifyRequest).ip,
    },
    {
      name: THROTTLE_BY_PHONE,
      ttl: 3_600_000,
      limit: 3,
      getTracker: (request) => phoneOf(request as FastifyRequest, REGION) ?? '',
      skipIf: (context) =>
        phoneOf(context.switchToHttp().getRequest<FastifyRequest>(), REGION) ===
        undefined,
    },
  ],
};

async function guardWith(storage: ThrottlerStorage) {
  const guard = new IntakeThrottlerGuard(options, storage, new Reflector());
  await guard.onModuleInit();
  return guard;
}

function contextFor(url: string, ip: string, body: unknown): ExecutionContext {
  const request = { url, ip, body, headers: {} };
  return {
    switchToHttp: () => ({
      getRequest: () => request,
      getResponse: () => ({ header: () => undefined }),
    }),
    getHandler: () => contextFor,
    getClass: () => IntakeThrottlerGuard,
  } as unknown as ExecutionContext;
}

describe('phoneOf', () => {
  it('gives the same number for the local and the international spelling', () => {
    const local = phoneOf(
      { body: { phone: '0912 123 4567' } } as FastifyRequest,
      REGION,
    );
    const international = phoneOf(
      { body: { phone: '+989121234567' } } as FastifyRequest,
      REGION,
    );

    expect(local).toBe('+989121234567');
    expect(international).toBe(local);
  });

  it('has nothing to count for a body without a valid phone', () => {
    expect(phoneOf({ body: { phone: 'abc' } } as FastifyRequest, REGION)).toBe(
      undefined,
    );
    expect(phoneOf({ body: undefined } as FastifyRequest, REGION)).toBe(
      undefined,
    );
  });
});

describe('IntakeThrottlerGuard', () => {
  it('counts a request against its IP and its phone, keyed without the route', async () => {
    const { storage, calls } = recordingStorage();
    const guard = await guardWith(storage);

    await expect(
      guard.canActivate(
        contextFor('/api/leads', '198.51.100.7', { phone: '09121234567' }),
      ),
    ).resolves.toBe(true);
    await expect(
      guard.canActivate(
        contextFor('/api/submit', '198.51.100.7', {
          phone: '+98 912 123 4567',
        }),
      ),
    ).resolves.toBe(true);

    const keys = calls.map((call) => call.key);
    expect(keys.filter((key) => key === 'intake:ip:198.51.100.7')).toHaveLength(
      2,
    );
    expect(
      keys.filter((key) => key === 'intake:phone:+989121234567'),
    ).toHaveLength(2);
    expect(calls).toHaveLength(4);
  });

  it('passes the configured window, limit and block time to the store', async () => {
    const { storage, calls } = recordingStorage();
    const guard = await guardWith(storage);

    await guard.canActivate(
      contextFor('/api/leads', '198.51.100.7', { phone: '09121234567' }),
    );

    expect(calls).toEqual(
      expect.arrayContaining([
        {
          key: 'intake:ip:198.51.100.7',
          ttl: 60_000,
          limit: 10,
          blockDuration: 60_000,
          name: THROTTLE_BY_IP,
        },
        {
          key: 'intake:phone:+989121234567',
          ttl: 3_600_000,
          limit: 3,
          blockDuration: 3_600_000,
          name: THROTTLE_BY_PHONE,
        },
      ]),
    );
  });

  it('skips the phone limit for a request without a valid phone', async () => {
    const { storage, calls } = recordingStorage();
    const guard = await guardWith(storage);

    await expect(
      guard.canActivate(contextFor('/api/leads', '198.51.100.7', {})),
    ).resolves.toBe(true);

    expect(calls.map((call) => call.name)).toEqual([THROTTLE_BY_IP]);
  });

  it('refuses a phone over its limit with RATE_LIMITED and the seconds to wait', async () => {
    const { storage } = recordingStorage(new Map([[THROTTLE_BY_PHONE, 42]]));
    const guard = await guardWith(storage);

    const refusal = guard.canActivate(
      contextFor('/api/leads', '198.51.100.7', { phone: '09121234567' }),
    );

    await expect(refusal).rejects.toBeInstanceOf(RateLimitedError);
    await expect(refusal).rejects.toMatchObject({
      code: 'RATE_LIMITED',
      retryAfterSeconds: 42,
    });
  });

  it('never tells a refused client to retry in less than a second', async () => {
    const { storage } = recordingStorage(new Map([[THROTTLE_BY_IP, 0]]));
    const guard = await guardWith(storage);

    await expect(
      guard.canActivate(contextFor('/api/leads', '198.51.100.7', {})),
    ).rejects.toMatchObject({ retryAfterSeconds: 1 });
  });
});
