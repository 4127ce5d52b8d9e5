import { LeadPersistenceModule } from '@landing/server/persistence-lead';
import { DeskWorkerModule } from '@landing/worker/feature-desk';
import { Module } from '@nestjs/common';
import { LeadQueueConsumer } from './lead-queue.consumer';
import { LeadProcessor } from './lead.processor';

@Module({
  imports: [LeadPersistenceModule, DeskWorkerModule],
  providers: [LeadProcessor, LeadQueueConsumer],
  exports: [LeadQueueConsumer, LeadProcessor],
})
export class LeadIntakeWorkerModule {}
