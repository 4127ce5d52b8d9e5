import { type AuditEvent } from '@landing/shared/contracts-audit';
import { type LeadSubmittedJob } from '@landing/shared/contracts-lead';
import {
  WEBHOOK_EVENT_TYPES,
  WEBHOOK_PAYLOAD_VERSION,
  type WebhookAttribution,
  type WebhookEvent,
} from '@landing/shared/contracts-webhooks';
import {
  type SubmissionFacts,
  WebhookEndpointRepository,
  WebhookLeadFacts,
  WebhookQueueProducer,
} from '@landing/server/persistence-webhooks';
import { type AuditBatchListener } from '@landing/worker/feature-audit';
import { type LeadBatchListener } from '@landing/worker/feature-intake';
import { Injectable } from '@nestjs/common';

const SUBSCRIBER_CACHE_MS = 2000;

function attribution(job: LeadSubmittedJob): WebhookAttribution {
  const a = job.attribution;
  return {
    utm_source: a.utm_source ?? null,
    utm_medium: a.utm_medium ?? null,
    utm_campaign: a.utm_campaign ?? null,
    utm_term: a.utm_term ?? null,
    utm_content: a.utm_content ?? null,
    referrer: a.referrer ?? null,
    landingPath: a.landingPath ?? null,
  };
}

/** `lead.created` / `lead.duplicate` for each stored submission of a batch. */
export function leadEvents(
  jobs: readonly LeadSubmittedJob[],
  facts: readonly SubmissionFacts[],
): WebhookEvent[] {
  const bySubmission = new Map(facts.map((fact) => [fact.submissionId, fact]));
  return jobs.flatMap((job): WebhookEvent[] => {
    const fact = bySubmission.get(job.submissionId);
    if (!fact) return [];
    const base = {
      leadId: fact.leadId,
      submissionId: job.submissionId,
      phone: job.phone,
      name: job.name ?? null,
      email: job.email ?? null,
      consent: job.consent,
      receivedAt: job.receivedAt,
      attribution: attribution(job),
    };
    return fact.first
      ? [
          {
            eventId: `lead.created:${job.submissionId}`,
            payload: {
              type: 'lead.created',
              version: WEBHOOK_PAYLOAD_VERSION,
              timestamp: job.receivedAt,
              data: base,
            },
          },
        ]
      : [
          {
            eventId: `lead.duplicate:${job.submissionId}`,
            payload: {
              type: 'lead.duplicate',
              version: WEBHOOK_PAYLOAD_VERSION,
              timestamp: job.receivedAt,
              data: { ...base, submissionCount: fact.submissionCount },
            },
          },
        ];
  });
}

/**
 * `lead.status_changed`, `lead.erased` and the desk's `lead.assigned`, `lead.call_logged`,
 * `lead.sla_breached` from the audit trail; none carries a phone, name or note.
 */
export function auditEvents(events: readonly AuditEvent[]): WebhookEvent[] {
  return events.flatMap((event): WebhookEvent[] => {
    if (!event.leadId) return [];
    if (event.type === 'lead.status_changed')
      return [
        {
          eventId: `audit:${event.id}`,
          payload: {
            type: 'lead.status_changed',
            version: WEBHOOK_PAYLOAD_VERSION,
            timestamp: event.occurredAt,
            data: {
              leadId: event.leadId,
              from: event.payload.before,
              to: event.payload.after,
              changedAt: event.occurredAt,
              changedBy: event.actor?.adminId ?? null,
            },
          },
        },
      ];
    if (event.type === 'lead.erased')
      return [
        {
          eventId: `audit:${event.id}`,
          payload: {
            type: 'lead.erased',
            version: WEBHOOK_PAYLOAD_VERSION,
            timestamp: event.occurredAt,
            data: { leadId: event.leadId, erasedAt: event.occurredAt },
          },
        },
      ];
    if (event.type === 'lead.assigned')
      return [
        {
          eventId: `audit:${event.id}`,
          payload: {
            type: 'lead.assigned',
            version: WEBHOOK_PAYLOAD_VERSION,
            timestamp: event.occurredAt,
            data: {
              leadId: event.leadId,
              assigneeId: event.payload.to,
              previousAssigneeId: event.payload.from,
              assignedAt: event.occurredAt,
            },
          },
        },
      ];
    if (event.type === 'lead.call_logged')
      return [
        {
          eventId: `audit:${event.id}`,
          payload: {
            type: 'lead.call_logged',
            version: WEBHOOK_PAYLOAD_VERSION,
            timestamp: event.occurredAt,
            data: {
              leadId: event.leadId,
              callId: event.payload.callId,
              outcome: event.payload.outcome,
              calledAt: event.occurredAt,
              calledBy: event.actor?.adminId ?? null,
            },
          },
        },
      ];
    if (event.type === 'lead.sla_breached')
      return [
        {
          eventId: `audit:${event.id}`,
          payload: {
            type: 'lead.sla_breached',
            version: WEBHOOK_PAYLOAD_VERSION,
            timestamp: event.occurredAt,
            data: {
              leadId: event.leadId,
              dueAt: event.payload.dueAt,
              breachedAt: event.occurredAt,
              assigneeId: event.payload.ownerId,
            },
          },
        },
      ];
    return [];
  });
}

/**
 * Turns stored lead batches and audit batches into webhook events: one fan-out job per
 * batch, added by the worker after the batch committed, so intake (the api) never waits on
 * webhooks. With no active endpoint for an event type, nothing is read or queued.
 */
@Injectable()
export class WebhookEventsListener
  implements LeadBatchListener, AuditBatchListener
{
  private subscribed?: { types: Set<string>; until: number };

  constructor(
    private readonly endpoints: WebhookEndpointRepository,
    private readonly facts: WebhookLeadFacts,
    private readonly producer: WebhookQueueProducer,
  ) {}

  async leadBatchStored(jobs: readonly LeadSubmittedJob[]): Promise<void> {
    const types = await this.subscribedTypes();
    if (!types.has('lead.created') && !types.has('lead.duplicate')) return;
    const facts = await this.facts.describe(
      jobs.map((job) => job.submissionId),
    );
    await this.producer.fanOut(
      leadEvents(jobs, facts).filter((event) => types.has(event.payload.type)),
    );
  }

  async auditBatchStored(events: readonly AuditEvent[]): Promise<void> {
    const webhookEvents = auditEvents(events);
    if (webhookEvents.length === 0) return;
    const types = await this.subscribedTypes();
    await this.producer.fanOut(
      webhookEvents.filter((event) => types.has(event.payload.type)),
    );
  }

  private async subscribedTypes(): Promise<Set<string>> {
    const now = Date.now();
    if (this.subscribed && this.subscribed.until > now)
      return this.subscribed.types;
    const active = await this.endpoints.subscribers(WEBHOOK_EVENT_TYPES);
    const types = new Set(active.flatMap((endpoint) => endpoint.events));
    this.subscribed = { types, until: now + SUBSCRIBER_CACHE_MS };
    return types;
  }
}
