export {
  API_DOCS_JSON_PATH,
  API_DOCS_PATH,
  apiDocsEnabled,
  setupApiDocs,
} from './lib/api-docs.setup';
export { buildApiDocument, fastifyPath, openApiPath } from './lib/api-document';
export { ROUTE_DOCS, type RouteDoc } from './lib/api-docs.catalogue';
