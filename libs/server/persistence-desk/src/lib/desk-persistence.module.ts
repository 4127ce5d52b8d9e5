import { DeskEventMetrics } from '@landing/server/util-observability';
import { Module } from '@nestjs/common';
import { DeskEventStore } from './desk-event.store';
import { DeskAssignmentRepository } from './desk-assignment.repository';
import { DeskCalendarStore } from './desk-calendar.store';
import { DeskDatabase } from './desk-database';
import { DeskSlaRepository } from './desk-sla.repository';
import { DeskRepository } from './desk.repository';

@Module({
  providers: [
    DeskDatabase,
    DeskRepository,
    DeskAssignmentRepository,
    DeskSlaRepository,
    DeskCalendarStore,
    DeskEventStore,
    DeskEventMetrics,
  ],
  exports: [
    DeskEventStore,
    DeskEventMetrics,
    DeskRepository,
    DeskAssignmentRepository,
    DeskSlaRepository,
    DeskCalendarStore,
  ],
})
export class DeskPersistenceModule {}
