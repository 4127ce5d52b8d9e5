import AxeBuilder from '@axe-core/playwright';
import { argon2id, hash } from 'argon2';
import { expect, type Page } from '@playwright/test';
import { type Product } from './product';

/** Staff accounts straight into the product's database (the CLI's job in real life). */
export async function createStaff(
  product: Product,
  email: string,
  password: string,
  role: 'admin' | 'reviewer' = 'admin',
): Promise<void> {
  const passwordHash = await hash(password, {
    type: argon2id,
    memoryCost: 19_456,
    timeCost: 2,
    parallelism: 1,
  });
  await product.query(
    `INSERT INTO admin_users (email, password_hash, role) VALUES ($1, $2, $3)`,
    [email, passwordHash, role],
  );
}

export const LABELS = {
  en: {
    email: 'Email',
    password: 'Password',
    signIn: 'Sign in',
    overview: 'Overview',
    leads: 'Leads',
    users: 'Users',
  },
  fa: {
    email: 'ایمیل',
    password: 'گذرواژه',
    signIn: 'ورود',
    overview: 'نمای کلی',
    leads: 'سرنخ‌ها',
    users: 'کاربران',
  },
} as const;

export type Locale = keyof typeof LABELS;

export async function signIn(
  page: Page,
  locale: Locale,
  email: string,
  password: string,
): Promise<void> {
  const t = LABELS[locale];
  await page.goto(`/${locale}/admin/login`);
  await page.getByLabel(t.email).fill(email);
  await page.getByLabel(t.password, { exact: true }).fill(password);
  await page.getByRole('button', { name: t.signIn, exact: true }).click();
  // The session cookie is set once the sign-in answer is in: wait for the screen to move on.
  // Generous: argon2 on the server and the first lazy chunks on a shared, busy machine.
  await expect(page).not.toHaveURL(/\/admin\/login$/, { timeout: 60_000 });
}

/** No serious or critical axe-core violation on the page as it stands. */
export async function expectAccessible(
  page: Page,
  what: string,
): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    // The CDK focus trap of a modal (dialog, side sheet) puts an empty, aria-hidden
    // sentinel with tabindex=0 at each end: focusing it sends focus straight back inside
    // the modal, so a keyboard or screen-reader user never rests on it. axe reports it as
    // aria-hidden-focus; everything else in the modal is still scanned.
    .exclude('.cdk-focus-trap-anchor')
    .analyze();
  const bad = results.violations.filter(
    (v) => v.impact === 'serious' || v.impact === 'critical',
  );
  expect(
    bad.map(
      (v) =>
        `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
    ),
    `axe on ${what}`,
  ).toEqual([]);
}

/** A desktop window: staff work at a desk. */
export const DESKTOP = {
  viewport: { width: 1366, height: 900 },
  isMobile: false,
  hasTouch: false,
  deviceScaleFactor: 1,
};

/**
 * The open lead's timeline once it tells `text` (never an event's type name), scrolled into
 * view. The worker stores audit events a moment after the change (an assignment on its
 * scan): the lead is read again until it has.
 */
export async function readTimeline(page: Page, text: string): Promise<void> {
  const timeline = page.getByTestId('timeline');
  await expect(async () => {
    await page.reload();
    await expect(timeline).toContainText(text, { timeout: 3000 });
  }).toPass({ timeout: 60_000 });
  await expect(timeline).not.toContainText(/lead\.[a-z_]+/);
  await timeline.scrollIntoViewIfNeeded();
}
