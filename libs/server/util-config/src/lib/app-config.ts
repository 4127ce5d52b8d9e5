import {
  addressList,
  boolean,
  choice,
  type ConfigContext,
  type ConfigVariable,
  integer,
  NO_ADDRESS,
  NODE_ENVS,
  optionalText,
  requiredText,
  text,
  weakKeyReason,
} from './config-variable';

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

/** The development default of ADMIN_SESSION_SECRET; loadConfig refuses it in production. */
export const DEFAULT_ADMIN_SESSION_SECRET =
  'development-only-admin-session-secret-do-not-use';

const POSTGRES_URL = /^postgres(ql)?:\/\/\S+$/;

/**
 * Every environment variable the services read: one declaration each, from which the
 * validation, the {@link AppConfig} type, the README's configuration tables, the Helm and
 * compose checks and the redaction of secrets in error messages all follow. This is the only
 * place in the codebase that knows about `process.env`.
 *
 * To add a variable: add an entry here (the README table it belongs to is its `group`), then
 * `npm run config:readme` to regenerate the tables, and give it to the Helm chart
 * (`values.yaml` + `values.schema.json`, or `secrets.keys` when `secret`).
 */
export const CONFIG_VARIABLES = {
  NODE_ENV: choice(NODE_ENVS, {
    default: 'development',
    group: 'core',
    description:
      '`production` turns on the production rules (HSTS, `Secure` cookies, no default secret, `/metrics` closed unless opened, no stack traces)',
  }),
  HOST: text({
    default: ({ production }) => (production ? '0.0.0.0' : '127.0.0.1'),
    defaultText: '`127.0.0.1`; `0.0.0.0` in production',
    group: 'core',
    description:
      'address the api and the worker listen on; outside production only this machine can reach them unless this is set',
  }),
  PORT: integer({
    default: 3000,
    min: 0,
    max: 65535,
    group: 'core',
    description: 'api port',
  }),
  WORKER_PORT: integer({
    default: 3001,
    min: 0,
    max: 65535,
    group: 'core',
    description: 'worker health and metrics port',
  }),
  DATABASE_URL: requiredText({
    pattern: POSTGRES_URL,
    message: 'must be a postgres:// URL',
    secret: true,
    defaultText: 'required (`npm start`: embedded)',
    group: 'core',
    description: 'PostgreSQL',
  }),
  REDIS_URL: requiredText({
    pattern: /^rediss?:\/\/\S+$/,
    message: 'must be a redis:// or rediss:// URL',
    secret: true,
    defaultText: 'required (`npm start`: embedded)',
    group: 'core',
    description: 'Redis; give it append-only persistence',
  }),
  MONGODB_URI: optionalText({
    pattern: /^mongodb(\+srv)?:\/\/\S+$/,
    message: 'must be a mongodb:// URL',
    secret: true,
    group: 'audit',
    description: 'audit store on MongoDB; unset: PostgreSQL',
  }),
  AUDIT_DATABASE_URL: optionalText({
    pattern: POSTGRES_URL,
    message: 'must be a postgres:// URL',
    secret: true,
    defaultText: '`DATABASE_URL`',
    group: 'audit',
    description: 'PostgreSQL audit store, if it should live elsewhere',
  }),
  TRUSTED_PROXIES: addressList({
    default: [],
    group: 'audit',
    description:
      'comma-separated IPs / CIDRs whose `X-Forwarded-For` is believed; empty trusts none',
  }),
  METRICS_TOKEN: optionalText({
    pattern: /^\S{16,}$/,
    message: 'must be at least 16 characters without spaces',
    secret: true,
    check: (value) => {
      const weak = weakKeyReason(value, 6);
      return weak && `is too easy to guess: it ${weak}`;
    },
    group: 'core',
    description:
      'when set, reading `/metrics` needs `Authorization: Bearer <token>`',
  }),
  METRICS_ALLOW: addressList({
    allowNone: true,
    default: ({ production, isSet }) =>
      production && !isSet('METRICS_TOKEN') ? [NO_ADDRESS] : [],
    defaultText:
      'empty (any network); `none` in production unless `METRICS_TOKEN` is set',
    group: 'core',
    description:
      'networks that may read `/metrics` (IPs, CIDRs, `loopback`, `linklocal`, `uniquelocal`; `none`: nobody); `0.0.0.0/0,::/0` opens it to all',
  }),
  AUDIT_ENABLED: boolean({
    default: true,
    group: 'audit',
    description: '`false` stops the api recording (only to measure the cost)',
  }),
  AUDIT_RETENTION_DAYS: integer({
    default: 90,
    min: 1,
    max: 3650,
    group: 'audit',
    description:
      'events older than this are deleted (TTL index / retention pass)',
  }),
  AUDIT_RETENTION_INTERVAL_MS: integer({
    default: 60 * 60 * 1000,
    min: 1000,
    group: 'audit',
    description: 'how often the PostgreSQL retention pass runs',
  }),
  AUDIT_ENQUEUE_TIMEOUT_MS: integer({
    default: 500,
    min: 10,
    max: 60_000,
    group: 'audit',
    description:
      'longest the api waits for Redis to take a batch of audit events',
  }),
  AUDIT_BATCH_SIZE: integer({
    default: 500,
    min: 1,
    max: 10_000,
    group: 'audit',
    description:
      'the api queues audit events as one job once this many wait (a graceful shutdown queues the rest)',
  }),
  AUDIT_BATCH_WAIT_MS: integer({
    default: 10,
    min: 0,
    max: 1000,
    group: 'audit',
    description: '… or once the first has waited this long',
  }),
  AUDIT_BACKOFF_MS: integer({
    default: 1000,
    min: 10,
    group: 'audit',
    description:
      'audit jobs retry without limit while the store is away: exponential from this delay…',
  }),
  AUDIT_BACKOFF_MAX_MS: integer({
    default: 60_000,
    min: 100,
    group: 'audit',
    description: '… up to this one',
  }),
  LOG_LEVEL: choice(LOG_LEVELS, {
    default: 'info',
    group: 'core',
    description: '`fatal` … `trace`, or `silent`',
  }),
  METRICS_ENABLED: boolean({
    default: true,
    group: 'core',
    description:
      '`/metrics` and request timing; off only to measure their cost',
  }),
  HEALTH_CHECK_TIMEOUT_MS: integer({
    default: 1000,
    min: 100,
    max: 10_000,
    group: 'core',
    description: "each readiness check's time limit",
  }),
  QUEUE_SAMPLE_INTERVAL_MS: integer({
    default: 5000,
    min: 500,
    max: 300_000,
    group: 'core',
    description: 'how often queue depth and worker lag are read from Redis',
  }),
  PHONE_DEFAULT_REGION: text({
    default: 'IR',
    pattern: /^[A-Z]{2}$/,
    message: 'must be an ISO 3166 alpha-2 region such as IR',
    group: 'core',
    description: 'region for numbers typed without a country code',
  }),
  DEDUP_WINDOW_SECONDS: integer({
    default: 24 * 60 * 60,
    min: 1,
    group: 'core',
    description: 'how long a number counts as a duplicate',
  }),
  QUEUE_PREFIX: text({
    default: 'landing',
    pattern: /^[a-z0-9_-]{1,32}$/,
    message: 'must be 1-32 characters of a-z, 0-9, _ or -',
    group: 'core',
    description: 'prefix of every BullMQ key in Redis',
  }),
  ENQUEUE_TIMEOUT_MS: integer({
    default: 500,
    min: 50,
    max: 60_000,
    group: 'core',
    description:
      "longest intake waits for Redis to take a lead job before answering 503; a job may still land after it, and the client's retry with the same `submissionId` is then the same submission",
  }),
  INTAKE_BATCH_MAX: integer({
    default: 100,
    min: 1,
    max: 1000,
    group: 'core',
    description:
      'most leads the api queues as one job: requests arriving in the same event-loop turn share one Redis transaction and one job',
  }),
  WORKER_CONCURRENCY: integer({
    default: 64,
    min: 1,
    max: 1000,
    group: 'core',
    description: 'lead jobs one worker handles at once',
  }),
  WORKER_BATCH_SIZE: integer({
    default: 100,
    min: 1,
    max: 1000,
    group: 'core',
    description: 'leads written in one transaction',
  }),
  WORKER_BATCH_WAIT_MS: integer({
    default: 5,
    min: 0,
    max: 1000,
    group: 'core',
    description: 'longest a lead waits for its batch to fill',
  }),
  JOB_ATTEMPTS: integer({
    default: 12,
    min: 1,
    max: 100,
    group: 'core',
    description:
      'attempts (exponential backoff) before a lead job is dead-lettered',
  }),
  JOB_BACKOFF_MS: integer({
    default: 1000,
    min: 10,
    group: 'core',
    description: 'first retry delay of a lead job',
  }),
  WORKER_LOCK_DURATION_MS: integer({
    default: 30_000,
    min: 1000,
    group: 'core',
    description: "BullMQ's job lock; a job whose lock lapses counts as stalled",
  }),
  WORKER_STALLED_INTERVAL_MS: integer({
    default: 30_000,
    min: 1000,
    group: 'core',
    description: "how often BullMQ looks for stalled jobs (a crashed worker's)",
  }),
  SHUTDOWN_TIMEOUT_MS: integer({
    default: 10_000,
    min: 1000,
    group: 'core',
    description: 'longest a graceful shutdown (SIGTERM) may take',
  }),
  WEB_ROOT: optionalText({
    group: 'web',
    description:
      'the api serves the built web app from this folder (`dist/apps/web/browser`; set by `npm start`; in production nginx serves it)',
  }),
  WEB_ADMIN_ROOT: optionalText({
    group: 'web',
    description:
      'the api serves the built admin workspace under `/<locale>/admin/` from this folder (`dist/apps/admin/browser`; set by `npm start`; in production nginx serves it)',
  }),
  WEB_DEFAULT_LOCALE: choice(WEB_LOCALES, {
    default: 'fa',
    group: 'web',
    description:
      'where `/` sends a visitor who has not picked a language (`fa` or `en`)',
  }),
  RATE_LIMIT_IP_PER_MINUTE: integer({
    default: 20,
    min: 1,
    group: 'core',
    description:
      'intake submissions per client address per minute (all replicas together)',
  }),
  RATE_LIMIT_PHONE_PER_HOUR: integer({
    default: 5,
    min: 1,
    group: 'core',
    description:
      'intake submissions per phone number per hour, whoever sends them',
  }),
  RATE_LIMIT_TIMEOUT_MS: integer({
    default: 250,
    min: 10,
    max: 60_000,
    group: 'core',
    description:
      'longest a rate-limit check waits for Redis; past it the request is let through (and a warning logged)',
  }),
  BOT_MIN_ELAPSED_MS: integer({
    default: 1500,
    min: 0,
    max: 60_000,
    group: 'core',
    description:
      "a form sent sooner after the page loaded is taken for a bot's; 0 turns the check off",
  }),
  CORS_ORIGINS: text({
    default: '',
    pattern: /^(https?:\/\/[^\s,]+)?(,https?:\/\/[^\s,]+)*$/,
    message: 'must be a comma-separated list of http(s) origins',
    group: 'core',
    description: 'comma-separated origins allowed to call the api cross-origin',
  }),
  REQUEST_TIMEOUT_MS: integer({
    default: 15_000,
    min: 500,
    max: 120_000,
    group: 'core',
    description: 'a request whose body has not arrived by then gets 408',
  }),
  ADMIN_SESSION_SECRET: text({
    default: DEFAULT_ADMIN_SESSION_SECRET,
    defaultText: 'a development value',
    pattern: /^\S{32,}$/,
    message: 'must be at least 32 characters without spaces',
    secret: true,
    check: (value, { production }) => {
      if (production && value === DEFAULT_ADMIN_SESSION_SECRET)
        return 'must be set to a secret of your own in production (got the development default)';
      const weak = weakKeyReason(value, 8);
      return weak && `is too easy to guess: it ${weak}`;
    },
    group: 'admin',
    description:
      'HMAC key for session ids; at least 32 characters, not a repetition or a run; production refuses the default (`openssl rand -base64 48`)',
  }),
  ADMIN_SESSION_TTL_MINUTES: integer({
    default: 12 * 60,
    min: 5,
    max: 7 * 24 * 60,
    group: 'admin',
    description: 'session lifetime from sign-in',
  }),
  ADMIN_LOGIN_IP_PER_15_MINUTES: integer({
    default: 20,
    min: 1,
    group: 'admin',
    description:
      'failed sign-ins from one client address (IPv6: its /64) per 15 minutes, over all accounts',
  }),
  ADMIN_LOGIN_ACCOUNT_PER_15_MINUTES: integer({
    default: 5,
    min: 1,
    group: 'admin',
    description:
      'failed sign-ins on one account from one address per 15 minutes; as many from anywhere start a progressive delay for addresses the account has not signed in from',
  }),
  DESK_ASSIGNMENT_POLICY: choice(
    ['off', 'round_robin', 'fewest_open'] as const,
    {
      default: 'round_robin',
      group: 'admin',
      description:
        'how the worker picks the owner of a new lead among the staff on duty: `round_robin` (in turn, skipping whoever is away), `fewest_open` (fewest open leads, counted from where the others stood when they came on duty) or `off` (no desk work when a lead arrives, so no due time and no owner; the shared queue left from before is still handed out in turn)',
    },
  ),
  DESK_FIRST_CONTACT_SLA_MINUTES: integer({
    default: 8 * 60,
    min: 1,
    max: 30 * 24 * 60,
    group: 'admin',
    description:
      "first-contact promise: working minutes (in the business calendar) from a lead's arrival to its due time; 480 is one working day",
  }),
  DESK_MAX_UNANSWERED_ATTEMPTS: integer({
    default: 5,
    min: 1,
    max: 100,
    group: 'admin',
    description:
      'unanswered calls (no answer, busy) after which a lead is closed as unreachable',
  }),
  DESK_RETRY_AFTER_MINUTES: integer({
    default: 60,
    min: 1,
    max: 7 * 24 * 60,
    group: 'admin',
    description:
      "working minutes after an unanswered call before the lead is back in its owner's queue",
  }),
  DESK_SLA_SCAN_INTERVAL_MS: integer({
    default: 30_000,
    min: 1000,
    max: 3_600_000,
    group: 'admin',
    description:
      'how often the worker looks for leads past their first-contact due time (and hands out the shared queue)',
  }),
  BACKUP_KEEP_DAILY: integer({
    default: 7,
    min: 1,
    max: 3650,
    group: 'backup',
    description:
      'backups kept at the destination, the newest of each of the last N days',
  }),
  BACKUP_KEEP_WEEKLY: integer({
    default: 4,
    min: 0,
    max: 520,
    group: 'backup',
    description:
      'weekly backups kept (the newest of each ISO week), counted apart from the daily ones',
  }),
  BACKUP_PG_BIN_DIR: optionalText({
    group: 'backup',
    description:
      "folder holding the pg_dump / pg_restore to use; unset: one at least the server's version is found",
  }),
  BACKUP_S3_ENDPOINT: optionalText({
    pattern: /^https?:\/\/\S+$/,
    message: 'must be an http(s):// URL',
    group: 'backup',
    description:
      'S3-compatible endpoint for `s3://` destinations (MinIO and others); unset: AWS',
  }),
  BACKUP_S3_REGION: text({
    default: 'us-east-1',
    group: 'backup',
    description: 'region of the backup bucket',
  }),
  BACKUP_S3_ACCESS_KEY_ID: optionalText({
    group: 'backup',
    secret: true,
    description:
      "access key for `s3://` destinations; unset: the AWS SDK's default credential chain",
  }),
  BACKUP_S3_SECRET_ACCESS_KEY: optionalText({
    group: 'backup',
    secret: true,
    description: 'secret key for `s3://` destinations',
  }),
  BACKUP_S3_FORCE_PATH_STYLE: boolean({
    default: true,
    group: 'backup',
    description:
      'path-style bucket addressing (`http://host/bucket/key`), which MinIO needs',
  }),
  API_DOCS: boolean({
    default: false,
    defaultText: '`false` (outside production the docs are always served)',
    group: 'integrations',
    description:
      'serve the OpenAPI document and Swagger UI at `/api/docs` in production',
  }),
  WEBHOOK_ALLOW_PRIVATE: boolean({
    default: false,
    group: 'integrations',
    description:
      'UNSAFE outside development and tests: lets webhooks reach loopback and private addresses (link-local and cloud metadata addresses stay refused)',
  }),
  WEBHOOK_MAX_ATTEMPTS: integer({
    default: 16,
    min: 1,
    max: 50,
    group: 'integrations',
    description:
      'attempts per webhook delivery; with the backoff defaults they span about 22 hours',
  }),
  WEBHOOK_BACKOFF_MS: integer({
    default: 10_000,
    min: 10,
    max: 3_600_000,
    group: 'integrations',
    description:
      'delay before the first retry; doubles each time, with jitter (half fixed, half random)',
  }),
  WEBHOOK_BACKOFF_MAX_MS: integer({
    default: 4 * 3_600_000,
    min: 10,
    max: 86_400_000,
    group: 'integrations',
    description: 'longest delay between two attempts of a delivery',
  }),
  WEBHOOK_TIMEOUT_MS: integer({
    default: 10_000,
    min: 100,
    max: 60_000,
    group: 'integrations',
    description:
      "one attempt's time limit, from connecting to the end of the answer",
  }),
  WEBHOOK_MAX_RESPONSE_BYTES: integer({
    default: 65_536,
    min: 1024,
    max: 10_485_760,
    group: 'integrations',
    description:
      "bytes of a receiver's answer read at most; the rest is discarded with the connection",
  }),
  WEBHOOK_DISABLE_AFTER_FAILURES: integer({
    default: 50,
    min: 1,
    max: 100_000,
    group: 'integrations',
    description:
      'consecutive failed attempts after which an endpoint is disabled (with an in-app alert)',
  }),
  WEBHOOK_CONCURRENCY: integer({
    default: 200,
    min: 1,
    max: 5000,
    group: 'integrations',
    description: 'webhook deliveries one worker sends at once',
  }),
  SMTP_URL: optionalText({
    pattern: /^smtps?:\/\/\S+$/,
    message:
      'must be an smtp:// (STARTTLS when offered) or smtps:// (TLS) URL, e.g. smtp://user:pass@mail.example.com:587',
    secret: true,
    defaultText: 'none: e-mails are written to the worker log instead',
    group: 'integrations',
    description:
      'SMTP server the worker sends staff e-mail through (user and password in the URL); unset, each e-mail is logged (recipient masked) and counted as `logged`',
  }),
  MAIL_FROM: text({
    default: 'Landing <no-reply@localhost>',
    check: (_value, { production, isSet }) =>
      production && isSet('SMTP_URL') && !isSet('MAIL_FROM')
        ? 'must be set in production when SMTP_URL is (the default sender is not deliverable)'
        : undefined,
    group: 'integrations',
    description:
      'sender of staff e-mail (`Name <address>`); required in production with SMTP_URL',
  }),
  PUBLIC_BASE_URL: text({
    default: 'http://localhost:3000',
    pattern: /^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/,
    message:
      'must be an http(s):// URL without a query, e.g. https://landing.example.com',
    check: (value, { production, isSet }) =>
      production && isSet('SMTP_URL') && !isSet('PUBLIC_BASE_URL')
        ? 'must be set in production when SMTP_URL is (e-mails link to the admin area)'
        : value.endsWith('/')
          ? 'must not end with a slash'
          : undefined,
    group: 'integrations',
    description:
      'public address of the site, for links in e-mail (`<url>/<fa|en>/admin/`); required in production with SMTP_URL',
  }),
  MAIL_DIGEST_AT: text({
    default: '08:30',
    pattern: /^([01]\d|2[0-3]):[0-5]\d$/,
    message: 'must be a time of day, HH:MM (24 h)',
    group: 'integrations',
    description:
      "local time (business calendar's time zone) after which each working day's digest e-mail is sent",
  }),
  MAIL_BACKOFF_MS: integer({
    default: 30_000,
    min: 10,
    max: 3_600_000,
    group: 'integrations',
    description:
      'delay before retrying a failed e-mail; doubles each time, 8 attempts in all (about two hours with the default)',
  }),
} satisfies Record<string, ConfigVariable<unknown>>;

