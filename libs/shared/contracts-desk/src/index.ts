export * from './lib/desk.contract';
export * from './lib/call-effect';
export * from './lib/business-calendar.contract';
export * from './lib/desk-events.contract';
