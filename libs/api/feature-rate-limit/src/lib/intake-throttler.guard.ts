import { requestPhone } from '@landing/api/util-http';
import { type ExecutionContext, Injectable } from '@nestjs/common';
import {
  ThrottlerGuard,
  type ThrottlerGetTrackerFunction,
  type ThrottlerLimitDetail,
  type ThrottlerOptions,
} from '@nestjs/throttler';
import { type FastifyRequest } from 'fastify';
import { RateLimitedError } from './rate-limited.error';

export const THROTTLE_BY_IP = 'ip';
export const THROTTLE_BY_PHONE = 'phone';

/** The phone a request is about, normalised, or undefined when it has none worth counting. */
export function phoneOf(
  request: FastifyRequest,
  region: string,
): string | undefined {
  const phone = requestPhone(request, region);
  return phone?.ok ? phone.e164 : undefined;
}

function fixed(
  value: ThrottlerOptions['ttl'],
  option: string,
  throttler: ThrottlerOptions,
): number {
  if (typeof value !== 'number')
    throw new Error(
      `intake throttler "${throttler.name}": ${option} must be a number`,
    );
  return value;
}

/**
 * Limits intake per client IP and per phone number. Keys ignore the route, so splitting a
 * flood between `/api/leads` and `/api/submit` buys nothing.
 */
@Injectable()
export class IntakeThrottlerGuard extends ThrottlerGuard {
  /**
   * Checks every limit at once, where ThrottlerGuard awaits one after the other: both travel
   * to Redis in the same script call, so a request waits for one round trip instead of two.
   * Intake's limits come from configuration only; route decorators (@Throttle, @SkipThrottle)
   * are not consulted, which also saves five metadata lookups per limit per request.
   */
  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const getTracker = this.commonOptions
      .getTracker as ThrottlerGetTrackerFunction;
    const checks = this.throttlers.map((throttler) => {
      if (throttler.skipIf?.(context)) return true;
      const ttl = fixed(throttler.ttl, 'ttl', throttler);
      return this.handleRequest({
        context,
        throttler,
        ttl,
        limit: fixed(throttler.limit, 'limit', throttler),
        blockDuration:
          throttler.blockDuration === undefined
            ? ttl
            : fixed(throttler.blockDuration, 'blockDuration', throttler),
        getTracker: throttler.getTracker ?? getTracker,
        generateKey: (ctx, tracker, name) =>
          this.generateKey(ctx, tracker, name),
      });
    });
    return (await Promise.all(checks)).every(Boolean);
  }

  protected override generateKey(
    _context: ExecutionContext,
    tracker: string,
    throttlerName: string,
  ): string {
    return `intake:${throttlerName}:${tracker}`;
  }

  protected override async throwThrottlingException(
    _context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    throw new RateLimitedError(Math.max(1, detail.timeToBlockExpire));
  }
}
