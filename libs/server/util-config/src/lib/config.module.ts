import { Global, Module } from '@nestjs/common';
import { loadConfig, type AppConfig } from './app-config';

/** Injection token for the validated {@link AppConfig}. */
export const APP_CONFIG = Symbol('APP_CONFIG');

@Global()
@Module({})
export class ConfigModule {
  /** Reads and validates the environment once; a bad value fails the boot, naming the variable. */
  static forRoot(config: AppConfig = loadConfig(process.env)) {
    return {
      module: ConfigModule,
      providers: [{ provide: APP_CONFIG, useValue: config }],
      exports: [APP_CONFIG],
    };
  }
}
