import { Module } from '@nestjs/common';
import { WebhookDatabase } from './webhook-database';
import { WebhookDeliveryRepository } from './webhook-delivery.repository';
import { WebhookDispatcher } from './webhook-dispatcher';
import { WebhookEndpointRepository } from './webhook-endpoint.repository';
import { WebhookLeadFacts } from './webhook-lead-facts';
import { WebhookQueueProducer } from './webhook-queue.producer';

/** Webhook storage, the queue producer and the dispatcher, for the api and the worker. */
@Module({
  providers: [
    WebhookDatabase,
    WebhookEndpointRepository,
    WebhookDeliveryRepository,
    WebhookQueueProducer,
    WebhookDispatcher,
    WebhookLeadFacts,
  ],
  exports: [
    WebhookEndpointRepository,
    WebhookDeliveryRepository,
    WebhookQueueProducer,
    WebhookDispatcher,
    WebhookLeadFacts,
  ],
})
export class WebhookPersistenceModule {}
