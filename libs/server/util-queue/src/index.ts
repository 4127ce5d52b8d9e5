export * from './lib/resilient-queue';
