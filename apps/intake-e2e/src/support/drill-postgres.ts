import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';

/**
 * A PostgreSQL server the machine's pg_dump can dump (pg_dump must be at least the server's
 * version). The integration tests' embedded server is PostgreSQL 18, Debian's client tools
 * here are 15: then the drill uses BACKUP_DRILL_DATABASE_URL, by default the PostgreSQL 15
 * that runs on these machines (and CI's) on 127.0.0.1:5432. It makes a database of its own.
 */
export async function drillPostgresServer(): Promise<string> {
  const candidates = [
    process.env['BACKUP_DRILL_DATABASE_URL'],
    process.env['DATABASE_URL'],
    'postgres://postgres@127.0.0.1:5432/postgres',
  ].filter((url): url is string => Boolean(url));
  const newest = newestPgDump();
  const seen: string[] = [];
  for (const url of candidates) {
    const major = await serverMajor(url).catch((error: Error) => {
      seen.push(`${new URL(url).host}: ${error.message}`);
      return undefined;
    });
    if (major === undefined) continue;
    if (major <= newest) return url;
    seen.push(
      `${new URL(url).host}: PostgreSQL ${major}, newer than pg_dump ${newest}`,
    );
  }
  throw new Error(
    `no PostgreSQL server that pg_dump ${newest} can dump (${seen.join('; ')}); set BACKUP_DRILL_DATABASE_URL`,
  );
}

async function serverMajor(url: string): Promise<number> {
  const client = new Client({
    connectionString: url,
    connectionTimeoutMillis: 3000,
  });
  await client.connect();
  try {
    const { rows } = await client.query<{ v: string }>(
      `SELECT current_setting('server_version_num') AS v`,
    );
    return Math.floor(Number(rows[0]?.v) / 10_000);
  } finally {
    await client.end();
  }
}

function newestPgDump(): number {
  const dirs = existsSync('/usr/lib/postgresql')
    ? readdirSync('/usr/lib/postgresql').map((v) =>
        join('/usr/lib/postgresql', v, 'bin'),
      )
    : [];
  const majors = [...dirs.map((d) => join(d, 'pg_dump')), 'pg_dump'].flatMap(
    (bin) => {
      try {
        const match = /\(PostgreSQL\)\s+(\d+)/.exec(
          execFileSync(bin, ['--version'], { encoding: 'utf8' }),
        );
        return match ? [Number(match[1])] : [];
      } catch {
        return [];
      }
    },
  );
  if (!majors.length)
    throw new Error('pg_dump is missing: apt-get install postgresql-client');
  return Math.max(...majors);
}
