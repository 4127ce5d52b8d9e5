import {
  AuditEventRefusedError,
  type AuditStore,
  type AuditStoreQuery,
} from '@landing/server/domain-audit';
import {
  type PreparedStatement,
  runPrepared,
  sqlSession,
} from '@landing/server/persistence-lead';
import { type AuditEvent } from '@landing/shared/contracts-audit';
import { Brackets, DataSource, type DataSourceOptions } from 'typeorm';
import { AuditEventEntity } from './audit-event.entity';

const DELETE_CHUNK = 5000;

/**
 * SQLSTATEs that say "this data, never": class 22 (data exception: NUL in jsonb, an
 * untranslatable character, a timestamp out of range) and the integrity refusals of a row.
 */
function isPermanentRefusal(error: unknown): boolean {
  const code = (error as { driverError?: { code?: unknown } }).driverError
    ?.code;
  return (
    typeof code === 'string' &&
    (code.startsWith('22') || code === '23502' || code === '23514')
  );
}

/**
 * One statement for the whole batch, its columns as arrays: TypeORM's insert builder spent
 * more of the worker's time building its SQL (a parameter per value, escaped one by one)
 * than PostgreSQL spent storing the rows.
 */
const APPEND: PreparedStatement = {
  name: 'audit_append',
  text: `
  INSERT INTO audit_events (id, type, occurred_at, phone, lead_id, ip, user_agent, path, request_id, actor, payload)
  SELECT * FROM unnest(
    $1::uuid[], $2::varchar[], $3::timestamptz[], $4::varchar[], $5::uuid[], $6::varchar[],
    $7::varchar[], $8::varchar[], $9::varchar[], $10::jsonb[], $11::jsonb[])
  ON CONFLICT (id) DO NOTHING
  RETURNING id`,
};

function appendParameters(events: readonly AuditEvent[]): unknown[][] {
  const column = <T>(pick: (event: AuditEvent) => T): T[] => events.map(pick);
  return [
    column((e) => e.id),
    column((e) => e.type),
    column((e) => e.occurredAt),
    column((e) => e.phone),
    column((e) => e.leadId),
    column((e) => e.ip),
    column((e) => e.userAgent),
    column((e) => e.path),
    column((e) => e.requestId),
    column((e) => (e.actor == null ? null : JSON.stringify(e.actor))),
    column((e) => JSON.stringify(e.payload)),
  ];
}

function toEvent(row: AuditEventEntity): AuditEvent {
  return {
    id: row.id,
    type: row.type,
    occurredAt: row.occurredAt.toISOString(),
    phone: row.phone,
    leadId: row.leadId,
    ip: row.ip,
    userAgent: row.userAgent,
    path: row.path,
    requestId: row.requestId,
    actor: row.actor,
    payload: row.payload,
  } as AuditEvent;
}

/**
 * PostgreSQL adapter. Connects on first use and again after a failed attempt, so the worker
 * boots (and keeps writing leads) while the audit database is away.
 */
export class PostgresAuditStore implements AuditStore {
  readonly kind = 'postgres' as const;
  private connecting?: Promise<DataSource>;

  constructor(private readonly options: DataSourceOptions) {}

  async append(events: readonly AuditEvent[]): Promise<number> {
    if (events.length === 0) return 0;
    const dataSource = await this.dataSource();
    try {
      const rows = await runPrepared(
        dataSource,
        APPEND,
        appendParameters(events),
      );
      return rows.length;
    } catch (error) {
      if (isPermanentRefusal(error))
        throw new AuditEventRefusedError(
          `PostgreSQL refused the event(s): ${(error as Error).message}`,
          { cause: error },
        );
      throw error;
    }
  }

  async find({ match, limit, after }: AuditStoreQuery): Promise<AuditEvent[]> {
    const keys = Object.entries(match).filter(
      ([, value]) => value !== undefined,
    );
    if (keys.length === 0)
      throw new Error('an audit query needs a phone, a lead id or an IP');
    const dataSource = await this.dataSource();
    const query = dataSource
      .getRepository(AuditEventEntity)
      .createQueryBuilder('e')
      .where(
        new Brackets((any) => {
          if (match.phone !== undefined)
            any.orWhere('e.phone = :phone', { phone: match.phone });
          if (match.leadId !== undefined)
            any.orWhere('e.leadId = :leadId', { leadId: match.leadId });
          if (match.ip !== undefined)
            any.orWhere('e.ip = :ip', { ip: match.ip });
        }),
      )
      .orderBy('e.occurredAt', 'DESC')
      .addOrderBy('e.id', 'DESC')
      .limit(limit);
    if (after) {
      query.andWhere(
        '(e.occurredAt, e.id) < (CAST(:afterAt AS timestamptz), CAST(:afterId AS uuid))',
        {
          afterAt: after.occurredAt,
          afterId: after.id,
        },
      );
    }
    return (await query.getMany()).map(toEvent);
  }

  async deleteOlderThan(cutoff: Date): Promise<number> {
    const dataSource = await this.dataSource();
    let total = 0;
    // In chunks: one huge DELETE would hold locks and bloat WAL after a long pause.
    for (;;) {
      const [deleted = 0] = await sqlSession(dataSource).rows(
        `WITH gone AS (
           DELETE FROM audit_events WHERE id IN (SELECT id FROM audit_events WHERE occurred_at < $1 LIMIT ${DELETE_CHUNK})
           RETURNING 1
         ) SELECT count(*) AS n FROM gone`,
        [cutoff.toISOString()],
        (row) => row.int('n'),
      );
      total += deleted;
      if (deleted < DELETE_CHUNK) return total;
    }
  }

  async deleteAbout({
    leadId,
    phone,
  }: {
    leadId: string;
    phone: string;
  }): Promise<number> {
    const dataSource = await this.dataSource();
    const [deleted = 0] = await sqlSession(dataSource).rows(
      `WITH gone AS (DELETE FROM audit_events WHERE lead_id = $1 OR phone = $2 RETURNING 1)
       SELECT count(*) AS n FROM gone`,
      [leadId, phone],
      (row) => row.int('n'),
    );
    return deleted;
  }

  async ping(): Promise<void> {
    await (await this.dataSource()).query('SELECT 1');
  }

  async close(): Promise<void> {
    const connecting = this.connecting;
    this.connecting = undefined;
    const dataSource = await connecting?.catch(() => undefined);
    if (dataSource?.isInitialized) await dataSource.destroy();
  }

  private dataSource(): Promise<DataSource> {
    this.connecting ??= new DataSource(this.options)
      .initialize()
      .catch((error: unknown) => {
        this.connecting = undefined;
        throw error;
      });
    return this.connecting;
  }
}
