import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

const TEMPLATE_ENV = 'LANDING_TEST_TEMPLATE_DB';

function serverUrl(): string {
  const url = process.env['DATABASE_URL'];
  if (!url)
    throw new Error(
      'DATABASE_URL is not set: run the tests through `npm test` (it starts PostgreSQL)',
    );
  return url;
}

export function databaseUrl(name: string, base = serverUrl()): string {
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

async function withAdmin<T>(run: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: serverUrl() });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/** Global setup: one migrated database that every test database is cloned from. */
export async function createTemplateDatabase(
  migrate: (url: string) => Promise<unknown>,
): Promise<string> {
  const name = `landing_tpl_${process.pid}_${randomBytes(3).toString('hex')}`;
  await withAdmin((client) => client.query(`CREATE DATABASE "${name}"`));
  await migrate(databaseUrl(name));
  process.env[TEMPLATE_ENV] = name;
  return name;
}

/** The run a test database belongs to: the pid of the jest process that made its template. */
function ownerPid(datname: string): number | null {
  const match = /^landing_(?:tpl|t)_(\d+)_[0-9a-f]+(?:_[0-9a-f]+)?$/.exec(
    datname,
  );
  return match ? Number(match[1]) : null;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Global teardown: drops this run's template and test databases, and those of runs whose jest
 * process is gone (a crash). Another run going on at the same time on the same server keeps
 * its databases.
 */
export async function dropTestDatabases(): Promise<void> {
  await withAdmin(async (client) => {
    const { rows } = await client.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE 'landing\\_tpl\\_%' OR datname LIKE 'landing\\_t\\_%'`,
    );
    for (const { datname } of rows) {
      const pid = ownerPid(datname);
      if (pid === null || (pid !== process.pid && alive(pid))) continue;
      await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
  });
}

export interface TestDatabase {
  url: string;
  /** Runs SQL against the test database (assertions only; the code under test has its own pool). */
  query<R extends Record<string, unknown>>(
    sql: string,
    params?: unknown[],
  ): Promise<R[]>;
  drop(): Promise<void>;
}

/** A fresh, migrated database of its own for one test file. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const template = process.env[TEMPLATE_ENV];
  if (!template)
    throw new Error(
      `${TEMPLATE_ENV} is not set: the integration jest config's global setup makes it`,
    );
  // Named after the run (its template's pid and tag), so only that run's teardown drops it.
  const run = template.slice('landing_tpl_'.length);
  const name = `landing_t_${run}_${randomBytes(4).toString('hex')}`;
  await withAdmin((client) =>
    client.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`),
  );
  const url = databaseUrl(name);
  const client = new Client({ connectionString: url });
  await client.connect();
  return {
    url,
    async query<R extends Record<string, unknown>>(
      sql: string,
      params: unknown[] = [],
    ) {
      return (await client.query<R>(sql, params)).rows;
    },
    async drop() {
      await client.end();
      await withAdmin((admin) =>
        admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
      );
    },
  };
}
