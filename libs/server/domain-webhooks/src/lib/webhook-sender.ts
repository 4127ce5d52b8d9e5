import http from 'node:http';
import https from 'node:https';
import { type LookupFunction } from 'node:net';
import { type CheckedTarget } from './webhook-target.guard';

export type AttemptOutcome =
  | 'ok'
  | 'http_error'
  | 'timeout'
  | 'network_error'
  | 'refused';

export interface AttemptResult {
  outcome: AttemptOutcome;
  status: number | null;
  latencyMs: number;
  /** The first bytes of the answer (at most `excerptBytes`), or the error. */
  excerpt: string;
}

export interface SendOptions {
  timeoutMs: number;
  /** Reading stops here; the rest of a larger answer is discarded with its connection. */
  maxResponseBytes: number;
  excerptBytes?: number;
}

const agents = {
  http: new http.Agent({
    keepAlive: true,
    maxSockets: 256,
    scheduling: 'lifo',
  }),
  https: new https.Agent({
    keepAlive: true,
    maxSockets: 256,
    scheduling: 'lifo',
  }),
};

/** Closes the pooled connections (tests, shutdown). */
export function closeWebhookConnections(): void {
  agents.http.destroy();
  agents.https.destroy();
  agents.http = new http.Agent({
    keepAlive: true,
    maxSockets: 256,
    scheduling: 'lifo',
  });
  agents.https = new https.Agent({
    keepAlive: true,
    maxSockets: 256,
    scheduling: 'lifo',
  });
}

/**
 * POSTs one signed delivery. The connection goes to the address the guard checked (the
 * lookup is pinned to it), so a DNS answer that changes between check and connect cannot
 * redirect it. Redirects are not followed (a 3xx is a failure). TLS still verifies the
 * certificate against the URL's host name.
 */
export function sendWebhook(
  target: CheckedTarget,
  headers: Record<string, string>,
  body: string,
  { timeoutMs, maxResponseBytes, excerptBytes = 1024 }: SendOptions,
): Promise<AttemptResult> {
  const started = performance.now();
  const latency = () => Math.round(performance.now() - started);
  const pinned: LookupFunction = (_hostname, options, callback) => {
    if ((options as { all?: boolean }).all)
      (callback as unknown as (e: null, a: object[]) => void)(null, [
        { address: target.address, family: target.family },
      ]);
    else callback(null, target.address, target.family);
  };
  const secure = target.url.protocol === 'https:';
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: Omit<AttemptResult, 'latencyMs'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...result, latencyMs: latency() });
    };
    const request = (secure ? https : http).request(
      target.url,
      {
        method: 'POST',
        agent: secure ? agents.https : agents.http,
        lookup: pinned,
        headers: {
          ...headers,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          'user-agent': 'landing-webhooks/1',
        },
      },
      (response) => {
        const status = response.statusCode ?? 0;
        const chunks: Buffer[] = [];
        let received = 0;
        const done = () =>
          finish({
            outcome: status >= 200 && status < 300 ? 'ok' : 'http_error',
            status,
            excerpt: Buffer.concat(chunks)
              .subarray(0, excerptBytes)
              .toString('utf8'),
          });
        response.on('data', (chunk: Buffer) => {
          if (received < excerptBytes) chunks.push(chunk);
          received += chunk.length;
          if (received > maxResponseBytes) {
            done();
            response.destroy();
            request.destroy();
          }
        });
        response.on('end', done);
        response.on('error', done);
      },
    );
    const timer = setTimeout(() => {
      finish({
        outcome: 'timeout',
        status: null,
        excerpt: `no answer within ${timeoutMs} ms`,
      });
      request.destroy();
    }, timeoutMs);
    request.on('error', (error: Error & { code?: string }) =>
      finish({
        outcome: 'network_error',
        status: null,
        excerpt: error.code ?? error.message,
      }),
    );
    request.end(body);
  });
}
