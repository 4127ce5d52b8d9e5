import { AUDIT_STORE, type AuditStore } from '@landing/server/domain-audit';
import {
  DeskAssignmentRepository,
  DeskEventStore,
  DeskSlaRepository,
} from '@landing/server/persistence-desk';
import { APP_CONFIG, type AppConfig } from '@landing/server/util-config';
import { DeskMetrics } from '@landing/server/util-observability';
import { type AuditEvent } from '@landing/shared/contracts-audit';
import { handedOutEvent, handOutPolicy } from '@landing/shared/contracts-desk';
import {
  AUDIT_BATCH_LISTENER,
  type AuditBatchListener,
} from '@landing/worker/feature-audit';
import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  Optional,
} from '@nestjs/common';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';

/**
 * Told, once per scan that flagged any, which leads breached their first-contact due time
 * (e-mail to admins). A failure is logged and does not fail the scan.
 */
export interface SlaBreachListener {
  slaBreached(breaches: readonly SlaBreach[]): Promise<void>;
}
export interface SlaBreach {
  leadId: string;
  dueAt: string;
  ownerId: string | null;
}
export const SLA_BREACH_LISTENER = Symbol('SLA_BREACH_LISTENER');

/** BullMQ queue of the desk's repeatable scan. */
export const DESK_QUEUE = 'desk';
export const DESK_SCAN_JOB = 'desk.scan';
const SCHEDULER_ID = 'desk-scan';

/** Most breaches flagged, and outbox rows audited, per statement. */
export const SCAN_CHUNK = 500;

export interface ScanResult {
  breached: number;
  handedOut: number;
  audited: number;
}

/**
 * The desk's repeatable job (one BullMQ job scheduler shared by every worker replica, so one
 * replica runs each tick): flags leads past their first-contact due time and records an alert
 * for admins, hands out the shared queue when someone is on duty, writes the assignment and
 * breach outbox to the audit trail, and refreshes the open-leads gauge.
 */
