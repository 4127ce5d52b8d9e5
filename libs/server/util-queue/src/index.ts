export * from './lib/resilient-queue';
export * from './lib/redis-link';
export * from './lib/redis-stall';
export * from './lib/lazy-queue';
