export * from './lib/desk-data-source';
export * from './lib/desk-persistence.module';
export * from './lib/desk.repository';
export * from './lib/desk-assignment.repository';
export * from './lib/desk-sla.repository';
export * from './lib/desk-calendar.store';
export * from './lib/desk-database';
export * from './lib/desk-mail.repository';
