import { counter, gauge } from '@landing/server/util-observability';
import { MAIL_KINDS } from '@landing/shared/contracts-mail';
import { Injectable } from '@nestjs/common';

/** Outcomes of one attempt to send a message, as counted. */
export const MAIL_OUTCOMES = ['sent', 'logged', 'retrying', 'failed'] as const;
export type MailOutcome = (typeof MAIL_OUTCOMES)[number];

@Injectable()
export class MailMetrics {
  readonly messages = counter({
    name: 'landing_mail_messages_total',
    help: 'Staff e-mail send attempts by kind and outcome (sent: accepted by the SMTP server; logged: no SMTP_URL, written to the log instead; retrying: failed, another attempt follows; failed: attempts exhausted)',
    labelNames: ['kind', 'outcome'] as const,
  });

  readonly transportConfigured = gauge({
    name: 'landing_mail_transport_configured',
    help: '1 when SMTP_URL is set and e-mail is sent; 0 when it is only written to the log',
  });

  /** Every kind × outcome at 0, so a rate() sees the first message. */
  initialise(configured: boolean): void {
    for (const kind of MAIL_KINDS)
      for (const outcome of MAIL_OUTCOMES)
        this.messages.inc({ kind, outcome }, 0);
    this.transportConfigured.set(configured ? 1 : 0);
  }
}
