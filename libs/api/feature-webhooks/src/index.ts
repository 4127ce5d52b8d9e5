export * from './lib/webhooks.module';
export * from './lib/webhooks.service';
