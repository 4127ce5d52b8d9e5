export * from './lib/test-database';
export * from './lib/test-redis';
export * from './lib/wait';
export * from './lib/tcp-proxy.cjs';
export * from './lib/redis-keys.cjs';
export * from './lib/app-process';
export * from './lib/audit-events';
export * from './lib/webhook-receiver';
