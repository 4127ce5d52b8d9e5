export * from './lib/audit-store.port';
export * from './lib/audit-cursor';
export * from './lib/audit-query.error';
export * from './lib/audit-trail.service';
export * from './lib/audit-event-refused.error';
