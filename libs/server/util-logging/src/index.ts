export * from './lib/log-masking';
export * from './lib/app-logger';
export * from './lib/log-throttle';
