export * from './lib/lead-keys';
