import { type AddressInfo } from 'node:net';
import { MailQueueProducer } from '@landing/server/util-mail';
import { ConfigModule, loadConfig } from '@landing/server/util-config';
import {
  createTestDatabase,
  deleteKeysWithPrefix,
  sharedRedisUrl,
  type TestDatabase,
  uniqueQueuePrefix,
  waitFor,
} from '@landing/server/util-testing';
import { localDateOf } from '@landing/shared/domain-business-calendar';
import { DeskScanJob, DeskWorkerModule } from '@landing/worker/feature-desk';
import {
  type INestApplicationContext,
  type LoggerService,
  Module,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Redis } from 'ioredis';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { MailDigest } from './mail-digest';
import { MailMetrics } from './mail-metrics';
import { MailNotifier } from './mail-notifier';
import { MailWorkerModule } from './mail-worker.module';

interface Received {
  to: string;
  mail: ParsedMail;
}

/** A real SMTP server (smtp-server) that parses each message with mailparser. */
class TestSmtp {
  readonly received: Received[] = [];
  /** Addresses refused at RCPT TO, with how many more times to refuse each. */
  readonly refuse = new Map<string, number>();
  readonly refused: string[] = [];
  private readonly server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo: (address, _session, callback) => {
      const left = this.refuse.get(address.address) ?? 0;
      if (left > 0) {
        this.refuse.set(address.address, left - 1);
        this.refused.push(address.address);
        const error = new Error('mailbox unavailable') as Error & {
          responseCode: number;
        };
        error.responseCode = 450;
        return callback(error);
      }
      callback();
    },
    onData: (stream, session, callback) => {
      simpleParser(stream)
        .then((mail) => {
          for (const rcpt of session.envelope.rcptTo)
            this.received.push({ to: rcpt.address, mail });
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  port = 0;

  async start(): Promise<void> {
    await new Promise<void>((resolve) =>
      this.server.listen(0, '127.0.0.1', resolve),
    );
    this.port = (this.server.server.address() as AddressInfo).port;
  }

  to(address: string): Received[] {
    return this.received.filter((r) => r.to === address);
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

class CapturingLogger implements LoggerService {
  readonly lines: string[] = [];
  log(message: unknown) {
    this.lines.push(String(message));
  }
  warn(message: unknown) {
    this.lines.push(String(message));
  }
  error(message: unknown) {
    this.lines.push(String(message));
  }
  debug() {
    // not captured
  }
  verbose() {
    // not captured
  }
}

async function startWorker(
  db: TestDatabase,
  env: Record<string, string>,
  logger: LoggerService | false = false,
) {
  const prefix = uniqueQueuePrefix();
  // Today's digest counts as sent, so the scheduler's first tick sends none mid-test.
  const redis = new Redis(sharedRedisUrl());
  await redis.set(
    `${prefix}:mail-digest:${localDateOf(Date.now(), 'Asia/Tehran')}`,
    '1',
    'EX',
    3600,
  );
  redis.disconnect();
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: db.url,
    REDIS_URL: sharedRedisUrl(),
    QUEUE_PREFIX: prefix,
    LOG_LEVEL: 'silent',
    MAIL_BACKOFF_MS: '50',
    PUBLIC_BASE_URL: 'https://landing.example.com',
    MAIL_FROM: 'Landing <desk@landing.example.com>',
    DESK_SLA_SCAN_INTERVAL_MS: '3600000',
    ...env,
  });
  @Module({
    imports: [ConfigModule.forRoot(config), MailWorkerModule, DeskWorkerModule],
  })
  class TestWorkerModule {}
  const app: INestApplicationContext =
    await NestFactory.createApplicationContext(TestWorkerModule, { logger });
  await app.init();
  return {
    app,
    async close() {
      await app.close();
      await deleteKeysWithPrefix(sharedRedisUrl(), prefix);
    },
  };
}

const PERSIAN = /[\u0600-\u06FF]/;
const PHONE = '+989121234567';

describe('staff e-mail (worker, real SMTP server, real PostgreSQL and Redis)', () => {
  let db: TestDatabase;
  let worker: Awaited<ReturnType<typeof startWorker>>;
  const smtp = new TestSmtp();
  const ids: Record<string, string> = {};

  const count = async (kind: string, outcome: string) =>
    (await worker.app.get(MailMetrics).messages.get()).values.find(
      (v) => v.labels['kind'] === kind && v.labels['outcome'] === outcome,
    )?.value ?? 0;

  beforeAll(async () => {
    db = await createTestDatabase();
    for (const [email, role, language] of [
      ['ana@example.com', 'admin', 'fa'],
      ['ben@example.com', 'admin', 'en'],
      ['cyrus@example.com', 'admin', 'fa'],
      ['rita@example.com', 'reviewer', 'en'],
    ] as const) {
      const [row] = await db.query<{ id: string }>(
        `INSERT INTO admin_users (email, password_hash, role, language) VALUES ($1, 'x', $2, $3) RETURNING id`,
        [email, role, language],
      );
      ids[email] = row?.id ?? '';
    }
    await db.query(
      `INSERT INTO admin_users (email, password_hash, role, disabled_at) VALUES ('gone@example.com', 'x', 'admin', now())`,
    );
    await smtp.start();
    worker = await startWorker(db, {
      SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
    });
  });
  afterAll(async () => {
    await worker.close();
    await smtp.stop();
    await db.drop();
  });

  it('mails every enabled admin one SLA breach notice per scan, in their language, and retries a refused recipient without holding back the others', async () => {
    const [lead] = await db.query<{ id: string }>(
      `WITH l AS (INSERT INTO leads (phone, status, last_submitted_at) VALUES ($1, 'new', now()) RETURNING id, created_at)
       INSERT INTO lead_desk (lead_id, arrived_at, open, first_contact_due_at)
       SELECT id, created_at, true, now() - interval '2 hours' FROM l RETURNING lead_id AS id`,
      [PHONE],
    );
    smtp.refuse.set('cyrus@example.com', 2);
    const failedBefore = await count('sla_breach', 'retrying');

    await worker.app.get(DeskScanJob).runOnce();
    await waitFor(() => smtp.received.length === 3, {
      what: 'three breach notices',
      timeoutMs: 20_000,
    });

    expect(smtp.received.map((r) => r.to).sort()).toEqual([
      'ana@example.com',
      'ben@example.com',
      'cyrus@example.com',
    ]);
    // The refused address was tried (and refused) twice, then delivered; the others did not wait.
    expect(smtp.refused).toEqual(['cyrus@example.com', 'cyrus@example.com']);
    expect(smtp.received.at(-1)?.to).toBe('cyrus@example.com');
    expect((await count('sla_breach', 'retrying')) - failedBefore).toBe(2);

    const fa = smtp.to('ana@example.com')[0]?.mail;
    const en = smtp.to('ben@example.com')[0]?.mail;
    expect(fa?.subject).toMatch(PERSIAN);
    expect(fa?.subject).toContain('۱');
    expect(fa?.html).toContain('dir="rtl"');
    expect(fa?.text).toMatch(PERSIAN);
    expect(fa?.from?.text).toContain('desk@landing.example.com');
    expect(en?.subject).toBe('1 lead not called back in time');
    expect(en?.html).toContain('dir="ltr"');
    expect(en?.text).not.toMatch(PERSIAN);
    expect(en?.text).toContain('https://landing.example.com/en/admin/leads');
    expect(fa?.text).toContain('https://landing.example.com/fa/admin/leads');
    for (const { mail } of smtp.received) {
      // Masked: the full number never leaves in an e-mail.
      expect(mail.text).not.toContain('1234567');
      expect(mail.html || '').not.toContain('1234567');
    }
    expect(en?.text).toContain('+98*******567');
    expect(lead?.id).toBeDefined();
    // A reviewer and a disabled admin get no breach notice.
    expect(smtp.to('rita@example.com')).toHaveLength(0);
    expect(smtp.to('gone@example.com')).toHaveLength(0);
  }, 30_000);

  it('sends the welcome e-mail with the sign-in link and without any password, and a disabled-webhook notice to admins', async () => {
    smtp.received.length = 0;
    await worker.app.get(MailQueueProducer).send([
      {
        kind: 'account_created',
        to: { email: 'new@example.com', language: 'en' },
        data: { role: 'reviewer' },
        messageKey: 'user-1',
      },
    ]);
    await worker.app.get(MailNotifier).webhookDisabled({
      id: 'ep-1',
      url: 'https://hooks.example.net/in?token=s3cret',
      failures: 50,
    });
    await waitFor(() => smtp.received.length === 4, {
      what: 'welcome and three webhook notices',
      timeoutMs: 20_000,
    });
    const welcome = smtp.to('new@example.com')[0]?.mail;
    expect(welcome?.subject).toBe('Your staff account is ready');
    expect(welcome?.text).toContain(
      'https://landing.example.com/en/admin/login',
    );
    expect(welcome?.text).toMatch(/does not contain it/);
    const hook = smtp.to('ana@example.com')[0]?.mail;
    expect(hook?.subject).toMatch(PERSIAN);
    expect(hook?.text).toContain('https://hooks.example.net/in');
    expect(hook?.text).toContain('۵۰');
    for (const { mail } of smtp.received)
      expect(mail.text).not.toContain('s3cret');
  }, 30_000);

  it("sends each staff member the digest of yesterday's leads on a working day after MAIL_DIGEST_AT: admins all, reviewers their own", async () => {
    smtp.received.length = 0;
    // Sunday 2026-12-06, 09:00 in Tehran (a working day): covers Saturday 2026-12-05.
    const now = new Date('2026-12-06T09:00:00+03:30').getTime();
    await db.query(
      `WITH l AS (INSERT INTO leads (phone, status, last_submitted_at) VALUES ('+989121112233', 'new', now()) RETURNING id)
       INSERT INTO lead_desk (lead_id, arrived_at, open, first_contact_due_at, owner_id)
       SELECT id, '2026-12-05T10:00:00+03:30', true, '2026-12-05T12:00:00+03:30', $1 FROM l`,
      [ids['rita@example.com']],
    );
    await db.query(
      `WITH l AS (INSERT INTO leads (phone, status, last_submitted_at) VALUES ('+989121114455', 'new', now()) RETURNING id)
       INSERT INTO lead_desk (lead_id, arrived_at, open, first_contact_due_at)
       SELECT id, '2026-12-05T11:00:00+03:30', true, '2026-12-07T12:00:00+03:30' FROM l`,
    );
    const claimed: string[] = [];
    const claim = (day: string) => {
      const first = !claimed.includes(day);
      claimed.push(day);
      return Promise.resolve(first);
    };
    const digest = worker.app.get(MailDigest);
    // Before 08:30, and on a Friday, nothing.
    await expect(
      digest.tick(claim, new Date('2026-12-06T08:00:00+03:30').getTime()),
    ).resolves.toBe(0);
    await expect(
      digest.tick(claim, new Date('2026-12-04T09:00:00+03:30').getTime()),
    ).resolves.toBe(0);
    await expect(digest.tick(claim, now)).resolves.toBe(4);
    // A second replica (or tick) the same day sends nothing.
    await expect(digest.tick(claim, now + 60_000)).resolves.toBe(0);
    await waitFor(() => smtp.received.length === 4, {
      what: 'four digests',
      timeoutMs: 20_000,
    });
    const rita = smtp.to('rita@example.com')[0]?.mail;
    expect(rita?.subject).toBe('Daily lead digest — 2026-12-05');
    expect(rita?.text).toContain('Your new leads (1)');
    expect(rita?.text).toContain('+98*******233');
    expect(rita?.text).not.toContain('455');
    expect(rita?.text).toContain('Overdue (1)');
    const ben = smtp.to('ben@example.com')[0]?.mail;
    expect(ben?.text).toContain('New leads (2)');
    const ana = smtp.to('ana@example.com')[0]?.mail;
    expect(ana?.subject).toContain('۲۰۲۶-۱۲-۰۵');
  }, 30_000);
});

describe('staff e-mail without SMTP_URL', () => {
  it('writes the would-be e-mail to the log, recipient masked, body in development only, and counts it as logged', async () => {
    const db = await createTestDatabase();
    const logs = new CapturingLogger();
    const worker = await startWorker(db, { NODE_ENV: 'development' }, logs);
    try {
      await worker.app.get(MailQueueProducer).send([
        {
          kind: 'account_created',
          to: { email: 'sara@example.com', language: 'fa' },
          data: { role: 'reviewer' },
          messageKey: 'user-2',
        },
      ]);
      await waitFor(
        () => logs.lines.some((line) => line.includes('e-mail not sent')),
        { what: 'the logged e-mail', timeoutMs: 20_000 },
      );
      const line = logs.lines.find((l) => l.includes('e-mail not sent')) ?? '';
      expect(line).toContain('account_created to s***@example.com [fa]');
      expect(line).not.toContain('sara@example.com');
      expect(line).toContain('حساب کارکنان شما ساخته شد');
      expect(line).toContain('https://landing.example.com/fa/admin/login');
      const metrics = worker.app.get(MailMetrics);
      expect((await metrics.transportConfigured.get()).values[0]?.value).toBe(
        0,
      );
    } finally {
      await worker.close();
      await db.drop();
    }
  }, 30_000);
});
