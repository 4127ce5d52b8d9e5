/**
 * Text that PostgreSQL cannot hold in `text` or `jsonb`: the NUL character, and UTF-16
 * surrogates that are not part of a pair (they have no UTF-8 form). JSON and URL decoding
 * both produce them happily, so every string a visitor or staff member sends is checked
 * against this one rule at the edge, and the audit worker checks events with it again.
 */
const UNSTORABLE =
  // eslint-disable-next-line no-control-regex -- NUL is exactly what this rule looks for
  /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export function isStorableText(value: string): boolean {
  return !UNSTORABLE.test(value);
}

/** The documented clean-up where refusing is not an option: each offending unit becomes U+FFFD. */
export function toStorableText(value: string): string {
  return value.replace(new RegExp(UNSTORABLE.source, 'g'), '\ufffd');
}

/**
 * Path (`a.b[2]`) of the first string inside `value` that is not storable, keys included;
 * undefined when every string is. Walks plain objects and arrays only, to a bounded depth.
 */
export function findUnstorableText(
  value: unknown,
  path = '',
  depth = 0,
): string | undefined {
  if (typeof value === 'string')
    return isStorableText(value) ? undefined : path || 'value';
  if (typeof value !== 'object' || value === null || depth > 32)
    return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findUnstorableText(value[i], `${path}[${i}]`, depth + 1);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  for (const [key, item] of Object.entries(value)) {
    const at = path ? `${path}.${key}` : key;
    if (!isStorableText(key)) return at;
    const found = findUnstorableText(item, at, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}
