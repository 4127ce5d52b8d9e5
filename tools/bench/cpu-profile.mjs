#!/usr/bin/env node
// Summarises a V8 .cpuprofile (node --cpu-prof): self time by function and by package.
// Usage: node tools/bench/cpu-profile.mjs <file.cpuprofile> [top=25]
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * A V8 .cpuprofile, as much of it as is read here.
 * @typedef {object} CpuProfile
 * @property {{ id: number, callFrame: { functionName: string, url: string, lineNumber: number }, children?: number[] }[]} nodes
 * @property {number} startTime
 * @property {number[]} samples
 * @property {number[]} timeDeltas
 */
/** @typedef {{ name: string, selfMs: number, share: number }} Ranked */
/**
 * @typedef {object} ProfileSummary
 * @property {number} busyMs
 * @property {number} idleMs
 * @property {Ranked[]} functions
 * @property {Ranked[]} areas
 * @property {Ranked[]} callers time in node core and native code charged to the caller's package
 */

/**
 * Self time (ms) per function and per package/area, largest first; idle time left out of
 * the shares. `windows` ([fromUs, toUs] on the monotonic clock the profile uses, which is
 * process.hrtime's) keeps only the samples taken under load, leaving start-up out.
 * @param {CpuProfile} profile
 * @param {[number, number][]} [windows]
 * @returns {ProfileSummary}
 */
export function summariseProfile(profile, top = 25, windows = undefined) {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map();
  let at = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    const delta = profile.timeDeltas[i] ?? 0;
    at += delta;
    if (windows && !windows.some(([from, to]) => at >= from && at <= to))
      continue;
    const id = profile.samples[i];
    selfUs.set(id, (selfUs.get(id) ?? 0) + delta);
  }
  /** @type {Map<number, number>} */
  const parents = new Map();
  /** @param {number} id */
  const frameOf = (id) => {
    const node = nodes.get(id);
    if (!node) throw new Error(`profile node ${id} is missing`);
    return node.callFrame;
  };
  for (const node of profile.nodes) {
    for (const child of node.children ?? []) parents.set(child, node.id);
  }
  // Time in node core or native code is charged to the nearest package (or our code) on the
  // stack that called it: "socket writes" become "ioredis" or "fastify".
  /** @param {number} id */
  const blameOf = (id) => {
    let cursor = /** @type {number | undefined} */ (id);
    while (cursor !== undefined) {
      const { functionName, url } = frameOf(cursor);
      const area = areaOf(functionName, url);
      if (url && area !== 'node core') return area;
      cursor = parents.get(cursor);
    }
    return areaOf(frameOf(id).functionName, '');
  };
  /** @type {Map<string, number>} */
  const byFunction = new Map();
  /** @type {Map<string, number>} */
  const byArea = new Map();
  /** @type {Map<string, number>} */
  const byBlame = new Map();
  let busyUs = 0;
  let idleUs = 0;
  for (const [id, us] of selfUs) {
    const { functionName, url, lineNumber } = frameOf(id);
    if (functionName === '(idle)') {
      idleUs += us;
      continue;
    }
    busyUs += us;
    const key = `${functionName || '(anonymous)'} ${shortUrl(url)}${url ? `:${lineNumber + 1}` : ''}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + us);
    const area = areaOf(functionName, url);
    byArea.set(area, (byArea.get(area) ?? 0) + us);
    const blame = blameOf(id);
    byBlame.set(blame, (byBlame.get(blame) ?? 0) + us);
  }
  /** @param {Map<string, number>} map */
  const rank = (map) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({
        name,
        selfMs: Math.round(us / 100) / 10,
        share: busyUs ? Math.round((us / busyUs) * 1000) / 10 : 0,
      }));
  return {
    busyMs: Math.round(busyUs / 1000),
    idleMs: Math.round(idleUs / 1000),
    functions: rank(byFunction),
    areas: rank(byArea),
    callers: rank(byBlame),
  };
}

/** @param {string} url */
function shortUrl(url) {
  if (!url) return '';
  const inModules = url.lastIndexOf('node_modules/');
  if (inModules >= 0) return url.slice(inModules + 'node_modules/'.length);
  const inDist = url.indexOf('/dist/');
  if (inDist >= 0) return url.slice(inDist + 1);
  return url.replace(/^file:\/\//, '');
}

/**
 * @param {string} functionName
 * @param {string} url
 */
function areaOf(functionName, url) {
  if (!url)
    return functionName.startsWith('(') ? functionName : '(native/builtin)';
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (match) return match[1];
  if (url.startsWith('node:')) return 'node core';
  if (url.includes('/dist/apps/')) return 'our code (dist/apps)';
  return path.basename(url);
}

/** @param {ProfileSummary} summary */
export function formatProfile(summary) {
  const lines = [
    `busy ${summary.busyMs} ms, idle ${summary.idleMs} ms`,
    '',
    'self time by package:',
  ];
  for (const { name, selfMs, share } of summary.areas)
    lines.push(
      `  ${String(share).padStart(5)}%  ${String(selfMs).padStart(8)} ms  ${name}`,
    );
  lines.push(
    '',
    'self time charged to the package that called into node core/native code:',
  );
  for (const { name, selfMs, share } of summary.callers ?? [])
    lines.push(
      `  ${String(share).padStart(5)}%  ${String(selfMs).padStart(8)} ms  ${name}`,
    );
  lines.push('', 'top functions by self time:');
  for (const { name, selfMs, share } of summary.functions)
    lines.push(
      `  ${String(share).padStart(5)}%  ${String(selfMs).padStart(8)} ms  ${name}`,
    );
  return lines.join('\n');
}

if (
  process.argv[1] &&
  path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)
) {
  const [file, top] = process.argv.slice(2);
  if (!file) {
    console.error(
      'usage: node tools/bench/cpu-profile.mjs <file.cpuprofile> [top]',
    );
    process.exit(2);
  }
  console.log(
    formatProfile(
      summariseProfile(
        JSON.parse(readFileSync(file, 'utf8')),
        Number(top ?? 25),
      ),
    ),
  );
}
