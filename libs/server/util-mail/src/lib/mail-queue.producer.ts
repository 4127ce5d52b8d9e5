import { createHash } from 'node:crypto';
import {
  MAIL_JOB,
  MAIL_QUEUE,
  type MailSendJob,
} from '@landing/shared/contracts-mail';
import { APP_CONFIG, type AppConfig } from '@landing/server/util-config';
import { LazyQueue } from '@landing/server/util-queue';
import {
  Inject,
  Injectable,
  Logger,
  Module,
  type OnApplicationShutdown,
} from '@nestjs/common';

/** Attempts per message: with the default backoff (30 s, doubling) about two hours. */
export const MAIL_MAX_ATTEMPTS = 8;

/** The backoff strategy name the worker registers (exponential with jitter). */
export const MAIL_BACKOFF_TYPE = 'mail';

/** Job id of one message to one recipient: a replayed trigger adds no second job. */
export function mailJobId(job: MailSendJob): string {
  const digest = createHash('sha256')
    .update(`${job.kind}\n${job.messageKey}\n${job.to.email.toLowerCase()}`)
    .digest('base64url')
    .slice(0, 32);
  return `mail-${digest}`;
}

/**
 * Adds e-mail jobs, one per recipient, so one address that fails (a full mailbox, a
 * rejected RCPT) is retried on its own and never holds back the others' mail.
 */
@Injectable()
export class MailQueueProducer implements OnApplicationShutdown {
  private readonly logger = new Logger(MailQueueProducer.name);
  private readonly jobs: LazyQueue<MailSendJob>;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.jobs = new LazyQueue(
      MAIL_QUEUE,
      config.REDIS_URL,
      config.QUEUE_PREFIX,
      this.logger,
    );
  }

  private get queue() {
    return this.jobs.queue;
  }

  async send(jobs: readonly MailSendJob[]): Promise<void> {
    if (jobs.length === 0) return;
    await this.queue.addBulk(
      jobs.map((data) => ({
        name: MAIL_JOB.send,
        data,
        opts: {
          jobId: mailJobId(data),
          attempts: MAIL_MAX_ATTEMPTS,
          backoff: { type: MAIL_BACKOFF_TYPE },
          removeOnComplete: { count: 1000 },
          removeOnFail: { count: 10_000 },
        },
      })),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.jobs.close();
  }
}

/** Gives the producer to the api (welcome e-mail) and the worker (notifications). */
@Module({ providers: [MailQueueProducer], exports: [MailQueueProducer] })
export class MailQueueModule {}
