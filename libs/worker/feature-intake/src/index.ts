export * from './lib/lead-intake-worker.module';
export * from './lib/lead-queue.consumer';
export * from './lib/lead.processor';
export * from './lib/dead-letter';
export * from './lib/lead-batch.listener';
