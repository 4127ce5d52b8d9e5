export * from './lib/desk-arrivals';
export * from './lib/desk-scan.job';
export * from './lib/desk-worker.module';
