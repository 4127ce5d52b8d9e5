import { setupApiDocs } from '@landing/api/feature-api-docs';
import { configureHttpApp, fastifyOptions } from '@landing/api/util-http';
import {
  configureApiObservability,
  OBSERVABILITY_ROUTES,
} from '@landing/api/feature-observability';
import { serveWebApp } from '@landing/api/feature-web';
import { type AppConfig } from '@landing/server/util-config';
import { createAppLogger } from '@landing/server/util-logging';
import { NestFactory } from '@nestjs/core';
import {
  FastifyAdapter,
  type NestFastifyApplication,
} from '@nestjs/platform-fastify';
import { AppModule } from './app.module';

/** Intake bodies are small; 16 kB leaves room for long referrers and nothing else. */
export const API_BODY_LIMIT = 16 * 1024;

export interface CreateApiOptions {
  /** Nest's default exits the process when a module fails to start; tests want the error. */
  abortOnError?: boolean;
}

export async function createApi(
  config: AppConfig,
  { abortOnError = true }: CreateApiOptions = {},
): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config),
    new FastifyAdapter(
      fastifyOptions({
        bodyLimit: API_BODY_LIMIT,
        trustedProxies: config.TRUSTED_PROXIES,
        requestTimeoutMs: config.REQUEST_TIMEOUT_MS,
      }),
    ),
    {
      logger: createAppLogger(config, 'api'),
      bufferLogs: false,
      bodyParser: false,
      abortOnError,
    },
  );
  app.setGlobalPrefix('api', { exclude: OBSERVABILITY_ROUTES });
  await configureHttpApp(app, {
    production: config.NODE_ENV === 'production',
    corsOrigins: config.CORS_ORIGINS.split(',').filter(
      (origin) => origin !== '',
    ),
  });
  configureApiObservability(app, config);
  setupApiDocs(app, config);
  if (config.WEB_ROOT) {
    await serveWebApp(app.getHttpAdapter().getInstance(), {
      root: config.WEB_ROOT,
      defaultLocale: config.WEB_DEFAULT_LOCALE,
      ...(config.WEB_ADMIN_ROOT ? { adminRoot: config.WEB_ADMIN_ROOT } : {}),
    });
  }
  return app;
}
