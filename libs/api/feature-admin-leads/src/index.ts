export * from './lib/admin-leads.module';
export * from './lib/lead-review.service';
export * from './lib/lead-erasure.ports';
