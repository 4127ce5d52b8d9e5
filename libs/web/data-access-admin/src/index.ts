export * from './lib/admin-api';
export * from './lib/desk-admin-api';
