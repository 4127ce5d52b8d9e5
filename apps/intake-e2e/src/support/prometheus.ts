import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitFor } from '@landing/server/util-testing';
import { parse, stringify } from 'yaml';

export interface PromTarget {
  job: string;
  url: string;
}

export interface Alert {
  labels: Record<string, string>;
  state: 'pending' | 'firing';
  value: string;
}

interface RuleFile {
  groups: {
    name: string;
    rules: { alert?: string; expr?: string; for?: string }[];
  }[];
}

/** Per alert, text of its expression to replace (each must occur), such as a window or a threshold. */
export type ExprEdits = Record<string, Record<string, string>>;

function applyEdits(rules: RuleFile, edits: ExprEdits): void {
  const unused = new Set(Object.keys(edits));
  for (const rule of rules.groups.flatMap((group) => group.rules)) {
    const edit = rule.alert ? edits[rule.alert] : undefined;
    if (!rule.alert || !edit) continue;
    unused.delete(rule.alert);
    for (const [from, to] of Object.entries(edit)) {
      if (!rule.expr?.includes(from))
        throw new Error(`${rule.alert}'s expression has no "${from}"`);
      rule.expr = rule.expr.split(from).join(to);
    }
  }
  if (unused.size) throw new Error(`no alert ${[...unused].join(', ')}`);
}

/**
 * A real Prometheus (Debian's `prometheus` binary) on a port of its own, scraping the given
 * targets every second with a bearer token, as the chart's ServiceMonitor does, and evaluating
 * a copy of a rule file every second with each `for:` replaced by `forSeconds` and the
 * expressions edited by `exprEdits`.
 */
export class Prometheus {
  private constructor(
    private readonly child: ChildProcess,
    private readonly dir: string,
    readonly url: string,
    private readonly output: string[],
  ) {}

  static async start(options: {
    targets: PromTarget[];
    token: string;
    rulesFile: string;
    forSeconds: number;
    exprEdits?: ExprEdits;
  }): Promise<Prometheus> {
    const rules = parse(readFileSync(options.rulesFile, 'utf8')) as RuleFile;
    for (const group of rules.groups)
      for (const rule of group.rules)
        if (rule.for) rule.for = `${options.forSeconds}s`;
    applyEdits(rules, options.exprEdits ?? {});
    const dir = mkdtempSync(join(tmpdir(), 'landing-prometheus-'));
    writeFileSync(join(dir, 'rules.yaml'), stringify(rules));
    writeFileSync(
      join(dir, 'prometheus.yml'),
      stringify({
        global: { scrape_interval: '1s', evaluation_interval: '1s' },
        rule_files: [join(dir, 'rules.yaml')],
        scrape_configs: options.targets.map((target) => ({
          job_name: target.job,
          metrics_path: '/metrics',
          authorization: { type: 'Bearer', credentials: options.token },
          static_configs: [{ targets: [new URL(target.url).host] }],
        })),
      }),
    );
    const port = await freePort();
    const output: string[] = [];
    const child = spawn(
      'prometheus',
      [
        `--config.file=${join(dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--log.level=warn',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const keep = (chunk: Buffer) => {
      output.push(chunk.toString());
      if (output.length > 500) output.splice(0, 250);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    const prometheus = new Prometheus(
      child,
      dir,
      `http://127.0.0.1:${port}`,
      output,
    );
    await waitFor(
      async () => {
        if (child.exitCode !== null)
          throw new Error(
            `prometheus exited with ${child.exitCode}:\n${output.join('')}`,
          );
        return fetch(`${prometheus.url}/-/ready`).then(
          (r) => r.ok,
          () => false,
        );
      },
      { timeoutMs: 30_000, intervalMs: 200, what: 'Prometheus to be ready' },
    );
    return prometheus;
  }

  get logs(): string {
    return this.output.join('');
  }

  private async api<T>(path: string): Promise<T> {
    const response = await fetch(`${this.url}/api/v1/${path}`, {
      signal: AbortSignal.timeout(10_000),
    });
    const body = (await response.json()) as {
      status: string;
      data: T;
      error?: string;
    };
    if (body.status !== 'success')
      throw new Error(`Prometheus ${path}: ${body.error ?? response.status}`);
    return body.data;
  }

  async alerts(): Promise<Alert[]> {
    return (await this.api<{ alerts: Alert[] }>('alerts')).alerts;
  }

  async query(expr: string): Promise<{ metric: Record<string, string> }[]> {
    const data = await this.api<{
      resultType: string;
      result: { metric: Record<string, string> }[];
    }>(`query?query=${encodeURIComponent(expr)}`);
    return data.result;
  }

  async targetHealth(): Promise<Record<string, string>> {
    const data = await this.api<{
      activeTargets: { labels: { job: string }; health: string }[];
    }>('targets');
    return Object.fromEntries(
      data.activeTargets.map((t) => [t.labels.job, t.health]),
    );
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const exited = new Promise((resolve) => this.child.once('exit', resolve));
      this.child.kill('SIGTERM');
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * Watches Prometheus's alerts from the outside: every state each alert was seen in, in order,
 * with `inactive` when a seen alert is no longer listed (resolved).
 */
export class AlertWatch {
  private readonly history = new Map<string, string[]>();
  private timer?: NodeJS.Timeout;
  private polling?: Promise<void>;

  constructor(private readonly prometheus: Prometheus) {}

  start(intervalMs = 250): void {
    const tick = async () => {
      const alerts = await this.prometheus.alerts().catch(() => undefined);
      if (alerts) {
        const now = new Map<string, string>();
        for (const alert of alerts) {
          const name = alert.labels['alertname'] ?? '';
          // firing wins over pending when one alert has several label sets
          if (now.get(name) !== 'firing') now.set(name, alert.state);
        }
        for (const name of new Set([...this.history.keys(), ...now.keys()])) {
          const states = this.history.get(name) ?? [];
          const state = now.get(name) ?? 'inactive';
          if (states.at(-1) !== state) states.push(state);
          this.history.set(name, states);
        }
      }
      this.timer = setTimeout(() => {
        this.polling = tick();
      }, intervalMs);
    };
    this.polling = tick();
  }

  states(alert: string): string[] {
    return this.history.get(alert) ?? [];
  }

  async until(
    alert: string,
    state: 'pending' | 'firing' | 'inactive',
    timeoutMs = 60_000,
  ): Promise<void> {
    await waitFor(() => this.states(alert).at(-1) === state, {
      timeoutMs,
      intervalMs: 100,
      what: `${alert} to be ${state} (seen: ${this.states(alert).join(' → ') || 'nothing'})`,
    });
  }

  async stop(): Promise<void> {
    clearTimeout(this.timer);
    await this.polling;
    clearTimeout(this.timer);
  }
}
