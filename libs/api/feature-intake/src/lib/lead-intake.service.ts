import { randomUUID } from 'node:crypto';
import {
  ATTRIBUTION_FIELDS,
  type Attribution,
  type LeadSubmittedJob,
  type SubmitLeadRequest,
} from '@landing/shared/contracts-lead';
import {
  normalizePhone,
  type PhoneNormalization,
  type PhoneRejection,
} from '@landing/shared/domain-phone';
import { APP_CONFIG, type AppConfig } from '@landing/server/util-config';
import { IntakeMetrics } from '@landing/server/util-observability';
import { AuditQueueProducer } from '@landing/api/data-access-audit';
import { AUDIT_FIELD_LIMITS } from '@landing/shared/contracts-audit';
import { Inject, Injectable } from '@nestjs/common';
import { InvalidPhoneError } from './lead-intake.errors';
import { LeadQueueProducer } from './lead-queue.producer';

/** `spam` is answered exactly like `accepted`, so a bot learns nothing from the response. */
export type IntakeResult =
  | { outcome: 'accepted'; submissionId: string }
  | { outcome: 'duplicate'; submissionId: string }
  | { outcome: 'spam'; submissionId: string };

type SpamReason = 'honeypot' | 'too_fast';

function attributionOf(request: SubmitLeadRequest): Attribution {
  const attribution: Attribution = {};
  for (const field of ATTRIBUTION_FIELDS) {
    const value = request[field];
    if (value !== undefined) attribution[field] = value;
  }
  return attribution;
}

export interface IntakeContext {
  /** The request's phone as already normalised for this request, if something did; parsed here otherwise. */
  phone?: PhoneNormalization;
  requestId: string;
  receivedAt: Date;
  /** For the audit trail: the client IP resolved through the trusted proxies, user agent, path. */
  clientIp?: string;
  userAgent?: string;
  path?: string;
}

/** What every visitor event in the trail carries: when, who (by address and agent), where. */
function visitorEnvelope(context: IntakeContext, phone: string | null) {
  return {
    id: randomUUID(),
    occurredAt: context.receivedAt.toISOString(),
    phone,
    leadId: null,
    ip: context.clientIp?.slice(0, AUDIT_FIELD_LIMITS.ip) ?? null,
    userAgent:
      context.userAgent?.slice(0, AUDIT_FIELD_LIMITS.userAgent) ?? null,
    path: context.path?.slice(0, AUDIT_FIELD_LIMITS.path) ?? null,
    requestId: context.requestId,
    actor: null,
  };
}

const PHONE_MESSAGES: Record<PhoneRejection, string> = {
  EMPTY: 'phone is required',
  TOO_LONG: 'phone is too long',
  INVALID_CHARACTERS:
    'phone may contain only digits, spaces, +, -, ., / and parentheses',
  INVALID_NUMBER: 'phone is not a valid phone number',
};

@Injectable()
export class LeadIntakeService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly producer: LeadQueueProducer,
    private readonly metrics: IntakeMetrics,
    private readonly audit: AuditQueueProducer,
  ) {}

  async submit(
    request: SubmitLeadRequest,
    context: IntakeContext,
  ): Promise<IntakeResult> {
    const attribution = attributionOf(request);
    const spam = this.spamReason(request);
    if (spam) {
      const submissionId = request.submissionId?.toLowerCase() ?? randomUUID();
      this.metrics.record('spam');
      this.recordSpam(submissionId, spam, request, attribution, context);
      return { outcome: 'spam', submissionId };
    }
    const phone = this.phoneOf(request, context);
    if (!phone.ok) throw new InvalidPhoneError(PHONE_MESSAGES[phone.reason]);
    const job: LeadSubmittedJob = {
      submissionId: request.submissionId?.toLowerCase() ?? randomUUID(),
      phone: phone.e164,
      name: request.name ?? null,
      email: request.email ?? null,
      consent: request.consent ?? false,
      consentVersion: request.consentVersion ?? null,
      attribution,
      receivedAt: context.receivedAt.toISOString(),
      requestId: context.requestId,
    };
    const outcome = await this.producer.enqueue(job);
    this.recordAudit(job, outcome === 'duplicate', context);
    // Failures (400, 429, 503) are counted from the status code; see @landing/api/feature-observability.
    this.metrics.record(outcome === 'queued' ? 'accepted' : 'duplicate');
    return outcome === 'queued'
      ? { outcome: 'accepted', submissionId: job.submissionId }
      : { outcome: 'duplicate', submissionId: job.submissionId };
  }

  /**
   * The answer does not wait for the trail: the producer batches events, queues what is left
   * at shutdown, and logs and counts what it cannot queue; `record` never rejects.
   */
  private recordAudit(
    job: LeadSubmittedJob,
    duplicate: boolean,
    context: IntakeContext,
  ): void {
    void this.audit.record({
      ...visitorEnvelope(context, job.phone),
      type: 'lead.submission',
      payload: {
        submissionId: job.submissionId,
        duplicate,
        attribution: job.attribution,
      },
    });
  }

  /** The bot is told "accepted"; the trail keeps what it sent, with the number when it parses. */
  private recordSpam(
    submissionId: string,
    reason: SpamReason,
    request: SubmitLeadRequest,
    attribution: Attribution,
    context: IntakeContext,
  ): void {
    const phone = this.phoneOf(request, context);
    void this.audit.record({
      ...visitorEnvelope(context, phone.ok ? phone.e164 : null),
      type: 'lead.spam',
      payload: { submissionId, reason, attribution },
    });
  }

  private phoneOf(
    request: SubmitLeadRequest,
    context: IntakeContext,
  ): PhoneNormalization {
    return (
      context.phone ??
      normalizePhone(request.phone, this.config.PHONE_DEFAULT_REGION)
    );
  }

  /** A filled honeypot, or a form sent faster than a person can fill it in. */
  private spamReason(request: SubmitLeadRequest): SpamReason | undefined {
    // null is "not given" whatever the route's DTO made of it: never a reason to drop a lead.
    if (request.website != null && request.website !== '') return 'honeypot';
    const minimum = this.config.BOT_MIN_ELAPSED_MS;
    if (minimum > 0 && request.elapsedMs != null && request.elapsedMs < minimum)
      return 'too_fast';
    return undefined;
  }
}
