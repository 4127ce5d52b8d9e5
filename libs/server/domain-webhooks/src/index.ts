export * from './lib/webhook-signature';
export * from './lib/webhook-retry';
export * from './lib/webhook-target.guard';
export * from './lib/webhook-sender';
