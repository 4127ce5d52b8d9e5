import {
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { APP_CONFIG, type AppConfig } from '@landing/server/util-config';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { HEALTH_PATHS } from './health.controller';
import { metricsAccessChecker } from './metrics-access';
import { METRICS_CONTENT_TYPE, renderMetrics } from './metric-registry';
import { ReadinessService } from './readiness';

function send(
  response: ServerResponse,
  status: number,
  type: string,
  body: string,
): void {
  response.writeHead(status, {
    'content-type': type,
    'cache-control': 'no-store',
    'content-length': Buffer.byteLength(body),
  });
  response.end(body);
}

const json = (response: ServerResponse, status: number, body: unknown) =>
  send(
    response,
    status,
    'application/json; charset=utf-8',
    JSON.stringify(body),
  );

/**
 * The worker has no HTTP app: this small listener on WORKER_PORT serves `/health/live`,
 * `/health/ready` and `/metrics` for the kubelet and Prometheus, and nothing else.
 */
@Injectable()
export class ObservabilityHttpServer
  implements OnApplicationBootstrap, OnApplicationShutdown
{
  private readonly logger = new Logger(ObservabilityHttpServer.name);
  private readonly mayScrape: ReturnType<typeof metricsAccessChecker>;
  private server?: Server;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly readiness: ReadinessService,
  ) {
    this.mayScrape = metricsAccessChecker({
      token: config.METRICS_TOKEN,
      allow: config.METRICS_ALLOW,
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    const server = createServer(
      (request, response) => void this.handle(request, response),
    );
    server.requestTimeout = 10_000;
    server.headersTimeout = 5_000;
    server.keepAliveTimeout = 5_000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.config.WORKER_PORT, this.config.HOST, () => resolve());
    });
    this.server = server;
    this.logger.log(
      `health and metrics on http://${this.config.HOST}:${this.config.WORKER_PORT}`,
    );
  }

  private async handle(
    request: IncomingMessage,
    response: ServerResponse,
  ): Promise<void> {
    try {
      const path = (request.url ?? '/').split('?')[0];
      if (request.method !== 'GET' && request.method !== 'HEAD')
        return json(response, 405, { code: 'METHOD_NOT_ALLOWED' });
      if (path === HEALTH_PATHS.live)
        return json(response, 200, { status: 'ok' });
      if (path === HEALTH_PATHS.ready) {
        const report = await this.readiness.report();
        return json(response, report.ready ? 200 : 503, report.body);
      }
      if (path === HEALTH_PATHS.metrics && this.config.METRICS_ENABLED) {
        if (
          !this.mayScrape(
            request.socket.remoteAddress,
            request.headers.authorization,
          )
        )
          return json(response, 403, { code: 'FORBIDDEN' });
        return send(response, 200, METRICS_CONTENT_TYPE, await renderMetrics());
      }
      return json(response, 404, { code: 'NOT_FOUND' });
    } catch (error) {
      this.logger.error(error instanceof Error ? error : String(error));
      if (!response.headersSent)
        json(response, 500, { code: 'INTERNAL_ERROR' });
    }
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
