export * from './lib/audit-persistence.module';
export * from './lib/postgres/audit-data-source';
export * from './lib/postgres/audit-event.entity';
export * from './lib/postgres/postgres-audit.store';
export * from './lib/mongo/audit-event.schema';
export * from './lib/mongo/audit-event.mapper';
export * from './lib/mongo/mongo-audit.store';
