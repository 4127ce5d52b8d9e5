// Pure bookkeeping for load runs: what was sent, what the server answered, and the
// reconciliation of that against the rows the worker wrote. No I/O here.
import { randomUUID } from 'node:crypto';

/** @typedef {'unique' | 'duplicate' | 'invalid'} RequestKind */
/**
 * @typedef {object} MixedRequest
 * @property {RequestKind} kind
 * @property {string} submissionId
 * @property {Record<string, unknown>} body
 */
/** @typedef {{ kind: RequestKind, status: number | null }} LedgerEntry */
/** @typedef {Record<string, number>} StatusCounts status (or 'no answer') -> requests */
/**
 * @template T
 * @typedef {[header: string, cell: (row: T) => unknown][]} Columns
 */

/** @type {Record<string, unknown>[]} */
const INVALID_BODIES = [
  { phone: '12345', consent: true }, // too short
  { phone: '0912abc4567', consent: true }, // letters
  { consent: true }, // no phone
  { phone: '09121234567', consent: 'yes' }, // wrong type
];

/**
 * Request bodies for POST /api/leads. Unique numbers are 0912 + 7 digits from a counter
 * (offset by `start`, so two runs against one Redis do not collide); a share of requests
 * repeats a number sent before (a duplicate) and a share is invalid. Every body carries
 * its own submissionId, so each answer can be matched to its request exactly, and the
 * elapsedMs a person filling in the form would report (so the bot check lets it through).
 */
/**
 * @param {{ duplicateShare?: number, invalidShare?: number, start?: number, random?: () => number }} [options]
 * @returns {() => MixedRequest}
 */
export function createRequestMix({
  duplicateShare = 0,
  invalidShare = 0,
  start = 0,
  random = Math.random,
} = {}) {
  let counter = 0;
  /** @type {string[]} */
  const recent = [];
  return function next() {
    const submissionId = randomUUID();
    const roll = random();
    if (roll < invalidShare) {
      const body = INVALID_BODIES[Math.floor(random() * INVALID_BODIES.length)];
      return { kind: 'invalid', submissionId, body: { ...body, submissionId } };
    }
    if (roll < invalidShare + duplicateShare && recent.length > 0) {
      const phone = recent[Math.floor(random() * recent.length)];
      return {
        kind: 'duplicate',
        submissionId,
        body: { phone, consent: true, elapsedMs: 4000, submissionId },
      };
    }
    const phone = uniquePhone(start + counter++);
    if (recent.length < 1000) recent.push(phone);
    else recent[counter % 1000] = phone;
    return {
      kind: 'unique',
      submissionId,
      body: { phone, consent: true, elapsedMs: 4000, submissionId },
    };
  };
}

/** @param {number} n */
export function uniquePhone(n) {
  return `0912${String(n % 10_000_000).padStart(7, '0')}`;
}

/** submissionId -> { kind, status }; status stays null until an answer arrives. */
export class Ledger {
  /** @type {Map<string, LedgerEntry>} */
  entries = new Map();
  accepted = 0;

  /**
   * @param {string} submissionId
   * @param {RequestKind} kind
   */
  sent(submissionId, kind) {
    this.entries.set(submissionId, { kind, status: null });
  }

  /**
   * @param {string} submissionId
   * @param {number} status
   */
  answered(submissionId, status) {
    const entry = this.entries.get(submissionId);
    if (!entry) return;
    if (status === 202 && entry.status !== 202) this.accepted++;
    entry.status = status;
  }

  acceptedIds() {
    const ids = [];
    for (const [id, entry] of this.entries)
      if (entry.status === 202) ids.push(id);
    return ids;
  }

  get size() {
    return this.entries.size;
  }

  statusCounts() {
    return countStatuses(this.entries.values());
  }
}

/**
 * @param {Iterable<LedgerEntry>} entries
 * @returns {StatusCounts}
 */
export function countStatuses(entries) {
  /** @type {StatusCounts} */
  const counts = {};
  for (const { status } of entries) {
    const key = status === null ? 'no answer' : String(status);
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

/**
 * Every submission answered 202 must be persisted exactly once (submission_id is the
 * primary key, so "once" is the table's guarantee; `persistedIds` is what it holds).
 * - lost: answered 202, not persisted. Always a failure.
 * - extra: persisted although the answer said it was not accepted (200 duplicate, 4xx),
 *   or rows in our own database that no request of this run explains. Always a failure.
 * - in doubt: no answer (timeout, connection reset) or 5xx, yet persisted. Allowed: a
 *   client retrying with the same submissionId would get 202 for it.
 */
/**
 * @typedef {object} Reconciliation
 * @property {number} sent
 * @property {number} accepted
 * @property {number} persisted
 * @property {number} lost
 * @property {number} extra
 * @property {number} inDoubt
 * @property {number} inDoubtPersisted
 * @property {string[]} lostIds
 * @property {string[]} extraIds
 * @property {boolean} ok
 * @property {boolean} [drained] set by the caller once the queue is known to be empty
 */

/**
 * @param {Iterable<[string, LedgerEntry]>} entries
 * @param {ReadonlySet<string>} persistedIds
 * @param {{ unexplainedRows?: number }} [options]
 * @returns {Reconciliation}
 */
export function reconcile(entries, persistedIds, { unexplainedRows = 0 } = {}) {
  /** @type {Reconciliation} */
  const result = {
    sent: 0,
    accepted: 0,
    persisted: 0,
    lost: 0,
    extra: unexplainedRows,
    inDoubt: 0,
    inDoubtPersisted: 0,
    lostIds: [],
    extraIds: [],
    ok: false,
  };
  for (const [id, { status }] of entries) {
    result.sent++;
    const isPersisted = persistedIds.has(id);
    if (isPersisted) result.persisted++;
    if (status === 202) {
      result.accepted++;
      if (!isPersisted) {
        result.lost++;
        if (result.lostIds.length < 10) result.lostIds.push(id);
      }
    } else if (status === null || status >= 500) {
      result.inDoubt++;
      if (isPersisted) result.inDoubtPersisted++;
    } else if (isPersisted) {
      result.extra++;
      if (result.extraIds.length < 10) result.extraIds.push(id);
    }
  }
  result.ok = result.lost === 0 && result.extra === 0;
  return result;
}

/**
 * A Markdown table: `columns` is [header, (row) => cell][].
 * @template T
 * @param {Columns<T>} columns
 * @param {readonly T[]} rows
 */
export function markdownTable(columns, rows) {
  const line = (/** @type {string[]} */ cells) => `| ${cells.join(' | ')} |`;
  return [
    line(columns.map(([header]) => header)),
    line(columns.map(() => '---')),
    ...rows.map((row) => line(columns.map(([, cell]) => String(cell(row))))),
  ].join('\n');
}

/**
 * Plain fixed-width table for the terminal.
 * @template T
 * @param {Columns<T>} columns
 * @param {readonly T[]} rows
 */
export function textTable(columns, rows) {
  const cells = [
    columns.map(([header]) => header),
    ...rows.map((row) => columns.map(([, cell]) => String(cell(row)))),
  ];
  const widths = columns.map((_, i) =>
    Math.max(...cells.map((r) => r[i].length)),
  );
  return cells
    .map((r) =>
      r
        .map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i])))
        .join('  '),
    )
    .join('\n');
}

/**
 * "202: 10, 400: 1" for a table cell.
 * @param {StatusCounts} statuses
 */
export function statusText(statuses) {
  return Object.entries(statuses)
    .map(([status, n]) => `${status}: ${n}`)
    .join(', ');
}
