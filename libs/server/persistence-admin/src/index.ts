export * from './lib/admin-data-source';
export * from './lib/admin-persistence.module';
export * from './lib/admin-user.repository';
export * from './lib/admin-session.repository';
export * from './lib/lead-review.repository';
export * from './lib/admin-users.cli';
export * from './lib/admin-password.policy';
