export * from './lib/business-calendar';
