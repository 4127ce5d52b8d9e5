import { AdminAuthModule } from '@landing/api/feature-admin-auth';
import { DeskPersistenceModule } from '@landing/server/persistence-desk';
import { DeskMetrics } from '@landing/server/util-observability';
import { Module } from '@nestjs/common';
import { DeskEventHub } from './desk-event.hub';
import { DeskEventsController } from './desk-events.controller';
import { DeskController } from './desk.controller';
import { DeskService } from './desk.service';

/** The callback desk's api: availability, the queue, calls, claims, assignment, settings, the live stream. */
@Module({
  imports: [AdminAuthModule, DeskPersistenceModule],
  controllers: [DeskController, DeskEventsController],
  providers: [DeskService, DeskMetrics, DeskEventHub],
})
export class DeskModule {}
