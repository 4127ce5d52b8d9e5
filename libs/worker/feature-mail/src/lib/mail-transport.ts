import { maskEmail } from '@landing/server/util-logging';
import { type MailSendJob } from '@landing/shared/contracts-mail';
import { type Logger } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import { type RenderedMail } from './mail-templates';

/** Where a rendered message goes: an SMTP server, or the log when none is configured. */
export interface MailTransport {
  readonly configured: boolean;
  send(job: MailSendJob, mail: RenderedMail): Promise<void>;
  close(): void;
}

/** nodemailer over SMTP; one recipient per message, so a rejected RCPT fails only its own job. */
export class SmtpTransport implements MailTransport {
  readonly configured = true;
  private readonly transporter: Transporter;

  constructor(
    url: string,
    private readonly from: string,
  ) {
    this.transporter = createTransport(url);
  }

  async send(job: MailSendJob, mail: RenderedMail): Promise<void> {
    await this.transporter.sendMail({
      from: this.from,
      to: job.to.email,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      headers: { 'Content-Language': job.to.language },
    });
  }

  close(): void {
    this.transporter.close();
  }
}

/**
 * With no SMTP server the message is written to the log: the recipient masked, the kind,
 * language and subject; the body only in development, where it is the way to read the mail.
 */
export class LogTransport implements MailTransport {
  readonly configured = false;

  constructor(
    private readonly logger: Logger,
    private readonly withBody: boolean,
  ) {}

  send(job: MailSendJob, mail: RenderedMail): Promise<void> {
    this.logger.log(
      `e-mail not sent (SMTP_URL unset): ${job.kind} to ${maskEmail(job.to.email)} [${job.to.language}] "${mail.subject}"${this.withBody ? `\n${mail.text}` : ''}`,
    );
    return Promise.resolve();
  }

  close(): void {
    // nothing to close
  }
}
