import { WebhookPersistenceModule } from '@landing/server/persistence-webhooks';
import { AUDIT_BATCH_LISTENER } from '@landing/worker/feature-audit';
import { LEAD_BATCH_LISTENER } from '@landing/worker/feature-intake';
import { Global, Module } from '@nestjs/common';
import { WebhookDeliveryProcessor } from './webhook-delivery.processor';
import { WebhookEventsListener } from './webhook-events.listener';
import { WebhookMetrics } from './webhook-metrics';
import { WebhookQueueConsumer } from './webhook-queue.consumer';

/**
 * Outbound webhooks in the worker. Global so that the lead and audit processors (in their
 * own modules) receive the batch listener without importing this module.
 */
@Global()
@Module({
  imports: [WebhookPersistenceModule],
  providers: [
    WebhookMetrics,
    WebhookDeliveryProcessor,
    WebhookQueueConsumer,
    WebhookEventsListener,
    { provide: LEAD_BATCH_LISTENER, useExisting: WebhookEventsListener },
    { provide: AUDIT_BATCH_LISTENER, useExisting: WebhookEventsListener },
  ],
  exports: [LEAD_BATCH_LISTENER, AUDIT_BATCH_LISTENER, WebhookQueueConsumer],
})
export class WebhookWorkerModule {}
