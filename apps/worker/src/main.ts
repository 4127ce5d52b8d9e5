import {
  auditDatabaseUrl,
  runAuditMigrations,
} from '@landing/server/persistence-audit';
import { runLeadMigrations } from '@landing/server/persistence-lead';
import { runWebhookMigrations } from '@landing/server/persistence-webhooks';
import { runDeskMigrations } from '@landing/server/persistence-desk';
import {
  adminCreateCommand,
  runAdminMigrations,
} from '@landing/server/persistence-admin';
import {
  type AppConfig,
  ConfigValidationError,
  loadConfig,
} from '@landing/server/util-config';
import { createAppLogger } from '@landing/server/util-logging';
import {
  BackupError,
  backupCommand,
  restoreCommand,
} from '@landing/worker/feature-backup';
import { retryFailedLeadJobs } from '@landing/worker/feature-intake';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { WorkerModule } from './app/worker.module';

const logger = new Logger('Worker');

async function run(config: AppConfig): Promise<void> {
  const app = await NestFactory.createApplicationContext(
    WorkerModule.forRoot(config),
    {
      logger: createAppLogger(config, 'worker'),
    },
  );
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  await app.init();
}

const commands: Record<string, (config: AppConfig) => Promise<void>> = {
  run,
  async migrate(config) {
    const applied = await runLeadMigrations(config.DATABASE_URL);
    logger.log(
      applied.length
        ? `applied migrations: ${applied.join(', ')}`
        : 'database schema is up to date',
    );
    const admin = await runAdminMigrations(config.DATABASE_URL);
    logger.log(
      admin.length
        ? `applied admin migrations: ${admin.join(', ')}`
        : 'admin schema is up to date',
    );
    const webhooks = await runWebhookMigrations(config.DATABASE_URL);
    logger.log(
      webhooks.length
        ? `applied webhook migrations: ${webhooks.join(', ')}`
        : 'webhook schema is up to date',
    );
    const desk = await runDeskMigrations(config.DATABASE_URL);
    logger.log(
      desk.length
        ? `applied desk migrations: ${desk.join(', ')}`
        : 'desk schema is up to date',
    );
    // With MongoDB the audit trail needs no tables; its indexes are created by the worker.
    if (!config.MONGODB_URI) {
      const audit = await runAuditMigrations(auditDatabaseUrl(config));
      logger.log(
        audit.length
          ? `applied audit migrations: ${audit.join(', ')}`
          : 'audit schema is up to date',
      );
    }
  },
  'admin-create': (config) =>
    adminCreateCommand(config.DATABASE_URL, process.argv.slice(3)),
  async 'retry-failed'(config) {
    const count = await retryFailedLeadJobs(
      config.REDIS_URL,
      config.QUEUE_PREFIX,
    );
    logger.log(`moved ${count} failed lead jobs back to waiting`);
  },
  async backup(config) {
    // The last line on stdout says where the backup went, for scripts to pick up.
    process.stdout.write(
      `${await backupCommand(config, process.argv.slice(3))}\n`,
    );
  },
  async restore(config) {
    const manifest = await restoreCommand(config, process.argv.slice(3));
    logger.log(
      `restored backup ${manifest.name} (taken ${manifest.createdAt})`,
    );
  },
};

async function main(): Promise<void> {
  const name = process.argv[2] ?? 'run';
  const command = commands[name];
  if (!command) {
    throw new Error(
      `unknown command "${name}"; use one of: ${Object.keys(commands).join(', ')}`,
    );
  }
  await command(loadConfig(process.env));
}

main().catch((error: unknown) => {
  console.error(
    error instanceof ConfigValidationError
      ? error.message
      : error instanceof BackupError
        ? `${error.code}: ${error.message}`
        : error,
  );
  process.exit(1);
});
