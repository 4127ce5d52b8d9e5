export * from './lib/log-masking';
export * from './lib/app-logger';
