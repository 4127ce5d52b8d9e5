export * from './lib/desk.contract';
export * from './lib/call-effect';
