export * from './lib/admin-api';
export * from './lib/desk-admin-api';
export * from './lib/webhooks-api';
