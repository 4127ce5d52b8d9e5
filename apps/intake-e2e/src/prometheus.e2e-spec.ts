import {
  AUDIT_BACKOFF_TYPE,
  AUDIT_JOB,
  AUDIT_JOB_ATTEMPTS,
  AUDIT_QUEUE,
  type AuditBatchJob,
} from '@landing/shared/contracts-audit';
import {
  createTestDatabase,
  deleteKeysWithPrefix,
  sharedRedisUrl,
  startTcpProxy,
  submissionAuditEvent,
  TestReceiver,
  type TcpProxy,
  type TestDatabase,
  sleep,
  uniqueQueuePrefix,
  waitFor,
} from '@landing/server/util-testing';
import { Queue } from 'bullmq';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { parse } from 'yaml';
import { apiEnv, AppProcess, workerEnv } from './support/app-process';
import { distinctMobiles, inPool, postJson } from './support/http';
import { AlertWatch, Prometheus } from './support/prometheus';

// The shipped alert rules and Grafana dashboard against a real Prometheus (Debian's package)
// scraping the built api and worker with the metrics token, as in production. The rules are
// the shipped file with every `for:` shortened to FOR_SECONDS, and the two windows that need
// minutes of real time shortened by EXPR_EDITS; other thresholds and windows are unchanged.
// Every shipped alert is made to fire by a real cause.

const ROOT = join(__dirname, '../../..');
const RULES = join(ROOT, 'helm/landing/files/prometheus-rules.yaml');
const DASHBOARD = join(ROOT, 'helm/landing/files/grafana-dashboard.json');
const TOKEN = 'e2e-metrics-token-0123456789abcdef';
const FOR_SECONDS = 4;
const EXPR_EDITS = {
  // p95 over 20 s instead of 5 minutes, so a few dozen slow requests decide it.
  LandingIntakeLatencyHigh: { '[5m]': '[20s]' },
  // 6 s without a sample instead of 2 minutes (the services sample every 500 ms here).
  LandingQueueSamplingStale: { '> 120': '> 6' },
  // A delivery pending for 5 s instead of an hour.
  LandingWebhookDeliveriesDelayed: { '> 3600': '> 5' },
};

interface Panel {
  title: string;
  targets?: { expr: string; refId?: string }[];
  panels?: Panel[];
}

/** Every panel's every query, with Grafana's `$__rate_interval` as a window that holds samples. */
function dashboardQueries(): { panel: string; expr: string }[] {
  const dashboard = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as {
    panels: Panel[];
  };
  const flat = (panels: Panel[]): Panel[] =>
    panels.flatMap((p) => [p, ...flat(p.panels ?? [])]);
  return flat(dashboard.panels).flatMap((panel) =>
    (panel.targets ?? []).map((target) => ({
      panel: `${panel.title} (${target.refId ?? '?'})`,
      expr: target.expr.replace(/\$__rate_interval/g, '1m'),
    })),
  );
}

