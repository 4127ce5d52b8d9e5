import { AUDIT_STORE, type AuditStore } from '@landing/server/domain-audit';
import { APP_CONFIG, type AppConfig } from '@landing/server/util-config';
import { Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { MongoAuditStore } from './mongo/mongo-audit.store';
import {
  auditDatabaseUrl,
  auditDataSourceOptions,
} from './postgres/audit-data-source';
import { PostgresAuditStore } from './postgres/postgres-audit.store';

/** MongoDB when MONGODB_URI is set, otherwise PostgreSQL (AUDIT_DATABASE_URL or DATABASE_URL). */
export function createAuditStore(config: AppConfig): AuditStore {
  return config.MONGODB_URI
    ? new MongoAuditStore({
        uri: config.MONGODB_URI,
        retentionDays: config.AUDIT_RETENTION_DAYS,
      })
    : new PostgresAuditStore(auditDataSourceOptions(auditDatabaseUrl(config)));
}

/** The few members of a mongoose Connection a readiness check reads. */
export interface AuditMongoConnection {
  readonly readyState: number;
  readonly db: { admin(): { ping(): Promise<unknown> } } | undefined;
}

/**
 * Injection token: a live view of the audit store's MongoDB connection (it follows reconnects),
 * or null when the audit trail is on PostgreSQL. For readiness checks.
 */
export const AUDIT_MONGO_CONNECTION = Symbol('AUDIT_MONGO_CONNECTION');

export function auditMongoConnection(
  store: AuditStore,
): AuditMongoConnection | null {
  if (!(store instanceof MongoAuditStore)) return null;
  return {
    get readyState() {
      return store.connection?.readyState ?? 0;
    },
    get db() {
      return store.connection?.db ?? undefined;
    },
  };
}

/**
 * Provides the configured {@link AuditStore} under `AUDIT_STORE`. Nothing connects at boot:
 * the store connects on first use, so an absent audit database never stops an app starting.
 * Readiness: `store.ping()`, or with MongoDB the `AUDIT_MONGO_CONNECTION` view.
 */
@Module({
  providers: [
    {
      provide: AUDIT_STORE,
      inject: [APP_CONFIG],
      useFactory: createAuditStore,
    },
    {
      provide: AUDIT_MONGO_CONNECTION,
      inject: [AUDIT_STORE],
      useFactory: auditMongoConnection,
    },
  ],
  exports: [AUDIT_STORE, AUDIT_MONGO_CONNECTION],
})
export class AuditPersistenceModule implements OnApplicationShutdown {
  constructor(@Inject(AUDIT_STORE) private readonly store: AuditStore) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}
