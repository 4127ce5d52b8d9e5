import {
  type DynamicModule,
  type InjectionToken,
  Module,
  type ModuleMetadata,
  type OptionalFactoryDependency,
  type Provider,
} from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller';
import { PostgresReadinessCheck } from './postgres-readiness.check';
import {
  READINESS_CHECKS,
  type ReadinessCheck,
  ReadinessService,
} from './readiness';

export interface HealthModuleOptions {
  imports?: ModuleMetadata['imports'];
  /** Builds the process's readiness checks; `PostgresReadinessCheck` is always available to inject. */
  checks: {
    inject: (InjectionToken | OptionalFactoryDependency)[];
    useFactory: (...deps: never[]) => ReadinessCheck[];
  };
  providers?: Provider[];
}

/** `/health/live` and `/health/ready` (served by the HTTP app, or by the worker's small listener). */
@Module({})
export class HealthModule {
  static register({
    imports = [],
    checks,
    providers = [],
  }: HealthModuleOptions): DynamicModule {
    return {
      module: HealthModule,
      imports: [TerminusModule.forRoot({ logger: false }), ...imports],
      controllers: [HealthController],
      providers: [
        ReadinessService,
        PostgresReadinessCheck,
        ...providers,
        {
          provide: READINESS_CHECKS,
          inject: checks.inject,
          useFactory: checks.useFactory as (
            ...deps: unknown[]
          ) => ReadinessCheck[],
        },
      ],
      exports: [ReadinessService],
    };
  }
}
