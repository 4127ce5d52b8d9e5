import {
  type LeadSortField,
  type SortOrder,
} from '@landing/shared/contracts-admin';
import { type SqlRow } from '@landing/server/persistence-lead';
import { LEAD_STATUSES, type LeadStatus } from '@landing/shared/contracts-lead';
import { Injectable } from '@nestjs/common';
import { AdminDatabase } from './admin-database';

/** A parsed filter; every field narrows the result. Built by the review service, never from raw input. */
export interface LeadSearch {
  statuses?: readonly LeadStatus[];
  from?: Date;
  to?: Date;
  source?: string;
  campaign?: string;
  /** Exact E.164 number. */
  phone?: string;
  /** Digits somewhere in the E.164 number. */
  phoneDigits?: string;
  /** Substring of the name or the email. */
  text?: string;
}

export interface LeadOrder {
  sort: LeadSortField;
  order: SortOrder;
}

/** Keyset position: the sort value (as PostgreSQL text, so no precision is lost) and the id. */
export interface LeadPosition {
  key: string;
  id: string;
}

export interface LeadRecord {
  id: string;
  phone: string;
  name: string | null;
  email: string | null;
  status: LeadStatus;
  createdAt: Date;
  lastSubmittedAt: Date;
}

export interface LeadPageRecord extends LeadRecord {
  position: LeadPosition;
}

export interface LeadExportRecord extends LeadRecord {
  utmSource: string | null;
  utmCampaign: string | null;
  submissionCount: number;
}

export interface LeadSubmissionRecord {
  submissionId: string;
  receivedAt: Date;
  name: string | null;
  email: string | null;
  consent: boolean;
  consentVersion: string | null;
  utmSource: string | null;
  utmMedium: string | null;
  utmCampaign: string | null;
  utmTerm: string | null;
  utmContent: string | null;
  referrer: string | null;
  landingPath: string | null;
}

export interface LeadDeskRecord {
  ownerId: string | null;
  ownerEmail: string | null;
  assignedAt: Date | null;
  firstContactDueAt: Date | null;
  firstContactedAt: Date | null;
  slaBreachedAt: Date | null;
}

export interface LeadNoteRecord {
  id: string;
  text: string;
  authorEmail: string | null;
  createdAt: Date;
}

const SORT_EXPRESSION: Record<LeadSortField, { sql: string; type: string }> = {
  createdAt: { sql: 'l.created_at', type: 'timestamptz' },
  lastSubmittedAt: { sql: 'l.last_submitted_at', type: 'timestamptz' },
  name: { sql: `coalesce(l.name, '')`, type: 'text' },
  status: { sql: 'l.status', type: 'text' },
};

const LEAD_COLUMNS =
  'l.id, l.phone, l.name, l.email, l.status, l.created_at, l.last_submitted_at';

const escapeLike = (value: string) =>
  value.replace(/[\\%_]/g, (char) => `\\${char}`);

const toLead = (row: SqlRow): LeadRecord => ({
  id: row.text('id'),
  phone: row.text('phone'),
  name: row.textOrNull('name'),
  email: row.textOrNull('email'),
  status: row.oneOf('status', LEAD_STATUSES),
  createdAt: row.date('created_at'),
  lastSubmittedAt: row.date('last_submitted_at'),
});

const toExportRow = (row: SqlRow): LeadExportRecord => ({
  ...toLead(row),
  utmSource: row.textOrNull('utm_source'),
  utmCampaign: row.textOrNull('utm_campaign'),
  submissionCount: row.intOrNull('submission_count') ?? 0,
});

const toSubmission = (row: SqlRow): LeadSubmissionRecord => ({
  submissionId: row.text('submission_id'),
  receivedAt: row.date('received_at'),
  name: row.textOrNull('name'),
  email: row.textOrNull('email'),
  consent: row.bool('consent'),
  consentVersion: row.textOrNull('consent_version'),
  utmSource: row.textOrNull('utm_source'),
  utmMedium: row.textOrNull('utm_medium'),
  utmCampaign: row.textOrNull('utm_campaign'),
  utmTerm: row.textOrNull('utm_term'),
  utmContent: row.textOrNull('utm_content'),
  referrer: row.textOrNull('referrer'),
  landingPath: row.textOrNull('landing_path'),
});

