import { type AppConfig } from '@landing/server/util-config';
import {
  HEALTH_PATHS,
  HttpMetrics,
  IntakeMetrics,
  intakeOutcomeForStatus,
} from '@landing/server/util-observability';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';

/** Route templates of the intake endpoints (their successes are counted by the intake service). */
export const INTAKE_ROUTES: ReadonlySet<string> = new Set([
  '/api/leads',
  '/api/submit',
]);

/** Paths served outside the `/api` prefix, for the kubelet and Prometheus. */
export const OBSERVABILITY_ROUTES = [
  HEALTH_PATHS.live,
  HEALTH_PATHS.ready,
  HEALTH_PATHS.metrics,
].map((path) => path.slice(1));

const UNTIMED: ReadonlySet<string> = new Set(Object.values(HEALTH_PATHS));

/**
 * The request duration histogram, and the failed-intake outcomes (400s, 429s, 503s) counted
 * from status codes.
 *
 * Request ids are not bound to an AsyncLocalStorage: on Node 20 its promise hooks cost every
 * promise in the process, 15 % of intake throughput (measured). The few log lines written on
 * a request's behalf (the error filter's, the intake producer's) name its `requestId`.
 */
export function configureApiObservability(
  app: NestFastifyApplication,
  config: Pick<AppConfig, 'METRICS_ENABLED'>,
): void {
  if (!config.METRICS_ENABLED) return;
  const fastify = app.getHttpAdapter().getInstance();
  const http = app.get(HttpMetrics);
  const intake = app.get(IntakeMetrics);
  http.preRegister(
    [...INTAKE_ROUTES].map((route) => ({ route, method: 'POST' })),
  );
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url;
    if (route === undefined || !UNTIMED.has(route))
      http.observe(
        route,
        request.method,
        reply.statusCode,
        reply.elapsedTime / 1000,
      );
    if (route !== undefined && INTAKE_ROUTES.has(route)) {
      const outcome = intakeOutcomeForStatus(reply.statusCode);
      if (outcome) intake.record(outcome);
    }
    done();
  });
}
