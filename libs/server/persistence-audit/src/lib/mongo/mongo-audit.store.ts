import {
  type AuditStore,
  type AuditStoreQuery,
} from '@landing/server/domain-audit';
import { type AuditEvent } from '@landing/shared/contracts-audit';
import {
  type Connection,
  createConnection,
  type QueryFilter,
  type Model,
} from 'mongoose';
import {
  fromAuditDocument,
  toAuditDocument,
  type AuditEventFields,
} from './audit-event.mapper';
import {
  AUDIT_COLLECTION,
  AUDIT_MODEL,
  createAuditEventSchema,
  type AuditEventDocument,
} from './audit-event.schema';

export interface MongoAuditStoreOptions {
  uri: string;
  retentionDays: number;
  /** Database name when the URI does not carry one (tests use one database per run). */
  dbName?: string;
  /** How long an operation waits for a reachable server before failing (and being retried). */
  serverSelectionTimeoutMs?: number;
}

/**
 * MongoDB adapter (the production store when MONGODB_URI is set). Connects on first use and
 * again after a failed attempt: mongoose does not retry a failed initial connection itself.
 */
export class MongoAuditStore implements AuditStore {
  readonly kind = 'mongodb' as const;
  private connecting?: Promise<Model<AuditEventDocument>>;
  private current?: Connection;

  constructor(private readonly options: MongoAuditStoreOptions) {}

  /** The live mongoose connection, if one is open (for readiness checks such as terminus'). */
  get connection(): Connection | undefined {
    return this.current;
  }

  async append(events: readonly AuditEvent[]): Promise<number> {
    if (events.length === 0) return 0;
    const model = await this.model();
    const documents = events.map(toAuditDocument);
    for (const document of documents) {
      const invalid = new model(document).validateSync();
      if (invalid) throw invalid;
    }
    // Upsert by _id with $setOnInsert: a retried job finds its events already there and changes nothing.
    const result = await model.bulkWrite(
      documents.map((document) => ({
        updateOne: {
          filter: { _id: document._id },
          update: { $setOnInsert: { ...document, recordedAt: new Date() } },
          upsert: true,
        },
      })),
      { ordered: false },
    );
    return result.upsertedCount;
  }

  async find({ match, limit, after }: AuditStoreQuery): Promise<AuditEvent[]> {
    const model = await this.model();
    const lean = await model
      .find(mongoAuditFilter({ match, limit, after }))
      .sort({ occurredAt: -1, _id: -1 })
      .limit(limit)
      .lean<AuditEventFields[]>();
    return lean.map(fromAuditDocument);
  }

  async deleteOlderThan(cutoff: Date): Promise<number> {
    const model = await this.model();
    return (await model.deleteMany({ occurredAt: { $lt: cutoff } }))
      .deletedCount;
  }

  async deleteAbout({
    leadId,
    phone,
  }: {
    leadId: string;
    phone: string;
  }): Promise<number> {
    const model = await this.model();
    return (await model.deleteMany({ $or: [{ leadId }, { phone }] }))
      .deletedCount;
  }

  async ping(): Promise<void> {
    await this.model();
    const db = this.current?.db;
    if (!db) throw new Error('MongoDB connection is not open');
    await db.admin().ping();
  }

  async close(): Promise<void> {
    const connection = this.current;
    this.connecting = undefined;
    this.current = undefined;
    await connection?.close();
  }

  private model(): Promise<Model<AuditEventDocument>> {
    this.connecting ??= this.connect().catch((error: unknown) => {
      this.connecting = undefined;
      throw error;
    });
    return this.connecting;
  }

  private async connect(): Promise<Model<AuditEventDocument>> {
    const connection = createConnection(this.options.uri, {
      serverSelectionTimeoutMS: this.options.serverSelectionTimeoutMs ?? 5000,
      maxPoolSize: 10,
      ...(this.options.dbName === undefined
        ? {}
        : { dbName: this.options.dbName }),
      autoIndex: true,
    });
    try {
      await connection.asPromise();
      const model = connection.model<AuditEventDocument>(
        AUDIT_MODEL,
        createAuditEventSchema(this.options.retentionDays),
        AUDIT_COLLECTION,
      );
      // Surfaces index problems (such as a TTL defined with another retention) instead of ignoring them.
      await model.init();
      this.current = connection;
      return model;
    } catch (error) {
      await connection.close().catch(() => undefined);
      throw error;
    }
  }
}

/** The MongoDB filter for a trail query: any of the keys, strictly older than the cursor. */
export function mongoAuditFilter({
  match,
  after,
}: AuditStoreQuery): QueryFilter<AuditEventDocument> {
  const any: QueryFilter<AuditEventDocument>[] = [];
  if (match.phone !== undefined) any.push({ phone: match.phone });
  if (match.leadId !== undefined) any.push({ leadId: match.leadId });
  if (match.ip !== undefined) any.push({ ip: match.ip });
  if (any.length === 0)
    throw new Error('an audit query needs a phone, a lead id or an IP');
  const clauses: QueryFilter<AuditEventDocument>[] = [{ $or: any }];
  if (after) {
    const at = new Date(after.occurredAt);
    clauses.push({
      $or: [
        { occurredAt: { $lt: at } },
        { occurredAt: at, _id: { $lt: after.id } },
      ],
    });
  }
  return { $and: clauses };
}
