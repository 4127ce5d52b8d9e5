export * from './lib/webhook-events.contract';
export * from './lib/webhook-admin.contract';
export * from './lib/webhook-queue.contract';
