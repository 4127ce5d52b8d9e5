export * from './lib/worker-observability.module';
