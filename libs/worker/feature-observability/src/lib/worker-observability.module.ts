import { AUDIT_STORE, type AuditStore } from '@landing/server/domain-audit';
import { AuditPersistenceModule } from '@landing/server/persistence-audit';
import { APP_CONFIG, type AppConfig } from '@landing/server/util-config';
import {
  HealthModule,
  MetricsModule,
  MongoReadinessCheck,
  ObservabilityHttpServer,
  PostgresReadinessCheck,
  QueueDepthSampler,
  QueueMetrics,
  type ReadinessCheck,
  WorkerMetrics,
} from '@landing/server/util-observability';
import {
  LeadIntakeWorkerModule,
  LeadQueueConsumer,
} from '@landing/worker/feature-intake';
import { Module } from '@nestjs/common';

/** The worker is ready when it reaches PostgreSQL and Redis and its BullMQ worker is consuming. */
export function workerReadinessChecks(
  config: AppConfig,
  postgres: PostgresReadinessCheck,
  consumer: LeadQueueConsumer,
  audit: AuditStore,
): ReadinessCheck[] {
  const checks: ReadinessCheck[] = [
    postgres,
    { name: 'redis', isReady: () => consumer.ping() },
    { name: 'consumer', isReady: () => consumer.isRunning() },
  ];
  // MongoDB holds only the audit trail; its store connects on demand, so the ping also connects.
  if (config.MONGODB_URI) checks.push(new MongoReadinessCheck(audit));
  return checks;
}

/** Metrics, readiness and the small HTTP listener on WORKER_PORT for the worker process. */
@Module({
  imports: [
    MetricsModule.forRoot({ metrics: [WorkerMetrics, QueueMetrics] }),
    HealthModule.register({
      imports: [LeadIntakeWorkerModule, AuditPersistenceModule],
      checks: {
        inject: [
          APP_CONFIG,
          PostgresReadinessCheck,
          LeadQueueConsumer,
          AUDIT_STORE,
        ],
        useFactory: workerReadinessChecks as (
          ...deps: never[]
        ) => ReadinessCheck[],
      },
      providers: [ObservabilityHttpServer],
    }),
  ],
  providers: [QueueDepthSampler],
})
export class WorkerObservabilityModule {}
