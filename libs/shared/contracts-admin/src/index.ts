export * from './lib/admin-auth.contract';
export * from './lib/admin-leads.contract';
export * from './lib/admin-overview.contract';
export * from './lib/admin-routes.contract';
export * from './lib/admin-timeline.contract';
export * from './lib/admin-users.contract';
export * from './lib/admin-views.contract';
export * from './lib/lead-status-workflow';
