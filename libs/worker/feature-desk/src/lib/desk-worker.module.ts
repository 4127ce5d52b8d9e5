import { AuditPersistenceModule } from '@landing/server/persistence-audit';
import { DeskPersistenceModule } from '@landing/server/persistence-desk';
import { DeskMetrics } from '@landing/server/util-observability';
import { Module } from '@nestjs/common';
import { DeskArrivals } from './desk-arrivals';
import { DeskScanJob } from './desk-scan.job';

/** The worker's side of the callback desk: assignment after each batch, the periodic scan. */
@Module({
  imports: [DeskPersistenceModule, AuditPersistenceModule],
  providers: [DeskArrivals, DeskScanJob, DeskMetrics],
  exports: [DeskArrivals, DeskScanJob],
})
export class DeskWorkerModule {}
