export * from './lib/lead-intake.module';
export * from './lib/lead-intake.service';
export * from './lib/lead-queue.producer';
