export * from './lib/audit-queue.producer';
export * from './lib/audit-producer.module';
