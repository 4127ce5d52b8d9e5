// One autocannon run against POST /api/leads, every request recorded in a Ledger.
import autocannon from 'autocannon';

/**
 * Drives `connections` keep-alive connections for `durationSeconds` (pipelining 1, so
 * each connection has one request in flight and its context maps the answer back to the
 * request). Returns autocannon's summary reduced to what the reports use.
 */
export async function runLoad({
  url,
  connections,
  durationSeconds,
  nextRequest,
  ledger,
  timeoutSeconds = 10,
}) {
  const instance = autocannon({
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
          context.submissionId = submissionId;
          return { ...request, body: JSON.stringify(body) };
        },
        onResponse(status, _body, context) {
          ledger.answered(context.submissionId, status);
        },
      },
    ],
  });
  // Our own record of every response time gives exact percentiles (autocannon has no p95).
  const latencies = [];
  instance.on('response', (_client, _status, _bytes, responseTime) =>
    latencies.push(responseTime),
  );
  const result = await instance;
  return summarise(result, latencies);
}

function summarise(result, latencies) {
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

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted, p) {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil((p / 100) * sorted.length);
  return round(sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]);
}

function round(value) {
  return Math.round(value * 100) / 100;
}
