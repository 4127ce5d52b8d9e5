export * from './lib/webhook-worker.module';
export * from './lib/webhook-delivery.processor';
export * from './lib/webhook-queue.consumer';
export * from './lib/webhook-events.listener';
export * from './lib/webhook-metrics';
