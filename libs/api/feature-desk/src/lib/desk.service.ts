import { randomUUID } from 'node:crypto';
import { AuditQueueProducer } from '@landing/api/data-access-audit';
import {
  type AdminActor,
  adminAuditEnvelope,
} from '@landing/api/feature-admin-auth';
import { RequestValidationError } from '@landing/api/util-http';
import { type AdminSessionRecord } from '@landing/server/persistence-admin';
import {
  DeskAssignmentRepository,
  DeskCalendarStore,
  DeskEventStore,
  type DeskLeadRecord,
  DeskRepository,
  type QueueRecord,
} from '@landing/server/persistence-desk';
import { APP_CONFIG, type AppConfig } from '@landing/server/util-config';
import { DeskMetrics } from '@landing/server/util-observability';
import {
  type AvailabilityResponse,
  type AvailabilityStatus,
  type BusinessCalendarResponse,
  callEffect,
  type DeskAlertView,
  type DeskLeadView,
  type LogCallRequest,
  type LogCallResponse,
  OPEN_LEAD_STATUSES,
  type LeadCallsResponse,
  type QueueItem,
  type QueueResponse,
  QUEUE_SHARED_LIMIT,
  QUEUE_UPCOMING_LIMIT,
  handedOutEvent,
  handOutPolicy,
  type StaffOnDutyResponse,
} from '@landing/shared/contracts-desk';
import {
  type BusinessCalendarSettings,
  calendarProblems,
  DEFAULT_BUSINESS_CALENDAR,
} from '@landing/shared/domain-business-calendar';
import { Inject, Injectable } from '@nestjs/common';
import {
  DeskLeadNotFoundError,
  LeadAlreadyOwnedError,
  LeadClosedError,
  NotLeadOwnerError,
} from './desk.errors';

/** The queue answers at most this many items; the counts cover all of them. */
export const QUEUE_LIMIT = 200;

/** A lead's call history answers at most this many calls (the newest). */
export const CALLS_LIMIT = 200;

/** A callback may be set at most this far ahead. */
const CALLBACK_HORIZON_MS = 366 * 86_400_000;

const iso = (date: Date | null) => (date ? date.toISOString() : null);

export const toDeskLeadView = (lead: DeskLeadRecord): DeskLeadView => ({
  leadId: lead.id,
  status: lead.status,
  ownerId: lead.ownerId,
  assignedAt: iso(lead.assignedAt),
  firstContactDueAt: iso(lead.firstContactDueAt),
  firstContactedAt: iso(lead.firstContactedAt),
  nextCallAt: iso(lead.nextCallAt),
  attempts: lead.attempts,
  closedReason: lead.closedReason,
  slaBreachedAt: iso(lead.slaBreachedAt),
});

const isOpen = (lead: DeskLeadRecord) =>
  OPEN_LEAD_STATUSES.includes(lead.status);