type Variables = typeof CONFIG_VARIABLES;
export type ConfigName = keyof Variables;
type ValueOf<V> = V extends ConfigVariable<infer T> ? T : never;
type OptionalName = {
  [K in ConfigName]: Variables[K] extends { presence: 'maybe' } ? K : never;
}[ConfigName];

/** The validated configuration: one property per declared variable. */
export type AppConfig = {
  readonly [K in Exclude<ConfigName, OptionalName>]: ValueOf<Variables[K]>;
} & { readonly [K in OptionalName]?: ValueOf<Variables[K]> };

export class ConfigValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
    this.name = 'ConfigValidationError';
  }
}

/** What an error message may say about a value: secrets only by their length. */
function shown(variable: ConfigVariable<unknown>, raw: string): string {
  if (variable.secret)
    return `got a value of ${raw.length} characters, not shown`;
  return `got ${/^-?\d+$/.test(raw) ? raw : JSON.stringify(raw)}`;
}

/**
 * Builds the validated configuration from an environment. Unknown variables are ignored;
 * empty strings count as unset so that `FOO=` falls back to the default.
 */
export function loadConfig(env: Record<string, string | undefined>): AppConfig {
  const entries = Object.entries(CONFIG_VARIABLES) as [
    ConfigName,
    ConfigVariable<unknown>,
  ][];
  const rawOf = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value === '' ? undefined : value;
  };
  const nodeEnv = CONFIG_VARIABLES.NODE_ENV.parse(rawOf('NODE_ENV') ?? '');
  const context: ConfigContext = {
    nodeEnv: 'value' in nodeEnv ? nodeEnv.value : 'development',
    production: 'value' in nodeEnv && nodeEnv.value === 'production',
    isSet: (name) => rawOf(name) !== undefined,
  };

  const config: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [name, variable] of entries) {
    const raw = rawOf(name);
    if (raw === undefined) {
      if (variable.required) {
        const parsed = variable.parse('');
        const reason = 'problem' in parsed ? parsed.problem : 'must be set';
        problems.push(`${name} ${reason} (not set)`);
      } else if (variable.default !== undefined) {
        const value: unknown =
          typeof variable.default === 'function'
            ? (variable.default as (c: ConfigContext) => unknown)(context)
            : variable.default;
        // A default is ours, so it is not echoed; production may still refuse it.
        const problem = variable.check?.(value, context);
        if (problem !== undefined) problems.push(`${name} ${problem}`);
        config[name] = value;
      }
      continue;
    }
    const parsed = variable.parse(raw);
    const problem =
      'problem' in parsed
        ? parsed.problem
        : variable.check?.(parsed.value, context);
    if (problem !== undefined) {
      problems.push(`${name} ${problem} (${shown(variable, raw)})`);
      continue;
    }
    if ('value' in parsed) config[name] = parsed.value;
  }
  if (problems.length > 0) throw new ConfigValidationError(problems);
  return Object.freeze(config) as AppConfig;
}
