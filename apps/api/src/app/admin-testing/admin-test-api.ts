import { randomUUID } from 'node:crypto';
import { upsertAdminUser } from '@landing/server/persistence-admin';
import { type AppConfig, loadConfig } from '@landing/server/util-config';
import {
  createTestDatabase,
  deleteKeysWithPrefix,
  sharedRedisUrl,
  type TestDatabase,
  uniqueQueuePrefix,
} from '@landing/server/util-testing';
import {
  ADMIN_CSRF_HEADER,
  ADMIN_SESSION_COOKIE,
  type AdminRole,
  type AdminSessionResponse,
} from '@landing/shared/contracts-admin';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApi } from '../create-api';

export interface Agent {
  cookie: string;
  csrf: string;
  session: AdminSessionResponse;
}

export interface AdminTestApi {
  app: NestFastifyApplication;
  db: TestDatabase;
  config: AppConfig;
  prefix: string;
  /** Every route the api registered (method and URL pattern). */
  routes: readonly { method: string; url: string }[];
  /** Creates a user and signs them in. */
  signIn(role: AdminRole, email?: string): Promise<Agent>;
  request(
    agent: Agent | undefined,
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    payload?: unknown,
    headers?: Record<string, string>,
  ): Promise<{
    statusCode: number;
    body: string;
    json: <T>() => T;
    headers: Record<string, unknown>;
  }>;
  close(): Promise<void>;
}

export const TEST_PASSWORD = 'correct horse battery staple';

/** The real api (createApi, as main.ts boots it) on a database and a queue prefix of its own, answering in-process. */
export async function startAdminTestApi(
  env: Record<string, string> = {},
): Promise<AdminTestApi> {
  const db = await createTestDatabase();
  const prefix = uniqueQueuePrefix();
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: db.url,
    REDIS_URL: sharedRedisUrl(),
    QUEUE_PREFIX: prefix,
    LOG_LEVEL: 'silent',
    BOT_MIN_ELAPSED_MS: '0',
    // prom-client's default metrics can be registered once per process; these tests start several apps.
    METRICS_ENABLED: 'false',
    ...env,
  });
  const app = await createApi(config, { abortOnError: false });
  const routes: { method: string; url: string }[] = [];
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRoute', (route) => {
      for (const method of [route.method].flat())
        routes.push({ method, url: route.url });
    });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();

  const request: AdminTestApi['request'] = async (
    agent,
    method,
    url,
    payload,
    headers = {},
  ) => {
    const response = await app.inject({
      method,
      url,
      headers: {
        ...(agent
          ? {
              cookie: `${ADMIN_SESSION_COOKIE}=${agent.cookie}`,
              [ADMIN_CSRF_HEADER]: agent.csrf,
            }
          : {}),
        ...(payload === undefined
          ? {}
          : { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(payload === undefined ? {} : { payload: JSON.stringify(payload) }),
    });
    return {
      statusCode: response.statusCode,
      body: response.body,
      json: <T>() => response.json<T>(),
      headers: response.headers,
    };
  };

  return {
    app,
    db,
    config,
    prefix,
    routes,
    request,
    async signIn(
      role,
      email = `${role}-${randomUUID().slice(0, 8)}@example.com`,
    ) {
      await upsertAdminUser(db.url, { email, role, password: TEST_PASSWORD });
      const response = await app.inject({
        method: 'POST',
        url: '/api/admin/auth/login',
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({ email, password: TEST_PASSWORD }),
      });
      if (response.statusCode !== 200)
        throw new Error(
          `sign-in failed: ${response.statusCode} ${response.body}`,
        );
      const cookie = response.cookies.find(
        (c: { name: string }) => c.name === ADMIN_SESSION_COOKIE,
      );
      if (!cookie) throw new Error('no session cookie');
      const session = response.json<AdminSessionResponse>();
      return { cookie: cookie.value, csrf: session.csrfToken, session };
    },
    async close() {
      await app.close();
      await db.drop();
      await deleteKeysWithPrefix(sharedRedisUrl(), prefix);
    },
  };
}

export interface SeedLead {
  phone: string;
  name?: string | null;
  email?: string | null;
  status?: string;
  createdAt?: string;
  utmSource?: string | null;
  utmCampaign?: string | null;
}

/** Writes leads (with one submission each) as the worker would. Returns their ids in order. */
export async function seedLeads(
  db: TestDatabase,
  leads: readonly SeedLead[],
): Promise<string[]> {
  const ids: string[] = [];
  for (const lead of leads) {
    const at = lead.createdAt ?? new Date().toISOString();
    const [row] = await db.query<{ id: string }>(
      `INSERT INTO leads (phone, name, email, status, created_at, updated_at, last_submitted_at) VALUES ($1, $2, $3, $4, $5, $5, $5) RETURNING id`,
      [
        lead.phone,
        lead.name ?? null,
        lead.email ?? null,
        lead.status ?? 'new',
        at,
      ],
    );
    if (!row) throw new Error('insert failed');
    await db.query(
      `INSERT INTO lead_submissions (submission_id, lead_id, phone, name, email, consent, utm_source, utm_campaign, request_id, received_at)
       VALUES ($1, $2, $3, $4, $5, true, $6, $7, 'seed', $8)`,
      [
        randomUUID(),
        row.id,
        lead.phone,
        lead.name ?? null,
        lead.email ?? null,
        lead.utmSource ?? null,
        lead.utmCampaign ?? null,
        at,
      ],
    );
    ids.push(row.id);
  }
  return ids;
}