@Injectable()
export class DeskService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly desk: DeskRepository,
    private readonly assignments: DeskAssignmentRepository,
    private readonly calendars: DeskCalendarStore,
    private readonly audit: AuditQueueProducer,
    private readonly metrics: DeskMetrics,
    private readonly events: DeskEventStore,
  ) {}

  /** On duty or away; coming on duty hands out the shared queue (oldest first). */
  async setAvailability(
    onDuty: boolean,
    action: AdminActor,
  ): Promise<AvailabilityResponse> {
    const saved = await this.desk.setAvailability(action.id, onDuty);
    const given = saved.cameOnDuty
      ? await this.assignments.handOutSharedQueue(
          handOutPolicy(this.config.DESK_ASSIGNMENT_POLICY),
        )
      : [];
    this.events.emit(handedOutEvent(given));
    return {
      onDuty: saved.onDuty,
      changedAt: saved.changedAt.toISOString(),
      handedOut: given.length,
    };
  }

  async availability(session: AdminSessionRecord): Promise<AvailabilityStatus> {
    const state = await this.desk.onDuty(session.user.id);
    return { onDuty: state.onDuty, changedAt: iso(state.changedAt) };
  }

  async queue(
    session: AdminSessionRecord,
    now = new Date(),
  ): Promise<QueueResponse> {
    const { items, upcoming, shared, counts } = await this.desk.queue(
      session.user.id,
      now,
      QUEUE_LIMIT,
      QUEUE_UPCOMING_LIMIT,
      QUEUE_SHARED_LIMIT,
    );
    const toItem = (item: QueueRecord): QueueItem => ({
      kind: item.kind,
      leadId: item.id,
      phone: item.phone,
      name: item.name,
      status: item.status,
      createdAt: item.createdAt.toISOString(),
      assignedAt: iso(item.assignedAt),
      firstContactDueAt: iso(item.firstContactDueAt),
      nextCallAt: iso(item.nextCallAt),
      attempts: item.attempts,
      slaBreached: item.slaBreached,
      resubmittedAt: iso(item.resubmittedAt),
      submissionCount: item.submissionCount,
    });
    return {
      items: items.map(toItem),
      upcoming: upcoming.map(toItem),
      shared: shared.map(toItem),
      counts: {
        ...counts,
        total: counts.overdue + counts.new + counts.callback,
      },
    };
  }

  /** A lead's calls, newest first (any staff member may read them, as the lead itself). */
  async calls(leadId: string): Promise<LeadCallsResponse> {
    if (!(await this.desk.findLead(leadId))) throw new DeskLeadNotFoundError();
    const calls = await this.desk.calls(leadId, CALLS_LIMIT);
    return {
      calls: calls.map((call) => ({
        id: call.id,
        leadId: call.leadId,
        staffId: call.staffId,
        staffEmail: call.staffEmail,
        outcome: call.outcome,
        note: call.note,
        callbackAt: iso(call.callbackAt),
        createdAt: call.createdAt.toISOString(),
      })),
    };
  }

  /**
   * Records one call and applies its outcome (`callEffect`). The owner logs calls on their
   * leads; an unowned lead becomes the caller's; an admin may log on anyone's.
   */
  async logCall(
    leadId: string,
    request: LogCallRequest,
    action: AdminActor,
    now = new Date(),
  ): Promise<LogCallResponse> {
    const callbackAt = this.callbackTime(request, now);
    const calendar = await this.calendars.current();
    const user = action;
    const logged = await this.desk.logCall(leadId, (lead) => {
      if (!isOpen(lead)) throw new LeadClosedError(lead.status);
      if (
        lead.ownerId !== null &&
        lead.ownerId !== user.id &&
        user.role !== 'admin'
      )
        throw new NotLeadOwnerError();
      const effect = callEffect(
        request.outcome,
        lead,
        this.config.DESK_MAX_UNANSWERED_ATTEMPTS,
      );
      const nextCallAt =
        effect.next === 'callback'
          ? callbackAt
          : effect.next === 'retry'
            ? calendar.addWorkingDuration(
                now,
                this.config.DESK_RETRY_AFTER_MINUTES * 60_000,
              )
            : null;
      return {
        id: randomUUID(),
        leadId,
        staffId: user.id,
        outcome: request.outcome,
        note: request.note?.trim() ? request.note : null,
        callbackAt,
        status: effect.status,
        closedReason: effect.closedReason,
        attempts: effect.attempts,
        nextCallAt,
      };
    });
    if (!logged) throw new DeskLeadNotFoundError();
    const { call, lead, before } = logged;
    this.events.emit({
      type: 'lead.changed',
      at: new Date().toISOString(),
      leads: [
        {
          leadId,
          ownerId: lead.ownerId,
          ...(before.ownerId !== lead.ownerId
            ? { previousOwnerId: before.ownerId }
            : {}),
        },
      ],
    });
    if (before.firstContactedAt === null) {
      this.metrics.firstContact.observe(
        Math.max(0, (now.getTime() - before.createdAt.getTime()) / 1000),
      );
      // A late first call the scan has not flagged yet is a miss here; a flagged one was counted then.
      if (before.firstContactDueAt && before.slaBreachedAt === null)
        this.metrics.sla.inc({
          result: now <= before.firstContactDueAt ? 'hit' : 'miss',
        });
    }
    await this.audit.record({
      ...adminAuditEnvelope(action, leadId),
      id: call.id,
      type: 'lead.call_logged',
      payload: {
        callId: call.id,
        outcome: call.outcome,
        attempts: lead.attempts,
        callbackAt: iso(call.callbackAt),
      },
    });
    if (logged.statusChangeId)
      await this.audit.record({
        ...adminAuditEnvelope(action, leadId),
        id: logged.statusChangeId,
        type: 'lead.status_changed',
        payload: { before: before.status, after: lead.status },
      });
    return {
      call: {
        id: call.id,
        leadId,
        staffId: call.staffId,
        outcome: call.outcome,
        note: call.note,
        callbackAt: iso(call.callbackAt),
        createdAt: call.createdAt.toISOString(),
      },
      lead: toDeskLeadView(lead),
    };
  }

  /** Takes a lead from the shared queue; taking one's own again changes nothing. */
  async claim(leadId: string, action: AdminActor): Promise<DeskLeadView> {
    const result = await this.desk.claim(leadId, action.id);
    if (!result) throw new DeskLeadNotFoundError();
    const { lead, claimed } = result;
    if (!claimed) {
      if (!isOpen(lead)) throw new LeadClosedError(lead.status);
      if (lead.ownerId !== action.id) throw new LeadAlreadyOwnedError();
    } else
      this.events.emit({
        type: 'lead.assigned',
        at: new Date().toISOString(),
        leads: [{ leadId, ownerId: action.id, previousOwnerId: null }],
      });
    return toDeskLeadView(lead);
  }

  /** An admin gives an open lead to an active staff member (on duty or not: their choice). */
  async assign(
    leadId: string,
    ownerId: string,
    action: AdminActor,
  ): Promise<DeskLeadView> {
    const current = await this.desk.findLead(leadId);
    if (!current) throw new DeskLeadNotFoundError();
    if (!isOpen(current)) throw new LeadClosedError(current.status);
    if (!(await this.desk.isActiveUser(ownerId)))
      throw new RequestValidationError([
        {
          field: 'ownerId',
          code: 'INVALID_VALUE',
          message: 'ownerId must be an active staff member',
        },
      ]);
    const result = await this.desk.reassign(leadId, ownerId, action.id);
    if (!result) throw new DeskLeadNotFoundError();
    if (result.from !== ownerId)
      this.events.emit({
        type: 'lead.assigned',
        at: new Date().toISOString(),
        leads: [{ leadId, ownerId, previousOwnerId: result.from }],
      });
    return toDeskLeadView(result.lead);
  }

  async staff(): Promise<StaffOnDutyResponse> {
    const staff = await this.desk.staff();
    return {
      staff: staff.map((member) => ({
        userId: member.userId,
        email: member.email,
        role: member.role,
        onDuty: member.onDuty,
        changedAt: iso(member.changedAt),
        openLeads: member.openLeads,
      })),
      onDuty: staff.filter((member) => member.onDuty).length,
    };
  }

  async calendar(): Promise<BusinessCalendarResponse> {
    const { settings, updatedAt } = await this.desk.calendar();
    return {
      ...(settings ?? DEFAULT_BUSINESS_CALENDAR),
      updatedAt: iso(updatedAt),
      firstContactSlaMinutes: this.config.DESK_FIRST_CONTACT_SLA_MINUTES,
    };
  }

  async saveCalendar(
    input: BusinessCalendarSettings,
    action: AdminActor,
  ): Promise<BusinessCalendarResponse> {
    const problems = calendarProblems(input);
    if (problems.length > 0)
      throw new RequestValidationError(
        problems.map((problem) => ({
          field: problem.field,
          code: 'INVALID_VALUE',
          message: problem.message,
        })),
      );
    const settings: BusinessCalendarSettings = {
      timeZone: input.timeZone,
      week: {
        sunday: input.week.sunday,
        monday: input.week.monday,
        tuesday: input.week.tuesday,
        wednesday: input.week.wednesday,
        thursday: input.week.thursday,
        friday: input.week.friday,
        saturday: input.week.saturday,
      },
      holidays: [...new Set(input.holidays)].sort(),
    };
    const updatedAt = await this.desk.saveCalendar(settings, action.id);
    this.calendars.forget();
    await this.audit.record({
      ...adminAuditEnvelope(action, null),
      type: 'admin.calendar_changed',
      payload: {
        timeZone: settings.timeZone,
        holidays: settings.holidays.length,
      },
    });
    return {
      ...settings,
      updatedAt: updatedAt.toISOString(),
      firstContactSlaMinutes: this.config.DESK_FIRST_CONTACT_SLA_MINUTES,
    };
  }

  async alerts(): Promise<DeskAlertView[]> {
    return (await this.desk.alerts(100)).map((alert) => ({
      id: alert.id,
      kind: 'sla_breached',
      leadId: alert.leadId,
      ownerId: alert.ownerId,
      createdAt: alert.createdAt.toISOString(),
    }));
  }

  /** `callbackAt` belongs to a callback (and only to it), in the future, within a year. */
  private callbackTime(request: LogCallRequest, now: Date): Date | null {
    const invalid = (message: string) =>
      new RequestValidationError([
        { field: 'callbackAt', code: 'INVALID_VALUE', message },
      ]);
    if (request.outcome !== 'callback') {
      if (request.callbackAt !== undefined)
        throw invalid('callbackAt is only for the callback outcome');
      return null;
    }
    if (request.callbackAt === undefined)
      throw new RequestValidationError([
        {
          field: 'callbackAt',
          code: 'REQUIRED',
          message: 'callbackAt is required with the callback outcome',
        },
      ]);
    const at = new Date(request.callbackAt);
    if (Number.isNaN(at.getTime())) throw invalid('callbackAt is not a date');
    if (at.getTime() <= now.getTime() - 60_000)
      throw invalid('callbackAt must be in the future');
    if (at.getTime() > now.getTime() + CALLBACK_HORIZON_MS)
      throw invalid('callbackAt must be within a year');
    return at;
  }
}
