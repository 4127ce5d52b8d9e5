import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { deleteKeysWithPrefix, freePort, sharedRedisUrl, uniqueQueuePrefix, waitFor } from '@landing/server/util-testing';

export const ROOT = join(__dirname, '../../../..');
const WEB_ROOT = join(ROOT, 'dist/apps/web/browser');

function serverUrl(): string {
  const url = process.env['DATABASE_URL'];
  if (!url) throw new Error('DATABASE_URL is not set: run the tests through `npm test` (it starts PostgreSQL)');
  return url;
}

function databaseUrl(name: string): string {
  const url = new URL(serverUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

async function asAdmin(sql: string): Promise<void> {
  const client = new Client({ connectionString: serverUrl() });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function requireBuilt(file: string): string {
  if (!existsSync(file)) throw new Error(`${file} is missing: build first (npx nx run-many -t build -p api worker web)`);
  return file;
}

/** A built app (`dist/apps/<name>/main.js`) as its own process, as in production. */
export class AppProcess {
  private child?: ChildProcess;
  private output: string[] = [];

  constructor(
    private readonly name: 'api' | 'worker',
    private readonly env: Record<string, string>,
    private readonly args: string[] = [],
  ) {}

  get logs(): string {
    return this.output.join('');
  }

  /** Starts the process; for the api, resolves once it answers HTTP. */
  async start(): Promise<void> {
    const main = requireBuilt(join(ROOT, 'dist/apps', this.name, 'main.js'));
    const child = spawn(process.execPath, [main, ...this.args], {
      env: { PATH: process.env['PATH'] ?? '', LOG_LEVEL: 'warn', NODE_ENV: 'test', ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    const keep = (chunk: Buffer) => {
      this.output.push(chunk.toString());
      if (this.output.length > 2000) this.output.splice(0, 1000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    if (this.name === 'api') {
      await waitFor(
        async () => {
          if (child.exitCode !== null) throw new Error(`api exited with ${child.exitCode}:\n${this.logs}`);
          return fetch(`http://127.0.0.1:${this.env['PORT']}/health/live`).then(
            () => true,
            () => false,
          );
        },
        { timeoutMs: 60_000, intervalMs: 200, what: 'the api to listen' },
      );
    }
  }

  /** Runs to the end (a one-off command such as `migrate`). */
  async run(): Promise<void> {
    await this.start();
    const child = this.child;
    if (!child) return;
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    if (code !== 0) throw new Error(`${this.name} ${this.args.join(' ')} exited with ${code}:\n${this.logs}`);
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(timer);
  }
}

/** The started product: api (serving the built web app), worker, its own database and queue prefix. */
export interface Product {
  baseUrl: string;
  api: AppProcess;
  query<R>(sql: string, params?: unknown[]): Promise<R[]>;
  stop(): Promise<void>;
}

export async function startProduct(): Promise<Product> {
  requireBuilt(join(WEB_ROOT, 'fa/index.html'));
  // A prefix of our own: the integration suite's teardown drops landing_t_* databases.
  const dbName = `landing_web_e2e_${randomBytes(4).toString('hex')}`;
  await asAdmin(`CREATE DATABASE "${dbName}"`);
  const prefix = uniqueQueuePrefix();
  const env = {
    DATABASE_URL: databaseUrl(dbName),
    REDIS_URL: sharedRedisUrl(),
    QUEUE_PREFIX: prefix,
  };
  await new AppProcess('worker', env, ['migrate']).run();
  const port = await freePort();
  const api = new AppProcess('api', {
    ...env,
    PORT: String(port),
    HOST: '127.0.0.1',
    WEB_ROOT,
    WEB_DEFAULT_LOCALE: 'fa',
    // Playwright fills a form faster than a person: the bot check (a form sent within 1.5 s
    // of the page opening) would take it for a bot. The abuse e2e suite tests that check.
    BOT_MIN_ELAPSED_MS: '0',
  });
  const worker = new AppProcess('worker', { ...env, WORKER_PORT: String(await freePort()) });
  await Promise.all([api.start(), worker.start()]);
  const db = new Client({ connectionString: env.DATABASE_URL });
  await db.connect();
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    api,
    async query<R>(sql: string, params: unknown[] = []) {
      return (await db.query(sql, params)).rows as R[];
    },
    async stop() {
      await Promise.all([api.stop(), worker.stop()]);
      await db.end();
      await deleteKeysWithPrefix(env.REDIS_URL, prefix);
      await asAdmin(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
    },
  };
}
