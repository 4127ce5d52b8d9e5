import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The business time zone the rollup's days are counted in: the overview's default zone
 * (`OVERVIEW_DEFAULT_TIME_ZONE`). It is baked into stored rows, so changing it is a new
 * migration that redefines `lead_overview_day` and calls `lead_overview_rebuild()`.
 */
export const OVERVIEW_ROLLUP_TIME_ZONE = 'Asia/Tehran';

/** What a trigger folds into the rollup: the rows it saw, each with +1 (new) or -1 (old). */
const LEAD_CHANGES = {
  insert: `SELECT n.*, 1 AS sign FROM new_rows n`,
  update: `SELECT n.*, 1 AS sign FROM new_rows n UNION ALL SELECT o.*, -1 FROM old_rows o`,
  delete: `SELECT o.*, -1 AS sign FROM old_rows o`,
} as const;

/**
 * What a statement changed, pre-aggregated per key, appended to the delta tables: no upsert,
 * so concurrent worker batches never wait on each other's rows (upserting the rollup in the
 * trigger cost 40 % of the drain rate with four batches in flight, all on today's rows).
 * `lead_overview_compact()` folds the deltas into the rollup every few seconds.
 */
const appendLeadChanges = (changes: string) => `
  INSERT INTO lead_status_daily_delta (day, status, leads, handled)
  SELECT lead_overview_day(created_at), status,
         sum(sign), coalesce(sum(sign) FILTER (WHERE first_status_changed_at IS NOT NULL), 0)
    FROM (${changes}) c
   GROUP BY 1, 2
  HAVING sum(sign) <> 0 OR coalesce(sum(sign) FILTER (WHERE first_status_changed_at IS NOT NULL), 0) <> 0;

  INSERT INTO lead_source_daily_delta (day, utm_source, leads)
  SELECT lead_overview_day(created_at), first_utm_source, sum(sign)
    FROM (${changes}) c
   GROUP BY 1, 2 HAVING sum(sign) <> 0;

  INSERT INTO lead_campaign_daily_delta (day, utm_campaign, leads)
  SELECT lead_overview_day(created_at), first_utm_campaign, sum(sign)
    FROM (${changes}) c
   GROUP BY 1, 2 HAVING sum(sign) <> 0;

  INSERT INTO lead_response_daily_delta (day, bucket, leads)
  SELECT lead_overview_day(created_at), lead_response_bucket(extract(epoch FROM first_status_changed_at - created_at)), sum(sign)
    FROM (${changes}) c
   WHERE first_status_changed_at IS NOT NULL
   GROUP BY 1, 2 HAVING sum(sign) <> 0;

  INSERT INTO lead_first_submission_daily_delta (day, leads)
  SELECT lead_overview_day(first_submitted_at), sum(sign)
    FROM (${changes}) c
   WHERE first_submitted_at IS NOT NULL
   GROUP BY 1 HAVING sum(sign) <> 0;`;

const appendSubmissionChanges = (changes: string) => `
  INSERT INTO lead_submission_daily_delta (day, submissions)
  SELECT lead_overview_day(received_at), sum(sign)
    FROM (${changes}) c
   GROUP BY 1 HAVING sum(sign) <> 0;`;

/**
 * Moves every delta into the rollup, one statement per table: what the DELETE took is added
 * in the same transaction, so a reader (who sums rollup and deltas in one snapshot) never
 * sees a change twice or not at all. Rows are upserted in key order, so two compactions at
 * once cannot deadlock; a delta appended meanwhile waits for the next pass.
 */