describe('the shipped alerts and dashboard in a real Prometheus', () => {
  let db: TestDatabase;
  let apiRedis: TcpProxy;
  let workerDb: TcpProxy;
  let api: AppProcess;
  let worker: AppProcess;
  let workerVars: Record<string, string>;
  let prometheus: Prometheus;
  let watch: AlertWatch;
  let apiUrl: string;
  const prefix = uniqueQueuePrefix();

  beforeAll(async () => {
    db = await createTestDatabase();
    // The api reaches Redis, and the worker PostgreSQL, through proxies the test can cut.
    apiRedis = await startTcpProxy(sharedRedisUrl());
    workerDb = await startTcpProxy(db.url);
    const common = {
      QUEUE_PREFIX: prefix,
      METRICS_TOKEN: TOKEN,
      QUEUE_SAMPLE_INTERVAL_MS: '500',
      // Set on the jobs by the api: one retry, quickly, then a job whose batch cannot be
      // written is a dead letter.
      JOB_ATTEMPTS: '2',
      JOB_BACKOFF_MS: '100',
    };
    const apiVars = await apiEnv({
      ...common,
      DATABASE_URL: db.url,
      REDIS_URL: apiRedis.url,
      // A loaded test machine can take seconds to enqueue; a cut Redis is refused at once anyway.
      ENQUEUE_TIMEOUT_MS: '5000',
    });
    workerVars = await workerEnv({
      ...common,
      DATABASE_URL: workerDb.url,
      REDIS_URL: sharedRedisUrl(),
      AUDIT_BACKOFF_MS: '100',
      AUDIT_BACKOFF_MAX_MS: '500',
      // The failing receiver of the webhook alert's test listens on loopback.
      WEBHOOK_ALLOW_PRIVATE: 'true',
      // Arrivals get a first-contact due time; the breach scan runs every second.
      DESK_ASSIGNMENT_POLICY: 'round_robin',
      DESK_SLA_SCAN_INTERVAL_MS: '1000',
      // Staff e-mail goes to a relay that is not there (nothing listens on the discard port):
      // the breach notice to the admin fails for good after its retries, 50 ms apart at first.
      SMTP_URL: 'smtp://127.0.0.1:9',
      MAIL_FROM: 'Landing <no-reply@example.com>',
      MAIL_BACKOFF_MS: '50',
    });
    apiUrl = `http://127.0.0.1:${apiVars['PORT']}`;
    [api, worker] = await Promise.all([
      AppProcess.start('api', apiVars),
      AppProcess.start('worker', workerVars),
    ]);
    prometheus = await Prometheus.start({
      targets: [
        { job: 'api', url: apiUrl },
        { job: 'worker', url: `http://127.0.0.1:${workerVars['WORKER_PORT']}` },
      ],
      token: TOKEN,
      rulesFile: RULES,
      forSeconds: FOR_SECONDS,
      exprEdits: EXPR_EDITS,
    });
    watch = new AlertWatch(prometheus);
    watch.start();
  }, 120_000);

  afterAll(async () => {
    await watch?.stop();
    await prometheus?.stop();
    await Promise.all([api?.stop(), worker?.stop()]);
    await apiRedis?.close();
    await workerDb?.close();
    await deleteKeysWithPrefix(sharedRedisUrl(), prefix);
    await db?.drop();
  });

  const submit = (phones: string[]) =>
    inPool(phones, 20, (phone) => postJson(apiUrl, '/api/leads', { phone }));
  /**
   * Submits until every number is accepted, as the landing page does: a 503 means "not taken,
   * try again" (on a loaded test machine an enqueue can outlast its deadline).
   */
  const submitAccepted = async (phones: string[]) => {
    let pending = phones;
    for (let round = 0; round < 6 && pending.length; round++) {
      if (round > 0) await sleep(1000);
      const results = await submit(pending);
      expect(
        results.filter((r) => r.status !== 202 && r.status !== 503),
      ).toEqual([]);
      pending = pending.filter((_, i) => results[i]?.status !== 202);
    }
    expect(pending).toEqual([]);
  };
  const statuses = (results: { status: number }[]) =>
    [...new Set(results.map((r) => r.status))].sort();
  /**
   * Requests spread over a few scrapes. A labelled series appears with its first increment, and
   * rate() counts no increase into a series' first sample: a burst that lands between two
   * scrapes of a fresh series is invisible to it. (The same holds in production for the first
   * errors after a restart.)
   */
  const inWaves = async <R>(
    items: string[],
    send: (wave: string[]) => Promise<R[]>,
    waves = 4,
  ): Promise<R[]> => {
    const results: R[] = [];
    const size = Math.ceil(items.length / waves);
    for (let i = 0; i < items.length; i += size) {
      if (i > 0) await sleep(1500);
      results.push(...(await send(items.slice(i, i + size))));
    }
    return results;
  };
  const storedSubmissions = async () =>
    (
      await db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM lead_submissions',
      )
    )[0]?.n ?? 0;

  it('scrapes both services with the token, and a quiet system raises no alert', async () => {
    await waitFor(
      async () => {
        const health = await prometheus.targetHealth();
        return health['api'] === 'up' && health['worker'] === 'up';
      },
      { timeoutMs: 30_000, what: `both targets up:\n${prometheus.logs}` },
    );
    await submitAccepted(distinctMobiles(40, 100));
    await waitFor(async () => (await storedSubmissions()) === 40, {
      timeoutMs: 30_000,
      what: '40 stored submissions',
    });
    // A few evaluation rounds with everything healthy. (p95 latency is left out: on a loaded
    // test machine the first requests of a cold process can take longer than 500 ms.)
    await sleep(3000);
    expect(
      (await prometheus.alerts()).filter(
        (alert) => alert.labels['alertname'] !== 'LandingIntakeLatencyHigh',
      ),
    ).toEqual([]);
  });

  it('stopping the worker: no worker, then a backlog, then worker lag; invalid and refused requests fire theirs; all resolve once the worker is back', async () => {
    await worker.stop();
    const stoppedAt = Date.now();
    await watch.until('LandingNoWorkerConsuming', 'firing', 30_000);

    // More than the backlog threshold (1,000 waiting) while nobody consumes.
    await submitAccepted(distinctMobiles(1100, 1000));
    await watch.until('LandingQueueBacklogHigh', 'firing', 30_000);

    // A burst of invalid submissions: a third of the traffic.
    const invalid = await inWaves(
      Array.from({ length: 700 }, (_, i) => `12${i}`),
      (phones) =>
        inPool(phones, 20, (phone) =>
          postJson(apiUrl, '/api/leads', { phone }),
        ),
    );
    expect(statuses(invalid)).toEqual([400]);
    await watch.until('LandingIntakeInvalidRequestsHigh', 'firing', 30_000);

    // Redis away from the api: intake answers 503, and availability drops. With the worker
    // stopped too, nothing samples the queue any more: the queue alerts are blind.
    await apiRedis.close();
    expect(statuses(await inWaves(distinctMobiles(20, 3000), submit))).toEqual([
      503,
    ]);
    try {
      await watch.until('LandingQueueSamplingStale', 'firing', 30_000);
    } finally {
      await apiRedis.open();
    }
    await watch.until('LandingIntakeAvailabilityLow', 'firing', 30_000);

    // Redis slow for the api (250 ms each way): intake still takes every lead, in over 500 ms.
    // Once the burst above has left the 20 s window, so that the slowness is the cause.
    await waitFor(
      () =>
        !['pending', 'firing'].includes(
          watch.states('LandingIntakeLatencyHigh').at(-1) ?? '',
        ),
      { timeoutMs: 40_000, what: 'LandingIntakeLatencyHigh to be quiet' },
    );
    const latencySeen = watch.states('LandingIntakeLatencyHigh').length;
    apiRedis.setDelay(250);
    try {
      await submitAccepted(distinctMobiles(40, 4000));
      await watch.until('LandingIntakeLatencyHigh', 'firing', 30_000);
    } finally {
      apiRedis.setDelay(0);
    }
    expect(watch.states('LandingIntakeLatencyHigh').slice(latencySeen)).toEqual(
      ['pending', 'firing'],
    );

    // The oldest waiting job passes 60 s.
    await watch.until(
      'LandingWorkerLagHigh',
      'firing',
      Math.max(30_000, 90_000 - (Date.now() - stoppedAt)),
    );

    worker = await AppProcess.start('worker', workerVars);
    await waitFor(async () => (await storedSubmissions()) === 1180, {
      timeoutMs: 60_000,
      what: 'the backlog to be written',
    });
    for (const alert of [
      'LandingNoWorkerConsuming',
      'LandingQueueBacklogHigh',
      'LandingWorkerLagHigh',
      'LandingQueueSamplingStale',
      'LandingIntakeLatencyHigh',
    ])
      await watch.until(alert, 'inactive', 30_000);

    // Alerts with a `for` were pending before they fired.
    for (const alert of [
      'LandingNoWorkerConsuming',
      'LandingQueueBacklogHigh',
      'LandingIntakeInvalidRequestsHigh',
      'LandingIntakeAvailabilityLow',
      'LandingQueueSamplingStale',
      'LandingWorkerLagHigh',
    ])
      expect({ alert, states: watch.states(alert).slice(0, 2) }).toEqual({
        alert,
        states: ['pending', 'firing'],
      });
    expect({
      states: watch.states('LandingQueueBacklogHigh'),
    }).toEqual({ states: ['pending', 'firing', 'inactive'] });
  }, 240_000);

  it('LandingFailedJobsIncreasing fires when a job exhausts its attempts', async () => {
    await workerDb.close();
    await submitAccepted(distinctMobiles(1, 200));
    try {
      await watch.until('LandingFailedJobsIncreasing', 'firing');
    } finally {
      await workerDb.open();
    }
    expect(watch.states('LandingFailedJobsIncreasing')).toContain('firing');
  }, 120_000);

  it('LandingAuditEventsDeadLettered fires when the audit store refuses an event for good', async () => {
    // The api refuses such text at the edge, so the job is queued here as its audit producer
    // queues one: a producer that let a NUL through is the cause this alert exists for.
    const queue = new Queue<AuditBatchJob>(AUDIT_QUEUE, {
      connection: { url: sharedRedisUrl() },
      prefix,
    });
    try {
      await queue.add(
        AUDIT_JOB.batch,
        { events: [submissionAuditEvent({ userAgent: 'e2e\u0000agent' })] },
        {
          attempts: AUDIT_JOB_ATTEMPTS,
          backoff: { type: AUDIT_BACKOFF_TYPE },
          removeOnFail: false,
        },
      );
    } finally {
      await queue.close();
    }
    await watch.until('LandingAuditEventsDeadLettered', 'firing', 30_000);
    expect(watch.states('LandingAuditEventsDeadLettered')).toEqual(['firing']);
  }, 60_000);

  it('LandingWebhookDeliveriesDelayed fires while a receiver keeps failing', async () => {
    // A CRM that is down: it checks each signature, then answers 500.
    const receiver = new TestReceiver();
    receiver.respond = () => 500;
    await receiver.start();
    const secret = `whsec_${randomBytes(24).toString('base64')}`;
    receiver.secrets = [secret];
    const client = new Client({ connectionString: db.url });
    await client.connect();
    try {
      // An operator's endpoint, as the admin api stores one; the worker reads subscribers
      // afresh every 2 s.
      await client.query(
        `INSERT INTO webhook_endpoints (url, events, description, secret)
         VALUES ($1, $2, 'e2e: a CRM that is down', $3)`,
        [receiver.url, ['lead.created', 'lead.duplicate'], secret],
      );
      await sleep(2500);
      await submitAccepted(distinctMobiles(5, 6000));
      await watch.until('LandingWebhookDeliveriesDelayed', 'firing', 60_000);
    } finally {
      await client.query(`UPDATE webhook_endpoints SET state = 'paused'`);
      await client.end();
      await receiver.stop();
    }
    expect(watch.states('LandingWebhookDeliveriesDelayed')).toContain('firing');
  }, 90_000);

  it('LandingFirstContactSlaBreached fires when a lead passes its first-contact due time uncalled, and LandingMailFailing when the admin cannot be told', async () => {
    const phones = distinctMobiles(3, 7000);
    await submitAccepted(phones);
    const client = new Client({ connectionString: db.url });
    await client.connect();
    try {
      // An admin, to whom the scan e-mails each breach (through the missing relay).
      await client.query(
        `INSERT INTO admin_users (email, password_hash, role) VALUES ('sla-admin@example.com', 'x', 'admin')`,
      );
      await waitFor(
        async () => {
          const { rows } = await client.query<{ n: string }>(
            `SELECT count(*) AS n FROM lead_desk d JOIN leads l ON l.id = d.lead_id
             WHERE l.phone = ANY($1) AND d.first_contact_due_at IS NOT NULL`,
            [phones.map((phone) => `+98${phone.slice(1)}`)],
          );
          return Number(rows[0]?.n) === phones.length;
        },
        { timeoutMs: 30_000, what: 'three leads with a due time' },
      );
      // The promise is 8 working hours: the clock is moved instead of waited out. Nobody is
      // on duty, so nobody calls them.
      await client.query(
        `UPDATE lead_desk d SET first_contact_due_at = now() - interval '1 second'
         FROM leads l WHERE l.id = d.lead_id AND l.phone = ANY($1)`,
        [phones.map((phone) => `+98${phone.slice(1)}`)],
      );
    } finally {
      await client.end();
    }
    await watch.until('LandingFirstContactSlaBreached', 'firing', 60_000);
    expect(watch.states('LandingFirstContactSlaBreached')).toContain('firing');
    await watch.until('LandingMailFailing', 'firing', 60_000);
    expect(watch.states('LandingMailFailing')).toContain('firing');
  }, 150_000);

  it('every query of every dashboard panel returns data', async () => {
    const queries = dashboardQueries();
    expect(queries.length).toBeGreaterThan(10);
    const empty: string[] = [];
    for (const { panel, expr } of queries)
      if ((await prometheus.query(expr)).length === 0)
        empty.push(`${panel}: ${expr}`);
    expect(empty).toEqual([]);
  });

  it('every shipped alert was seen firing here', () => {
    const rules = parse(readFileSync(RULES, 'utf8')) as {
      groups: { rules: { alert?: string }[] }[];
    };
    const alerts = rules.groups.flatMap((g) =>
      g.rules.flatMap((r) => (r.alert ? [r.alert] : [])),
    );
    expect(alerts.length).toBeGreaterThanOrEqual(9);
    expect(
      alerts.filter((alert) => !watch.states(alert).includes('firing')),
    ).toEqual([]);
  });
});
