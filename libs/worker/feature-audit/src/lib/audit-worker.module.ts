import { AuditPersistenceModule } from '@landing/server/persistence-audit';
import { Module } from '@nestjs/common';
import { AuditQueueConsumer } from './audit-queue.consumer';
import { AuditRetentionJob } from './audit-retention.job';
import { AuditProcessor } from './audit.processor';
import { ErasedPhones } from './erased-phones';

/** The worker's side of the audit trail: consume the audit queue, write in batches, apply retention. */
@Module({
  imports: [AuditPersistenceModule],
  providers: [
    AuditProcessor,
    AuditQueueConsumer,
    AuditRetentionJob,
    ErasedPhones,
  ],
  exports: [AuditQueueConsumer, AuditPersistenceModule],
})
export class AuditWorkerModule {}
