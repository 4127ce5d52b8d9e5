import {
  type Assignment,
  DeskAssignmentRepository,
  DeskCalendarStore,
  DeskEventStore,
} from '@landing/server/persistence-desk';
import { type StoredLead } from '@landing/server/persistence-lead';
import { APP_CONFIG, type AppConfig } from '@landing/server/util-config';
import { type DeskEvent } from '@landing/shared/contracts-desk';
import { Inject, Injectable } from '@nestjs/common';

/**
 * What the worker does for the desk after each stored batch: due times for new leads,
 * resubmissions marked on open leads (they stay with, and come back to, their owner), and an
 * owner for every unowned one, in one statement per batch.
 * With `DESK_ASSIGNMENT_POLICY=off` it does no desk work. Either way it tells the live stream about the batch: one Redis round trip per batch
 * (`lead.created` for new leads, `lead.changed` for resubmissions of open leads), not awaited.
 */
@Injectable()
export class DeskArrivals {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly assignments: DeskAssignmentRepository,
    private readonly calendars: DeskCalendarStore,
    private readonly events: DeskEventStore,
  ) {}

  async stored(leads: readonly StoredLead[]): Promise<Assignment[]> {
    const policy = this.config.DESK_ASSIGNMENT_POLICY;
    const created = leads.filter((lead) => lead.created);
    if (policy === 'off') {
      this.announce(
        created.map((lead) => lead.id),
        [],
        new Map(),
      );
      return [];
    }
    const arrived = leads.filter((lead) => lead.created || lead.resubmitted);
    if (arrived.length === 0) return [];
    const calendar = await this.calendars.current();
    const sla = this.config.DESK_FIRST_CONTACT_SLA_MINUTES * 60_000;
    const outcome = await this.assignments.arrive(
      arrived.map((lead) => ({
        id: lead.id,
        dueAt: calendar.addWorkingDuration(new Date(lead.firstReceivedAt), sla),
        resubmitted: lead.resubmitted,
      })),
      policy,
    );
    this.announce(
      created.map((lead) => lead.id),
      leads
        .filter((lead) => lead.resubmitted && outcome.owners.has(lead.id))
        .map((lead) => lead.id),
      outcome.owners,
    );
    return outcome.assigned;
  }

  private announce(
    created: readonly string[],
    resubmitted: readonly string[],
    owners: ReadonlyMap<string, string | null>,
  ): void {
    const at = new Date().toISOString();
    const event = (
      type: DeskEvent['type'],
      ids: readonly string[],
    ): DeskEvent => ({
      type,
      at,
      leads: ids.map((leadId) => ({
        leadId,
        ownerId: owners.get(leadId) ?? null,
      })),
    });
    this.events.emit(
      event('lead.created', created),
      event('lead.changed', resubmitted),
    );
  }
}
