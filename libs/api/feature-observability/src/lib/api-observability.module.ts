import {
  LeadIntakeModule,
  LeadQueueProducer,
} from '@landing/api/feature-intake';
import { AUDIT_STORE, type AuditStore } from '@landing/server/domain-audit';
import { AuditPersistenceModule } from '@landing/server/persistence-audit';
import { APP_CONFIG, type AppConfig } from '@landing/server/util-config';
import {
  HealthModule,
  HttpMetrics,
  IntakeMetrics,
  MetricsModule,
  MongoReadinessCheck,
  PostgresReadinessCheck,
  QueueDepthSampler,
  QueueMetrics,
  type ReadinessCheck,
} from '@landing/server/util-observability';
import { Module } from '@nestjs/common';

/** The api's view of its dependencies: PostgreSQL, the Redis behind the intake queue, MongoDB when configured. */
export function apiReadinessChecks(
  config: AppConfig,
  postgres: PostgresReadinessCheck,
  producer: LeadQueueProducer,
  audit: AuditStore,
): ReadinessCheck[] {
  const checks: ReadinessCheck[] = [
    postgres,
    { name: 'redis', isReady: () => producer.ping() },
  ];
  // MongoDB holds only the audit trail; its store connects on demand, so the ping also connects.
  if (config.MONGODB_URI) checks.push(new MongoReadinessCheck(audit));
  return checks;
}

/** Health endpoints, `/metrics`, and the queue sampler for the api process. */
@Module({
  imports: [
    MetricsModule.forRoot({
      metrics: [HttpMetrics, IntakeMetrics, QueueMetrics],
    }),
    HealthModule.register({
      imports: [LeadIntakeModule, AuditPersistenceModule],
      checks: {
        inject: [
          APP_CONFIG,
          PostgresReadinessCheck,
          LeadQueueProducer,
          AUDIT_STORE,
        ],
        useFactory: apiReadinessChecks as (
          ...deps: never[]
        ) => ReadinessCheck[],
      },
    }),
  ],
  providers: [QueueDepthSampler],
})
export class ApiObservabilityModule {}
