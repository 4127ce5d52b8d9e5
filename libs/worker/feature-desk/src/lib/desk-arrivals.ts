import {
  type Assignment,
  DeskAssignmentRepository,
  DeskCalendarStore,
} from '@landing/server/persistence-desk';
import { type StoredLead } from '@landing/server/persistence-lead';
import { APP_CONFIG, type AppConfig } from '@landing/server/util-config';
import { Inject, Injectable } from '@nestjs/common';

/**
 * What the worker does for the desk after each stored batch: due times for new leads,
 * resubmissions marked on open leads (they stay with, and come back to, their owner), and an
 * owner for every unowned one. One transaction under the assignment lock per batch.
 * With `DESK_ASSIGNMENT_POLICY=off` it does nothing.
 */
@Injectable()
export class DeskArrivals {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly assignments: DeskAssignmentRepository,
    private readonly calendars: DeskCalendarStore,
  ) {}

  async stored(leads: readonly StoredLead[]): Promise<Assignment[]> {
    const policy = this.config.DESK_ASSIGNMENT_POLICY;
    if (policy === 'off') return [];
    const arrived = leads.filter((lead) => lead.created || lead.resubmitted);
    if (arrived.length === 0) return [];
    const calendar = await this.calendars.current();
    const sla = this.config.DESK_FIRST_CONTACT_SLA_MINUTES * 60_000;
    return this.assignments.arrived(
      arrived.map((lead) => ({
        id: lead.id,
        dueAt: calendar.addWorkingDuration(new Date(lead.firstReceivedAt), sla),
        resubmitted: lead.resubmitted,
      })),
      policy,
    );
  }
}
