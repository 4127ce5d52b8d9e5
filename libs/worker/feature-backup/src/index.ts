export * from './lib/backup.command';
export * from './lib/backup.error';
export * from './lib/backup-location';
export * from './lib/backup-name';
export * from './lib/backup-store';
export * from './lib/retention';
