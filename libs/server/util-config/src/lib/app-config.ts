import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  validateSync,
  type ValidationError,
} from 'class-validator';
import { IsProxyAddressList, toBool, toList } from './trusted-proxies';

const NODE_ENVS = ['development', 'production', 'test'] as const;
const LOG_LEVELS = [
  'fatal',
  'error',
  'warn',
  'info',
  'debug',
  'trace',
  'silent',
] as const;
const WEB_LOCALES = ['fa', 'en'] as const;

const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim())
    ? Number(value)
    : value;

/** The development default of ADMIN_SESSION_SECRET; loadConfig refuses it in production. */
export const DEFAULT_ADMIN_SESSION_SECRET =
  'development-only-admin-session-secret-do-not-use';

/**
 * Every environment variable the services read, with its default. This class is the only
 * place in the codebase that knows about `process.env`.
 */
export class EnvironmentVariables {
  @IsIn(NODE_ENVS)
  NODE_ENV: (typeof NODE_ENVS)[number] = 'development';

  @IsString()
  HOST = '0.0.0.0';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  WORKER_PORT = 3001;

  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'must be a postgres:// URL' })
  DATABASE_URL!: string;

  @Matches(/^rediss?:\/\/\S+$/, {
    message: 'must be a redis:// or rediss:// URL',
  })
  REDIS_URL!: string;

  @IsOptional()
  @Matches(/^mongodb(\+srv)?:\/\/\S+$/, { message: 'must be a mongodb:// URL' })
  MONGODB_URI?: string;

  /** PostgreSQL for the audit trail when MONGODB_URI is not set; defaults to DATABASE_URL. */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'must be a postgres:// URL' })
  AUDIT_DATABASE_URL?: string;

  /** Proxies whose X-Forwarded-For is believed (comma-separated IPs or CIDRs); empty trusts none. */
  @Transform(toList)
  @IsProxyAddressList()
  TRUSTED_PROXIES: string[] = [];

  /** When set, scraping /metrics needs `Authorization: Bearer <token>`. */
  @IsOptional()
  @Matches(/^\S{16,}$/, {
    message: 'must be at least 16 characters without spaces',
  })
  METRICS_TOKEN?: string;

  /** Networks allowed to scrape /metrics (IPs, CIDRs, loopback, linklocal, uniquelocal); empty: any. */
  @Transform(toList)
  @IsProxyAddressList()
  METRICS_ALLOW: string[] = [];

  /** Whether the api hands audit events to the worker; off only to measure what the trail costs. */
  @Transform(toBool)
  @IsBoolean()
  AUDIT_ENABLED = true;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3650)
  AUDIT_RETENTION_DAYS = 90;

  @Transform(toInt)
  @IsInt()
  @Min(1000)
  AUDIT_RETENTION_INTERVAL_MS = 60 * 60 * 1000;

  /** How long the api waits for Redis to take a batch of audit events before giving up on it. */
  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(60_000)
  AUDIT_ENQUEUE_TIMEOUT_MS = 500;

  /**
   * The api queues audit events in batches: one job once this many wait, or once the first
   * has waited AUDIT_BATCH_WAIT_MS. A graceful shutdown queues whatever is still waiting.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10_000)
  AUDIT_BATCH_SIZE = 500;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(1000)
  AUDIT_BATCH_WAIT_MS = 10;

  /** Audit jobs retry without limit while the store is away: exponential from this delay… */
  @Transform(toInt)
  @IsInt()
  @Min(10)
  AUDIT_BACKOFF_MS = 1000;

  /** …up to this one. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  AUDIT_BACKOFF_MAX_MS = 60_000;

  @IsIn(LOG_LEVELS)
  LOG_LEVEL: (typeof LOG_LEVELS)[number] = 'info';

  /** Prometheus metrics (`/metrics`, request timing); off only to measure what they cost. */
  @Transform(toBool)
  @IsBoolean()
  METRICS_ENABLED = true;

  /** How long each readiness check may take before its dependency counts as down. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(10_000)
  HEALTH_CHECK_TIMEOUT_MS = 1000;

  /** How often queue depth and worker lag are read from Redis (one round of calls per sample). */
  @Transform(toInt)
  @IsInt()
  @Min(500)
  @Max(300_000)
  QUEUE_SAMPLE_INTERVAL_MS = 5000;

  @Matches(/^[A-Z]{2}$/, {
    message: 'must be an ISO 3166 alpha-2 region such as IR',
  })
  PHONE_DEFAULT_REGION = 'IR';

  @Transform(toInt)
  @IsInt()
  @Min(1)
  DEDUP_WINDOW_SECONDS = 24 * 60 * 60;

  @Matches(/^[a-z0-9_-]{1,32}$/, {
    message: 'must be 1-32 characters of a-z, 0-9, _ or -',
  })
  QUEUE_PREFIX = 'landing';

  @Transform(toInt)
  @IsInt()
  @Min(50)
  @Max(60_000)
  ENQUEUE_TIMEOUT_MS = 2000;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000)
  WORKER_CONCURRENCY = 64;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000)
  WORKER_BATCH_SIZE = 100;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(1000)
  WORKER_BATCH_WAIT_MS = 5;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  JOB_ATTEMPTS = 12;

  @Transform(toInt)
  @IsInt()
  @Min(10)
  JOB_BACKOFF_MS = 1000;

  @Transform(toInt)
  @IsInt()
  @Min(1000)
  WORKER_LOCK_DURATION_MS = 30_000;

  @Transform(toInt)
  @IsInt()
  @Min(1000)
  WORKER_STALLED_INTERVAL_MS = 30_000;

  @Transform(toInt)
  @IsInt()
  @Min(1000)
  SHUTDOWN_TIMEOUT_MS = 10_000;

  /**
   * The web app's built browser folder (`dist/apps/web/browser`); when set, the api serves
   * the landing page too (development: one URL). Unset in production, where nginx does.
   */
  @IsOptional()
  @IsString()
  WEB_ROOT?: string;

  /** Locale that `/` redirects to when the api serves the web app. */
  @IsIn(WEB_LOCALES)
  WEB_DEFAULT_LOCALE: (typeof WEB_LOCALES)[number] = 'fa';

  /** Submissions one client IP may make per minute, across all api replicas. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  RATE_LIMIT_IP_PER_MINUTE = 20;

  /** Submissions of one (normalised) phone number per hour, whoever sends them. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  RATE_LIMIT_PHONE_PER_HOUR = 5;

  /**
   * Longest a rate-limit check may wait for Redis. Past it the request is let through: a slow
   * limiter must never be what turns visitors away.
   */
  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(60_000)
  RATE_LIMIT_TIMEOUT_MS = 500;

  /** A form sent sooner than this after the page loaded is a bot's; 0 turns the check off. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(60_000)
  BOT_MIN_ELAPSED_MS = 1500;

  /** Browser origins allowed to call the api cross-origin (comma-separated); empty: same origin only. */
  @Matches(/^(https?:\/\/[^\s,]+)?(,https?:\/\/[^\s,]+)*$/, {
    message: 'must be a comma-separated list of http(s) origins',
  })
  CORS_ORIGINS = '';

  /** A request whose body has not fully arrived after this long gets 408 (slow-body attacks). */
  @Transform(toInt)
  @IsInt()
  @Min(500)
  @Max(120_000)
  REQUEST_TIMEOUT_MS = 15_000;

  /** Key of the HMAC that turns admin session tokens into stored ids; production refuses the default. */
  @Matches(/^\S{32,}$/, {
    message: 'must be at least 32 characters without spaces',
  })
  ADMIN_SESSION_SECRET = DEFAULT_ADMIN_SESSION_SECRET;

  /** Lifetime of an admin session from sign-in. */
  @Transform(toInt)
  @IsInt()
  @Min(5)
  @Max(7 * 24 * 60)
  ADMIN_SESSION_TTL_MINUTES = 12 * 60;

  /** Admin sign-in attempts one client IP may make per 15 minutes. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  ADMIN_LOGIN_IP_PER_15_MINUTES = 20;

  /** Sign-in attempts on one admin account per 15 minutes, from anywhere. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  ADMIN_LOGIN_ACCOUNT_PER_15_MINUTES = 5;

  /** Backups (`backup` / `restore` commands): daily backups kept, newest of each day… */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3650)
  BACKUP_KEEP_DAILY = 7;

  /** …and weekly ones (the newest of each ISO week), counted apart from the daily ones. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(520)
  BACKUP_KEEP_WEEKLY = 4;

  /** Folder holding the pg_dump / pg_restore to use; unset: the one matching the server is found. */
  @IsOptional()
  @IsString()
  BACKUP_PG_BIN_DIR?: string;

  /** S3-compatible endpoint for `s3://` destinations (MinIO and others); unset: AWS. */
  @IsOptional()
  @Matches(/^https?:\/\/\S+$/, { message: 'must be an http(s):// URL' })
  BACKUP_S3_ENDPOINT?: string;

  @IsString()
  BACKUP_S3_REGION = 'us-east-1';

  /** Access key for `s3://` destinations; unset: the AWS SDK's default credential chain. */
  @IsOptional()
  @IsString()
  BACKUP_S3_ACCESS_KEY_ID?: string;

  @IsOptional()
  @IsString()
  BACKUP_S3_SECRET_ACCESS_KEY?: string;

  /** Path-style bucket addressing (http://host/bucket/key), which MinIO needs. */
  @Transform(toBool)
  @IsBoolean()
  BACKUP_S3_FORCE_PATH_STYLE = true;
}

