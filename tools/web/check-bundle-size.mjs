#!/usr/bin/env node
// Measures the landing route's initial JavaScript, compressed, for every locale build,
// and fails above the limit. Angular's own budgets only see raw bytes.
//   node tools/web/check-bundle-size.mjs <dist/apps/web/browser> [--max-kb=100] [--admin-max-kb=150] [--write-compressed]
// It also reports the admin area's entry chunks (downloaded on opening /admin) against
// their own limit.
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
const adminMaxKb = Number(
  args.find((arg) => arg.startsWith('--admin-max-kb='))?.split('=')[1] ?? 150,
);

if (!root || !existsSync(root)) {
  console.error(
    `Usage: check-bundle-size.mjs <browser dist dir>; "${root ?? ''}" does not exist (build web first).`,
  );
  process.exit(2);
}

const gzip = (buffer) => gzipSync(buffer, { level: 9 });
const brotli = (buffer) =>
  brotliCompressSync(buffer, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11 },
  });

/** Scripts the browser fetches before the page is interactive: <script src> and modulepreload. */
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

/** Chunks a script imports statically (`import ... from "./chunk-X.js"`, `import "./chunk-X.js"`). */
function staticImports(code) {
  return [
    ...code.matchAll(/(?:\bfrom|\bimport)\s*["'](\.\/[^"']+\.js)["']/g),
  ].map((match) => match[1].slice(2));
}

/**
 * What the browser fetches on entering the admin area on top of the landing page's initial
 * scripts: the chunk that defines the admin shell (`lp-admin-shell`) and every chunk it
 * imports statically. The overview's chart library and user management load later.
 */
function adminEntry(dir, initial) {
  const chunks = readdirSync(dir).filter((name) => name.endsWith('.js'));
  const shell = chunks.find((name) =>
    readFileSync(path.join(dir, name), 'utf8').includes('"lp-admin-shell"'),
  );
  if (!shell) return null;
  const seen = new Set();
  const queue = [shell];
  while (queue.length) {
    const name = queue.pop();
    if (seen.has(name) || initial.has(name)) continue;
    seen.add(name);
    queue.push(...staticImports(readFileSync(path.join(dir, name), 'utf8')));
  }
  return [...seen];
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
  const kb = (bytes) => `${(bytes / 1000).toFixed(1)} kB`;
  const over = gz > maxKb * 1000;
  failed ||= over;
  console.log(
    `${over ? 'FAIL' : 'ok  '} ${locale}: landing route initial JS ${kb(raw)} raw, ${kb(gz)} gzip, ${kb(br)} brotli ` +
      `(${scripts.length} files; limit ${maxKb} kB compressed)`,
  );

  const admin = adminEntry(
    dir,
    new Set(scripts.map((src) => src.replace(/^\//, ''))),
  );
  if (!admin) {
    failed = true;
    console.log(`FAIL ${locale}: no chunk defines the admin shell`);
    continue;
  }
  let adminRaw = 0;
  let adminGz = 0;
  for (const name of admin) {
    const content = readFileSync(path.join(dir, name));
    adminRaw += content.length;
    adminGz += gzip(content).length;
  }
  const adminOver = adminGz > adminMaxKb * 1000;
  failed ||= adminOver;
  console.log(
    `${adminOver ? 'FAIL' : 'ok  '} ${locale}: admin entry JS (beyond the landing's) ${kb(adminRaw)} raw, ${kb(adminGz)} gzip ` +
      `(${admin.length} files; limit ${adminMaxKb} kB compressed)`,
  );
}

if (writeCompressed) {
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
