import { timingSafeEqual } from 'node:crypto';
import { BlockList, isIP } from 'node:net';

export interface MetricsAccessPolicy {
  /** When set, a scrape must send `Authorization: Bearer <token>`. */
  token?: string;
  /** Addresses or CIDR ranges allowed to scrape (also `loopback`, `linklocal`, `uniquelocal`); empty: any; `['none']`: nobody. */
  allow: readonly string[];
}

const NAMED_RANGES: Record<string, [string, number, 'ipv4' | 'ipv6'][]> = {
  loopback: [
    ['127.0.0.0', 8, 'ipv4'],
    ['::1', 128, 'ipv6'],
  ],
  linklocal: [
    ['169.254.0.0', 16, 'ipv4'],
    ['fe80::', 10, 'ipv6'],
  ],
  uniquelocal: [
    ['10.0.0.0', 8, 'ipv4'],
    ['172.16.0.0', 12, 'ipv4'],
    ['192.168.0.0', 16, 'ipv4'],
    ['fc00::', 7, 'ipv6'],
  ],
};

function blockListOf(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    for (const [address, bits, family] of NAMED_RANGES[entry] ?? [])
      list.addSubnet(address, bits, family);
    const [address = '', bits] = entry.split('/');
    const family = isIP(address);
    if (family === 0) continue;
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (bits === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(bits), type);
  }
  return list;
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Decides whether a scrape may read `/metrics`: from an allowed network and, when a token is
 * configured, with that token. Metrics carry no personal data, but they do describe traffic.
 */
export function metricsAccessChecker(
  policy: MetricsAccessPolicy,
): (ip: string | undefined, authorization: string | undefined) => boolean {
  if (policy.allow.includes('none')) return () => false;
  const allowed =
    policy.allow.length > 0 ? blockListOf(policy.allow) : undefined;
  return (ip, authorization) => {
    if (allowed) {
      const address = ip?.startsWith('::ffff:') ? ip.slice(7) : ip;
      const family = address ? isIP(address) : 0;
      if (
        !address ||
        family === 0 ||
        !allowed.check(address, family === 4 ? 'ipv4' : 'ipv6')
      )
        return false;
    }
    if (policy.token === undefined) return true;
    const given = /^Bearer (.+)$/i.exec(authorization ?? '')?.[1];
    return given !== undefined && sameSecret(given, policy.token);
  };
}
