import { isProxyAddress } from './trusted-proxies';

/** README section whose configuration table lists the variable. */
export type ConfigGroup =
  | 'core'
  | 'web'
  | 'audit'
  | 'admin'
  | 'backup'
  | 'integrations';

/** The address list that matches nothing (METRICS_ALLOW=none). */
export const NO_ADDRESS = 'none';

export const NODE_ENVS = ['development', 'production', 'test'] as const;
export type NodeEnv = (typeof NODE_ENVS)[number];

/** What a default or a cross-check may look at besides the variable itself. */
export interface ConfigContext {
  readonly nodeEnv: NodeEnv;
  readonly production: boolean;
  /** Whether the environment gives a (non-empty) value for another variable. */
  isSet(name: string): boolean;
}

export type ConfigDefault<T> = T | ((context: ConfigContext) => T);

export type Parsed<T> = { value: T } | { problem: string };

/**
 * `always`: the config always holds a value (a default, or the variable is required);
 * `maybe`: optional, undefined when unset.
 */
export type Presence = 'always' | 'maybe';

/** One environment variable: how it is read and checked, and how it is documented. */
export interface ConfigVariable<T, P extends Presence = Presence> {
  readonly kind: 'integer' | 'boolean' | 'choice' | 'text' | 'list';
  readonly presence: P;
  readonly group: ConfigGroup;
  /** One line for the README's table. */
  readonly description: string;
  /** Never echoed: error messages give only its length. Deployments pass it as a secret. */
  readonly secret: boolean;
  /** Refuses to start when unset. */
  readonly required: boolean;
  /** The value when unset; absent on required and optional variables. */
  readonly default?: ConfigDefault<T>;
  /** The README's Default column, where the value alone would not say enough. */
  readonly defaultText?: string;
  parse(raw: string): Parsed<T>;
  /** A check that needs the parsed value and the context (such as production). */
  check?(value: T, context: ConfigContext): string | undefined;
}

interface Meta {
  group: ConfigGroup;
  description: string;
  defaultText?: string;
}

interface WithDefault<T> extends Meta {
  default: ConfigDefault<T>;
}

export function integer(
  options: WithDefault<number> & { min?: number; max?: number },
): ConfigVariable<number, 'always'> {
  const { min, max } = options;
  return {
    kind: 'integer',
    presence: 'always',
    secret: false,
    required: false,
    group: options.group,
    description: options.description,
    default: options.default,
    defaultText: options.defaultText,
    parse(raw) {
      if (!/^-?\d+$/.test(raw)) return { problem: 'must be an integer number' };
      const value = Number(raw);
      if (min !== undefined && value < min)
        return { problem: `must not be less than ${min}` };
      if (max !== undefined && value > max)
        return { problem: `must not be greater than ${max}` };
      return { value };
    },
  };
}

const TRUE = new Set(['true', '1', 'yes', 'on']);
const FALSE = new Set(['false', '0', 'no', 'off']);

export function boolean(
  options: WithDefault<boolean>,
): ConfigVariable<boolean, 'always'> {
  return {
    kind: 'boolean',
    presence: 'always',
    secret: false,
    required: false,
    group: options.group,
    description: options.description,
    default: options.default,
    defaultText: options.defaultText,
    parse(raw) {
      const normalised = raw.toLowerCase();
      if (TRUE.has(normalised)) return { value: true };
      if (FALSE.has(normalised)) return { value: false };
      return {
        problem: 'must be a boolean value (true/false, 1/0, yes/no, on/off)',
      };
    },
  };
}

export function choice<const V extends readonly string[]>(
  values: V,
  options: WithDefault<V[number]>,
): ConfigVariable<V[number], 'always'> {
  return {
    kind: 'choice',
    presence: 'always',
    secret: false,
    required: false,
    group: options.group,
    description: options.description,
    default: options.default,
    defaultText: options.defaultText,
    parse(raw) {
      return (values as readonly string[]).includes(raw)
        ? { value: raw as V[number] }
        : {
            problem: `must be one of the following values: ${values.join(', ')}`,
          };
    },
  };
}

