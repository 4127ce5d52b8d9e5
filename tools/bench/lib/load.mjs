// One autocannon run against POST /api/leads, every request recorded in a Ledger.
import autocannon from 'autocannon';
import { runWrk, wrkAvailable } from './wrk.mjs';

/** The load generator this run uses: wrk where it is installed, autocannon otherwise. */
export const generatorName = () => (wrkAvailable() ? 'wrk' : 'autocannon');

/**
 * Drives `connections` keep-alive connections for `durationSeconds` (pipelining 1, so
 * each connection has one request in flight and its context maps the answer back to the
 * request). Returns autocannon's summary reduced to what the reports use.
 */
/**
 * @typedef {object} LoadSummary
 * @property {number} connections
 * @property {number} durationSeconds
 * @property {number} responses
 * @property {number} requestsPerSecond
 * @property {{ p50: number, p95: number, p99: number, max: number }} latencyMs
 * @property {number} errors
 * @property {number} timeouts
 * @property {Record<string, number>} statusClasses
 */

/** @typedef {{ submissionId?: string }} RequestContext autocannon's per-connection context */

/**
 * @param {object} options
 * @param {string} options.url base URL of the api
 * @param {number} options.connections
 * @param {number} options.durationSeconds
 * @param {() => import('./ledger.mjs').MixedRequest} options.nextRequest
 * @param {import('./ledger.mjs').Ledger} options.ledger
 * @param {number} [options.timeoutSeconds]
 * @param {import('./wrk.mjs').MixSpec} [options.wrkMix] the same mix, for wrk: with it (and wrk
 *   installed), wrk drives the load instead of autocannon
 * @returns {Promise<LoadSummary>}
 */
export async function runLoad({
  url,
  connections,
  durationSeconds,
  nextRequest,
  ledger,
  timeoutSeconds = 10,
  wrkMix,
}) {
  if (wrkMix && wrkAvailable())
    return runWrk({
      url,
      connections,
      durationSeconds,
      mix: wrkMix,
      ledger,
      timeoutSeconds,
    });
  // Our own record of every response time gives exact percentiles (autocannon has no p95).
  /** @type {number[]} */
  const latencies = [];
  /** @type {import('autocannon').Result} */
  const result = await new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: new URL('/api/leads', url).toString(),
        connections,
        duration: durationSeconds,
        pipelining: 1,
        timeout: timeoutSeconds,
        requests: [
          {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            setupRequest(request, context) {
              const { kind, submissionId, body } = nextRequest();
              ledger.sent(submissionId, kind);
              /** @type {RequestContext} */ (context).submissionId =
                submissionId;
              return { ...request, body: JSON.stringify(body) };
            },
            onResponse(status, _body, context) {
              const { submissionId } = /** @type {RequestContext} */ (context);
              if (submissionId) ledger.answered(submissionId, status);
            },
          },
        ],
      },
      (error, done) => (error ? reject(error) : resolve(done)),
    );
    instance.on('response', (_client, _status, _bytes, responseTime) =>
      latencies.push(responseTime),
    );
  });
  return summarise(result, latencies);
}

/**
 * @param {import('autocannon').Result} result
 * @param {number[]} latencies
 * @returns {LoadSummary}
 */
function summarise(result, latencies) {
  /** @type {Record<string, number>} */
  const statuses = {};
  for (const [key, value] of Object.entries(result)) {
    const match = /^(\d)xx$/.exec(key);
    if (match && value > 0) statuses[key] = value;
  }
  const sorted = Float64Array.from(latencies).sort();
  return {
    connections: result.connections,
    durationSeconds: result.duration,
    responses: sorted.length,
    requestsPerSecond: round(sorted.length / result.duration),
    latencyMs: {
      p50: percentile(sorted, 50),
      p95: percentile(sorted, 95),
      p99: percentile(sorted, 99),
      max: round(sorted.at(-1) ?? 0),
    },
    errors: result.errors,
    timeouts: result.timeouts,
    statusClasses: statuses,
  };
}

/**
 * Nearest-rank percentile of an ascending array.
 * @param {ArrayLike<number>} sorted
 * @param {number} p
 */
export function percentile(sorted, p) {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil((p / 100) * sorted.length);
  return round(sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]);
}

/** @param {number} value */
function round(value) {
  return Math.round(value * 100) / 100;
}
