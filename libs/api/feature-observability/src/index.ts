export * from './lib/api-observability.module';
export * from './lib/http-observability';
