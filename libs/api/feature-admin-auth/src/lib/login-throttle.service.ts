import { RedisThrottlerStorage } from '@landing/api/feature-rate-limit';
import { APP_CONFIG, type AppConfig } from '@landing/server/util-config';
import { Inject, Injectable } from '@nestjs/common';
import { LoginRateLimitedError } from './admin-auth.errors';

const WINDOW_MS = 15 * 60_000;

/**
 * Sign-in limits per client IP and per account (lower-cased email, whether it exists or not,
 * so the limit itself tells nobody which accounts exist). Counters live in Redis, shared by
 * every api replica; a limit reached blocks for the rest of the window.
 */
@Injectable()
export class LoginThrottle {
  constructor(
    private readonly storage: RedisThrottlerStorage,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async take(ip: string, email: string): Promise<void> {
    const [byIp, byAccount] = await Promise.all([
      this.storage.increment(
        `admin-login:ip:${ip}`,
        WINDOW_MS,
        this.config.ADMIN_LOGIN_IP_PER_15_MINUTES,
        WINDOW_MS,
        'admin-login-ip',
      ),
      this.storage.increment(
        `admin-login:account:${email.trim().toLowerCase()}`,
        WINDOW_MS,
        this.config.ADMIN_LOGIN_ACCOUNT_PER_15_MINUTES,
        WINDOW_MS,
        'admin-login-account',
      ),
    ]);
    const blocked = [byIp, byAccount].filter((record) => record.isBlocked);
    if (blocked.length > 0)
      throw new LoginRateLimitedError(
        Math.max(1, ...blocked.map((record) => record.timeToBlockExpire)),
      );
  }
}
