import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface ReceivedRequest {
  id: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** The secrets (by index into `secrets`) whose signature verified with `standardwebhooks`. */
  verifiedWith: number[];
  answered: number;
}

/**
 * A webhook receiver over real HTTP: verifies every request with the independent
 * `standardwebhooks` package against each secret it knows, accepts a webhook-id once
 * (answering 200 to repeats without counting them), and answers what `respond` says.
 */
export class TestReceiver {
  readonly requests: ReceivedRequest[] = [];
  readonly accepted = new Map<string, number>();
  secrets: string[] = [];
  respond: (request: ReceivedRequest) => number = () => 200;
  private server?: Server;

  constructor(public port = 0) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}/hook`;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const id = String(req.headers['webhook-id'] ?? '');
        const verifiedWith = this.secrets.flatMap((secret, index) => {
          try {
            new Webhook(secret).verify(body, {
              'webhook-id': id,
              'webhook-timestamp': String(req.headers['webhook-timestamp']),
              'webhook-signature': String(req.headers['webhook-signature']),
            });
            return [index];
          } catch {
            return [];
          }
        });
        const request: ReceivedRequest = {
          id,
          headers: req.headers,
          body,
          verifiedWith,
          answered: 0,
        };
        request.answered =
          verifiedWith.length === 0 ? 401 : this.respond(request);
        if (request.answered === 200 && !this.accepted.has(id))
          this.accepted.set(id, this.requests.length);
        this.requests.push(request);
        res.writeHead(request.answered, { 'content-type': 'text/plain' });
        res.end(request.answered === 200 ? 'ok' : `status ${request.answered}`);
      });
    });
    this.server.keepAliveTimeout = 1000;
    await new Promise<void>((resolve) =>
      this.server?.listen(this.port, '127.0.0.1', resolve),
    );
    this.port = (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
