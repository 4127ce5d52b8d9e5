export * from './lib/mail-queue.contract';
