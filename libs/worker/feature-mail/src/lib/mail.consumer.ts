import { DeskCalendarStore } from '@landing/server/persistence-desk';
import { APP_CONFIG, type AppConfig } from '@landing/server/util-config';
import { maskEmail } from '@landing/server/util-logging';
import { MAIL_BACKOFF_TYPE } from '@landing/server/util-mail';
import {
  MAIL_JOB,
  MAIL_QUEUE,
  type MailSendJob,
} from '@landing/shared/contracts-mail';
import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { type Job, Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { MailDigest } from './mail-digest';
import { MailMetrics } from './mail-metrics';
import { renderMail } from './mail-templates';
import {
  LogTransport,
  type MailTransport,
  SmtpTransport,
} from './mail-transport';

const DIGEST_SCHEDULER_ID = 'mail-digest';
/** The digest tick: often enough that a digest leaves within minutes of MAIL_DIGEST_AT. */
export const DIGEST_TICK_MS = 5 * 60_000;

/** Exponential with jitter: half of each delay fixed, half random. */
export function mailRetryDelay(attemptsMade: number, baseMs: number): number {
  const delay = baseMs * 2 ** Math.max(0, attemptsMade - 1);
  return Math.round(delay / 2 + (Math.random() * delay) / 2);
}

/**
 * The worker's e-mail: renders and sends each `send` job (SMTP, or the log without
 * SMTP_URL), retried with backoff by BullMQ; and the repeatable digest tick.
 */
@Injectable()
export class MailConsumer
  implements OnApplicationBootstrap, BeforeApplicationShutdown
{
  private readonly logger = new Logger('Mail');
  private connection?: Redis;
  private queue?: Queue;
  private worker?: Worker<MailSendJob | Record<string, never>>;
  readonly transport: MailTransport;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly metrics: MailMetrics,
    private readonly digest: MailDigest,
    private readonly calendars: DeskCalendarStore,
  ) {
    this.transport = config.SMTP_URL
      ? new SmtpTransport(config.SMTP_URL, config.MAIL_FROM)
      : new LogTransport(this.logger, config.NODE_ENV === 'development');
  }

  onApplicationBootstrap(): void {
    this.metrics.initialise(this.transport.configured);
    if (!this.transport.configured && this.config.NODE_ENV === 'production')
      this.logger.warn(
        'SMTP_URL is not set: staff e-mail (SLA breaches, digests, new accounts, disabled webhooks) is only written to the log; landing_mail_transport_configured is 0',
      );
    this.connection = new Redis(this.config.REDIS_URL, {
      maxRetriesPerRequest: null,
    });
    this.connection.on('error', (error: Error) =>
      this.logger.warn(`redis: ${error.message}`),
    );
    const options = {
      connection: this.connection,
      prefix: this.config.QUEUE_PREFIX,
    };
    this.queue = new Queue(MAIL_QUEUE, options);
    this.queue.on('error', (error: Error) =>
      this.logger.warn(`queue: ${error.message}`),
    );
    this.queue
      .upsertJobScheduler(
        DIGEST_SCHEDULER_ID,
        { every: DIGEST_TICK_MS },
        {
          name: MAIL_JOB.digestTick,
          opts: { removeOnComplete: true, removeOnFail: 100 },
        },
      )
      .catch((error: unknown) =>
        this.logger.warn(
          `could not schedule the daily digest: ${error instanceof Error ? error.message : String(error)}`,
        ),
      );
    this.worker = new Worker(MAIL_QUEUE, (job) => this.process(job), {
      ...options,
      concurrency: 4,
      settings: {
        backoffStrategy: (attemptsMade: number, type?: string) =>
          type === MAIL_BACKOFF_TYPE
            ? mailRetryDelay(attemptsMade, this.config.MAIL_BACKOFF_MS)
            : 60_000,
      },
    });
    this.worker.on('error', (error: Error) =>
      this.logger.warn(`worker: ${error.message}`),
    );
  }

  async process(job: Job<MailSendJob | Record<string, never>>): Promise<void> {
    switch (job.name) {
      case MAIL_JOB.send:
        return this.send(job as Job<MailSendJob>);
      case MAIL_JOB.digestTick:
        await this.digest.tick((day) => this.claimDigest(day));
        return;
      default:
        throw new Error(`unknown job name "${job.name}" on the mail queue`);
    }
  }

  private async send(job: Job<MailSendJob>): Promise<void> {
    const data = job.data;
    try {
      const calendar = await this.calendars.current();
      const mail = renderMail(data, {
        baseUrl: this.config.PUBLIC_BASE_URL,
        timeZone: calendar.settings.timeZone,
      });
      await this.transport.send(data, mail);
    } catch (error) {
      const last = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      this.metrics.messages.inc({
        kind: data.kind,
        outcome: last ? 'failed' : 'retrying',
      });
      const reason = error instanceof Error ? error.message : String(error);
      const text = `${data.kind} e-mail to ${maskEmail(data.to.email)} failed (attempt ${job.attemptsMade + 1}): ${reason.replaceAll(data.to.email, maskEmail(data.to.email))}`;
      if (last) this.logger.error(text);
      else this.logger.warn(text);
      throw error;
    }
    this.metrics.messages.inc({
      kind: data.kind,
      outcome: this.transport.configured ? 'sent' : 'logged',
    });
  }

  /** One replica sends a day's digests: the first to set the day's key. */
  private async claimDigest(day: string): Promise<boolean> {
    if (!this.connection) return false;
    const set = await this.connection.set(
      `${this.config.QUEUE_PREFIX}:mail-digest:${day}`,
      '1',
      'EX',
      3 * 86_400,
      'NX',
    );
    return set === 'OK';
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.worker?.close();
    await this.queue?.close();
    this.transport.close();
    this.connection?.disconnect();
  }
}
