export * from './lib/admin-auth.module';
export * from './lib/admin-auth.guard';
export * from './lib/admin-auth.errors';
export * from './lib/admin-request';
export * from './lib/admin-session.service';
export * from './lib/admin-users.service';
