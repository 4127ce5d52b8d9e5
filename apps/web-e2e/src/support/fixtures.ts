import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import { REPO_ROOT, waitFor } from '@landing/server/util-testing';
import { startProduct, type Product } from './product';

export const SCREENSHOTS = join(REPO_ROOT, 'test-output/web-e2e/screenshots');
/** The admin workspace's screens, committed so a reviewer can see them without a run. */
export const ADMIN_SCREENSHOTS = join(REPO_ROOT, 'docs/screenshots/admin');

export interface SubmissionRow extends Record<string, unknown> {
  phone: string;
  name: string | null;
  email: string | null;
  consent: boolean;
  consent_version: string | null;
  utm_source: string | null;
  utm_campaign: string | null;
  referrer: string | null;
  landing_path: string | null;
}

export const test = base.extend<
  { shot: (page: Page, name: string) => Promise<void> },
  { product: Product; productEnv: Record<string, string> }
>({
  /** Settings of the product a spec file needs (`test.use({ productEnv })`: a product of its own). */
  productEnv: [{}, { scope: 'worker', option: true }],
  product: [
    async ({ productEnv }, use) => {
      const product = await startProduct({ env: productEnv });
      try {
        await use(product);
      } finally {
        await product.stop();
      }
    },
    { scope: 'worker', timeout: 120_000 },
  ],
  baseURL: async ({ product }, use) => use(product.baseUrl),
  // eslint-disable-next-line no-empty-pattern -- Playwright requires the fixture argument to be destructured.
  shot: async ({}, use, testInfo) => {
    await use(async (page, name) => {
      // admin-<locale>-<screen>: the workspace's committed screens; the rest stay local.
      const folder = /^admin-(en|fa)-/.test(name)
        ? ADMIN_SCREENSHOTS
        : SCREENSHOTS;
      mkdirSync(folder, { recursive: true });
      const path = join(folder, `${name}.png`);
      await page.screenshot({ path, fullPage: true });
      await testInfo.attach(name, { path, contentType: 'image/png' });
    });
  },
});

export { expect };

/** The lead as the worker stored it, once it has. */
export async function storedSubmission(
  product: Product,
  e164: string,
): Promise<SubmissionRow> {
  let row: SubmissionRow | undefined;
  await waitFor(
    async () => {
      [row] = await product.query<SubmissionRow>(
        `SELECT l.phone, l.name, l.email, s.consent, s.consent_version, s.utm_source, s.utm_campaign, s.referrer, s.landing_path
           FROM leads l JOIN lead_submissions s ON s.lead_id = l.id WHERE l.phone = $1`,
        [e164],
      );
      return row !== undefined;
    },
    {
      timeoutMs: 15_000,
      intervalMs: 200,
      what: `the lead ${e164} in PostgreSQL`,
    },
  );
  if (!row) throw new Error('unreachable');
  return row;
}

/** The prerendered page is live once the app has hydrated (its button becomes a submit button). */
export async function openLanding(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await expect(page.locator('button[type="submit"]')).toBeVisible();
}
