import { type SqlRow } from '@landing/server/persistence-lead';
import { Injectable } from '@nestjs/common';
import { AdminDatabase } from './admin-database';

export interface SavedViewRecord {
  id: string;
  name: string;
  filter: Record<string, string>;
  ownerId: string;
  ownerEmail: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** The stored filter: an object of strings (written only from validated filters). */
function filterOf(row: SqlRow): Record<string, string> {
  const value = row.json('filter');
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new TypeError('column "filter": expected a JSON object');
  const filter: Record<string, string> = {};
  for (const [key, entry] of Object.entries(value)) {
    if (typeof entry !== 'string')
      throw new TypeError(`column "filter": "${key}" is not a string`);
    filter[key] = entry;
  }
  return filter;
}

const toView = (row: SqlRow): SavedViewRecord => ({
  id: row.text('id'),
  name: row.text('name'),
  filter: filterOf(row),
  ownerId: row.text('owner_id'),
  ownerEmail: row.textOrNull('owner_email'),
  createdAt: row.date('created_at'),
  updatedAt: row.date('updated_at'),
});

const VIEW_SELECT = `
  SELECT v.id, v.name, v.filter, v.owner_id, u.email AS owner_email, v.created_at, v.updated_at
    FROM admin_saved_views v LEFT JOIN admin_users u ON u.id = v.owner_id`;

const isUniqueViolation = (error: unknown) => {
  const failed = error as { code?: string; driverError?: { code?: string } };
  return (failed.code ?? failed.driverError?.code) === '23505';
};

/** Named lead-list filters, one owner each. Names are unique per owner, ignoring case. */
@Injectable()
export class SavedViewRepository {
  constructor(private readonly db: AdminDatabase) {}

  async listOf(ownerId: string): Promise<SavedViewRecord[]> {
    return this.db.rows(
      `${VIEW_SELECT} WHERE v.owner_id = $1 ORDER BY lower(v.name), v.id`,
      [ownerId],
      toView,
    );
  }

  async find(id: string): Promise<SavedViewRecord | undefined> {
    const [view] = await this.db.rows(
      `${VIEW_SELECT} WHERE v.id = $1`,
      [id],
      toView,
    );
    return view;
  }

  /**
   * Creates a view unless the owner already has `maxPerOwner` views or one of that name.
   * The owner's row is locked so two concurrent creations cannot both pass the count.
   */
  async create(
    ownerId: string,
    name: string,
    filter: Record<string, string>,
    maxPerOwner: number,
  ): Promise<
    | { ok: true; view: SavedViewRecord }
    | { ok: false; reason: 'name_taken' | 'too_many' }
  > {
    const outcome = await this.db.transaction(async (tx) => {
      await tx.execute(`SELECT 1 FROM admin_users WHERE id = $1 FOR UPDATE`, [
        ownerId,
      ]);
      const [counted] = await tx.rows(
        `SELECT count(*)::int AS n, bool_or(lower(name) = lower($2)) AS taken FROM admin_saved_views WHERE owner_id = $1`,
        [ownerId, name],
        (row) => ({ n: row.int('n'), taken: row.boolOrNull('taken') }),
      );
      if (counted?.taken) return { ok: false, reason: 'name_taken' } as const;
      if ((counted?.n ?? 0) >= maxPerOwner)
        return { ok: false, reason: 'too_many' } as const;
      const [id = ''] = await tx.rows(
        `INSERT INTO admin_saved_views (owner_id, name, filter) VALUES ($1, $2, $3::jsonb) RETURNING id`,
        [ownerId, name, JSON.stringify(filter)],
        (row) => row.text('id'),
      );
      return { ok: true, id } as const;
    });
    if (!outcome.ok) return outcome;
    const view = await this.find(outcome.id);
    if (!view)
      throw new Error('a saved view vanished right after it was created');
    return { ok: true, view };
  }

  /** Renames and/or refilters the owner's view; undefined when the owner has no such view. */
  async update(
    id: string,
    ownerId: string,
    change: { name?: string; filter?: Record<string, string> },
  ): Promise<
    | { ok: true; view: SavedViewRecord }
    | { ok: false; reason: 'not_found' | 'name_taken' }
  > {
    try {
      const rows = await this.db.rows(
        `WITH changed AS (
           UPDATE admin_saved_views SET name = coalesce($3, name), filter = coalesce($4::jsonb, filter), updated_at = now()
            WHERE id = $1 AND owner_id = $2 RETURNING id
         ) SELECT id FROM changed`,
        [
          id,
          ownerId,
          change.name ?? null,
          change.filter === undefined ? null : JSON.stringify(change.filter),
        ],
        (row) => row.text('id'),
      );
      if (rows.length === 0) return { ok: false, reason: 'not_found' };
    } catch (error) {
      if (isUniqueViolation(error)) return { ok: false, reason: 'name_taken' };
      throw error;
    }
    const view = await this.find(id);
    return view ? { ok: true, view } : { ok: false, reason: 'not_found' };
  }

  /** Deletes the owner's view; returns it, or undefined when the owner has no such view. */
  async delete(
    id: string,
    ownerId: string,
  ): Promise<{ id: string; name: string } | undefined> {
    const [gone] = await this.db.rows(
      `WITH gone AS (DELETE FROM admin_saved_views WHERE id = $1 AND owner_id = $2 RETURNING id, name)
       SELECT id, name FROM gone`,
      [id, ownerId],
      (row) => ({ id: row.text('id'), name: row.text('name') }),
    );
    return gone;
  }
}