const COMPACT = `
  WITH moved AS (DELETE FROM lead_status_daily_delta RETURNING *)
  INSERT INTO lead_status_daily AS r (day, status, leads, handled)
  SELECT day, status, sum(leads), sum(handled) FROM moved GROUP BY 1, 2 ORDER BY 1, 2
  ON CONFLICT (day, status) DO UPDATE SET leads = r.leads + EXCLUDED.leads, handled = r.handled + EXCLUDED.handled;

  WITH moved AS (DELETE FROM lead_source_daily_delta RETURNING *)
  INSERT INTO lead_source_daily AS r (day, utm_source, leads)
  SELECT day, utm_source, sum(leads) FROM moved GROUP BY 1, 2 ORDER BY 1, 2
  ON CONFLICT (day, utm_source) DO UPDATE SET leads = r.leads + EXCLUDED.leads;

  WITH moved AS (DELETE FROM lead_campaign_daily_delta RETURNING *)
  INSERT INTO lead_campaign_daily AS r (day, utm_campaign, leads)
  SELECT day, utm_campaign, sum(leads) FROM moved GROUP BY 1, 2 ORDER BY 1, 2
  ON CONFLICT (day, utm_campaign) DO UPDATE SET leads = r.leads + EXCLUDED.leads;

  WITH moved AS (DELETE FROM lead_response_daily_delta RETURNING *)
  INSERT INTO lead_response_daily AS r (day, bucket, leads)
  SELECT day, bucket, sum(leads) FROM moved GROUP BY 1, 2 ORDER BY 1, 2
  ON CONFLICT (day, bucket) DO UPDATE SET leads = r.leads + EXCLUDED.leads;

  WITH moved AS (DELETE FROM lead_first_submission_daily_delta RETURNING *)
  INSERT INTO lead_first_submission_daily AS r (day, leads)
  SELECT day, sum(leads) FROM moved GROUP BY 1 ORDER BY 1
  ON CONFLICT (day) DO UPDATE SET leads = r.leads + EXCLUDED.leads;

  WITH moved AS (DELETE FROM lead_submission_daily_delta RETURNING *)
  INSERT INTO lead_submission_daily AS r (day, submissions)
  SELECT day, sum(submissions) FROM moved GROUP BY 1 ORDER BY 1
  ON CONFLICT (day) DO UPDATE SET submissions = r.submissions + EXCLUDED.submissions;`;

/** Each rollup table, its delta table and the view the overview reads (both summed). */
const TABLES = {
  lead_status_daily: `day date NOT NULL, status varchar(16) NOT NULL, leads integer NOT NULL, handled integer NOT NULL`,
  lead_source_daily: `day date NOT NULL, utm_source varchar(200), leads integer NOT NULL`,
  lead_campaign_daily: `day date NOT NULL, utm_campaign varchar(200), leads integer NOT NULL`,
  lead_response_daily: `day date NOT NULL, bucket smallint NOT NULL, leads integer NOT NULL`,
  lead_first_submission_daily: `day date NOT NULL, leads integer NOT NULL`,
  lead_submission_daily: `day date NOT NULL, submissions integer NOT NULL`,
} as const;

/**
 * A daily rollup of what the overview charts count (issue 13), so a chart over a year reads
 * a few thousand rows instead of a million leads. Kept by statement-level triggers on
 * `leads` and `lead_submissions` (one pre-aggregated append per statement and table, not
 * per row), so every writer keeps it: the worker's batches, status changes, erasures,
 * imports. The overview reads the `*_all` views: the rollup plus the deltas not yet folded.
 */
