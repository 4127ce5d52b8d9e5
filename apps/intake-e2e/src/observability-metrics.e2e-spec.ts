import { randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  createTestDatabase,
  deleteKeysWithPrefix,
  sharedRedisUrl,
  startTcpProxy,
  type TcpProxy,
  type TestDatabase,
  uniqueQueuePrefix,
  waitFor,
} from '@landing/server/util-testing';
import { parse } from 'yaml';
import { apiEnv, AppProcess, workerEnv } from './support/app-process';
import { post, postJson } from './support/http';
import { metricNamesIn, type Scrape, scrape, total } from './support/metrics';

const ROOT = join(__dirname, '../../..');

interface RuleFile {
  groups: {
    name: string;
    rules: {
      alert?: string;
      record?: string;
      expr: string;
      for?: string;
      labels?: Record<string, string>;
      annotations?: Record<string, string>;
    }[];
  }[];
}

/** A fresh Iranian mobile number per run, so per-phone rate limits of earlier runs never apply. */
const mobile = () => `0912${String(randomInt(0, 10_000_000)).padStart(7, '0')}`;

describe('metrics: counts that match what happened, and alert rules that name real metrics', () => {
  let db: TestDatabase;
  let redis: TcpProxy;
  let api: AppProcess;
  let worker: AppProcess;
  let apiUrl: string;
  let workerUrl: string;
  const prefix = uniqueQueuePrefix();
  const phones = Array.from({ length: 8 }, mobile);

  const ready = async (url: string) =>
    (await fetch(`${url}/health/ready`)).status === 200;

  beforeAll(async () => {
    db = await createTestDatabase();
    // The api reaches Redis through a proxy the test can cut; the worker keeps going meanwhile.
    redis = await startTcpProxy(sharedRedisUrl());
    const env = {
      DATABASE_URL: db.url,
      QUEUE_PREFIX: prefix,
      RATE_LIMIT_PHONE_PER_HOUR: '3',
      QUEUE_SAMPLE_INTERVAL_MS: '500',
    };
    const apiVars = await apiEnv({
      ...env,
      REDIS_URL: redis.url,
      LOG_LEVEL: 'info',
    });
    const workerVars = await workerEnv({
      ...env,
      REDIS_URL: sharedRedisUrl(),
      LOG_LEVEL: 'debug',
    });
    apiUrl = `http://127.0.0.1:${apiVars['PORT']}`;
    workerUrl = `http://127.0.0.1:${workerVars['WORKER_PORT']}`;
    [api, worker] = await Promise.all([
      AppProcess.start('api', apiVars),
      AppProcess.start('worker', workerVars),
    ]);
    await waitFor(() => ready(workerUrl).catch(() => false), {
      timeoutMs: 20_000,
      what: 'the worker to be ready',
    });
  });

  afterAll(async () => {
    await Promise.all([api?.stop(), worker?.stop()]);
    await redis?.close();
    await deleteKeysWithPrefix(sharedRedisUrl(), prefix);
    await db?.drop();
  });

  it('counts a known mix of submissions per outcome, times every request, and the worker counts the rows it wrote', async () => {
    const [a1, a2, a3, a4, a5, b1, b2, c1] = phones as [
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    const statuses: number[] = [];
    const leads = async (body: unknown) =>
      statuses.push((await postJson(apiUrl, '/api/leads', body)).status);
    const legacy = async (body: unknown) =>
      statuses.push((await postJson(apiUrl, '/api/submit', body)).status);

    for (const phone of [a1, a2, a3, a4, a5]) await leads({ phone }); // 5 accepted
    for (const phone of [a1, a2]) await leads({ phone }); // 2 duplicates
    for (const phone of [b1, b2, b1]) await legacy({ phone }); // 2 accepted, 1 duplicate (legacy protocol, always 200)
    await leads({ phone: '12' }); // invalid: not a phone number
    await leads({ phone: '0912' }); // invalid: too short
    statuses.push(
      (
        await post(apiUrl, '/api/leads', '{"phone":', {
          'content-type': 'application/json',
        })
      ).status,
    ); // invalid: malformed JSON
    statuses.push(
      (
        await post(apiUrl, '/api/leads', 'phone=1', {
          'content-type': 'text/plain',
        })
      ).status,
    ); // invalid: media type
    for (let i = 0; i < 5; i++) await leads({ phone: c1 }); // 1 accepted, 2 duplicates, then 2 rate limited (3 per hour)

    await redis.close();
    const traced = `obs-trace-${prefix}`;
    statuses.push(
      (
        await postJson(
          apiUrl,
          '/api/leads',
          { phone: mobile() },
          { 'x-request-id': traced },
        )
      ).status,
    ); // unavailable
    statuses.push(
      (await postJson(apiUrl, '/api/leads', { phone: mobile() })).status,
    ); // unavailable
    await redis.open();
    await waitFor(() => ready(apiUrl).catch(() => false), {
      timeoutMs: 20_000,
      what: 'the api to reconnect to Redis',
    });

    expect(statuses).toEqual([
      202, 202, 202, 202, 202, 200, 200, 200, 200, 200, 400, 400, 400, 415, 202,
      200, 200, 429, 429, 503, 503,
    ]);

    const metrics = await scrape(`${apiUrl}/metrics`);
    const outcome = (name: string) =>
      total(metrics, 'landing_intake_submissions_total', { outcome: name });
    expect({
      accepted: outcome('accepted'),
      duplicate: outcome('duplicate'),
      invalid: outcome('invalid'),
      rate_limited: outcome('rate_limited'),
      unavailable: outcome('unavailable'),
    }).toEqual({
      accepted: 8,
      duplicate: 5,
      invalid: 4,
      rate_limited: 2,
      unavailable: 2,
    });

    const requests = (match: Record<string, string>) =>
      total(metrics, 'landing_http_request_duration_seconds_count', match);
    expect(
      requests({ route: '/api/leads', method: 'POST', status_class: '2xx' }),
    ).toBe(10);
    expect(
      requests({ route: '/api/leads', method: 'POST', status_class: '4xx' }),
    ).toBe(6);
    expect(
      requests({ route: '/api/leads', method: 'POST', status_class: '5xx' }),
    ).toBe(2);
    expect(
      requests({ route: '/api/submit', method: 'POST', status_class: '2xx' }),
    ).toBe(3);
    const slowest = total(
      metrics,
      'landing_http_request_duration_seconds_bucket',
      { route: '/api/leads', status_class: '2xx', le: '+Inf' },
    );
    expect(slowest).toBe(10);
    expect(
      total(metrics, 'landing_http_request_duration_seconds_sum', {
        route: '/api/leads',
        status_class: '2xx',
      }),
    ).toBeGreaterThan(0);
    // Labels hold templates and classes only: no phone number, no raw URL.
    expect(
      metrics.samples
        .flatMap((s) => Object.values(s.labels))
        .some((value) => /\d{7}/.test(value)),
    ).toBe(false);

    // Every accepted submission is written once, and the worker's counters say so.
    const rows = async () =>
      (
        await db.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM lead_submissions',
        )
      )[0]?.n ?? 0;
    await waitFor(async () => (await rows()) === 8, {
      timeoutMs: 10_000,
      what: '8 stored submissions',
    });
    const workerMetrics = await scrape(`${workerUrl}/metrics`);
    expect(total(workerMetrics, 'landing_worker_leads_persisted_total')).toBe(
      await rows(),
    );
    expect(
      total(workerMetrics, 'landing_worker_jobs_total', {
        queue: 'leads',
        result: 'completed',
      }),
    ).toBe(8);
    expect(
      total(workerMetrics, 'landing_worker_jobs_total', {
        queue: 'leads',
        result: 'failed',
      }),
    ).toBe(0);
    expect(
      total(workerMetrics, 'landing_worker_job_duration_seconds_count', {
        queue: 'leads',
      }),
    ).toBe(8);

    // The request id of a request is on the api's lines for it, and on the worker's lines for its job.
    const lines = (logs: string) =>
      logs
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines(api.logs)).toContainEqual(
      expect.objectContaining({
        requestId: traced,
        level: 'warn',
        context: 'LeadQueueProducer',
      }),
    );
    const acceptedRequestId = `obs-accepted-${prefix}`;
    expect(
      (
        await postJson(
          apiUrl,
          '/api/leads',
          { phone: mobile() },
          { 'x-request-id': acceptedRequestId },
        )
      ).status,
    ).toBe(202);
    await waitFor(
      () =>
        lines(worker.logs).some(
          (line) =>
            line['requestId'] === acceptedRequestId &&
            String(line['msg']).endsWith('stored'),
        ),
      {
        timeoutMs: 20_000,
        what: `a worker log line carrying the request id; worker logs end with:\n${worker.logs.slice(-3000)}`,
      },
    );
    // Phone numbers never reach the logs unmasked.
    for (const phone of phones)
      expect(api.logs + worker.logs).not.toContain(phone.slice(1));
  });

  it('samples queue depth and worker presence without being asked', async () => {
    await waitFor(
      async () =>
        total(await scrape(`${apiUrl}/metrics`), 'landing_queue_workers', {
          queue: 'leads',
        }) >= 1,
      {
        what: 'the api to see the worker consuming',
      },
    );
    const metrics = await scrape(`${workerUrl}/metrics`);
    for (const state of ['waiting', 'active', 'delayed', 'failed']) {
      expect(metrics.samples).toContainEqual({
        name: 'landing_queue_jobs',
        labels: { queue: 'leads', state },
        value: expect.any(Number),
      });
    }
    expect(
      total(metrics, 'landing_queue_oldest_waiting_age_seconds', {
        queue: 'leads',
      }),
    ).toBeLessThan(60);
    expect(metrics.names).toContain('process_resident_memory_bytes');
  });

  it('has alert rules for every case operators asked for, and each expression names only metrics the services export', async () => {
    const file = parse(
      readFileSync(
        join(ROOT, 'helm/landing/files/prometheus-rules.yaml'),
        'utf8',
      ),
    ) as RuleFile;
    const rules = file.groups.flatMap((group) => group.rules);
    for (const rule of rules) {
      expect(rule).toEqual(
        expect.objectContaining({
          alert: expect.any(String),
          expr: expect.any(String),
          labels: { severity: expect.stringMatching(/^(critical|warning)$/) },
        }),
      );
      expect(rule.annotations?.['summary']).toEqual(expect.any(String));
    }
    const exprOf = (alert: string) =>
      rules.find((rule) => rule.alert === alert)?.expr ?? '';
    expect(exprOf('LandingIntakeAvailabilityLow')).toMatch(
      /status_class="5xx"[\s\S]*> 0\.001/,
    );
    expect(exprOf('LandingIntakeLatencyHigh')).toMatch(
      /histogram_quantile\(0\.95,[\s\S]*> 0\.5/,
    );
    expect(exprOf('LandingQueueBacklogHigh')).toMatch(/> 1000/);
    expect(exprOf('LandingWorkerLagHigh')).toMatch(/> 60/);
    expect(exprOf('LandingNoWorkerConsuming')).toMatch(/< 1/);
    expect(exprOf('LandingFailedJobsIncreasing')).toMatch(/failed/);
    expect(exprOf('LandingAuditEventsDeadLettered')).toMatch(
      /landing_worker_audit_events_dead_lettered_total[\s\S]*> 0/,
    );

    const exported: Scrape['names'] = new Set([
      ...(await scrape(`${apiUrl}/metrics`)).names,
      ...(await scrape(`${workerUrl}/metrics`)).names,
    ]);
    const dashboard = JSON.parse(
      readFileSync(
        join(ROOT, 'helm/landing/files/grafana-dashboard.json'),
        'utf8',
      ),
    ) as {
      panels: { title: string; targets?: { expr: string }[] }[];
    };
    const expressions = [
      ...rules.map((rule) => ({
        where: `alert ${rule.alert}`,
        expr: rule.expr,
      })),
      ...dashboard.panels.flatMap((panel) =>
        (panel.targets ?? []).map((target) => ({
          where: `panel "${panel.title}"`,
          expr: target.expr,
        })),
      ),
    ];
    const unknown = expressions.flatMap(({ where, expr }) =>
      metricNamesIn(expr)
        .filter((name) => !exported.has(name))
        .map((name) => `${where}: ${name}`),
    );
    expect(unknown).toEqual([]);
    // The check has teeth: every expression names at least one metric.
    for (const { where, expr } of expressions)
      expect({ where, names: metricNamesIn(expr).length > 0 }).toEqual({
        where,
        names: true,
      });
  });
});
