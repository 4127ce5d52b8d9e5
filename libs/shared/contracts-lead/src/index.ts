export * from './lib/lead-submission.contract';
export * from './lib/lead-status.contract';
export * from './lib/error.contract';
export * from './lib/lead-queue.contract';
export * from './lib/storable-text';
