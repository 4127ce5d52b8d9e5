export * from './lib/audit-worker.module';
export * from './lib/audit-queue.consumer';
export * from './lib/audit.processor';
export * from './lib/audit-retention.job';
export * from './lib/audit-backoff';
export * from './lib/audit-batch.listener';
