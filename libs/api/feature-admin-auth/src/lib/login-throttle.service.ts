import { createHash } from 'node:crypto';
import { addressKey } from '@landing/api/feature-rate-limit';
import { APP_CONFIG, type AppConfig } from '@landing/server/util-config';
import { RedisStallWatch } from '@landing/server/util-queue';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import {
  LoginRateLimitedError,
  SignInUnavailableError,
} from './admin-auth.errors';

const WINDOW_MS = 15 * 60_000;
/** An address a user signed in from skips the account-wide slow-down for this long. */
const KNOWN_ADDRESS_MS = 30 * 24 * 60 * 60_000;
/** Account-wide slow-down after the free failures: 1 s, 2 s, 4 s … at most 60 s per failure. */
const DELAY_BASE_MS = 1000;
const DELAY_CAP_MS = 60_000;
/** Sign-in fails closed: past this, or at once while Redis is known away or stalled, 503. */
export const SIGN_IN_REDIS_TIMEOUT_MS = 1000;

/**
 * Reserves one attempt: refused (with the longest wait) while the address, the pair of account
 * and address, or (from an address the account never signed in from) the account-wide delay is
 * blocked. Otherwise every counter counts the attempt as a failure until it is known to have
 * succeeded, so parallel guesses cannot slip past a limit while their passwords are checked.
 * KEYS: address hits/block, pair hits/block, account hits/delay, known marker.
 * ARGV: window ms, address limit, pair limit, free account failures, block ms, delay base, cap.
 */
const RESERVE = `
local wait = 0
for _, key in ipairs({KEYS[2], KEYS[4]}) do
  local left = redis.call('PTTL', key)
  if left > wait then wait = left end
end
if redis.call('EXISTS', KEYS[7]) == 0 then
  local left = redis.call('PTTL', KEYS[6])
  if left > wait then wait = left end
end
if wait > 0 then return {0, wait} end
local function count(key)
  local hits = redis.call('INCR', key)
  if hits == 1 then redis.call('PEXPIRE', key, ARGV[1]) end
  return hits
end
if count(KEYS[1]) >= tonumber(ARGV[2]) then redis.call('SET', KEYS[2], '1', 'PX', ARGV[5]) end
if count(KEYS[3]) >= tonumber(ARGV[3]) then redis.call('SET', KEYS[4], '1', 'PX', ARGV[5]) end
local over = count(KEYS[5]) - tonumber(ARGV[4])
if over > 0 then
  local delay = math.min(tonumber(ARGV[6]) * 2 ^ math.min(over - 1, 30), tonumber(ARGV[7]))
  redis.call('SET', KEYS[6], '1', 'PX', math.floor(delay))
end
return {1, 0}`;

/**
 * The attempt succeeded: takes it back off every counter (lifting a block it alone set) and
 * remembers the address for the account. KEYS as RESERVE; ARGV: address limit, pair limit,
 * free account failures, known ms.
 */
const REFUND = `
local function uncount(key)
  local hits = tonumber(redis.call('GET', key) or '0')
  if hits > 0 then hits = redis.call('DECR', key) end
  return hits
end
if uncount(KEYS[1]) < tonumber(ARGV[1]) then redis.call('DEL', KEYS[2]) end
if uncount(KEYS[3]) < tonumber(ARGV[2]) then redis.call('DEL', KEYS[4]) end
if uncount(KEYS[5]) <= tonumber(ARGV[3]) then redis.call('DEL', KEYS[6]) end
redis.call('SET', KEYS[7], '1', 'PX', ARGV[4])
return 1`;

interface LoginRedis extends Redis {
  loginReserve(
    ...keysThenArgs: Array<string | number>
  ): Promise<[number, number]>;
  loginRefund(...keysThenArgs: Array<string | number>): Promise<number>;
}

/** One sign-in attempt whose counters are reserved; settle it with `succeeded`. */
export interface LoginAttempt {
  readonly keys: readonly string[];
}

