import { Module } from '@nestjs/common';
import { AuditQueueProducer } from './audit-queue.producer';

/** Import to record audit events from an api feature (intake today, admin actions later). */
@Module({
  providers: [AuditQueueProducer],
  exports: [AuditQueueProducer],
})
export class AuditProducerModule {}