@Injectable()
export class DeskScanJob
  implements OnApplicationBootstrap, BeforeApplicationShutdown
{
  private readonly logger = new Logger(DeskScanJob.name);
  private connection?: Redis;
  private queue?: Queue;
  private worker?: Worker;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(AUDIT_STORE) private readonly audit: AuditStore,
    private readonly sla: DeskSlaRepository,
    private readonly assignments: DeskAssignmentRepository,
    private readonly metrics: DeskMetrics,
    private readonly events: DeskEventStore,
    @Optional()
    @Inject(AUDIT_BATCH_LISTENER)
    private readonly listener?: AuditBatchListener,
    @Optional()
    @Inject(SLA_BREACH_LISTENER)
    private readonly breachListener?: SlaBreachListener,
  ) {}

  onApplicationBootstrap(): void {
    this.metrics.initialise();
    this.connection = new Redis(this.config.REDIS_URL, {
      maxRetriesPerRequest: null,
    });
    this.connection.on('error', (error: Error) =>
      this.logger.warn(`redis: ${error.message}`),
    );
    const options = {
      connection: this.connection,
      prefix: this.config.QUEUE_PREFIX,
    };
    this.queue = new Queue(DESK_QUEUE, options);
    this.queue.on('error', (error: Error) =>
      this.logger.warn(`queue: ${error.message}`),
    );
    this.queue
      .upsertJobScheduler(
        SCHEDULER_ID,
        { every: this.config.DESK_SLA_SCAN_INTERVAL_MS },
        {
          name: DESK_SCAN_JOB,
          opts: { removeOnComplete: true, removeOnFail: 100 },
        },
      )
      .catch((error: unknown) =>
        this.logger.warn(
          `could not schedule the desk scan: ${error instanceof Error ? error.message : String(error)}`,
        ),
      );
    this.worker = new Worker(
      DESK_QUEUE,
      () => this.runOnce().then(() => undefined),
      {
        ...options,
        concurrency: 1,
      },
    );
    this.worker.on('error', (error: Error) =>
      this.logger.warn(`worker: ${error.message}`),
    );
  }

  /** One tick; exported for tests and the `npm start` loop alike. */
  async runOnce(now = new Date()): Promise<ScanResult> {
    let breached = 0;
    for (;;) {
      const flagged = await this.sla.flagBreaches(now, SCAN_CHUNK);
      breached += flagged.length;
      this.metrics.sla.inc({ result: 'miss' }, flagged.length);
      this.events.emit({
        type: 'lead.sla_breached',
        at: new Date().toISOString(),
        leads: flagged.map((row) => ({
          leadId: row.leadId,
          ownerId: row.ownerId,
        })),
      });
      if (flagged.length < SCAN_CHUNK) break;
    }
    const given = await this.assignments.handOutSharedQueue(
      handOutPolicy(this.config.DESK_ASSIGNMENT_POLICY),
    );
    this.events.emit(handedOutEvent(given));
    const handedOut = given.length;
    const audited = await this.flushOutbox();
    for (const { ownerId, open } of await this.sla.openLeadsPerOwner())
      this.metrics.openLeads.set({ owner: ownerId }, open);
    if (breached > 0 || handedOut > 0)
      this.logger.log(
        `desk scan: ${breached} first-contact breaches flagged, ${handedOut} leads handed out`,
      );
    return { breached, handedOut, audited };
  }

  /**
   * Appends an audit event per assignment and breach not yet audited, then marks them. The
   * event id is the row's id, so a crash between the two writes the event once on the next tick.
   */
  async flushOutbox(): Promise<number> {
    let audited = 0;
    let after: string | null = null;
    for (;;) {
      const rows = await this.sla.unauditedAssignments(SCAN_CHUNK, after);
      if (rows.length === 0) break;
      after = rows[rows.length - 1]?.id ?? null;
      await this.appendAndTell(
        rows.map(
          (row): AuditEvent => ({
            ...envelope(row.id, row.assignedAt, row.leadId),
            actor:
              row.actorId && row.actorEmail
                ? { adminId: row.actorId, username: row.actorEmail }
                : null,
            type: 'lead.assigned',
            payload: {
              assignmentId: row.id,
              reason: row.reason,
              from: row.fromOwnerId,
              to: row.toOwnerId,
            },
          }),
        ),
      );
      await this.sla.markAssignmentsAudited(rows.map((row) => row.id));
      audited += rows.length;
      if (rows.length < SCAN_CHUNK) break;
    }
    const breaches: SlaBreach[] = [];
    for (;;) {
      const rows = await this.sla.unauditedBreaches(SCAN_CHUNK);
      if (rows.length === 0) break;
      await this.appendAndTell(
        rows.map(
          (row): AuditEvent => ({
            ...envelope(row.alertId, row.createdAt, row.leadId),
            actor: null,
            type: 'lead.sla_breached',
            payload: {
              alertId: row.alertId,
              dueAt: row.firstContactDueAt.toISOString(),
              ownerId: row.ownerId,
            },
          }),
        ),
      );
      await this.sla.markBreachesAudited(rows.map((row) => row.alertId));
      breaches.push(
        ...rows.map((row) => ({
          leadId: row.leadId,
          dueAt: row.firstContactDueAt.toISOString(),
          ownerId: row.ownerId,
        })),
      );
      audited += rows.length;
      if (rows.length < SCAN_CHUNK) break;
    }
    if (breaches.length > 0 && this.breachListener)
      await this.breachListener
        .slaBreached(breaches)
        .catch((error: unknown) =>
          this.logger.warn(
            `breach notification failed: ${error instanceof Error ? error.message : String(error)}`,
          ),
        );
    return audited;
  }

  /**
   * These events bypass the audit queue, so the batch listener (outbound webhooks) is told
   * here, after they are stored and before the rows are marked: a crash in between replays
   * the same event ids, which the webhook fan-out de-duplicates.
   */
  private async appendAndTell(events: AuditEvent[]): Promise<void> {
    await this.audit.append(events);
    await this.listener?.auditBatchStored(events);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.worker?.close();
    await this.queue?.close();
    this.connection?.disconnect();
  }
}

function envelope(id: string, at: Date, leadId: string) {
  return {
    id,
    occurredAt: at.toISOString(),
    phone: null,
    leadId,
    ip: null,
    userAgent: null,
    path: null,
    requestId: null,
  };
}