interface TextOptions extends Meta {
  /** Whole-value pattern; `message` says what it means. */
  pattern?: RegExp;
  message?: string;
  secret?: boolean;
  check?: (value: string, context: ConfigContext) => string | undefined;
}

function textParser(
  options: TextOptions,
): Pick<ConfigVariable<string>, 'parse'> {
  const { pattern, message } = options;
  return {
    parse(raw) {
      if (pattern && !pattern.test(raw))
        return { problem: message ?? `must match ${String(pattern)}` };
      return { value: raw };
    },
  };
}

/** A text variable with a default. */
export function text(
  options: TextOptions & { default: ConfigDefault<string> },
): ConfigVariable<string, 'always'> {
  return {
    kind: 'text',
    presence: 'always',
    required: false,
    secret: options.secret ?? false,
    group: options.group,
    description: options.description,
    default: options.default,
    defaultText: options.defaultText,
    check: options.check,
    ...textParser(options),
  };
}

/** A text variable the services cannot start without. */
export function requiredText(
  options: TextOptions,
): ConfigVariable<string, 'always'> {
  return {
    kind: 'text',
    presence: 'always',
    required: true,
    secret: options.secret ?? false,
    group: options.group,
    description: options.description,
    defaultText: options.defaultText,
    check: options.check,
    ...textParser(options),
  };
}

/** A text variable that may stay unset. */
export function optionalText(
  options: TextOptions,
): ConfigVariable<string, 'maybe'> {
  return {
    kind: 'text',
    presence: 'maybe',
    required: false,
    secret: options.secret ?? false,
    group: options.group,
    description: options.description,
    defaultText: options.defaultText,
    check: options.check,
    ...textParser(options),
  };
}

/** `"a, b,,c"` → `['a', 'b', 'c']`. */
export function splitList(raw: string): string[] {
  return raw
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/**
 * Comma-separated IP addresses, CIDR ranges and proxy-addr's range names; `none`, where
 * allowed, stands alone and means no address at all.
 */
export function addressList(
  options: WithDefault<string[]> & { allowNone?: boolean },
): ConfigVariable<string[], 'always'> {
  return {
    kind: 'list',
    presence: 'always',
    secret: false,
    required: false,
    group: options.group,
    description: options.description,
    default: options.default,
    defaultText: options.defaultText,
    parse(raw) {
      const items = splitList(raw);
      if (options.allowNone && items.includes(NO_ADDRESS))
        return items.length === 1
          ? { value: items }
          : { problem: `must be ${NO_ADDRESS} alone, or a list without it` };
      return items.every(isProxyAddress)
        ? { value: items }
        : {
            problem:
              'must be a comma-separated list of IP addresses or CIDR ranges',
          };
    },
  };
}

/**
 * Why a secret key is easy to guess, or undefined. Length alone let `aaaa…` through; random
 * keys (`openssl rand -hex 16` and longer) pass: fewer than 8 different characters in 32 random
 * hex digits happened 0 times in 200,000 draws.
 */
export function weakKeyReason(
  value: string,
  minDistinct: number,
): string | undefined {
  const distinct = new Set(value).size;
  if (distinct < minDistinct)
    return `uses only ${distinct} different characters (at least ${minDistinct} needed)`;
  for (let period = 1; period <= value.length / 2; period++) {
    let repeats = true;
    for (let i = period; i < value.length && repeats; i++)
      repeats = value[i] === value[i - period];
    if (repeats) return 'repeats a shorter pattern';
  }
  let steps = 0;
  for (let i = 1; i < value.length; i++)
    if (Math.abs(value.charCodeAt(i) - value.charCodeAt(i - 1)) === 1) steps++;
  if (steps * 2 > value.length - 1)
    return 'is mostly a run of consecutive characters';
  return undefined;
}
