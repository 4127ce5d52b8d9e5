import { AdminAuthModule } from '@landing/api/feature-admin-auth';
import { WebhookPersistenceModule } from '@landing/server/persistence-webhooks';
import { Module } from '@nestjs/common';
import { WebhooksController } from './webhooks.controller';
import { WebhooksService } from './webhooks.service';

/** `/api/admin/webhooks`: outbound webhook endpoints, their delivery log and alerts. */
@Module({
  imports: [AdminAuthModule, WebhookPersistenceModule],
  controllers: [WebhooksController],
  providers: [WebhooksService],
})
export class WebhooksModule {}
