export * from './lib/app-config';
export * from './lib/config-variable';
export * from './lib/config.module';
