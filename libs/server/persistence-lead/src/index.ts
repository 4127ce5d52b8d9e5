export * from './lib/lead.entity';
export * from './lib/lead-submission.entity';
export * from './lib/data-source';
export * from './lib/postgres-data-source';
export * from './lib/lead-write.repository';
export * from './lib/lead-persistence.module';
export * from './lib/sql-row';
export * from './lib/prepared-statement';