/** SQL conditions and their parameters; `$n` placeholders continue from `params.length`. */
function whereClause(search: LeadSearch, params: unknown[]): string[] {
  const where: string[] = [];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  if (search.statuses?.length)
    where.push(`l.status = ANY(${param(search.statuses)}::varchar[])`);
  if (search.from) where.push(`l.created_at >= ${param(search.from)}`);
  if (search.to) where.push(`l.created_at < ${param(search.to)}`);
  if (search.source !== undefined) {
    where.push(
      `EXISTS (SELECT 1 FROM lead_submissions s WHERE s.lead_id = l.id AND s.utm_source = ${param(search.source)})`,
    );
  }
  if (search.campaign !== undefined) {
    where.push(
      `EXISTS (SELECT 1 FROM lead_submissions s WHERE s.lead_id = l.id AND s.utm_campaign = ${param(search.campaign)})`,
    );
  }
  if (search.phone !== undefined)
    where.push(`l.phone = ${param(search.phone)}`);
  if (search.phoneDigits !== undefined)
    where.push(`l.phone LIKE ${param(`%${escapeLike(search.phoneDigits)}%`)}`);
  if (search.text !== undefined) {
    const pattern = param(`%${escapeLike(search.text)}%`);
    where.push(`(l.name ILIKE ${pattern} OR l.email ILIKE ${pattern})`);
  }
  return where;
}

/**
 * Reads and changes leads for the review screen. Every statement is parameterised; the
 * only SQL built from input is the choice among fixed sort expressions.
 */
@Injectable()
export class LeadReviewRepository {
  constructor(private readonly db: AdminDatabase) {}

  async page(
    search: LeadSearch,
    order: LeadOrder,
    limit: number,
    after?: LeadPosition,
  ): Promise<LeadPageRecord[]> {
    const params: unknown[] = [];
    const where = whereClause(search, params);
    const sort = SORT_EXPRESSION[order.sort];
    const direction = order.order === 'asc' ? 'ASC' : 'DESC';
    if (after) {
      params.push(after.key, after.id);
      const comparison = order.order === 'asc' ? '>' : '<';
      where.push(
        `(${sort.sql}, l.id) ${comparison} ($${params.length - 1}::${sort.type}, $${params.length}::uuid)`,
      );
    }
    params.push(limit);
    return this.db.rows(
      `SELECT ${LEAD_COLUMNS}, (${sort.sql})::text AS sort_key FROM leads l
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY ${sort.sql} ${direction}, l.id ${direction}
        LIMIT $${params.length}`,
      params,
      (row) => ({
        ...toLead(row),
        position: { key: row.text('sort_key'), id: row.text('id') },
      }),
    );
  }

  /**
   * How many leads match `search` now. With a `cap`, counting stops after it (so a broad
   * filter over a million leads costs a bounded scan) and `exact` is false when it was
   * reached; without one, every match is counted.
   */
  async count(
    search: LeadSearch,
    cap?: number,
  ): Promise<{ value: number; exact: boolean }> {
    const params: unknown[] = [];
    const where = whereClause(search, params);
    const matching = `SELECT 1 FROM leads l ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`;
    if (cap !== undefined) params.push(cap + 1);
    const [n = 0] = await this.db.rows(
      `SELECT count(*) AS n FROM (${matching}${cap === undefined ? '' : ` LIMIT $${params.length}`}) matching`,
      params,
      (row) => row.int('n'),
    );
    return cap !== undefined && n > cap
      ? { value: cap, exact: false }
      : { value: n, exact: true };
  }

  /**
   * Streams every lead matching `search` through a server-side cursor, `batchSize` rows at a
   * time, inside one read-only transaction (a consistent snapshot of the whole export).
   */
  async *exportRows(
    search: LeadSearch,
    order: LeadOrder,
    batchSize = 1000,
  ): AsyncGenerator<LeadExportRecord[]> {
    const params: unknown[] = [];
    const where = whereClause(search, params);
    const sort = SORT_EXPRESSION[order.sort];
    const direction = order.order === 'asc' ? 'ASC' : 'DESC';
    const connection = await this.db.connection();
    let open = false;
    try {
      await connection.execute(
        'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY',
      );
      open = true;
      await connection.execute(
        `DECLARE lead_export NO SCROLL CURSOR FOR
         SELECT ${LEAD_COLUMNS}, last.utm_source, last.utm_campaign, last.submission_count
           FROM leads l
           LEFT JOIN LATERAL (
             SELECT s.utm_source, s.utm_campaign, count(*) OVER () AS submission_count
               FROM lead_submissions s WHERE s.lead_id = l.id ORDER BY s.received_at DESC LIMIT 1
           ) last ON true
          ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
          ORDER BY ${sort.sql} ${direction}, l.id ${direction}`,
        params,
      );
      for (;;) {
        const rows = await connection.rows(
          `FETCH ${Math.trunc(batchSize)} FROM lead_export`,
          [],
          toExportRow,
        );
        if (rows.length === 0) break;
        yield rows;
      }
      await connection.execute('COMMIT');
      open = false;
    } finally {
      // An abandoned download leaves the transaction open: rolling back closes the cursor.
      if (open) await connection.execute('ROLLBACK').catch(() => undefined);
      await connection.release();
    }
  }

  async findById(id: string): Promise<LeadRecord | undefined> {
    const [lead] = await this.db.rows(
      `SELECT ${LEAD_COLUMNS} FROM leads l WHERE l.id = $1`,
      [id],
      toLead,
    );
    return lead;
  }

