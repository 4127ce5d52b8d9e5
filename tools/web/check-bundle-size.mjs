#!/usr/bin/env node
// Measures the landing route's initial JavaScript, compressed, for every locale build,
// and fails above the limit. Angular's own budgets only see raw bytes.
//   node tools/web/check-bundle-size.mjs <dist/apps/web/browser> [--max-kb=100] [--write-compressed]
// --write-compressed also writes .gz and .br next to every text asset, so a static
// server (the api in development, nginx with gzip_static) can serve them precompressed.
import {
  existsSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const args = process.argv.slice(2);
const root = args.find((arg) => !arg.startsWith('--'));
const maxKb = Number(
  args.find((arg) => arg.startsWith('--max-kb='))?.split('=')[1] ?? 100,
);
const writeCompressed = args.includes('--write-compressed');

if (!root || !existsSync(root)) {
  console.error(
    `Usage: check-bundle-size.mjs <browser dist dir>; "${root ?? ''}" does not exist (build web first).`,
  );
  process.exit(2);
}

/** @param {Buffer} buffer */
const gzip = (buffer) => gzipSync(buffer, { level: 9 });
/** @param {Buffer} buffer */
const brotli = (buffer) =>
  brotliCompressSync(buffer, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11 },
  });

/** Scripts the browser fetches before the page is interactive: <script src> and modulepreload. */
/** @param {string} html */
function initialScripts(html) {
  const found = new Set();
  for (const match of html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g))
    found.add(match[1]);
  for (const match of html.matchAll(
    /<link\b[^>]*\brel="modulepreload"[^>]*\bhref="([^"]+)"/g,
  ))
    found.add(match[1]);
  for (const match of html.matchAll(
    /<link\b[^>]*\bhref="([^"]+)"[^>]*\brel="modulepreload"/g,
  ))
    found.add(match[1]);
  return [...found].filter((src) => !/^[a-z]+:\/\//i.test(src));
}

const locales = readdirSync(root).filter((name) =>
  existsSync(path.join(root, name, 'index.html')),
);
if (locales.length === 0) {
  console.error(`No <locale>/index.html under ${root}.`);
  process.exit(2);
}

let failed = false;
for (const locale of locales) {
  const dir = path.join(root, locale);
  const scripts = initialScripts(
    readFileSync(path.join(dir, 'index.html'), 'utf8'),
  );
  let raw = 0;
  let gz = 0;
  let br = 0;
  for (const src of scripts) {
    const content = readFileSync(path.join(dir, src.replace(/^\//, '')));
    raw += content.length;
    gz += gzip(content).length;
    br += brotli(content).length;
  }
  /** @param {number} bytes */
  const kb = (bytes) => `${(bytes / 1000).toFixed(1)} kB`;
  const over = gz > maxKb * 1000;
  failed ||= over;
  console.log(
    `${over ? 'FAIL' : 'ok  '} ${locale}: landing route initial JS ${kb(raw)} raw, ${kb(gz)} gzip, ${kb(br)} brotli ` +
      `(${scripts.length} files; limit ${maxKb} kB compressed)`,
  );
}

if (writeCompressed) {
  /**
   * @param {string} dir
   * @returns {string[]}
   */
  const walk = (dir) =>
    readdirSync(dir).flatMap((name) => {
      const file = path.join(dir, name);
      return statSync(file).isDirectory() ? walk(file) : [file];
    });
  for (const file of walk(root)) {
    if (!/\.(js|css|html|svg|json|txt|ico)$/.test(file)) continue;
    const content = readFileSync(file);
    writeFileSync(`${file}.gz`, gzip(content));
    writeFileSync(`${file}.br`, brotli(content));
  }
}

process.exit(failed ? 1 : 0);
