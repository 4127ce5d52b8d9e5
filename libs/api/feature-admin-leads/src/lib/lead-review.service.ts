import { Readable } from 'node:stream';
import { AuditQueueProducer } from '@landing/api/data-access-audit';
import { RequestValidationError } from '@landing/api/util-http';
import {
  AuditTrailService,
  AuditQueryError,
} from '@landing/server/domain-audit';
import {
  type LeadNoteRecord,
  type LeadRecord,
  LeadReviewRepository,
} from '@landing/server/persistence-admin';
import {
  DeskEventStore,
  DeskRepository,
} from '@landing/server/persistence-desk';
import { APP_CONFIG, type AppConfig } from '@landing/server/util-config';
import {
  canChangeStatus,
  LEAD_STATUS_TRANSITIONS,
  type BulkLeadStatusResponse,
  type LeadDetailResponse,
  type LeadFilter,
  type LeadListQuery,
  type LeadListResponse,
  type LeadNoteView,
  type LeadSummary,
} from '@landing/shared/contracts-admin';
import { type AuditEvent } from '@landing/shared/contracts-audit';
import { type LeadStatus } from '@landing/shared/contracts-lead';
import { maskPhonesInText } from '@landing/shared/domain-phone';
import { Inject, Injectable } from '@nestjs/common';
import {
  type AdminActor,
  adminAuditEnvelope,
} from '@landing/api/feature-admin-auth';
import { csvPhone, csvRow } from './csv-cell';
import {
  ExportNotAuditedError,
  LeadChangedMeanwhileError,
  LeadNotFoundError,
  StatusChangeNotAllowedError,
} from './admin-leads.errors';
import {
  LEAD_AUDIT_ERASER,
  LeadDedupEraser,
  type LeadAuditEraser,
} from './lead-erasure.ports';
import {
  decodeLeadCursor,
  encodeLeadCursor,
  pageLimit,
  parseLeadFilter,
} from './lead-filter';

const iso = (date: Date | null) => (date ? date.toISOString() : null);

export const toLeadSummary = (lead: LeadRecord): LeadSummary => ({
  id: lead.id,
  phone: lead.phone,
  name: lead.name,
  email: lead.email,
  status: lead.status,
  createdAt: lead.createdAt.toISOString(),
  lastSubmittedAt: lead.lastSubmittedAt.toISOString(),
});

const toNoteView = (note: LeadNoteRecord): LeadNoteView => ({
  id: note.id,
  text: note.text,
  authorEmail: note.authorEmail,
  createdAt: note.createdAt.toISOString(),
});

export const EXPORT_COLUMNS = [
  'id',
  'phone',
  'name',
  'email',
  'status',
  'created_at',
  'last_submitted_at',
  'utm_source',
  'utm_campaign',
  'submissions',
];

/**
 * Counting stops here: an exact count of a broad filter over a million leads would cost a
 * full scan on every first page (measured in `npm run bench:admin`).
 */
export const LEAD_COUNT_CAP = 10_000;

const FREE_TEXT_FILTERS: ReadonlySet<string> = new Set([
  'q',
  'source',
  'campaign',
]);

@Injectable()
export class LeadReviewService {
  constructor(
    private readonly leads: LeadReviewRepository,
    private readonly trail: AuditTrailService,
    private readonly audit: AuditQueueProducer,
    private readonly dedup: LeadDedupEraser,
    @Inject(LEAD_AUDIT_ERASER) private readonly auditEraser: LeadAuditEraser,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly desk: DeskRepository,
    private readonly events: DeskEventStore,
  ) {}

  async list(query: LeadListQuery): Promise<LeadListResponse> {
    const search = parseLeadFilter(query, this.config.PHONE_DEFAULT_REGION);
    const sort = query.sort ?? 'createdAt';
    const order = query.order ?? 'desc';
    const limit = pageLimit(query);
    const after = query.cursor
      ? decodeLeadCursor(query.cursor, sort, order)
      : undefined;
    const [rows, total] = await Promise.all([
      this.leads.page(search, { sort, order }, limit + 1, after),
      after ? Promise.resolve(null) : this.leads.count(search, LEAD_COUNT_CAP),
    ]);
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return {
      total,
      items: items.map(toLeadSummary),
      nextCursor:
        rows.length > limit && last
          ? encodeLeadCursor({
              s: sort,
              o: order,
              k: last.position.key,
              i: last.position.id,
            })
          : null,
    };
  }

