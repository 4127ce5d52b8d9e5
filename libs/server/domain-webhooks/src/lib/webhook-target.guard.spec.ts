import {
  checkWebhookUrl,
  classifyAddress,
  embeddedIpv4,
  resolveWebhookTarget,
  WebhookTargetRefused,
} from './webhook-target.guard';

describe('classifyAddress', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['::1', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['64:ff9b::127.0.0.1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.20.0.1', 'private'],
    ['192.168.1.1', 'private'],
    ['::ffff:192.168.1.1', 'private'],
    ['fd12:3456::1', 'private'],
    ['100.64.0.1', 'private'],
    ['169.254.1.1', 'link-local'],
    ['fe80::1', 'link-local'],
    ['169.254.169.254', 'metadata'],
    ['::ffff:169.254.169.254', 'metadata'],
    ['::ffff:a9fe:a9fe', 'metadata'],
    ['fd00:ec2::254', 'metadata'],
    ['100.100.100.200', 'metadata'],
    ['0.0.0.0', 'reserved'],
    ['::', 'reserved'],
    ['::127.0.0.1', 'reserved'],
    ['224.0.0.1', 'reserved'],
    ['ff02::1', 'reserved'],
    ['93.184.216.34', 'public'],
    ['2606:4700::1111', 'public'],
    ['not an address', 'reserved'],
  ])('%s is %s', (address, kind) => {
    expect(classifyAddress(address)).toBe(kind);
  });

  it('reads the IPv4 inside mapped and NAT64 forms only', () => {
    expect(embeddedIpv4('::ffff:7f00:1')).toBe('127.0.0.1');
    expect(embeddedIpv4('2606:4700::1111')).toBeUndefined();
    expect(embeddedIpv4('10.0.0.1')).toBeUndefined();
  });
});

describe('checkWebhookUrl', () => {
  it.each([
    ['ftp://example.com/', 'only http and https URLs'],
    ['https://user:pw@example.com/', 'credentials in the URL are not allowed'],
    ['http://127.0.0.1:8080/', 'loopback address refused'],
    ['http://[::ffff:127.0.0.1]/', 'loopback address refused'],
    ['http://[::1]/', 'loopback address refused'],
    ['http://169.254.169.254/latest/meta-data', 'metadata address refused'],
    ['http://2130706433/', 'loopback address refused'],
    ['http://0x7f.1/', 'loopback address refused'],
    ['nonsense', 'not a URL'],
  ])('refuses %s', (url, reason) => {
    expect(() => checkWebhookUrl(url, false)).toThrow(reason);
  });

  it('lets loopback and private through only when opened, never metadata or link-local', () => {
    expect(checkWebhookUrl('http://127.0.0.1:9/', true).port).toBe('9');
    expect(checkWebhookUrl('http://10.0.0.1/', true).hostname).toBe('10.0.0.1');
    expect(() => checkWebhookUrl('http://169.254.169.254/', true)).toThrow(
      WebhookTargetRefused,
    );
    expect(() => checkWebhookUrl('http://[fe80::1]/', true)).toThrow(
      'link-local address refused',
    );
  });
});

describe('resolveWebhookTarget', () => {
  const answers =
    (...addresses: string[]) =>
    () =>
      Promise.resolve(
        addresses.map((address) => ({
          address,
          family: address.includes(':') ? 6 : 4,
        })),
      );

  it('refuses a name when any address it resolves to is refused', async () => {
    await expect(
      resolveWebhookTarget('https://hooks.example.com/x', {
        allowPrivate: false,
        lookup: answers('93.184.216.34', '10.0.0.5'),
      }),
    ).rejects.toThrow('hooks.example.com resolves to a private address');
  });

  it('returns the checked address to connect to', async () => {
    await expect(
      resolveWebhookTarget('https://hooks.example.com/x', {
        allowPrivate: false,
        lookup: answers('2606:4700::1111'),
      }),
    ).resolves.toMatchObject({ address: '2606:4700::1111', family: 6 });
  });

  it('refuses metadata behind a name even when private addresses are allowed', async () => {
    await expect(
      resolveWebhookTarget('http://metadata.internal/', {
        allowPrivate: true,
        lookup: answers('169.254.169.254'),
      }),
    ).rejects.toThrow('metadata');
  });

  it('refuses a name that does not resolve', async () => {
    await expect(
      resolveWebhookTarget('http://nowhere.invalid/', {
        allowPrivate: false,
        lookup: () =>
          Promise.reject(Object.assign(new Error('x'), { code: 'ENOTFOUND' })),
      }),
    ).rejects.toThrow('the name did not resolve (ENOTFOUND)');
  });
});
