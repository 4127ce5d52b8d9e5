import { type LeadSubmittedJob } from '@landing/shared/contracts-lead';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { firstTouchByPhone, foldByPhone } from './lead-fold';
import { type PreparedStatement, runPrepared } from './prepared-statement';
import { mapRows } from './sql-row';

export interface PersistResult {
  /** Submissions written by this call; the rest were already stored (a replayed job). */
  inserted: number;
  /** Leads that did not exist before this call. */
  newLeads: number;
  /**
   * Every lead the batch touched: whether this call created it, or added a submission to a
   * lead that existed before (a resubmission), and its earliest submission in the batch.
   */
  leads: StoredLead[];
}

export interface StoredLead {
  id: string;
  created: boolean;
  resubmitted: boolean;
  firstReceivedAt: string;
}

// The first-touch columns (what the admin overview counts leads by) are written here, with
// the lead: a trigger on lead_submissions used to set them afterwards, writing every new
// lead a second time in each batch. That trigger stays for other writers (seeds, imports);
// this transaction tells it, through the setting below, that there is nothing left to do.

/** Set (to `on`, for one transaction) by a writer that wrote the leads' first-touch columns itself. */
export const FIRST_TOUCH_WRITTEN_SETTING = 'landing.first_touch_written';
const EARLIER_TOUCH = `leads.first_submitted_at IS NULL OR EXCLUDED.first_submitted_at < leads.first_submitted_at`;

const UPSERT_LEADS: PreparedStatement = {
  name: 'lead_write_upsert_leads',
  text: `
  INSERT INTO leads (phone, name, email, last_submitted_at, first_submitted_at, first_utm_source, first_utm_campaign)
  SELECT * FROM unnest($1::varchar[], $2::varchar[], $3::varchar[], $4::timestamptz[], $5::timestamptz[], $6::varchar[], $7::varchar[])
  ON CONFLICT (phone) DO UPDATE SET
    first_utm_source = CASE WHEN ${EARLIER_TOUCH} THEN EXCLUDED.first_utm_source ELSE leads.first_utm_source END,
    first_utm_campaign = CASE WHEN ${EARLIER_TOUCH} THEN EXCLUDED.first_utm_campaign ELSE leads.first_utm_campaign END,
    first_submitted_at = CASE WHEN ${EARLIER_TOUCH} THEN EXCLUDED.first_submitted_at ELSE leads.first_submitted_at END,
    name = CASE WHEN EXCLUDED.last_submitted_at >= leads.last_submitted_at
                THEN COALESCE(EXCLUDED.name, leads.name) ELSE COALESCE(leads.name, EXCLUDED.name) END,
    email = CASE WHEN EXCLUDED.last_submitted_at >= leads.last_submitted_at
                 THEN COALESCE(EXCLUDED.email, leads.email) ELSE COALESCE(leads.email, EXCLUDED.email) END,
    last_submitted_at = GREATEST(leads.last_submitted_at, EXCLUDED.last_submitted_at),
    updated_at = now()
  RETURNING id, phone, (xmax = 0) AS inserted`,
};

const INSERT_SUBMISSIONS: PreparedStatement = {
  name: 'lead_write_insert_submissions',
  text: `
  INSERT INTO lead_submissions (
    submission_id, lead_id, phone, name, email, consent, consent_version,
    utm_source, utm_medium, utm_campaign, utm_term, utm_content, referrer, landing_path,
    request_id, received_at)
  SELECT * FROM unnest(
    $1::uuid[], $2::uuid[], $3::varchar[], $4::varchar[], $5::varchar[], $6::boolean[], $7::varchar[],
    $8::varchar[], $9::varchar[], $10::varchar[], $11::varchar[], $12::varchar[], $13::varchar[], $14::varchar[],
    $15::varchar[], $16::timestamptz[])
  ON CONFLICT (submission_id) DO NOTHING
  RETURNING submission_id`,
};

/** Writes accepted submissions. Safe to call again with the same jobs: nothing changes. */
@Injectable()
export class LeadWriteRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async persistSubmissions(
    jobs: readonly LeadSubmittedJob[],
  ): Promise<PersistResult> {
    if (jobs.length === 0) return { inserted: 0, newLeads: 0, leads: [] };
    const leads = foldByPhone(jobs);
    const firstTouch = firstTouchByPhone(jobs);
    const touch = (phone: string) => firstTouch.get(phone);
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SET LOCAL ${FIRST_TOUCH_WRITTEN_SETTING} = on`);
      const upserted = await runPrepared(manager, UPSERT_LEADS, [
        leads.map((l) => l.phone),
        leads.map((l) => l.name),
        leads.map((l) => l.email),
        leads.map((l) => l.lastSubmittedAt),
        leads.map((l) => touch(l.phone)?.receivedAt ?? l.lastSubmittedAt),
        leads.map((l) => touch(l.phone)?.utmSource ?? null),
        leads.map((l) => touch(l.phone)?.utmCampaign ?? null),
      ]);
      const rows = mapRows(upserted, (row) => ({
        id: row.text('id'),
        phone: row.text('phone'),
        inserted: row.bool('inserted'),
      }));
      const leadIdByPhone = new Map(rows.map((row) => [row.phone, row.id]));
      const column = <T>(pick: (job: LeadSubmittedJob) => T): T[] =>
        jobs.map(pick);
      const written = await runPrepared<{ submission_id: string }>(
        manager,
        INSERT_SUBMISSIONS,
        [
          column((j) => j.submissionId),
          column((j) => leadIdByPhone.get(j.phone)),
          column((j) => j.phone),
          column((j) => j.name),
          column((j) => j.email),
          column((j) => j.consent),
          column((j) => j.consentVersion),
          column((j) => j.attribution.utm_source ?? null),
          column((j) => j.attribution.utm_medium ?? null),
          column((j) => j.attribution.utm_campaign ?? null),
          column((j) => j.attribution.utm_term ?? null),
          column((j) => j.attribution.utm_content ?? null),
          column((j) => j.attribution.referrer ?? null),
          column((j) => j.attribution.landingPath ?? null),
          column((j) => j.requestId),
          column((j) => j.receivedAt),
        ],
      );
      const writtenIds = new Set(written.map((row) => row.submission_id));
      const firstReceived = new Map<string, string>();
      const wroteFor = new Set<string>();
      for (const job of jobs) {
        const earliest = firstReceived.get(job.phone);
        if (earliest === undefined || job.receivedAt < earliest)
          firstReceived.set(job.phone, job.receivedAt);
        if (writtenIds.has(job.submissionId)) wroteFor.add(job.phone);
      }
      return {
        inserted: written.length,
        newLeads: rows.filter((row) => row.inserted).length,
        leads: rows.map((row) => ({
          id: row.id,
          created: row.inserted,
          resubmitted: !row.inserted && wroteFor.has(row.phone),
          firstReceivedAt:
            firstReceived.get(row.phone) ?? new Date().toISOString(),
        })),
      };
    });
  }
}
