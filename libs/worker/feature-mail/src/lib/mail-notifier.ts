import { StaffAccountRepository } from '@landing/server/persistence-admin';
import { DeskMailRepository } from '@landing/server/persistence-desk';
import { MailQueueProducer } from '@landing/server/util-mail';
import { maskPhone } from '@landing/shared/domain-phone';
import { type MailLead } from '@landing/shared/contracts-mail';
import {
  type SlaBreach,
  type SlaBreachListener,
} from '@landing/worker/feature-desk';
import { type WebhookDisabledListener } from '@landing/worker/feature-webhooks';
import { Injectable } from '@nestjs/common';

/** Leads listed in one message at most; the rest is a count and the link. */
export const MAIL_LEADS_LIMIT = 50;

export const toMailLead = (lead: {
  leadId: string;
  phone: string;
  at: Date;
}): MailLead => ({
  leadId: lead.leadId,
  maskedPhone: maskPhone(lead.phone),
  at: lead.at.toISOString(),
});

/**
 * Turns desk and webhook events into e-mail to every enabled admin, one job per admin. The
 * message key follows from the event, so a replayed scan or a retried delivery job adds no
 * second e-mail.
 */
@Injectable()
export class MailNotifier
  implements SlaBreachListener, WebhookDisabledListener
{
  constructor(
    private readonly staff: StaffAccountRepository,
    private readonly leads: DeskMailRepository,
    private readonly producer: MailQueueProducer,
  ) {}

  async slaBreached(breaches: readonly SlaBreach[]): Promise<void> {
    const admins = await this.staff.recipients('admin');
    if (admins.length === 0) return;
    const ids = breaches.map((breach) => breach.leadId);
    const leads = (
      await this.leads.breached(ids.slice(0, MAIL_LEADS_LIMIT))
    ).map(toMailLead);
    const messageKey = `sla:${[...ids].sort().join(',')}`;
    await this.producer.send(
      admins.map((admin) => ({
        kind: 'sla_breach' as const,
        to: { email: admin.email, language: admin.language },
        data: { leads, total: breaches.length },
        messageKey,
      })),
    );
  }

  async webhookDisabled(endpoint: {
    id: string;
    url: string;
    failures: number;
  }): Promise<void> {
    const admins = await this.staff.recipients('admin');
    const url = endpoint.url.split(/[?#]/)[0] ?? '';
    await this.producer.send(
      admins.map((admin) => ({
        kind: 'webhook_disabled' as const,
        to: { email: admin.email, language: admin.language },
        data: { endpointId: endpoint.id, url, failures: endpoint.failures },
        messageKey: `webhook-disabled:${endpoint.id}:${new Date().toISOString().slice(0, 13)}`,
      })),
    );
  }
}
