export * from './lib/admin-api';
export * from './lib/webhooks-api';