  async detail(id: string): Promise<LeadDetailResponse> {
    const lead = await this.leads.findById(id);
    if (!lead) throw new LeadNotFoundError();
    const [submissions, notes, desk, audit] = await Promise.all([
      this.leads.submissionsOf(id),
      this.leads.notesOf(id),
      this.leads.deskOf(id),
      this.trail.trailOfLead({ id, phone: lead.phone }, { limit: 100 }),
    ]);
    return {
      lead: toLeadSummary(lead),
      submissions: submissions.map((submission) => ({
        ...submission,
        receivedAt: submission.receivedAt.toISOString(),
      })),
      notes: notes.map(toNoteView),
      audit,
      nextStatuses: [...LEAD_STATUS_TRANSITIONS[lead.status]],
      desk: desk
        ? {
            ownerId: desk.ownerId,
            ownerEmail: desk.ownerEmail,
            assignedAt: iso(desk.assignedAt),
            firstContactDueAt: iso(desk.firstContactDueAt),
            firstContactedAt: iso(desk.firstContactedAt),
            slaBreachedAt: iso(desk.slaBreachedAt),
          }
        : null,
    };
  }

  /** A further page of a lead's audit trail. */
  async auditPage(
    id: string,
    cursor: string,
  ): Promise<{ events: AuditEvent[]; nextCursor: string | null }> {
    const lead = await this.leads.findById(id);
    if (!lead) throw new LeadNotFoundError();
    try {
      return await this.trail.trailOfLead(
        { id, phone: lead.phone },
        { limit: 100, cursor },
      );
    } catch (error) {
      if (error instanceof AuditQueryError)
        throw new RequestValidationError([
          { field: 'cursor', code: 'INVALID_VALUE', message: error.message },
        ]);
      throw error;
    }
  }

  async changeStatus(
    id: string,
    to: LeadStatus,
    actor: AdminActor,
  ): Promise<LeadSummary> {
    const lead = await this.leads.findById(id);
    if (!lead) throw new LeadNotFoundError();
    if (lead.status === to) return toLeadSummary(lead);
    if (!canChangeStatus(lead.status, to))
      throw new StatusChangeNotAllowedError(lead.status, to);
    const [moved] = await this.leads.changeStatus(
      [id],
      lead.status,
      to,
      actor.id,
    );
    if (!moved) throw new LeadChangedMeanwhileError();
    await this.recordStatusChange(moved, lead.status, to, actor);
    await this.announceChanged([id]);
    const changed = await this.leads.findById(id);
    return toLeadSummary(changed ?? { ...lead, status: to });
  }

  /**
   * Moves every selected lead whose current status allows it; the rest are reported as
   * skipped. One UPDATE per distinct current status, each guarded by that status.
   */
  async bulkStatus(
    ids: readonly string[],
    to: LeadStatus,
    actor: AdminActor,
  ): Promise<BulkLeadStatusResponse> {
    const unique = [...new Set(ids)];
    const current = await this.leads.statusesOf(unique);
    const byStatus = new Map<LeadStatus, string[]>();
    for (const [id, status] of current) {
      if (status !== to && canChangeStatus(status, to))
        byStatus.set(status, [...(byStatus.get(status) ?? []), id]);
    }
    const changed: string[] = [];
    for (const [from, group] of byStatus) {
      const moved = await this.leads.changeStatus(group, from, to, actor.id);
      for (const change of moved) {
        changed.push(change.leadId);
        await this.recordStatusChange(change, from, to, actor);
      }
    }
    await this.announceChanged(changed);
    const done = new Set(changed);
    return { changed, skipped: unique.filter((id) => !done.has(id)) };
  }

  async addNote(
    id: string,
    text: string,
    actor: AdminActor,
  ): Promise<LeadNoteView> {
    const note = await this.leads.addNote(id, actor.id, text);
    if (!note) throw new LeadNotFoundError();
    await this.audit.record({
      ...adminAuditEnvelope(actor, id),
      type: 'lead.note_added',
      payload: { noteId: note.id, length: [...text].length },
    });
    return toNoteView(note);
  }

