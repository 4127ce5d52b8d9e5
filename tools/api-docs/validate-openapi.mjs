// @ts-check
// Validates an OpenAPI document with an implementation independent of the one that wrote
// it (@seriousme/openapi-schema-validator), and checks that every $ref resolves.
// Usage: node tools/api-docs/validate-openapi.mjs <file | http(s) URL | ->   (- : stdin)
// Prints {"valid":…,"errors":[…]} and exits 1 when the document is not valid.
import { readFile } from 'node:fs/promises';
import { Validator } from '@seriousme/openapi-schema-validator';

/** @param {string} source */
async function load(source) {
  if (/^https?:\/\//.test(source)) {
    const response = await fetch(source);
    return /** @type {Record<string, unknown>} */ (await response.json());
  }
  if (source === '-') {
    /** @type {Buffer[]} */
    const chunks = [];
    for await (const chunk of process.stdin)
      chunks.push(/** @type {Buffer} */ (chunk));
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  }
  return JSON.parse(await readFile(source, 'utf8'));
}

/**
 * Every local `$ref` ("#/a/b") that points at nothing.
 * @param {unknown} document
 * @returns {string[]}
 */
function danglingRefs(document) {
  /** @type {string[]} */
  const dangling = [];
  /** @param {unknown} node */
  const visit = (node) => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (node === null || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') {
        /** @type {unknown} */
        let target = document;
        for (const part of value.replace(/^#\//, '').split('/')) {
          const name = decodeURIComponent(part)
            .replace(/~1/g, '/')
            .replace(/~0/g, '~');
          target =
            target !== null && typeof target === 'object'
              ? /** @type {Record<string, unknown>} */ (target)[name]
              : undefined;
        }
        if (!value.startsWith('#/') || target === undefined)
          dangling.push(value);
      } else visit(value);
    }
  };
  visit(document);
  return dangling;
}

const source = process.argv[2] ?? '-';
const document = await load(source);
const result = await new Validator().validate(document);
const dangling = danglingRefs(document);
const errors = [
  ...(Array.isArray(result.errors)
    ? result.errors
    : result.errors
      ? [result.errors]
      : []),
  ...dangling.map((ref) => `unresolved $ref ${ref}`),
];
const valid = result.valid && dangling.length === 0;
console.log(JSON.stringify({ valid, errors }));
process.exit(valid ? 0 : 1);