/**
 * Sign-in limits, counting failed attempts only:
 * - per client address (IPv6 by /64): ADMIN_LOGIN_IP_PER_15_MINUTES failures, then 15 min blocked;
 * - per account and address: ADMIN_LOGIN_ACCOUNT_PER_15_MINUTES failures, then that address is
 *   blocked for that account, so a stranger elsewhere cannot lock the real user out;
 * - per account from anywhere: past the same number of failures, each failure delays the next
 *   attempt from addresses the account has not signed in from (1 s doubling to 60 s), which
 *   slows guessing spread over many addresses without keeping the user out where they work.
 * Counters live in Redis (key names hold hashes only). Unlike intake, sign-in fails closed:
 * when Redis cannot answer, sign-in answers 503.
 */
@Injectable()
export class LoginThrottle implements OnApplicationShutdown {
  private readonly redis: LoginRedis;
  private readonly stall: RedisStallWatch;
  private readonly prefix: string;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    // Its own connection, though the rate limiter's has the same shape. ioredis sets the
    // timeout per connection: sign-in waits 1 s and fails closed, the limiter gives up sooner
    // and lets the request through. On a shared one, stalls the limiter notes under an intake
    // flood would close sign-in too, and a sign-in would queue behind every limiter script
    // on the socket, so a flood of the landing page would lock staff out. It idles otherwise.
    const redis = new Redis(config.REDIS_URL, {
      maxRetriesPerRequest: 0,
      commandTimeout: SIGN_IN_REDIS_TIMEOUT_MS,
    });
    redis.defineCommand('loginReserve', { numberOfKeys: 7, lua: RESERVE });
    redis.defineCommand('loginRefund', { numberOfKeys: 7, lua: REFUND });
    redis.on('error', () => undefined);
    this.redis = redis as LoginRedis;
    this.stall = new RedisStallWatch(redis, SIGN_IN_REDIS_TIMEOUT_MS);
    this.prefix = `${config.QUEUE_PREFIX}:login`;
  }

  /** Throws LoginRateLimitedError (429) or SignInUnavailableError (503); else the attempt may go on. */
  async reserve(ip: string, email: string): Promise<LoginAttempt> {
    const address = addressKey(ip);
    const account = email.trim().toLowerCase();
    const keys = [
      this.key('ip', address, 'n'),
      this.key('ip', address, 'b'),
      this.key('pair', `${account}\n${address}`, 'n'),
      this.key('pair', `${account}\n${address}`, 'b'),
      this.key('account', account, 'n'),
      this.key('account', account, 'd'),
      this.key('known', `${account}\n${address}`, 'k'),
    ];
    const [allowed, waitMs] = await this.call(() =>
      this.redis.loginReserve(
        ...keys,
        WINDOW_MS,
        this.config.ADMIN_LOGIN_IP_PER_15_MINUTES,
        this.config.ADMIN_LOGIN_ACCOUNT_PER_15_MINUTES,
        this.config.ADMIN_LOGIN_ACCOUNT_PER_15_MINUTES,
        WINDOW_MS,
        DELAY_BASE_MS,
        DELAY_CAP_MS,
      ),
    );
    if (allowed !== 1)
      throw new LoginRateLimitedError(Math.max(1, Math.ceil(waitMs / 1000)));
    return { keys };
  }

  /** The password was right: the attempt does not count. */
  async succeeded(attempt: LoginAttempt): Promise<void> {
    await this.call(() =>
      this.redis.loginRefund(
        ...attempt.keys,
        this.config.ADMIN_LOGIN_IP_PER_15_MINUTES,
        this.config.ADMIN_LOGIN_ACCOUNT_PER_15_MINUTES,
        this.config.ADMIN_LOGIN_ACCOUNT_PER_15_MINUTES,
        KNOWN_ADDRESS_MS,
      ),
    );
  }

  onApplicationShutdown(): void {
    this.stall.close();
    this.redis.disconnect();
  }

  private async call<T>(command: () => Promise<T>): Promise<T> {
    if (this.stall.unavailable) throw new SignInUnavailableError();
    try {
      return await command();
    } catch (error) {
      if (error instanceof Error && /timed out/i.test(error.message))
        this.stall.noteNoAnswer();
      throw new SignInUnavailableError();
    }
  }

  /** Personal data (an address, an email) only ever hashed into key names. */
  private key(kind: string, material: string, suffix: string): string {
    const id = createHash('sha256')
      .update(material)
      .digest('base64url')
      .slice(0, 24);
    return `${this.prefix}:${kind}:${id}:${suffix}`;
  }
}
