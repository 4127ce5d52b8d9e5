import { type AppConfig } from '@landing/server/util-config';
import { AUDIT_COLLECTION } from '@landing/server/persistence-audit';
import { AUDIT_QUEUE } from '@landing/shared/contracts-audit';
import { LEAD_QUEUE } from '@landing/shared/contracts-lead';
import { Logger } from '@nestjs/common';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  childLocation,
  describeLocation,
  parseLocation,
  splitBackupLocation,
} from './backup-location';
import { backupName } from './backup-name';
import { MANIFEST_FILE, openStore } from './backup-store';
import { BackupError, BackupErrorCode } from './backup.error';
import {
  type BackupManifest,
  describeFile,
  MANIFEST_FORMAT,
  type PostgresPart,
  parseManifest,
  verifyFile,
} from './manifest';
import {
  compareCounts,
  dumpPostgres,
  postgresTables,
  restorePostgres,
} from './postgres-backup';
import {
  clearRedisPrefix,
  redisKeysUnder,
  restoreRedis,
  snapshotRedis,
} from './redis-snapshot';
import { expiredBackups } from './retention';
import { runTool } from './run-tool';

const QUEUES = [LEAD_QUEUE, AUDIT_QUEUE] as const;
const logger = new Logger('Backup');

function databases(
  config: AppConfig,
): { role: PostgresPart['role']; url: string }[] {
  const list: { role: PostgresPart['role']; url: string }[] = [
    { role: 'main', url: config.DATABASE_URL },
  ];
  if (
    !config.MONGODB_URI &&
    config.AUDIT_DATABASE_URL &&
    config.AUDIT_DATABASE_URL !== config.DATABASE_URL
  )
    list.push({ role: 'audit', url: config.AUDIT_DATABASE_URL });
  return list;
}

/**
 * `backup <destination>`: Redis first, then PostgreSQL. A job the worker writes between the
 * two is in both, which is harmless (writes are idempotent by submission id); the other order
 * could miss a lead written to PostgreSQL after its dump and removed from Redis before the
 * snapshot. Prints where the backup went, then applies retention at the destination.
 */
