import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Client } from 'pg';
import {
  AppProcess,
  deleteKeysWithPrefix,
  freePort,
  REPO_ROOT,
  requireBuilt,
  sharedRedisUrl,
  uniqueQueuePrefix,
} from '@landing/server/util-testing';

const WEB_ROOT = join(REPO_ROOT, 'dist/apps/web/browser');
const WEB_ADMIN_ROOT = join(REPO_ROOT, 'dist/apps/admin/browser');

function serverUrl(): string {
  const url = process.env['DATABASE_URL'];
  if (!url)
    throw new Error(
      'DATABASE_URL is not set: run the tests through `npm test` (it starts PostgreSQL)',
    );
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

/** The started product: api (serving the built web app), worker, its own database and queue prefix. */
export interface Product {
  baseUrl: string;
  api: AppProcess;
  query<R>(sql: string, params?: unknown[]): Promise<R[]>;
  stop(): Promise<void>;
}

export interface ProductOptions {
  /** A Redis of the test's own (one it can stop); the shared one by default. */
  redisUrl?: string;
  /** More settings for the api and the worker (e.g. `DESK_ASSIGNMENT_POLICY`). */
  env?: Record<string, string>;
}

export async function startProduct(
  options: ProductOptions = {},
): Promise<Product> {
  requireBuilt(join(WEB_ROOT, 'fa/index.html'));
  requireBuilt(join(WEB_ADMIN_ROOT, 'fa/index.html'));
  // A prefix of our own: the integration suite's teardown drops landing_t_* databases.
  const dbName = `landing_web_e2e_${randomBytes(4).toString('hex')}`;
  await asAdmin(`CREATE DATABASE "${dbName}"`);
  const prefix = uniqueQueuePrefix();
  const env = {
    DATABASE_URL: databaseUrl(dbName),
    REDIS_URL: options.redisUrl ?? sharedRedisUrl(),
    QUEUE_PREFIX: prefix,
    ...options.env,
  };
  await new AppProcess('worker', env, ['migrate']).run();
  const port = await freePort();
  const api = new AppProcess('api', {
    ...env,
    PORT: String(port),
    HOST: '127.0.0.1',
    WEB_ROOT,
    WEB_ADMIN_ROOT,
    WEB_DEFAULT_LOCALE: 'fa',
    // Playwright fills a form faster than a person: the bot check (a form sent within 1.5 s
    // of the page opening) would take it for a bot. The abuse e2e suite tests that check.
    BOT_MIN_ELAPSED_MS: '0',
    // The default (500 ms) is for production; a loaded test machine can miss it without
    // Redis being at fault, and a hung Redis still ends in 503 after this.
    ENQUEUE_TIMEOUT_MS: '3000',
  });
  const worker = new AppProcess('worker', {
    ...env,
    WORKER_PORT: String(await freePort()),
  });
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
