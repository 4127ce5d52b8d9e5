import { normalizePhone } from '@landing/shared/domain-phone';
import { type ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerLimitDetail } from '@nestjs/throttler';
import { type FastifyRequest } from 'fastify';
import { RateLimitedError } from './rate-limited.error';

export const THROTTLE_BY_IP = 'ip';
export const THROTTLE_BY_PHONE = 'phone';

/** The phone a request is about, normalised, or undefined when it has none worth counting. */
export function phoneOf(request: FastifyRequest, region: string): string | undefined {
  const body = request.body as { phone?: unknown } | undefined;
  if (typeof body !== 'object' || body === null || typeof body.phone !== 'string') return undefined;
  if (normalized.has(body)) return normalized.get(body);
  const phone = normalizePhone(body.phone, region);
  const e164 = phone.ok ? phone.e164 : undefined;
  normalized.set(body, e164);
  return e164;
}

/** The guard asks twice per request (skip? and key); parsing a phone once is enough. */
const normalized = new WeakMap<object, string | undefined>();

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
