export * from './lib/admin-auth.contract';
export * from './lib/admin-leads.contract';
export * from './lib/lead-status-workflow';
