import { ConfigValidationError, loadConfig } from './app-config';

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
        ADMIN_SESSION_SECRET: 'x'.repeat(40),
      }).ADMIN_SESSION_SECRET,
    ).toHaveLength(40);
    expect(() =>
      loadConfig({ ...required, ADMIN_SESSION_SECRET: 'short' }),
    ).toThrow(/ADMIN_SESSION_SECRET must be at least 32/);
  });

  it('returns a frozen object so nothing mutates configuration at run time', () => {
    expect(Object.isFrozen(loadConfig(required))).toBe(true);
  });
});
