export * from './lib/admin-api';
export * from './lib/desk-admin-api';
export * from './lib/webhooks-api';
export * from './lib/desk-events.service';
export * from './lib/desk-queue.store';
export * from './lib/desk-notifier';
