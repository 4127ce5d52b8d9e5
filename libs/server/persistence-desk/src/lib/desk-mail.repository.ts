import { Injectable } from '@nestjs/common';
import { DeskDatabase } from './desk-database';

/** A lead as staff e-mail lists it; the phone is masked by the caller before it leaves. */
export interface MailLeadRecord {
  leadId: string;
  phone: string;
  /** When it arrived (digest) or was due (breach). */
  at: Date;
}

export interface DigestRecord {
  newLeads: MailLeadRecord[];
  newLeadsTotal: number;
  overdue: MailLeadRecord[];
  overdueTotal: number;
}

interface Row {
  id: string;
  phone: string;
  at: Date;
  total: string;
}

const toLead = (row: Row): MailLeadRecord => ({
  leadId: row.id,
  phone: row.phone,
  at: row.at,
});

/** What the worker's staff e-mail reads about leads (breach notices and daily digests). */
@Injectable()
export class DeskMailRepository {
  constructor(private readonly db: DeskDatabase) {}

  /** The breached leads of a scan, with their due times, in due order. */
  async breached(leadIds: readonly string[]): Promise<MailLeadRecord[]> {
    if (leadIds.length === 0) return [];
    const rows = await this.db.query<Row>(
      `SELECT l.id, l.phone, d.first_contact_due_at AS at, 0 AS total
         FROM leads l JOIN lead_desk d ON d.lead_id = l.id
        WHERE l.id = ANY($1::uuid[]) ORDER BY d.first_contact_due_at, l.id`,
      [leadIds],
    );
    return rows.map(toLead);
  }

  /**
   * Leads that arrived in `[from, to)` and open leads past their first-contact due time, of
   * one owner (or all when `ownerId` is null), each list cut to `limit` with its total.
   */
  async digest(
    from: Date,
    to: Date,
    ownerId: string | null,
    limit: number,
    now = new Date(),
  ): Promise<DigestRecord> {
    const [fresh, overdue] = await Promise.all([
      this.db.query<Row>(
        `SELECT l.id, l.phone, d.arrived_at AS at, count(*) OVER () AS total
           FROM lead_desk d JOIN leads l ON l.id = d.lead_id
          WHERE d.arrived_at >= $1 AND d.arrived_at < $2 AND ($3::uuid IS NULL OR d.owner_id = $3)
          ORDER BY d.arrived_at, l.id LIMIT $4`,
        [from, to, ownerId, limit],
      ),
      this.db.query<Row>(
        `SELECT l.id, l.phone, d.first_contact_due_at AS at, count(*) OVER () AS total
           FROM lead_desk d JOIN leads l ON l.id = d.lead_id
          WHERE d.open AND d.first_contacted_at IS NULL AND d.first_contact_due_at < $1
            AND ($2::uuid IS NULL OR d.owner_id = $2)
          ORDER BY d.first_contact_due_at, l.id LIMIT $3`,
        [now, ownerId, limit],
      ),
    ]);
    return {
      newLeads: fresh.map(toLead),
      newLeadsTotal: Number(fresh[0]?.total ?? 0),
      overdue: overdue.map(toLead),
      overdueTotal: Number(overdue[0]?.total ?? 0),
    };
  }
}
