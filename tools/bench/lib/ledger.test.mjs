// node --test: the bookkeeping that decides whether a bench or chaos run lost leads.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { summariseProfile } from '../cpu-profile.mjs';
import {
  Ledger,
  createRequestMix,
  markdownTable,
  reconcile,
  uniquePhone,
} from './ledger.mjs';
import { percentile } from './load.mjs';

/** @param {[string, number | null][]} pairs */
function ledgerOf(pairs) {
  const ledger = new Ledger();
  for (const [id, status] of pairs) {
    ledger.sent(id, 'unique');
    if (status !== null) ledger.answered(id, status);
  }
  return ledger;
}

test('every 202 persisted and nothing else: ok', () => {
  const ledger = ledgerOf([
    ['a', 202],
    ['b', 202],
    ['c', 200],
    ['d', 400],
  ]);
  const result = reconcile(ledger.entries, new Set(['a', 'b']));
  assert.equal(result.ok, true);
  assert.deepEqual(
    [result.sent, result.accepted, result.persisted, result.lost, result.extra],
    [4, 2, 2, 0, 0],
  );
  assert.equal(ledger.accepted, 2);
});

test('a 202 missing from the database is lost and fails the run', () => {
  const result = reconcile(
    ledgerOf([
      ['a', 202],
      ['b', 202],
    ]).entries,
    new Set(['a']),
  );
  assert.equal(result.ok, false);
  assert.equal(result.lost, 1);
  assert.deepEqual(result.lostIds, ['b']);
});

test('a duplicate or rejected submission that was persisted is extra and fails the run', () => {
  const result = reconcile(
    ledgerOf([
      ['a', 200],
      ['b', 400],
    ]).entries,
    new Set(['a', 'b']),
  );
  assert.equal(result.ok, false);
  assert.equal(result.extra, 2);
});

test('rows no request explains are extra', () => {
  const result = reconcile(ledgerOf([['a', 202]]).entries, new Set(['a']), {
    unexplainedRows: 3,
  });
  assert.equal(result.ok, false);
  assert.equal(result.extra, 3);
});

test('unanswered and 5xx requests are in doubt: persisted or not, neither lost nor extra', () => {
  const result = reconcile(
    ledgerOf([
      ['a', null],
      ['b', 503],
      ['c', null],
    ]).entries,
    new Set(['a', 'b']),
  );
  assert.equal(result.ok, true);
  assert.deepEqual(
    [result.inDoubt, result.inDoubtPersisted, result.lost, result.extra],
    [3, 2, 0, 0],
  );
});

test('a request answered twice (retried after 503) counts as accepted once', () => {
  const ledger = ledgerOf([['a', 503]]);
  ledger.answered('a', 202);
  ledger.answered('a', 202);
  assert.equal(ledger.accepted, 1);
  assert.equal(reconcile(ledger.entries, new Set(['a'])).accepted, 1);
});

test('the request mix keeps its shares and numbers are unique Iranian mobiles', () => {
  let seed = 1;
  const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
  const next = createRequestMix({
    duplicateShare: 0.2,
    invalidShare: 0.1,
    start: 42,
    random,
  });
  const kinds = { unique: 0, duplicate: 0, invalid: 0 };
  const phones = new Set();
  for (let i = 0; i < 10_000; i++) {
    const request = next();
    kinds[request.kind]++;
    assert.equal(request.body.submissionId, request.submissionId);
    if (request.kind === 'unique') {
      const phone = String(request.body.phone);
      assert.match(phone, /^0912\d{7}$/);
      assert.equal(phones.has(phone), false);
      phones.add(phone);
    }
    if (request.kind === 'duplicate')
      assert.equal(phones.has(request.body.phone), true);
  }
  assert.ok(
    Math.abs(kinds.invalid / 10_000 - 0.1) < 0.02,
    `invalid ${kinds.invalid}`,
  );
  assert.ok(
    Math.abs(kinds.duplicate / 10_000 - 0.2) < 0.02,
    `duplicates ${kinds.duplicate}`,
  );
  assert.equal(uniquePhone(10_000_123), '09120000123');
});

test('nearest-rank percentiles', () => {
  const sorted = Float64Array.from({ length: 100 }, (_, i) => i + 1);
  assert.equal(percentile(sorted, 50), 50);
  assert.equal(percentile(sorted, 99), 99);
  assert.equal(percentile(sorted, 100), 100);
  assert.equal(percentile(new Float64Array(0), 99), 0);
});

test('markdown tables', () => {
  assert.equal(
    markdownTable([['a', (r) => r.x]], [{ x: 1 }]),
    '| a |\n| --- |\n| 1 |',
  );
});

test('a CPU profile is summarised by self time, only inside the given windows', () => {
  /**
   * @param {number} id
   * @param {string} functionName
   * @param {string} url
   */
  const frame = (id, functionName, url) => ({
    id,
    callFrame: { functionName, url, lineNumber: 0, columnNumber: 0 },
  });
  const profile = {
    startTime: 1000,
    nodes: [
      frame(1, '(root)', ''),
      frame(2, 'parse', 'file:///x/node_modules/libphonenumber-js/a.js'),
      frame(3, '(idle)', ''),
      frame(4, 'boot', 'file:///x/dist/apps/api/main.js'),
    ],
    samples: [4, 4, 2, 2, 2, 3],
    timeDeltas: [100, 100, 1000, 1000, 1000, 1000],
  };
  const all = summariseProfile(profile);
  assert.equal(all.functions[0]?.name, 'parse libphonenumber-js/a.js:1');
  assert.equal(
    all.areas.find((a) => a.name === 'our code (dist/apps)')?.selfMs,
    0.2,
  );
  const underLoad = summariseProfile(profile, 10, [[1500, 10_000]]);
  assert.deepEqual(
    underLoad.areas.map((a) => [a.name, a.share]),
    [['libphonenumber-js', 100]],
  );
  assert.equal(underLoad.idleMs, 1);
});
