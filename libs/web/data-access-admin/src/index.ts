export * from './lib/admin-api';
export * from './lib/desk-events.service';
export * from './lib/desk-queue.store';
export * from './lib/desk-notifier';
