import { lookup as dnsLookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/**
 * What an address is, for the SSRF guard. `loopback` and `private` may be opened for
 * development (WEBHOOK_ALLOW_PRIVATE); `link-local`, `metadata` and `reserved` never.
 */
export type AddressKind =
  | 'public'
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'metadata'
  | 'reserved';

function list(entries: [string, number, 'ipv4' | 'ipv6'][]): BlockList {
  const blocks = new BlockList();
  for (const [network, prefix, family] of entries)
    blocks.addSubnet(network, prefix, family);
  return blocks;
}

const METADATA = new Set([
  '169.254.169.254', // AWS, GCP, Azure, OpenStack, DigitalOcean…
  '169.254.170.2', // AWS ECS task metadata
  '100.100.100.200', // Alibaba Cloud
  '168.63.129.16', // Azure wire server
  'fd00:ec2::254', // AWS IMDS over IPv6
]);

const KINDS: [Exclude<AddressKind, 'public' | 'metadata'>, BlockList][] = [
  [
    'loopback',
    list([
      ['127.0.0.0', 8, 'ipv4'],
      ['::1', 128, 'ipv6'],
    ]),
  ],
  [
    'link-local',
    list([
      ['169.254.0.0', 16, 'ipv4'],
      ['fe80::', 10, 'ipv6'],
    ]),
  ],
  [
    'private',
    list([
      ['10.0.0.0', 8, 'ipv4'],
      ['172.16.0.0', 12, 'ipv4'],
      ['192.168.0.0', 16, 'ipv4'],
      ['100.64.0.0', 10, 'ipv4'], // carrier-grade NAT
      ['fc00::', 7, 'ipv6'], // unique local
    ]),
  ],
  [
    'reserved',
    list([
      ['0.0.0.0', 8, 'ipv4'],
      ['192.0.0.0', 24, 'ipv4'],
      ['192.0.2.0', 24, 'ipv4'],
      ['198.18.0.0', 15, 'ipv4'],
      ['198.51.100.0', 24, 'ipv4'],
      ['203.0.113.0', 24, 'ipv4'],
      ['224.0.0.0', 4, 'ipv4'], // multicast
      ['240.0.0.0', 4, 'ipv4'], // reserved and broadcast
      ['::', 128, 'ipv6'],
      ['::', 96, 'ipv6'], // IPv4-compatible (deprecated)
      ['100::', 64, 'ipv6'], // discard
      ['2001:db8::', 32, 'ipv6'], // documentation
      ['ff00::', 8, 'ipv6'], // multicast
    ]),
  ],
];

/** The 16 bytes of an IPv6 address (any textual form, with or without a trailing IPv4). */
function ipv6Bytes(address: string): number[] {
  let text = address.replace(/%.*$/, '');
  const tail: number[] = [];
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4?.[1]) {
    tail.push(...v4[1].split('.').map(Number));
    text = text.slice(0, -v4[1].length) + '0:0';
  }
  const [head = '', rest] = text.split('::');
  const left = head ? head.split(':') : [];
  const right = rest === undefined ? [] : rest ? rest.split(':') : [];
  const groups = [
    ...left,
    ...Array<string>(8 - left.length - right.length).fill('0'),
    ...right,
  ];
  const bytes = groups.flatMap((group) => {
    const value = parseInt(group || '0', 16);
    return [value >> 8, value & 0xff];
  });
  if (tail.length === 4) bytes.splice(12, 4, ...tail);
  return bytes;
}

/**
 * The IPv4 address an IPv6 one stands for, when it does: `::ffff:a.b.c.d` (mapped, also in
 * hex as `::ffff:7f00:1`) and `64:ff9b::a.b.c.d` (NAT64). Both reach the IPv4 host.
 */
export function embeddedIpv4(address: string): string | undefined {
  if (isIP(address) !== 6) return undefined;
  const bytes = ipv6Bytes(address);
  const prefix = bytes.slice(0, 12);
  const mapped = prefix.every((byte, i) =>
    i < 10 ? byte === 0 : byte === 0xff,
  );
  const nat64 =
    prefix.join(',') ===
    [0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0].join(',');
  return mapped || nat64 ? bytes.slice(12).join('.') : undefined;
}

export function classifyAddress(address: string): AddressKind {
  const family = isIP(address);
  if (family === 0) return 'reserved';
  const v4 = family === 6 ? embeddedIpv4(address) : address;
  if (v4 !== undefined && v4 !== address) return classifyAddress(v4);
  const normalised = family === 6 ? address.toLowerCase() : address;
  if (METADATA.has(normalised)) return 'metadata';
  const type = family === 4 ? 'ipv4' : 'ipv6';
  for (const [kind, blocks] of KINDS)
    if (blocks.check(normalised, type)) return kind;
  return 'public';
}

export function addressAllowed(
  kind: AddressKind,
  allowPrivate: boolean,
): boolean {
  if (kind === 'public') return true;
  return allowPrivate && (kind === 'loopback' || kind === 'private');
}

export type LookupAll = (
  hostname: string,
) => Promise<{ address: string; family: number }[]>;

export const systemLookup: LookupAll = (hostname) =>
  dnsLookup(hostname, { all: true, verbatim: true });

export class WebhookTargetRefused extends Error {
  constructor(
    readonly reason: string,
    readonly kind?: AddressKind,
  ) {
    super(reason);
    this.name = 'WebhookTargetRefused';
  }
}

export interface CheckedTarget {
  url: URL;
  /** The address to connect to: one we resolved and checked ourselves. */
  address: string;
  family: 4 | 6;
}

/** Shape checks that need no DNS: scheme, credentials, a literal address's kind. */
export function checkWebhookUrl(raw: string, allowPrivate: boolean): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new WebhookTargetRefused('not a URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new WebhookTargetRefused('only http and https URLs');
  if (url.username || url.password)
    throw new WebhookTargetRefused('credentials in the URL are not allowed');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host)) {
    const kind = classifyAddress(host);
    if (!addressAllowed(kind, allowPrivate))
      throw new WebhookTargetRefused(`${kind} address refused`, kind);
  }
  return url;
}

/**
 * Resolves the URL's host and checks every address it resolves to: one refused address
 * refuses the target (a name that answers both a public and a private address is how DNS
 * rebinding starts). Called before every attempt; the caller connects to `address`.
 */
export async function resolveWebhookTarget(
  raw: string,
  {
    allowPrivate,
    lookup = systemLookup,
  }: { allowPrivate: boolean; lookup?: LookupAll },
): Promise<CheckedTarget> {
  const url = checkWebhookUrl(raw, allowPrivate);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: { address: string; family: number }[];
  if (isIP(host)) addresses = [{ address: host, family: isIP(host) }];
  else {
    try {
      addresses = await lookup(host);
    } catch (error) {
      throw new WebhookTargetRefused(
        `the name did not resolve (${(error as { code?: string }).code ?? 'error'})`,
      );
    }
  }
  if (addresses.length === 0)
    throw new WebhookTargetRefused('the name resolved to no address');
  for (const { address } of addresses) {
    const kind = classifyAddress(address);
    if (!addressAllowed(kind, allowPrivate))
      throw new WebhookTargetRefused(
        `${host} resolves to a ${kind} address`,
        kind,
      );
  }
  const [first] = addresses;
  return {
    url,
    address: first?.address ?? '',
    family: isIP(first?.address ?? '') === 6 ? 6 : 4,
  };
}
