import { Client } from 'pg';
import { BackupError, BackupErrorCode } from './backup.error';
import { findPgTools, serverMajor } from './pg-tools';
import { runTool } from './run-tool';

export interface PostgresDumpInfo {
  serverVersion: string;
  pgDumpVersion: string;
  pgDumpMajor: number;
  /** Rows per table (`schema.table`), counted in the snapshot that was dumped. */
  counts: Record<string, number>;
}

/** A URL without its password, and the password apart, so it never shows in a process list. */
function connection(url: string): {
  dbname: string;
  env: Record<string, string>;
} {
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password);
  parsed.password = '';
  return {
    dbname: parsed.toString(),
    env: password ? { PGPASSWORD: password } : {},
  };
}

async function withClient<T>(
  url: string,
  run: (client: Client) => Promise<T>,
): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

async function userTables(client: Client): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    `SELECT format('%I.%I', schemaname, tablename) AS name FROM pg_tables
      WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1`,
  );
  return rows.map((row) => row.name);
}

async function countRows(client: Client): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of await userTables(client)) {
    const { rows } = await client.query<{ n: string }>(
      `SELECT count(*) AS n FROM ${table}`,
    );
    counts[table.replace(/"/g, '')] = Number(rows[0]?.n ?? 0);
  }
  return counts;
}

async function versionNum(
  client: Client,
): Promise<{ num: number; text: string }> {
  const { rows } = await client.query<{ num: string; text: string }>(
    `SELECT current_setting('server_version_num') AS num, current_setting('server_version') AS text`,
  );
  return { num: Number(rows[0]?.num), text: rows[0]?.text ?? '' };
}

/**
 * pg_dump in custom format of the snapshot that the row counts were taken in: a transaction
 * exports its snapshot, counts, and stays open while pg_dump reads the same snapshot.
 */
export async function dumpPostgres(
  url: string,
  file: string,
  pgBinDir: string | undefined,
): Promise<PostgresDumpInfo> {
  return withClient(url, async (client) => {
    const server = await versionNum(client);
    const tools = findPgTools(
      pgBinDir,
      serverMajor(server.num),
      `dumping PostgreSQL ${server.text}`,
    );
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    try {
      const { rows } = await client.query<{ id: string }>(
        'SELECT pg_export_snapshot() AS id',
      );
      const counts = await countRows(client);
      const { dbname, env } = connection(url);
      await runTool(
        tools.pgDump,
        [
          '--format=custom',
          `--snapshot=${rows[0]?.id ?? ''}`,
          `--file=${file}`,
          `--dbname=${dbname}`,
        ],
        env,
      );
      return {
        serverVersion: server.text,
        pgDumpVersion: tools.version,
        pgDumpMajor: tools.major,
        counts,
      };
    } finally {
      await client.query('ROLLBACK');
    }
  });
}

/** Tables outside PostgreSQL's own schemas; a database without any counts as empty. */
export async function postgresTables(url: string): Promise<string[]> {
  return withClient(url, userTables);
}

export async function restorePostgres(
  url: string,
  file: string,
  dumpedBy: number,
  options: { pgBinDir: string | undefined; clean: boolean },
): Promise<Record<string, number>> {
  const server = await withClient(url, versionNum);
  const tools = findPgTools(
    options.pgBinDir,
    Math.max(serverMajor(server.num), dumpedBy),
    `restoring a pg_dump ${dumpedBy} archive into PostgreSQL ${server.text}`,
  );
  const { dbname, env } = connection(url);
  await runTool(
    tools.pgRestore,
    [
      '--exit-on-error',
      '--single-transaction',
      '--no-owner',
      '--no-privileges',
      ...(options.clean ? ['--clean', '--if-exists'] : []),
      `--dbname=${dbname}`,
      file,
    ],
    env,
  );
  return withClient(url, countRows);
}

export function compareCounts(
  what: string,
  expected: Record<string, number>,
  actual: Record<string, number>,
): void {
  const wrong = Object.entries(expected).filter(
    ([table, n]) => actual[table] !== n,
  );
  if (wrong.length)
    throw new BackupError(
      BackupErrorCode.CountMismatch,
      `${what}: restored row counts differ from the backup's: ${wrong
        .map(
          ([table, n]) =>
            `${table} ${actual[table] ?? 'missing'} (backup: ${n})`,
        )
        .join(', ')}`,
    );
}
