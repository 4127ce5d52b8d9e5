import { type AppConfig } from '@landing/server/util-config';
import { type INestApplication } from '@nestjs/common';
import { SwaggerModule } from '@nestjs/swagger';
import { buildApiDocument } from './api-document';

export const API_DOCS_PATH = '/api/docs';
export const API_DOCS_JSON_PATH = '/api/docs/openapi.json';

/** In development and tests always; in production only with API_DOCS=true. */
export const apiDocsEnabled = (
  config: Pick<AppConfig, 'NODE_ENV' | 'API_DOCS'>,
): boolean => config.NODE_ENV !== 'production' || config.API_DOCS;

/**
 * Serves Swagger UI at /api/docs and the document at /api/docs/openapi.json. The UI's page
 * loads only scripts from our origin (swagger-ui-init.js carries the document), so it runs
 * under the api's content security policy unchanged. The document is built on first request.
 */
export function setupApiDocs(
  app: INestApplication,
  config: AppConfig,
): boolean {
  if (!apiDocsEnabled(config)) return false;
  let document: ReturnType<typeof buildApiDocument> | undefined;
  SwaggerModule.setup(
    API_DOCS_PATH.slice(1),
    app,
    () => (document ??= buildApiDocument(app)),
    {
      jsonDocumentUrl: API_DOCS_JSON_PATH.slice(1),
      raw: ['json'],
      customSiteTitle: 'Landing API',
      swaggerOptions: { validatorUrl: null, persistAuthorization: false },
    },
  );
  return true;
}
