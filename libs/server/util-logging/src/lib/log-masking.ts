import { isIPv4, isIPv6 } from 'node:net';
import { maskPhone } from '@landing/shared/domain-phone';

function expandIpv6(address: string): string[] {
  const [head = '', tail] = address.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const missing = tail === undefined ? 0 : 8 - left.length - right.length;
  return [...left, ...Array<string>(missing).fill('0'), ...right];
}

/**
 * Keeps the network, drops the host: `203.0.113.42` → `203.0.113.*`, IPv6 keeps its /48.
 * Enough to see that requests come from one network; not enough to name a visitor.
 */
export function maskIp(value: string): string {
  const address = value.trim();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1] && isIPv4(mapped[1])) return `::ffff:${maskIp(mapped[1])}`;
  if (isIPv4(address)) return `${address.split('.').slice(0, 3).join('.')}.*`;
  if (isIPv6(address))
    return `${expandIpv6(address.split('%')[0] ?? '')
      .slice(0, 3)
      .join(':')}:*`;
  return '*';
}

/**
 * Keeps the first character of the local part and the domain: `sara@example.com` →
 * `s***@example.com`. Enough to tell two staff addresses apart in a log, not to write to one.
 */
export function maskEmail(value: string): string {
  const at = value.lastIndexOf('@');
  if (at < 1) return '***';
  return `${value.slice(0, 1)}***@${value.slice(at + 1).replace(/[^\w.-]/g, '')}`;
}

const E164_IN_TEXT = /\+\d{8,15}(?!\d)/g;
const IPV4_IN_TEXT = /(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d.])/g;

/**
 * Masks phone numbers (as stored: E.164) and IPv4 addresses inside free text, such as a
 * database error that quotes the row it refused.
 */
export function maskText(text: string): string {
  return text
    .replace(E164_IN_TEXT, (phone) => maskPhone(phone))
    .replace(IPV4_IN_TEXT, (ip) =>
      isIPv4(ip) && !isInfrastructureIpv4(ip) ? maskIp(ip) : ip,
    );
}

/** Unspecified, loopback and private addresses name machines of ours, never a visitor; bind addresses stay readable. */
function isInfrastructureIpv4(ip: string): boolean {
  const [a = 0, b = 0] = ip.split('.').map(Number);
  return (
    a === 0 ||
    a === 127 ||
    a === 10 ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168)
  );
}

const PHONE_KEYS = new Set(['phone', 'phoneNumber']);
const IP_KEYS = new Set(['ip', 'ips', 'remoteAddress', 'clientIp']);

/** Masks the personal fields of a log record (top level; log records here are flat). */
export function maskLogFields(
  record: Record<string, unknown>,
): Record<string, unknown> {
  const masked: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    if (typeof value === 'string') {
      masked[key] = PHONE_KEYS.has(key)
        ? maskPhone(value)
        : IP_KEYS.has(key)
          ? maskIp(value)
          : maskText(value);
    } else if (Array.isArray(value) && IP_KEYS.has(key)) {
      masked[key] = value.map((item) =>
        typeof item === 'string' ? maskIp(item) : '*',
      );
    } else {
      masked[key] = value;
    }
  }
  return masked;
}
