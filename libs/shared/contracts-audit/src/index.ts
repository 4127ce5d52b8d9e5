export * from './lib/audit-event.contract';
export * from './lib/audit-queue.contract';
export * from './lib/audit-trail.contract';
