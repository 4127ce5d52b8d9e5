import { type AppConfig, ConfigModule } from '@landing/server/util-config';
import { AuditWorkerModule } from '@landing/worker/feature-audit';
import { MailWorkerModule } from '@landing/worker/feature-mail';
import { LeadIntakeWorkerModule } from '@landing/worker/feature-intake';
import { WorkerObservabilityModule } from '@landing/worker/feature-observability';
import { WebhookWorkerModule } from '@landing/worker/feature-webhooks';
import { type DynamicModule, Module } from '@nestjs/common';

@Module({})
export class WorkerModule {
  static forRoot(config?: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot(config),
        LeadIntakeWorkerModule,
        AuditWorkerModule,
        WorkerObservabilityModule,
        WebhookWorkerModule,
        MailWorkerModule,
      ],
    };
  }
}
