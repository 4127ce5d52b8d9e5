export * from './lib/mail-worker.module';
export * from './lib/mail.consumer';
export * from './lib/mail-digest';
export * from './lib/mail-metrics';
export * from './lib/mail-notifier';
export * from './lib/mail-templates';
export * from './lib/mail-transport';
