#!/usr/bin/env node
// Prepares the web build for nginx's gzip_static (used by docker/Dockerfile):
//   node docker/precompress.mjs <dir>
// Writes <file>.gz beside every text asset over 1 KiB that has none yet, and removes
// .br files, which the stock nginx image (no brotli module) would never serve.
import {
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
  existsSync,
} from 'node:fs';
import { join } from 'node:path';
import { constants, gzipSync } from 'node:zlib';

const TEXT = /\.(js|mjs|css|html|json|svg|txt|xml|ico|webmanifest)$/;
const MIN_BYTES = 1024;

function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

const root = process.argv[2];
if (!root) {
  console.error('usage: node docker/precompress.mjs <dir>');
  process.exit(2);
}
let written = 0;
let removed = 0;
for (const file of walk(root)) {
  if (file.endsWith('.br')) {
    rmSync(file);
    removed++;
  } else if (
    TEXT.test(file) &&
    statSync(file).size > MIN_BYTES &&
    !existsSync(`${file}.gz`)
  ) {
    writeFileSync(
      `${file}.gz`,
      gzipSync(readFileSync(file), { level: constants.Z_BEST_COMPRESSION }),
    );
    written++;
  }
}
console.log(
  `precompress: ${written} .gz written, ${removed} .br removed under ${root}`,
);
