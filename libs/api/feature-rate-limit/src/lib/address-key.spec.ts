import { addressKey } from './address-key';

describe('addressKey', () => {
  it('counts an IPv4 client as its address', () => {
    expect(addressKey('203.0.113.7')).toBe('203.0.113.7');
  });

  it('counts every address of one IPv6 /64 as one client, however it is written', () => {
    const keys = [
      '2001:db8:85a3:12::1',
      '2001:0db8:85a3:0012:ffff:ffff:ffff:fffe',
      '2001:db8:85a3:12:a:b:c:d',
      '2001:DB8:85A3:12::abcd%eth0',
    ].map(addressKey);
    expect(new Set(keys)).toEqual(new Set(['2001:db8:85a3:12::/64']));
  });

  it('keeps neighbouring /64s apart', () => {
    expect(addressKey('2001:db8:85a3:13::1')).not.toBe(
      addressKey('2001:db8:85a3:12::1'),
    );
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
  });

  it('counts an IPv4-mapped IPv6 address as the IPv4 address', () => {
    expect(addressKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(addressKey('::ffff:cb00:7107')).toBe('203.0.113.7');
  });

  it('passes anything that is not an address through unchanged', () => {
    expect(addressKey('')).toBe('');
    expect(addressKey('not-an-ip')).toBe('not-an-ip');
  });
});
