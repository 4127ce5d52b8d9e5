import { isIP } from 'node:net';
import { ValidateBy, type ValidationOptions } from 'class-validator';

/** Names proxy-addr (Fastify's `trustProxy`) understands besides addresses and CIDR ranges. */
const PROXY_RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** An IP address, a CIDR range (`10.0.0.0/8`, `fd00::/8`) or one of proxy-addr's range names. */
export function isProxyAddress(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  if (PROXY_RANGE_NAMES.has(value) || isIP(value) !== 0) return true;
  const match = /^([^/]+)\/(\d{1,3})$/.exec(value);
  if (!match?.[1] || !match[2]) return false;
  const family = isIP(match[1]);
  const bits = Number(match[2]);
  return (family === 4 && bits <= 32) || (family === 6 && bits <= 128);
}

export function IsProxyAddressList(
  options?: ValidationOptions,
): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isProxyAddressList',
      validator: {
        validate: (value: unknown) =>
          Array.isArray(value) && value.every(isProxyAddress),
        defaultMessage: () =>
          'must be a comma-separated list of IP addresses or CIDR ranges',
      },
    },
    options,
  );
}

/** `"a, b,,c"` → `['a', 'b', 'c']`; anything else is left for validation to reject. */
export const toList = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string'
    ? value
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item !== '')
    : value;

const TRUE = new Set(['true', '1', 'yes', 'on']);
const FALSE = new Set(['false', '0', 'no', 'off']);

export const toBool = ({ value }: { value: unknown }): unknown => {
  if (typeof value !== 'string') return value;
  const normalised = value.trim().toLowerCase();
  return TRUE.has(normalised) ? true : FALSE.has(normalised) ? false : value;
};
