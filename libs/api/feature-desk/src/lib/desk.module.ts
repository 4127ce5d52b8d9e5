import { AdminAuthModule } from '@landing/api/feature-admin-auth';
import { DeskPersistenceModule } from '@landing/server/persistence-desk';
import { DeskMetrics } from '@landing/server/util-observability';
import { Module } from '@nestjs/common';
import { DeskController } from './desk.controller';
import { DeskService } from './desk.service';

/** The callback desk's api: availability, the queue, calls, claims, assignment, settings. */
@Module({
  imports: [AdminAuthModule, DeskPersistenceModule],
  controllers: [DeskController],
  providers: [DeskService, DeskMetrics],
})
export class DeskModule {}
