import { ConfigValidationError, loadConfig } from './app-config';

const required = {
  DATABASE_URL: 'postgres://app@db/landing',
  REDIS_URL: 'redis://redis:6379',
};

function problemsWith(env: Record<string, string>): string[] {
  try {
    loadConfig({ ...required, ...env });
    return [];
  } catch (error) {
    if (error instanceof ConfigValidationError) return error.problems;
    throw error;
  }
}

describe('audit trail and client IP configuration', () => {
  it('trusts no proxy, records audit events, keeps them 90 days and shares the leads database by default', () => {
    const config = loadConfig(required);
    expect(config.TRUSTED_PROXIES).toEqual([]);
    expect(config.AUDIT_ENABLED).toBe(true);
    expect(config.AUDIT_RETENTION_DAYS).toBe(90);
    expect(config.AUDIT_DATABASE_URL).toBeUndefined();
  });

  it('reads a comma-separated list of proxy addresses and ranges', () => {
    const config = loadConfig({
      ...required,
      TRUSTED_PROXIES: '10.0.0.0/8, 192.0.2.7,fd00::/8 ,loopback',
    });
    expect(config.TRUSTED_PROXIES).toEqual([
      '10.0.0.0/8',
      '192.0.2.7',
      'fd00::/8',
      'loopback',
    ]);
  });

  it.each(['10.0.0.0/33', 'proxy.internal', '*', '10.0.0.1, nonsense'])(
    'refuses TRUSTED_PROXIES=%s, naming the variable',
    (value) => {
      expect(problemsWith({ TRUSTED_PROXIES: value })).toEqual([
        expect.stringMatching(
          /^TRUSTED_PROXIES must be a comma-separated list of IP addresses or CIDR ranges/,
        ),
      ]);
    },
  );

  it.each([
    ['false', false],
    ['0', false],
    ['true', true],
    ['1', true],
  ])('reads AUDIT_ENABLED=%s as %s', (value, expected) => {
    expect(
      loadConfig({ ...required, AUDIT_ENABLED: value }).AUDIT_ENABLED,
    ).toBe(expected);
  });

  it('refuses an AUDIT_ENABLED that is not a yes or no, and an AUDIT_DATABASE_URL that is not PostgreSQL', () => {
    expect(
      problemsWith({
        AUDIT_ENABLED: 'maybe',
        AUDIT_DATABASE_URL: 'mysql://db/audit',
      }),
    ).toEqual([
      expect.stringMatching(/^AUDIT_DATABASE_URL must be a postgres:\/\/ URL/),
      expect.stringMatching(/^AUDIT_ENABLED /),
    ]);
  });
});
