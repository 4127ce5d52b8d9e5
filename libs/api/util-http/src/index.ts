export * from './lib/domain.error';
export * from './lib/validation';
export * from './lib/http-error.filter';
export * from './lib/http-app';
export * from './lib/json-body.parser';
export * from './lib/http-security';
export * from './lib/request-phone';
