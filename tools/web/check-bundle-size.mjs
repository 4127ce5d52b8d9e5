#!/usr/bin/env node
// Measures the landing route's initial JavaScript, compressed, for every locale build,
// and fails above the limit. Angular's own budgets only see raw bytes. With --admin=<dir>
// it also measures the admin workspace's entry (the initial JavaScript of apps/admin, a
// separate build served under /<locale>/admin/) against its own limit.
//   node tools/web/check-bundle-size.mjs <dist/apps/web/browser> [--max-kb=100]
//     [--admin=<dist/apps/admin/browser>] [--admin-max-kb=165] [--write-compressed]
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
const adminRoot = args
  .find((arg) => arg.startsWith('--admin='))
  ?.slice('--admin='.length);
// The admin entry (Angular, router, forms, the Material pieces of the shell and the sign-in
// page) measured 142.6 kB gzip (en) and 142.7 kB (fa) when it became its own build; the
// limit leaves ~15 % for the callback workflow's additions before someone has to look.
const adminMaxKb = Number(
  args.find((arg) => arg.startsWith('--admin-max-kb='))?.split('=')[1] ?? 165,
);

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

/**
 * @param {string} buildRoot a localised browser build: one folder per locale
 * @param {string} what how the report names its initial JavaScript
 * @param {number} limitKb
 * @returns {boolean} whether every locale is within the limit
 */
function measure(buildRoot, what, limitKb) {
  const locales = readdirSync(buildRoot).filter((name) =>
    existsSync(path.join(buildRoot, name, 'index.html')),
  );
  if (locales.length === 0) {
    console.error(`No <locale>/index.html under ${buildRoot}.`);
    process.exit(2);
  }
  let within = true;
  for (const locale of locales) {
    const dir = path.join(buildRoot, locale);
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
    const over = gz > limitKb * 1000;
    within &&= !over;
    console.log(
      `${over ? 'FAIL' : 'ok  '} ${locale}: ${what} initial JS ${kb(raw)} raw, ${kb(gz)} gzip, ${kb(br)} brotli ` +
        `(${scripts.length} files; limit ${limitKb} kB compressed)`,
    );
  }
  return within;
}

let failed = !measure(root, 'landing route', maxKb);
if (adminRoot !== undefined) {
  if (!existsSync(adminRoot)) {
    console.error(`"${adminRoot}" does not exist (build admin first).`);
    process.exit(2);
  }
  failed = !measure(adminRoot, 'admin entry', adminMaxKb) || failed;
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
  for (const file of [root, adminRoot]
    .filter((dir) => dir !== undefined)
    .flatMap(walk)) {
    if (!/\.(js|css|html|svg|json|txt|ico)$/.test(file)) continue;
    const content = readFileSync(file);
    writeFileSync(`${file}.gz`, gzip(content));
    writeFileSync(`${file}.br`, brotli(content));
  }
}

process.exit(failed ? 1 : 0);
