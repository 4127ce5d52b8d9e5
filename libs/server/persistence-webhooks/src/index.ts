export * from './lib/webhook-data-source';
export * from './lib/webhook-database';
export * from './lib/webhook-endpoint.repository';
export * from './lib/webhook-delivery.repository';
export * from './lib/webhook-persistence.module';
export * from './lib/webhook-queue.producer';
export * from './lib/webhook-dispatcher';
export * from './lib/webhook-lead-facts';
