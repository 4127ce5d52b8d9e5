import { maskEmail, maskIp, maskLogFields, maskText } from './log-masking';

describe('maskIp', () => {
  it.each([
    ['203.0.113.42', '203.0.113.*'],
    ['::ffff:203.0.113.42', '::ffff:203.0.113.*'],
    ['2001:db8:85a3::8a2e:370:7334', '2001:db8:85a3:*'],
    ['2001:db8::1', '2001:db8:0:*'],
    ['fe80::1%eth0', 'fe80:0:0:*'],
    ['not an address', '*'],
    ['', '*'],
  ])('masks %j as %s', (input, expected) => {
    expect(maskIp(input)).toBe(expected);
  });
});

describe('maskText', () => {
  it('masks stored phone numbers and IPv4 addresses quoted inside a message', () => {
    expect(
      maskText(
        'Key (phone)=(+989121234567) already exists; client 198.51.100.23',
      ),
    ).toBe('Key (phone)=(+98*******567) already exists; client 198.51.100.*');
  });

  it('leaves loopback, private and bind addresses readable: they name our machines, not visitors', () => {
    expect(
      maskText(
        'listening on http://0.0.0.0:3000 and 127.0.0.1, redis at 10.1.2.3',
      ),
    ).toBe('listening on http://0.0.0.0:3000 and 127.0.0.1, redis at 10.1.2.3');
  });

  it('leaves request ids, versions and timestamps alone', () => {
    const text =
      'request 3f1c2a9e-1b2c-4d5e-8f90-123456789abc at 2026-11-21T08:00:00.000Z v1.2.3';
    expect(maskText(text)).toBe(text);
  });
});

describe('maskLogFields', () => {
  it('masks phone and ip fields whatever their format and keeps the rest', () => {
    expect(
      maskLogFields({
        phone: '0912 123 4567',
        ip: '198.51.100.7',
        ips: ['198.51.100.8'],
        requestId: 'abc',
        count: 3,
      }),
    ).toEqual({
      phone: '+98*******567',
      ip: '198.51.100.*',
      ips: ['198.51.100.*'],
      requestId: 'abc',
      count: 3,
    });
  });
});

describe('maskEmail', () => {
  it('keeps the first letter and the domain, nothing that could be written to', () => {
    expect(maskEmail('sara@example.com')).toBe('s***@example.com');
    expect(maskEmail('not-an-address')).toBe('***');
    expect(maskEmail('a@b@evil\n.test')).toBe('a***@evil.test');
  });
});