  /**
   * The current filter as CSV, read through a PostgreSQL cursor a thousand rows at a time,
   * so memory stays flat whatever the size. The export is in the audit trail (its filter and
   * the number of leads it selects) before the first byte is sent: a filter PostgreSQL
   * refuses fails here, as a whole answer, and an export the trail cannot take is refused.
   */
  async export(
    filter: LeadFilter & Pick<LeadListQuery, 'sort' | 'order'>,
    actor: AdminActor,
  ): Promise<Readable> {
    const search = parseLeadFilter(filter, this.config.PHONE_DEFAULT_REGION);
    const order = {
      sort: filter.sort ?? 'createdAt',
      order: filter.order ?? 'desc',
    } as const;
    const region = this.config.PHONE_DEFAULT_REGION;
    const recorded: Record<string, string> = {};
    for (const key of [
      'status',
      'from',
      'to',
      'source',
      'campaign',
      'q',
      'sort',
      'order',
    ] as const) {
      const value = filter[key];
      if (!value) continue;
      // The trail keeps what was asked for, but not a phone number typed into a free-text
      // filter: an erasure could not find it there, and the number would outlive its lead.
      recorded[key] = FREE_TEXT_FILTERS.has(key)
        ? maskPhonesInText(value)
        : value;
    }
    // The trail records how many leads the file selects before its first byte leaves; an
    // index-only count, next to the export's own scan of the same rows (under 1 % of it).
    const { value: rowCount } = await this.leads.count(search);
    const outcome = await this.audit.record({
      ...adminAuditEnvelope(actor, null),
      type: 'leads.exported',
      payload: { format: 'csv', filter: recorded, rowCount },
    });
    if (outcome === 'failed') throw new ExportNotAuditedError();
    const leads = this.leads;
    async function* lines(): AsyncGenerator<string> {
      // A byte-order mark so spreadsheet programs read the Persian text as UTF-8.
      yield `\uFEFF${csvRow(EXPORT_COLUMNS)}`;
      for await (const batch of leads.exportRows(search, order)) {
        yield batch
          .map((lead) =>
            csvRow([
              lead.id,
              csvPhone(lead.phone, region),
              lead.name,
              lead.email,
              lead.status,
              lead.createdAt.toISOString(),
              lead.lastSubmittedAt.toISOString(),
              lead.utmSource,
              lead.utmCampaign,
              String(lead.submissionCount),
            ]),
          )
          .join('');
      }
    }
    return Readable.from(lines(), { objectMode: false });
  }

  /**
   * Erasure on request: the number in Redis (deduplication mark, jobs, queued audit events),
   * the audit events about the lead, then the lead with its submissions and notes. In that
   * order, so a failure part-way leaves the lead in place and the erasure can be repeated.
   * The erasure itself is audited by lead id only; then Redis rewrites its append-only file.
   */
  async erase(id: string, actor: AdminActor): Promise<void> {
    const lead = await this.leads.findById(id);
    if (!lead) throw new LeadNotFoundError();
    await this.dedup.erase(lead.phone);
    await this.auditEraser.eraseLead({ id, phone: lead.phone });
    const erased = await this.leads.erase(id);
    if (!erased) throw new LeadNotFoundError();
    await this.audit.record({
      ...adminAuditEnvelope(actor, id),
      type: 'lead.erased',
      payload: {
        before: {
          status: erased.status,
          submissionCount: erased.submissionCount,
        },
        after: null,
      },
    });
    this.dedup.rewriteAppendOnlyFile();
  }

  /** The audit event takes the id of the change kept with the lead, so the timeline shows it once. */
  /**
   * Tells the desk's live stream (one entry) that these leads changed, with their owners for
   * the visibility rules. Looking the owners up may fail; the change stands either way.
   */
  private async announceChanged(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    const at = new Date().toISOString();
    const owners = await this.desk.ownersOf(ids).catch(() => undefined);
    // Unknown owners would show the change to every reviewer: better no event.
    if (!owners) return;
    this.events.emit({
      type: 'lead.changed',
      at,
      leads: ids.map((leadId) => ({
        leadId,
        ownerId: owners.get(leadId) ?? null,
      })),
    });
  }

  private async recordStatusChange(
    change: { leadId: string; changeId: string },
    before: LeadStatus,
    after: LeadStatus,
    actor: AdminActor,
  ): Promise<void> {
    await this.audit.record({
      ...adminAuditEnvelope(actor, change.leadId),
      id: change.changeId,
      type: 'lead.status_changed',
      payload: { before, after },
    });
  }
}