export async function backupCommand(
  config: AppConfig,
  args: readonly string[],
  now = new Date(),
): Promise<string> {
  const [target, ...rest] = args;
  if (!target || rest.length)
    throw new BackupError(
      BackupErrorCode.BadArguments,
      'usage: backup <folder | s3://bucket/prefix>',
    );
  const destination = parseLocation(target);
  const store = await openStore(destination, config);
  const name = backupName(now);
  const started = Date.now();
  const work = await mkdtemp(join(tmpdir(), 'landing-backup-'));
  try {
    const redisFile = 'redis-keys.jsonl.gz';
    const redis = await snapshotRedis(
      config.REDIS_URL,
      config.QUEUE_PREFIX,
      QUEUES,
      join(work, redisFile),
    );
    logger.log(`redis: ${redis.keys} keys under "${config.QUEUE_PREFIX}:"`);
    const postgres: PostgresPart[] = [];
    for (const { role, url } of databases(config)) {
      const file = `postgres-${role}.pgdump`;
      const info = await dumpPostgres(
        url,
        join(work, file),
        config.BACKUP_PG_BIN_DIR,
      );
      logger.log(
        `postgres (${role}): server ${info.serverVersion}, pg_dump ${info.pgDumpVersion}, ${Object.entries(
          info.counts,
        )
          .map(([table, n]) => `${table} ${n}`)
          .join(', ')}`,
      );
      postgres.push({ role, file, ...info });
    }
    let mongo: BackupManifest['mongo'] = null;
    if (config.MONGODB_URI) {
      const file = 'mongo-audit.archive.gz';
      await runTool('mongodump', [
        `--uri=${config.MONGODB_URI}`,
        `--collection=${AUDIT_COLLECTION}`,
        `--archive=${join(work, file)}`,
        '--gzip',
      ]);
      mongo = { file, collection: AUDIT_COLLECTION };
    }
    const names = [
      redisFile,
      ...postgres.map((p) => p.file),
      ...(mongo ? [mongo.file] : []),
    ];
    const files = [];
    for (const file of names)
      files.push(await describeFile(file, join(work, file)));
    const manifest: BackupManifest = {
      format: MANIFEST_FORMAT,
      name,
      createdAt: now.toISOString(),
      seconds: (Date.now() - started) / 1000,
      queuePrefix: config.QUEUE_PREFIX,
      postgres,
      redis: { file: redisFile, ...redis },
      mongo,
      files,
    };
    await writeFile(
      join(work, MANIFEST_FILE),
      `${JSON.stringify(manifest, null, 2)}\n`,
    );
    await store.write(name, [
      ...names.map((file) => ({ name: file, path: join(work, file) })),
      { name: MANIFEST_FILE, path: join(work, MANIFEST_FILE) },
    ]);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  const where = describeLocation(childLocation(destination, name));
  logger.log(
    `backup ${name} written to ${where} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );

  const expired = expiredBackups(await store.list(), {
    daily: config.BACKUP_KEEP_DAILY,
    weekly: config.BACKUP_KEEP_WEEKLY,
  });
  for (const old of expired) {
    await store.remove(old);
    logger.log(`retention: removed ${old}`);
  }
  return where;
}

/**
 * `restore <backup> [--force]`: checks every file against the manifest, refuses a target
 * that holds tables or keys under the queue prefix (unless --force, which replaces them),
 * restores PostgreSQL and Redis, then compares row counts with the manifest's.
 */
export async function restoreCommand(
  config: AppConfig,
  args: readonly string[],
): Promise<BackupManifest> {
  const force = args.includes('--force');
  const positional = args.filter((arg) => arg !== '--force');
  if (
    positional.length !== 1 ||
    args.some((a) => a.startsWith('--') && a !== '--force')
  )
    throw new BackupError(
      BackupErrorCode.BadArguments,
      'usage: restore <folder/landing-… | s3://bucket/prefix/landing-…> [--force]',
    );
  const { destination, name } = splitBackupLocation(
    parseLocation(positional[0] ?? ''),
  );
  const store = await openStore(destination, config);
  const work = await mkdtemp(join(tmpdir(), 'landing-restore-'));
  try {
    await store
      .read(name, MANIFEST_FILE, join(work, MANIFEST_FILE))
      .catch(async (error) => {
        if (
          error instanceof BackupError &&
          error.code === BackupErrorCode.NotFound
        ) {
          const found = await store.list().catch(() => []);
          throw new BackupError(
            BackupErrorCode.NotFound,
            `${describeLocation(childLocation(destination, name))} is not a backup (no ${MANIFEST_FILE})${
              found.length ? `; backups there: ${found.join(', ')}` : ''
            }`,
          );
        }
        throw error;
      });
    const manifest = parseManifest(
      await readFile(join(work, MANIFEST_FILE), 'utf8'),
      MANIFEST_FILE,
    );
    for (const file of manifest.files) {
      await store.read(name, file.name, join(work, file.name));
      await verifyFile(file, join(work, file.name));
    }
    if (manifest.queuePrefix !== config.QUEUE_PREFIX)
      throw new BackupError(
        BackupErrorCode.BadArguments,
        `the backup's queue prefix is "${manifest.queuePrefix}", QUEUE_PREFIX is "${config.QUEUE_PREFIX}": set QUEUE_PREFIX to restore it`,
      );

    const targets = databases(config);
    if (!force) {
      const busy: string[] = [];
      for (const part of manifest.postgres) {
        const url = targets.find((t) => t.role === part.role)?.url;
        if (!url) continue;
        const tables = await postgresTables(url);
        if (tables.length)
          busy.push(
            `the ${part.role} database has ${tables.length} tables (${tables.slice(0, 3).join(', ')}…)`,
          );
      }
      if (await redisKeysUnder(config.REDIS_URL, config.QUEUE_PREFIX))
        busy.push(`Redis has keys under "${config.QUEUE_PREFIX}:"`);
      if (busy.length)
        throw new BackupError(
          BackupErrorCode.TargetNotEmpty,
          `refusing to restore over data: ${busy.join('; ')}. Restore into an empty database and Redis, or pass --force to replace what is there`,
        );
    }

    for (const part of manifest.postgres) {
      const url = targets.find((t) => t.role === part.role)?.url;
      if (!url)
        throw new BackupError(
          BackupErrorCode.BadArguments,
          `the backup holds a separate ${part.role} database; set AUDIT_DATABASE_URL to restore it`,
        );
      const counts = await restorePostgres(
        url,
        join(work, part.file),
        part.pgDumpMajor,
        {
          pgBinDir: config.BACKUP_PG_BIN_DIR,
          clean: force,
        },
      );
      compareCounts(`postgres (${part.role})`, part.counts, counts);
      logger.log(
        `postgres (${part.role}): restored, row counts match the backup`,
      );
    }
    if (force) await clearRedisPrefix(config.REDIS_URL, config.QUEUE_PREFIX);
    const redis = await restoreRedis(
      config.REDIS_URL,
      config.QUEUE_PREFIX,
      QUEUES,
      join(work, manifest.redis.file),
    );
    logger.log(
      `redis: ${redis.keys} keys restored; jobs ${
        Object.entries(redis.jobs)
          .filter(([, n]) => n > 0)
          .map(([state, n]) => `${state} ${n}`)
          .join(', ') || 'none'
      }`,
    );
    if (manifest.mongo) {
      if (!config.MONGODB_URI)
        throw new BackupError(
          BackupErrorCode.BadArguments,
          'the backup holds a MongoDB audit collection; set MONGODB_URI to restore it',
        );
      await runTool('mongorestore', [
        `--uri=${config.MONGODB_URI}`,
        `--archive=${join(work, manifest.mongo.file)}`,
        '--gzip',
        ...(force ? ['--drop'] : []),
      ]);
      logger.log('mongo: audit collection restored');
    }
    return manifest;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
