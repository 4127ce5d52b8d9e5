import { type AppConfig } from '@landing/server/util-config';
import { runWithRequestContext } from '@landing/server/util-logging';
import { HEALTH_PATHS, HttpMetrics, IntakeMetrics, intakeOutcomeForStatus } from '@landing/server/util-observability';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { type FastifyReply, type FastifyRequest } from 'fastify';

/** Route templates of the intake endpoints (their successes are counted by the intake service). */
export const INTAKE_ROUTES: ReadonlySet<string> = new Set(['/api/leads', '/api/submit']);

/** Paths served outside the `/api` prefix, for the kubelet and Prometheus. */
export const OBSERVABILITY_ROUTES = [HEALTH_PATHS.live, HEALTH_PATHS.ready, HEALTH_PATHS.metrics].map((path) => path.slice(1));

const UNTIMED: ReadonlySet<string> = new Set(Object.values(HEALTH_PATHS));

/**
 * Request ids on every log line written while serving a request, the request duration
 * histogram, and the failed-intake outcomes (400s, 429s, 503s) counted from status codes.
 */
export function configureApiObservability(app: NestFastifyApplication, config: Pick<AppConfig, 'METRICS_ENABLED'>): void {
  const fastify = app.getHttpAdapter().getInstance();
  const bindRequestId = (request: FastifyRequest, _reply: FastifyReply, done: () => void) =>
    runWithRequestContext({ requestId: request.id }, done);
  fastify.addHook('onRequest', bindRequestId);
  // Body parsing runs in the socket's async context; bind again before the handler.
  fastify.addHook('preValidation', bindRequestId);

  if (!config.METRICS_ENABLED) return;
  const http = app.get(HttpMetrics);
  const intake = app.get(IntakeMetrics);
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url;
    if (route === undefined || !UNTIMED.has(route)) http.observe(route, request.method, reply.statusCode, reply.elapsedTime / 1000);
    if (route !== undefined && INTAKE_ROUTES.has(route)) {
      const outcome = intakeOutcomeForStatus(reply.statusCode);
      if (outcome) intake.record(outcome);
    }
    done();
  });
}
