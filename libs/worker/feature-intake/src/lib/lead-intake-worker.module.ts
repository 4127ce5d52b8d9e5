import { AdminPersistenceModule } from '@landing/server/persistence-admin';
import { LeadPersistenceModule } from '@landing/server/persistence-lead';
import { DeskWorkerModule } from '@landing/worker/feature-desk';
import { Module } from '@nestjs/common';
import { LeadQueueConsumer } from './lead-queue.consumer';
import { LeadProcessor } from './lead.processor';
import { OverviewRollupJob } from './overview-rollup.job';

@Module({
  imports: [LeadPersistenceModule, AdminPersistenceModule, DeskWorkerModule],
  providers: [LeadProcessor, LeadQueueConsumer, OverviewRollupJob],
  exports: [LeadQueueConsumer, LeadProcessor],
})
export class LeadIntakeWorkerModule {}
