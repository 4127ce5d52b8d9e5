export * from './lib/mail-queue.producer';
