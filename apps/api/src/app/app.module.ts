import { AdminAuthModule } from '@landing/api/feature-admin-auth';
import { AdminLeadsModule } from '@landing/api/feature-admin-leads';
import { DeskModule } from '@landing/api/feature-desk';
import { LeadIntakeModule } from '@landing/api/feature-intake';
import { ApiObservabilityModule } from '@landing/api/feature-observability';
import { WebhooksModule } from '@landing/api/feature-webhooks';
import { type AppConfig, ConfigModule } from '@landing/server/util-config';
import { type DynamicModule, Module } from '@nestjs/common';

@Module({})
export class AppModule {
  static forRoot(config?: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LeadIntakeModule,
        ApiObservabilityModule,
        AdminAuthModule,
        AdminLeadsModule,
        WebhooksModule,
        DeskModule,
      ],
    };
  }
}
