export * from './lib/confirm-dialog/confirm-dialog';
export * from './lib/empty-state/empty-state';
export * from './lib/format/format.pipes';
export * from './lib/format/status-label';
export * from './lib/format/time-format';
export * from './lib/page-header/page-header';
export * from './lib/status-chip/status-chip';
export * from './lib/frame/admin-frame';
