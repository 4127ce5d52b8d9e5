import { AdminPersistenceModule } from '@landing/server/persistence-admin';
import { DeskPersistenceModule } from '@landing/server/persistence-desk';
import { MailQueueModule } from '@landing/server/util-mail';
import { SLA_BREACH_LISTENER } from '@landing/worker/feature-desk';
import { WEBHOOK_DISABLED_LISTENER } from '@landing/worker/feature-webhooks';
import { Global, Module } from '@nestjs/common';
import { MailConsumer } from './mail.consumer';
import { MailDigest } from './mail-digest';
import { MailMetrics } from './mail-metrics';
import { MailNotifier } from './mail-notifier';

/**
 * Staff e-mail in the worker. Global so that the desk scan and the webhook delivery processor
 * (in their own modules) receive the notifier without importing this module.
 */
@Global()
@Module({
  imports: [AdminPersistenceModule, DeskPersistenceModule, MailQueueModule],
  providers: [
    MailMetrics,
    MailConsumer,
    MailDigest,
    MailNotifier,
    { provide: SLA_BREACH_LISTENER, useExisting: MailNotifier },
    { provide: WEBHOOK_DISABLED_LISTENER, useExisting: MailNotifier },
  ],
  exports: [SLA_BREACH_LISTENER, WEBHOOK_DISABLED_LISTENER, MailConsumer],
})
export class MailWorkerModule {}
