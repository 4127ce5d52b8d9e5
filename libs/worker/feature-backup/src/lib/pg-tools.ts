import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { BackupError, BackupErrorCode } from './backup.error';

export interface PgTools {
  dir: string;
  /** Major version, such as 15 or 18. */
  major: number;
  version: string;
  pgDump: string;
  pgRestore: string;
}

/** `pg_dump (PostgreSQL) 15.14 (Debian 15.14-0+deb12u1)` → { major: 15, version: '15.14' }. */
export function parsePgVersion(
  text: string,
): { major: number; version: string } | undefined {
  const match = /\(PostgreSQL\)\s+(\d+)(\.\d+)?/.exec(text);
  if (!match) return undefined;
  return { major: Number(match[1]), version: `${match[1]}${match[2] ?? ''}` };
}

/** `server_version_num` (150014) → 15. */
export function serverMajor(versionNum: number): number {
  return Math.floor(versionNum / 10_000);
}

/**
 * Folders that may hold pg_dump and pg_restore, in order of preference: the configured one,
 * Debian's and RHEL's per-version folders, then whatever the PATH finds.
 */
export function candidateDirs(
  configured: string | undefined,
  path = process.env['PATH'] ?? '',
): string[] {
  const dirs: string[] = [];
  if (configured) dirs.push(configured);
  for (const root of ['/usr/lib/postgresql', '/usr/pgsql']) {
    if (!existsSync(root)) continue;
    for (const version of readdirSync(root))
      dirs.push(join(root, version, 'bin'));
  }
  for (const dir of readdirSync('/usr').filter((d) => d.startsWith('pgsql-')))
    dirs.push(join('/usr', dir, 'bin'));
  dirs.push(...path.split(delimiter).filter((dir) => dir !== ''));
  return [...new Set(dirs)];
}

function probe(dir: string): PgTools | undefined {
  const pgDump = join(dir, 'pg_dump');
  const pgRestore = join(dir, 'pg_restore');
  if (!existsSync(pgDump) || !existsSync(pgRestore)) return undefined;
  try {
    const parsed = parsePgVersion(
      execFileSync(pgDump, ['--version'], {
        encoding: 'utf8',
        timeout: 10_000,
      }),
    );
    return parsed ? { dir, pgDump, pgRestore, ...parsed } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * pg_dump must be at least as new as the server it dumps, and pg_restore at least as new as
 * the pg_dump that wrote the archive. A much newer client writes settings an old server does
 * not know (pg_restore 17+ sets transaction_timeout), so the oldest version that is new enough
 * is taken. Only the configured folder counts when BACKUP_PG_BIN_DIR is set.
 */
export function choosePgTools(
  found: readonly PgTools[],
  atLeast: number,
  purpose: string,
): PgTools {
  const fit = found
    .filter((tools) => tools.major >= atLeast)
    .sort((a, b) => a.major - b.major);
  const chosen = fit[0];
  if (!chosen) {
    const seen = found.length
      ? found.map((t) => `${t.version} in ${t.dir}`).join(', ')
      : 'none';
    throw new BackupError(
      BackupErrorCode.NoPgTool,
      `${purpose} needs pg_dump/pg_restore ${atLeast} or newer (found: ${seen}); install postgresql-client-${atLeast} or set BACKUP_PG_BIN_DIR`,
    );
  }
  return chosen;
}

export function findPgTools(
  configured: string | undefined,
  atLeast: number,
  purpose: string,
): PgTools {
  const dirs = configured ? [configured] : candidateDirs(undefined);
  const found = dirs.flatMap((dir) => probe(dir) ?? []);
  // The same version twice (a PATH wrapper and its real folder): keep the first.
  const unique = found.filter(
    (tools, i) => found.findIndex((t) => t.major === tools.major) === i,
  );
  return choosePgTools(unique, atLeast, purpose);
}