  async submissionsOf(leadId: string): Promise<LeadSubmissionRecord[]> {
    return this.db.rows(
      `SELECT submission_id, received_at, name, email, consent, consent_version, utm_source, utm_medium, utm_campaign,
              utm_term, utm_content, referrer, landing_path
         FROM lead_submissions WHERE lead_id = $1 ORDER BY received_at DESC LIMIT 500`,
      [leadId],
      toSubmission,
    );
  }

  /** The lead's row on the callback desk with its owner's e-mail; undefined before it reached the desk. */
  async deskOf(leadId: string): Promise<LeadDeskRecord | undefined> {
    const [record] = await this.db.rows(
      `SELECT d.owner_id, u.email, d.assigned_at, d.first_contact_due_at, d.first_contacted_at, d.sla_breached_at
         FROM lead_desk d LEFT JOIN admin_users u ON u.id = d.owner_id WHERE d.lead_id = $1`,
      [leadId],
      (row) => ({
        ownerId: row.textOrNull('owner_id'),
        ownerEmail: row.textOrNull('email'),
        assignedAt: row.dateOrNull('assigned_at'),
        firstContactDueAt: row.dateOrNull('first_contact_due_at'),
        firstContactedAt: row.dateOrNull('first_contacted_at'),
        slaBreachedAt: row.dateOrNull('sla_breached_at'),
      }),
    );
    return record;
  }

  async notesOf(leadId: string): Promise<LeadNoteRecord[]> {
    return this.db.rows(
      `SELECT n.id, n.text, u.email, n.created_at FROM lead_notes n LEFT JOIN admin_users u ON u.id = n.author_id
        WHERE n.lead_id = $1 ORDER BY n.created_at DESC, n.id DESC`,
      [leadId],
      (row) => ({
        id: row.text('id'),
        text: row.text('text'),
        authorEmail: row.textOrNull('email'),
        createdAt: row.date('created_at'),
      }),
    );
  }

  /**
   * Moves leads from `from` to `to` in one statement: a lead someone else changed meanwhile
   * is not touched. Each move is kept in `lead_status_changes` (its id is returned, so the
   * audit event can carry the same one). Returns the leads that moved.
   */
  async changeStatus(
    ids: readonly string[],
    from: LeadStatus,
    to: LeadStatus,
    actorId: string,
  ): Promise<{ leadId: string; changeId: string }[]> {
    return this.db.rows(
      `WITH moved AS (
         UPDATE leads SET status = $3, updated_at = now(), first_status_changed_at = coalesce(first_status_changed_at, now())
          WHERE id = ANY($1::uuid[]) AND status = $2 RETURNING id
       ), logged AS (
         INSERT INTO lead_status_changes (id, lead_id, from_status, to_status, actor_id)
         SELECT gen_random_uuid(), id, $2, $3, $4 FROM moved RETURNING id, lead_id
       ) SELECT id, lead_id FROM logged`,
      [ids, from, to, actorId],
      (row) => ({ leadId: row.text('lead_id'), changeId: row.text('id') }),
    );
  }

  /** Current status of each of the ids that exist. */
  async statusesOf(ids: readonly string[]): Promise<Map<string, LeadStatus>> {
    const rows = await this.db.rows(
      `SELECT id, status FROM leads WHERE id = ANY($1::uuid[])`,
      [ids],
      (row) => [row.text('id'), row.oneOf('status', LEAD_STATUSES)] as const,
    );
    return new Map(rows);
  }

  async addNote(
    leadId: string,
    authorId: string,
    text: string,
  ): Promise<LeadNoteRecord | undefined> {
    const [note] = await this.db.rows(
      `WITH note AS (
         INSERT INTO lead_notes (lead_id, author_id, text) SELECT id, $2, $3 FROM leads WHERE id = $1 RETURNING id, created_at, author_id
       ) SELECT note.id, note.created_at, u.email FROM note JOIN admin_users u ON u.id = note.author_id`,
      [leadId, authorId, text],
      (row): LeadNoteRecord => ({
        id: row.text('id'),
        text,
        authorEmail: row.text('email'),
        createdAt: row.date('created_at'),
      }),
    );
    return note;
  }

  /** Deletes the lead; submissions and notes go with it (ON DELETE CASCADE). */
  async erase(
    id: string,
  ): Promise<
    { phone: string; status: LeadStatus; submissionCount: number } | undefined
  > {
    return this.db.transaction(async (tx) => {
      const [lead] = await tx.rows(
        `SELECT l.phone, l.status, (SELECT count(*) FROM lead_submissions s WHERE s.lead_id = l.id) AS submissions
           FROM leads l WHERE l.id = $1 FOR UPDATE`,
        [id],
        (row) => ({
          phone: row.text('phone'),
          status: row.oneOf('status', LEAD_STATUSES),
          submissionCount: row.int('submissions'),
        }),
      );
      if (!lead) return undefined;
      await tx.execute(`DELETE FROM leads WHERE id = $1`, [id]);
      return lead;
    });
  }
}
