import { metricsAccessChecker } from './metrics-access';

describe('metrics access', () => {
  it('lets anyone scrape when nothing is configured', () => {
    expect(metricsAccessChecker({ allow: [] })('203.0.113.9', undefined)).toBe(
      true,
    );
  });

  it('admits nobody, loopback included, when the list is none (production without METRICS_ALLOW)', () => {
    const allowed = metricsAccessChecker({ allow: ['none'] });
    expect(allowed('127.0.0.1', undefined)).toBe(false);
    expect(allowed('10.1.2.3', 'Bearer anything-at-all-1234')).toBe(false);
  });

  it('admits only the configured networks, IPv4-mapped addresses included', () => {
    const allowed = metricsAccessChecker({
      allow: ['10.0.0.0/8', 'loopback', '2001:db8::5'],
    });
    expect(allowed('10.1.2.3', undefined)).toBe(true);
    expect(allowed('::ffff:10.9.9.9', undefined)).toBe(true);
    expect(allowed('127.0.0.1', undefined)).toBe(true);
    expect(allowed('2001:db8::5', undefined)).toBe(true);
    expect(allowed('203.0.113.9', undefined)).toBe(false);
    expect(allowed('11.0.0.1', undefined)).toBe(false);
    expect(allowed(undefined, undefined)).toBe(false);
    expect(allowed('not-an-ip', undefined)).toBe(false);
  });

  it('requires the bearer token when one is set, and compares it exactly', () => {
    const allowed = metricsAccessChecker({
      allow: [],
      token: 'a-long-scrape-token',
    });
    expect(allowed('10.0.0.1', 'Bearer a-long-scrape-token')).toBe(true);
    expect(allowed('10.0.0.1', 'bearer a-long-scrape-token')).toBe(true);
    expect(allowed('10.0.0.1', 'Bearer a-long-scrape-tokem')).toBe(false);
    expect(allowed('10.0.0.1', 'Bearer a-long-scrape')).toBe(false);
    expect(allowed('10.0.0.1', undefined)).toBe(false);
  });

  it('needs both the network and the token when both are configured', () => {
    const allowed = metricsAccessChecker({
      allow: ['10.0.0.0/8'],
      token: 'a-long-scrape-token',
    });
    expect(allowed('10.0.0.1', 'Bearer a-long-scrape-token')).toBe(true);
    expect(allowed('192.0.2.1', 'Bearer a-long-scrape-token')).toBe(false);
    expect(allowed('10.0.0.1', undefined)).toBe(false);
  });
});
