export * from './lib/desk.module';
export * from './lib/desk.service';
export * from './lib/desk-event.hub';
export * from './lib/desk-events.sse';
