// The code the micro-bench (desk-batch.mjs) drives: the worker's own lead write and desk step,
// bundled from source at run time, so the bench can never measure a stale copy of the SQL.
export { LeadWriteRepository } from '@landing/server/persistence-lead';
export { DeskAssignmentRepository } from '@landing/server/persistence-desk';
export { DeskArrivals } from '@landing/worker/feature-desk';
export {
  BusinessCalendar,
  DEFAULT_BUSINESS_CALENDAR,
} from '@landing/shared/domain-business-calendar';
