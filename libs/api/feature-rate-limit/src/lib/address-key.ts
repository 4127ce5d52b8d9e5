import { isIPv4, isIPv6 } from 'node:net';

/** The eight 16-bit groups of an IPv6 address (zone id dropped, a dotted IPv4 tail folded in). */
function ipv6Groups(ip: string): number[] {
  let text = ip.split('%', 1)[0] ?? '';
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number) as [
      number,
      number,
      number,
      number,
    ];
    text = `${text.slice(0, -v4[0].length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const parse = (part: string) =>
    part === '' ? [] : part.split(':').map((group) => parseInt(group, 16));
  const gap = text.indexOf('::');
  if (gap < 0) return parse(text);
  const head = parse(text.slice(0, gap));
  const tail = parse(text.slice(gap + 2));
  return [
    ...head,
    ...new Array<number>(8 - head.length - tail.length).fill(0),
    ...tail,
  ];
}

/**
 * What a rate limit counts a client address as. An IPv4 address is itself; an IPv6 address is
 * its /64, the block one subscriber usually holds whole (one host can rotate through 2^64
 * addresses in it); an IPv4-mapped IPv6 address is the IPv4 address it maps.
 */
export function addressKey(ip: string): string {
  if (isIPv4(ip) || !isIPv6(ip)) return ip;
  const groups = ipv6Groups(ip);
  if (groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff)
    return [
      (groups[6] ?? 0) >> 8,
      (groups[6] ?? 0) & 0xff,
      (groups[7] ?? 0) >> 8,
      (groups[7] ?? 0) & 0xff,
    ].join('.');
  return `${groups
    .slice(0, 4)
    .map((group) => group.toString(16))
    .join(':')}::/64`;
}