export type AppConfig = Readonly<EnvironmentVariables>;

export class ConfigValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
    this.name = 'ConfigValidationError';
  }
}

function describe(errors: ValidationError[]): string[] {
  return errors.map((error) => {
    const reasons = Object.values(error.constraints ?? {}).map((text) =>
      // class-validator starts its messages with the property name; keep just the reason
      text.startsWith(error.property)
        ? text.slice(error.property.length).trim()
        : text,
    );
    const shown =
      error.value === undefined
        ? 'not set'
        : `got ${JSON.stringify(error.value)}`;
    return `${error.property} ${reasons.join('; ')} (${shown})`;
  });
}

/**
 * Builds the validated configuration from an environment. Unknown variables are ignored;
 * empty strings count as unset so that `FOO=` falls back to the default.
 */
export function loadConfig(env: Record<string, string | undefined>): AppConfig {
  const known = Object.keys(new EnvironmentVariables());
  known.push(
    'DATABASE_URL',
    'REDIS_URL',
    'MONGODB_URI',
    'METRICS_TOKEN',
    'AUDIT_DATABASE_URL',
    'WEB_ROOT',
    'BACKUP_PG_BIN_DIR',
    'BACKUP_S3_ENDPOINT',
    'BACKUP_S3_ACCESS_KEY_ID',
    'BACKUP_S3_SECRET_ACCESS_KEY',
  );
  const plain: Record<string, string> = {};
  for (const key of known) {
    const value = env[key];
    if (value !== undefined && value.trim() !== '') plain[key] = value.trim();
  }
  const config = plainToInstance(EnvironmentVariables, plain, {
    exposeDefaultValues: true,
  });
  const errors = validateSync(config, { skipMissingProperties: false });
  if (errors.length > 0) throw new ConfigValidationError(describe(errors));
  if (
    config.NODE_ENV === 'production' &&
    config.ADMIN_SESSION_SECRET === DEFAULT_ADMIN_SESSION_SECRET
  ) {
    throw new ConfigValidationError([
      'ADMIN_SESSION_SECRET must be set to a secret of your own in production (got the development default)',
    ]);
  }
  return Object.freeze(config);
}
