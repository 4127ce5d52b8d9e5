import { APP_CONFIG, type AppConfig } from '@landing/server/util-config';
import { Module } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import { type FastifyRequest } from 'fastify';
import {
  IntakeThrottlerGuard,
  phoneOf,
  THROTTLE_BY_IP,
  THROTTLE_BY_PHONE,
} from './intake-throttler.guard';
import { RedisThrottlerStorage } from './redis-throttler.storage';
import { addressKey } from './address-key';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

@Module({
  providers: [RedisThrottlerStorage],
  exports: [RedisThrottlerStorage],
})
class RateLimitStorageModule {}

/** Redis-backed rate limits; routes opt in with `@UseGuards(IntakeThrottlerGuard)`. */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      imports: [RateLimitStorageModule],
      inject: [APP_CONFIG, RedisThrottlerStorage],
      useFactory: (config: AppConfig, storage: RedisThrottlerStorage) => ({
        storage,
        setHeaders: false,
        throttlers: [
          {
            name: THROTTLE_BY_IP,
            ttl: MINUTE,
            limit: config.RATE_LIMIT_IP_PER_MINUTE,
            // request.ip honours TRUSTED_PROXIES only; a forged X-Forwarded-For changes nothing.
            // IPv6 clients count by /64: one host can hold a whole /64.
            getTracker: (request) => addressKey((request as FastifyRequest).ip),
          },
          {
            name: THROTTLE_BY_PHONE,
            ttl: HOUR,
            limit: config.RATE_LIMIT_PHONE_PER_HOUR,
            getTracker: (request) =>
              phoneOf(request as FastifyRequest, config.PHONE_DEFAULT_REGION) ??
              '',
            skipIf: (context) =>
              phoneOf(
                context.switchToHttp().getRequest<FastifyRequest>(),
                config.PHONE_DEFAULT_REGION,
              ) === undefined,
          },
        ],
      }),
    }),
  ],
  providers: [IntakeThrottlerGuard],
  exports: [IntakeThrottlerGuard, ThrottlerModule],
})
export class RateLimitModule {}