export class OverviewRollup1764600000000 implements MigrationInterface {
  name = 'OverviewRollup1764600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION lead_overview_day(at timestamptz) RETURNS date
        LANGUAGE sql IMMUTABLE PARALLEL SAFE
        RETURN (at AT TIME ZONE '${OVERVIEW_ROLLUP_TIME_ZONE}')::date`);
    // Bucket 0 holds delays under a second; bucket k ≥ 1 holds [2^((k-1)/8), 2^(k/8)) seconds,
    // each 9 % wider than the one before, so a percentile read from them is within 9 %.
    await queryRunner.query(`
      CREATE FUNCTION lead_response_bucket(seconds double precision) RETURNS smallint
        LANGUAGE sql IMMUTABLE PARALLEL SAFE
        RETURN CASE WHEN seconds < 1 THEN 0 ELSE 1 + floor(8 * ln(seconds) / ln(2))::int END`);

    for (const [table, columns] of Object.entries(TABLES)) {
      await queryRunner.query(`CREATE TABLE ${table} (${columns})`);
      await queryRunner.query(`CREATE TABLE ${table}_delta (${columns})`);
      await queryRunner.query(
        `CREATE VIEW ${table}_all AS SELECT * FROM ${table} UNION ALL SELECT * FROM ${table}_delta`,
      );
    }
    await queryRunner.query(
      `ALTER TABLE lead_status_daily ADD PRIMARY KEY (day, status)`,
    );
    // One row per day and value, "none" (NULL) included.
    await queryRunner.query(
      `CREATE UNIQUE INDEX lead_source_daily_key ON lead_source_daily (day, utm_source) NULLS NOT DISTINCT`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX lead_campaign_daily_key ON lead_campaign_daily (day, utm_campaign) NULLS NOT DISTINCT`,
    );
    await queryRunner.query(
      `ALTER TABLE lead_response_daily ADD PRIMARY KEY (day, bucket)`,
    );
    await queryRunner.query(
      `ALTER TABLE lead_first_submission_daily ADD PRIMARY KEY (day)`,
    );
    await queryRunner.query(
      `ALTER TABLE lead_submission_daily ADD PRIMARY KEY (day)`,
    );

    for (const [op, changes] of Object.entries(LEAD_CHANGES)) {
      await queryRunner.query(`
        CREATE FUNCTION lead_overview_on_lead_${op}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          ${appendLeadChanges(changes)}
          RETURN NULL;
        END $$`);
    }
    await queryRunner.query(`
      CREATE FUNCTION lead_overview_on_submission_insert() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        ${appendSubmissionChanges(`SELECT n.received_at, 1 AS sign FROM new_rows n`)}
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE FUNCTION lead_overview_on_submission_delete() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        ${appendSubmissionChanges(`SELECT o.received_at, -1 AS sign FROM old_rows o`)}
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE FUNCTION lead_overview_compact() RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        ${COMPACT}
      END $$`);
    await queryRunner.query(`
      CREATE FUNCTION lead_overview_rebuild() RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        LOCK TABLE leads, lead_submissions IN SHARE MODE;
        TRUNCATE ${Object.keys(TABLES)
          .flatMap((table) => [table, `${table}_delta`])
          .join(', ')};
        ${appendLeadChanges(`SELECT l.*, 1 AS sign FROM leads l`)}
        ${appendSubmissionChanges(`SELECT s.received_at, 1 AS sign FROM lead_submissions s`)}
        PERFORM lead_overview_compact();
      END $$`);

    // The triggers first: CREATE TRIGGER locks each table against writes until this
    // migration commits, so the backfill below sees every row and misses none.
    await queryRunner.query(`
      CREATE TRIGGER lead_overview_insert AFTER INSERT ON leads
        REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION lead_overview_on_lead_insert()`);
    await queryRunner.query(`
      CREATE TRIGGER lead_overview_update AFTER UPDATE ON leads
        REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION lead_overview_on_lead_update()`);
    await queryRunner.query(`
      CREATE TRIGGER lead_overview_delete AFTER DELETE ON leads
        REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION lead_overview_on_lead_delete()`);
    await queryRunner.query(`
      CREATE TRIGGER lead_submissions_overview_insert AFTER INSERT ON lead_submissions
        REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION lead_overview_on_submission_insert()`);
    await queryRunner.query(`
      CREATE TRIGGER lead_submissions_overview_delete AFTER DELETE ON lead_submissions
        REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION lead_overview_on_submission_delete()`);
    await queryRunner.query(`SELECT lead_overview_rebuild()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `DROP TRIGGER lead_submissions_overview_delete ON lead_submissions`,
    );
    await queryRunner.query(
      `DROP TRIGGER lead_submissions_overview_insert ON lead_submissions`,
    );
    await queryRunner.query(`DROP TRIGGER lead_overview_delete ON leads`);
    await queryRunner.query(`DROP TRIGGER lead_overview_update ON leads`);
    await queryRunner.query(`DROP TRIGGER lead_overview_insert ON leads`);
    await queryRunner.query(`DROP FUNCTION lead_overview_rebuild()`);
    await queryRunner.query(`DROP FUNCTION lead_overview_compact()`);
    await queryRunner.query(
      `DROP FUNCTION lead_overview_on_submission_delete()`,
    );
    await queryRunner.query(
      `DROP FUNCTION lead_overview_on_submission_insert()`,
    );
    for (const op of Object.keys(LEAD_CHANGES))
      await queryRunner.query(`DROP FUNCTION lead_overview_on_lead_${op}()`);
    for (const table of Object.keys(TABLES)) {
      await queryRunner.query(`DROP VIEW ${table}_all`);
      await queryRunner.query(`DROP TABLE ${table}_delta, ${table}`);
    }
    await queryRunner.query(
      `DROP FUNCTION lead_response_bucket(double precision)`,
    );
    await queryRunner.query(`DROP FUNCTION lead_overview_day(timestamptz)`);
  }
}
