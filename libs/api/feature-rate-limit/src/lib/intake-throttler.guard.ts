import { requestPhone } from '@landing/api/util-http';
import { type ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerLimitDetail } from '@nestjs/throttler';
import { type FastifyRequest } from 'fastify';
import { RateLimitedError } from './rate-limited.error';

export const THROTTLE_BY_IP = 'ip';
export const THROTTLE_BY_PHONE = 'phone';

/** The phone a request is about, normalised, or undefined when it has none worth counting. */
export function phoneOf(request: FastifyRequest, region: string): string | undefined {
  const phone = requestPhone(request, region);
  return phone?.ok ? phone.e164 : undefined;
}

/**
 * Limits intake per client IP and per phone number. Keys ignore the route, so splitting a
 * flood between `/api/leads` and `/api/submit` buys nothing.
 */
@Injectable()
export class IntakeThrottlerGuard extends ThrottlerGuard {
  protected override generateKey(_context: ExecutionContext, tracker: string, throttlerName: string): string {
    return `intake:${throttlerName}:${tracker}`;
  }

  protected override async throwThrottlingException(_context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    throw new RateLimitedError(Math.max(1, detail.timeToBlockExpire));
  }
}
