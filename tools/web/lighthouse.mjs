#!/usr/bin/env node
// `npm run lighthouse`: Lighthouse (npm) in Debian's Chromium against the built landing
// page, mobile profile, for every locale. Serves dist/apps/web/browser the way
// production does (gzip, immutable hashed assets, revalidated HTML) on a free port.
//   node tools/web/lighthouse.mjs [--assert]   (--assert: exit 1 below the targets)
// Env: CHROME_PATH (default /usr/bin/chromium).
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';

const repoRoot = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../..',
);
const webRoot = path.join(repoRoot, 'dist/apps/web/browser');
const lighthouseCli = path.join(
  repoRoot,
  'node_modules/lighthouse/cli/index.js',
);
const chromePath = process.env.CHROME_PATH || '/usr/bin/chromium';
const TARGETS = { performance: 95, accessibility: 100 };
/** @type {Record<string, string>} */
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
};

if (!existsSync(path.join(webRoot, 'fa/index.html'))) {
  console.error('dist/apps/web/browser is missing: npx nx run web:build');
  process.exit(2);
}
if (!existsSync(chromePath)) {
  console.error(
    `No Chromium at ${chromePath}: apt-get install -y chromium, or set CHROME_PATH.`,
  );
  process.exit(2);
}

const locales = ['fa', 'en'].filter((locale) =>
  existsSync(path.join(webRoot, locale, 'index.html')),
);
const server = http.createServer((req, res) => {
  const { pathname } = new URL(req.url ?? '/', 'http://localhost');
  let file = path.join(webRoot, decodeURIComponent(pathname));
  if (!file.startsWith(webRoot + path.sep)) {
    res.writeHead(404).end();
    return;
  }
  if (existsSync(file) && statSync(file).isDirectory())
    file = path.join(file, 'index.html');
  if (!existsSync(file)) {
    res.writeHead(404).end();
    return;
  }
  const ext = path.extname(file);
  const hashed = /-[A-Z0-9]{8}\.[a-z0-9]+$/.test(file);
  let body = readFileSync(file);
  /** @type {Record<string, string>} */
  const headers = {
    'content-type': TYPES[ext] ?? 'application/octet-stream',
    'cache-control': hashed
      ? 'public, max-age=31536000, immutable'
      : 'no-cache',
  };
  if (
    /gzip/.test(req.headers['accept-encoding'] ?? '') &&
    ext in TYPES &&
    ext !== '.ico'
  ) {
    body = gzipSync(body, { level: 9 });
    headers['content-encoding'] = 'gzip';
  }
  res.writeHead(200, { ...headers, 'content-length': body.length }).end(body);
});
await new Promise((resolve) =>
  server.listen(0, '127.0.0.1', () => resolve(undefined)),
);
const { port } = /** @type {import('node:net').AddressInfo} */ (
  server.address()
);

/**
 * The part of Lighthouse's JSON report read here.
 * @typedef {object} LighthouseReport
 * @property {Record<string, { score: number, auditRefs: { id: string }[] }>} categories
 * @property {Record<string, { id: string, title: string, score: number | null, displayValue?: string }>} audits
 */

const assert = process.argv.includes('--assert');
let belowTarget = false;
try {
  for (const locale of locales) {
    const url = `http://127.0.0.1:${port}/${locale}/`;
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        lighthouseCli,
        url,
        '--output=json',
        '--quiet',
        '--only-categories=performance,accessibility',
        '--form-factor=mobile',
        '--chrome-flags=--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync',
      ],
      {
        env: { ...process.env, CHROME_PATH: chromePath },
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    /** @type {LighthouseReport} */
    const report = JSON.parse(stdout);
    /** @param {string} id */
    const score = (id) => Math.round((report.categories[id]?.score ?? 0) * 100);
    /** @param {string} id */
    const audit = (id) => report.audits[id]?.displayValue ?? '-';
    /** @type {Record<string, number>} */
    const scores = {
      performance: score('performance'),
      accessibility: score('accessibility'),
    };
    for (const [category, target] of Object.entries(TARGETS))
      belowTarget ||= (scores[category] ?? 0) < target;
    console.log(
      `${locale}: performance ${scores.performance}, accessibility ${scores.accessibility}` +
        `  (FCP ${audit('first-contentful-paint')}, LCP ${audit('largest-contentful-paint')}, ` +
        `TBT ${audit('total-blocking-time')}, CLS ${audit('cumulative-layout-shift')})`,
    );
    const failing = Object.values(report.audits).filter(
      (a) =>
        (report.categories['accessibility']?.auditRefs ?? []).some(
          (ref) => ref.id === a.id,
        ) && a.score === 0,
    );
    for (const a of failing)
      console.log(`   accessibility: ${a.id}: ${a.title}`);
  }
} finally {
  server.close();
}
console.log(
  `targets: performance >= ${TARGETS.performance}, accessibility >= ${TARGETS.accessibility} (Lighthouse mobile profile)`,
);
process.exit(assert && belowTarget ? 1 : 0);
