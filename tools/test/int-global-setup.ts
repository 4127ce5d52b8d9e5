import { register } from 'tsconfig-paths';
import { compilerOptions } from '../../tsconfig.base.json';

// Jest resolves `moduleNameMapper` only inside test files; global setup needs the aliases too.
register({ baseUrl: `${__dirname}/../..`, paths: compilerOptions.paths });

export default async function globalSetup(): Promise<void> {
  const { runLeadMigrations } = await import(
    '@landing/server/persistence-lead'
  );
  const { runAuditMigrations } = await import(
    '@landing/server/persistence-audit'
  );
  const { createTemplateDatabase } = await import(
    '@landing/server/util-testing'
  );
  await createTemplateDatabase(async (url) => {
    await runLeadMigrations(url);
    await runAuditMigrations(url);
    const { runAdminMigrations } = await import(
      '@landing/server/persistence-admin'
    );
    await runAdminMigrations(url);
    const { runWebhookMigrations } = await import(
      '@landing/server/persistence-webhooks'
    );
    await runWebhookMigrations(url);
    const { runDeskMigrations } = await import(
      '@landing/server/persistence-desk'
    );
    await runDeskMigrations(url);
  });
}
