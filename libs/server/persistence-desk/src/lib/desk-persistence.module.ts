import { DeskEventMetrics } from '@landing/server/util-observability';
import { Module } from '@nestjs/common';
import { DeskEventStore } from './desk-event.store';
import { DeskAssignmentRepository } from './desk-assignment.repository';
import { DeskCalendarStore } from './desk-calendar.store';
import { DeskDatabase } from './desk-database';
import { DeskMailRepository } from './desk-mail.repository';
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
    DeskMailRepository,
  ],
  exports: [
    DeskEventStore,
    DeskEventMetrics,
    DeskRepository,
    DeskAssignmentRepository,
    DeskSlaRepository,
    DeskCalendarStore,
    DeskMailRepository,
  ],
})
export class DeskPersistenceModule {}
