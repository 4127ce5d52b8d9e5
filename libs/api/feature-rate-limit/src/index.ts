export * from './lib/rate-limit.module';
export * from './lib/intake-throttler.guard';
export * from './lib/rate-limited.error';
export * from './lib/redis-throttler.storage';
export * from './lib/address-key';
