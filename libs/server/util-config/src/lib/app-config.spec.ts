import { ConfigValidationError, loadConfig } from './app-config';

// As `openssl rand -base64 24` prints one.
const strongSecret = 'q3T9vLx0ZkR7c2WmN5bJhY8aPeU4sDgF';

const required = {
  DATABASE_URL: 'postgres://landing@127.0.0.1:5432/landing',
  REDIS_URL: 'redis://127.0.0.1:6379',
};

describe('loadConfig', () => {
  it('applies the documented defaults when only the connection URLs are given', () => {
    const config = loadConfig(required);
    expect(config).toMatchObject({
      NODE_ENV: 'development',
      PORT: 3000,
      WORKER_PORT: 3001,
      PHONE_DEFAULT_REGION: 'IR',
      DEDUP_WINDOW_SECONDS: 86400,
      LOG_LEVEL: 'info',
    });
    expect(config.MONGODB_URI).toBeUndefined();
  });

  it('converts numeric variables and treats empty strings as unset', () => {
    const config = loadConfig({
      ...required,
      PORT: '8080',
      DEDUP_WINDOW_SECONDS: ' 60 ',
      MONGODB_URI: '',
    });
    expect(config.PORT).toBe(8080);
    expect(config.DEDUP_WINDOW_SECONDS).toBe(60);
    expect(config.MONGODB_URI).toBeUndefined();
  });

  it('names every bad variable and what was wrong with it', () => {
    let error: unknown;
    try {
      loadConfig({
        ...required,
        PORT: 'eighty',
        REDIS_URL: 'http://nope',
        DEDUP_WINDOW_SECONDS: '0',
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigValidationError);
    const message = (error as Error).message;
    expect(message).toMatch(/PORT .*"eighty"/);
    expect(message).toMatch(
      /REDIS_URL must be a redis:\/\/ or rediss:\/\/ URL/,
    );
    expect(message).toMatch(
      /DEDUP_WINDOW_SECONDS must not be less than 1 \(got 0\)/,
    );
  });

  it('refuses to start without the connection URLs', () => {
    expect(() => loadConfig({})).toThrow(
      /DATABASE_URL .*not set[\s\S]*REDIS_URL .*not set/,
    );
  });

  it('refuses the development admin session secret in production, and a short one anywhere', () => {
    expect(() => loadConfig({ ...required, NODE_ENV: 'production' })).toThrow(
      /ADMIN_SESSION_SECRET must be set/,
    );
    expect(
      loadConfig({
        ...required,
        NODE_ENV: 'production',
        ADMIN_SESSION_SECRET: strongSecret,
      }).ADMIN_SESSION_SECRET,
    ).toBe(strongSecret);
    expect(() =>
      loadConfig({ ...required, ADMIN_SESSION_SECRET: 'short' }),
    ).toThrow(/ADMIN_SESSION_SECRET must be at least 32/);
  });

  it('returns a frozen object so nothing mutates configuration at run time', () => {
    expect(Object.isFrozen(loadConfig(required))).toBe(true);
  });

  it.each([
    ['one letter repeated', 'a'.repeat(32), /uses only 1 different/],
    ['a short pattern repeated', 'abc123'.repeat(6), /uses only 6 different/],
    [
      'a longer pattern repeated',
      'k2P9xQ7w'.repeat(4),
      /repeats a shorter pattern/,
    ],
    [
      'a run of consecutive characters',
      'abcdefghijklmnopqrstuvwxyz012345',
      /run of consecutive characters/,
    ],
  ])(
    'refuses an ADMIN_SESSION_SECRET that is %s, in any environment',
    (_, secret, reason) => {
      for (const NODE_ENV of ['development', 'production']) {
        expect(() =>
          loadConfig({ ...required, NODE_ENV, ADMIN_SESSION_SECRET: secret }),
        ).toThrow(reason);
      }
    },
  );

  it('refuses a METRICS_TOKEN that is one character repeated, and takes a random one', () => {
    expect(() =>
      loadConfig({ ...required, METRICS_TOKEN: 'z'.repeat(24) }),
    ).toThrow(/METRICS_TOKEN is too easy to guess/);
    expect(
      loadConfig({ ...required, METRICS_TOKEN: '9f86d081884c7d65' })
        .METRICS_TOKEN,
    ).toBe('9f86d081884c7d65');
  });

  it('never echoes a secret value in its error, only its length; other values are shown', () => {
    let message = '';
    try {
      loadConfig({
        DATABASE_URL: 'mysql://landing:hunter2-db-password@db/landing',
        REDIS_URL: 'http://:hunter2-redis-password@redis',
        MONGODB_URI: 'postgres://x:hunter2-mongo@db',
        AUDIT_DATABASE_URL: 'mysql://x:hunter2-audit@db',
        ADMIN_SESSION_SECRET: 'hunter2 hunter2 hunter2 hunter2 hunter2',
        METRICS_TOKEN: 'hunter2',
        PORT: 'eighty',
      });
    } catch (error) {
      message = (error as Error).message;
    }
    for (const name of [
      'DATABASE_URL',
      'REDIS_URL',
      'MONGODB_URI',
      'AUDIT_DATABASE_URL',
      'ADMIN_SESSION_SECRET',
      'METRICS_TOKEN',
    ]) {
      expect(message).toMatch(
        new RegExp(`${name} .*\\(got a value of \\d+ characters, not shown\\)`),
      );
    }
    expect(message).not.toContain('hunter2');
    expect(message).toContain('PORT must be an integer number (got "eighty")');
  });

  it('listens on loopback only outside production unless HOST says otherwise', () => {
    expect(loadConfig(required).HOST).toBe('127.0.0.1');
    expect(loadConfig({ ...required, NODE_ENV: 'test' }).HOST).toBe(
      '127.0.0.1',
    );
    expect(loadConfig({ ...required, HOST: '0.0.0.0' }).HOST).toBe('0.0.0.0');
    expect(
      loadConfig({
        ...required,
        NODE_ENV: 'production',
        ADMIN_SESSION_SECRET: strongSecret,
      }).HOST,
    ).toBe('0.0.0.0');
  });

  it('boots production without SMTP, but with SMTP_URL wants a real sender and public address', () => {
    const production = {
      ...required,
      NODE_ENV: 'production',
      ADMIN_SESSION_SECRET: strongSecret,
    };
    expect(loadConfig(production).SMTP_URL).toBeUndefined();
    const smtp = {
      ...production,
      SMTP_URL: 'smtp://u:hunter22@mail.example.com:587',
    };
    expect(() => loadConfig(smtp)).toThrow(/MAIL_FROM[\s\S]*PUBLIC_BASE_URL/);
    expect(() => loadConfig(smtp)).not.toThrow(/hunter22/);
    expect(
      loadConfig({
        ...smtp,
        MAIL_FROM: 'Landing <no-reply@landing.example.com>',
        PUBLIC_BASE_URL: 'https://landing.example.com',
      }).MAIL_FROM,
    ).toBe('Landing <no-reply@landing.example.com>');
    for (const bad of [
      { SMTP_URL: 'http://mail.example.com' },
      { PUBLIC_BASE_URL: 'https://landing.example.com/' },
      { PUBLIC_BASE_URL: 'landing.example.com' },
      { MAIL_DIGEST_AT: '8:30' },
      { MAIL_DIGEST_AT: '24:00' },
    ])
      expect(() => loadConfig({ ...required, ...bad })).toThrow(
        Object.keys(bad)[0],
      );
  });

  it('closes /metrics to everyone in production unless METRICS_ALLOW or METRICS_TOKEN is set', () => {
    const production = {
      ...required,
      NODE_ENV: 'production',
      ADMIN_SESSION_SECRET: strongSecret,
    };
    expect(loadConfig(production).METRICS_ALLOW).toEqual(['none']);
    expect(
      loadConfig({ ...production, METRICS_ALLOW: '10.0.0.0/8' }).METRICS_ALLOW,
    ).toEqual(['10.0.0.0/8']);
    expect(
      loadConfig({ ...production, METRICS_TOKEN: '9f86d081884c7d65' })
        .METRICS_ALLOW,
    ).toEqual([]);
    expect(loadConfig(required).METRICS_ALLOW).toEqual([]);
  });

  it('takes METRICS_ALLOW=none only on its own', () => {
    expect(
      loadConfig({ ...required, METRICS_ALLOW: 'none' }).METRICS_ALLOW,
    ).toEqual(['none']);
    expect(() =>
      loadConfig({ ...required, METRICS_ALLOW: 'none,10.0.0.0/8' }),
    ).toThrow(/METRICS_ALLOW must be none alone/);
    expect(() => loadConfig({ ...required, TRUSTED_PROXIES: 'none' })).toThrow(
      /TRUSTED_PROXIES must be a comma-separated list/,
    );
  });
});
