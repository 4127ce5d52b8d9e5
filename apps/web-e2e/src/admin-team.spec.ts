import { type Browser, type BrowserContext, type Page } from '@playwright/test';
import {
  ADMIN_API,
  ADMIN_CSRF_HEADER,
  type AdminSessionResponse,
} from '@landing/shared/contracts-admin';
import { DESK_API } from '@landing/shared/contracts-desk';
import {
  createStaff,
  DESKTOP,
  expectAccessible,
  type Locale,
  readTimeline,
  signIn,
} from './support/admin-support';
import { expect, openLanding, test } from './support/fixtures';
import { type Product, startProduct } from './support/product';

const PASSWORD = 'a long enough desk admin password';
const PHONE = '0912 555 0401';
const E164 = '+989125550401';

/**
 * The admin's desk screens against a product of its own: the desk hands out new leads
 * (`round_robin`) and the SLA scan runs every second. A lead's SLA breach is forced by
 * moving its due time into the past in PostgreSQL (waiting out even a one-minute SLA would
 * depend on the test running inside the business calendar's working hours).
 */
test.describe('the admin desk screens, in Debian Chromium', () => {
  test.describe.configure({ timeout: 240_000 });
  let product: Product;
  let leadId = '';

  const contextFor = (browser: Browser): Promise<BrowserContext> =>
    browser.newContext({ ...DESKTOP, baseURL: product.baseUrl });

  const admin = async (browser: Browser, locale: Locale): Promise<Page> => {
    const page = await (await contextFor(browser)).newPage();
    await signIn(page, locale, 'boss@example.com', PASSWORD);
    return page;
  };

  test.beforeAll(async ({ browser }) => {
    test.setTimeout(180_000);
    product = await startProduct({
      env: {
        DESK_ASSIGNMENT_POLICY: 'round_robin',
        DESK_SLA_SCAN_INTERVAL_MS: '1000',
      },
    });
    await createStaff(product, 'boss@example.com', PASSWORD, 'admin');
    await createStaff(product, 'rita@example.com', PASSWORD, 'reviewer');

    // The reviewer comes on duty (her own toggle is another screen's; here, its api call).
    const reviewer = await contextFor(browser);
    const login = await reviewer.request.post(ADMIN_API.login, {
      data: { email: 'rita@example.com', password: PASSWORD },
    });
    expect(login.ok()).toBe(true);
    const session = (await login.json()) as AdminSessionResponse;
    const duty = await reviewer.request.put(DESK_API.availability, {
      data: { onDuty: true },
      headers: { [ADMIN_CSRF_HEADER]: session.csrfToken },
    });
    expect(duty.ok()).toBe(true);
    await reviewer.close();

    // A lead from the landing page: the worker gives it to the one on duty.
    const visitor = await contextFor(browser);
    const page = await visitor.newPage();
    await openLanding(page, '/en/');
    await page.getByLabel('Mobile number').fill(PHONE);
    await page.getByLabel(/I agree/).check();
    await page.getByRole('button', { name: 'Call me back' }).click();
    await expect(page.getByRole('status')).toContainText("We'll call you soon");
    await visitor.close();
    await expect
      .poll(
        async () => {
          const [row] = await product.query<{ id: string; email: string }>(
            `SELECT l.id, u.email FROM leads l JOIN lead_desk d ON d.lead_id = l.id
               JOIN admin_users u ON u.id = d.owner_id WHERE l.phone = $1`,
            [E164],
          );
          leadId = row?.id ?? '';
          return row?.email;
        },
        { timeout: 30_000 },
      )
      .toBe('rita@example.com');
  });

  test.afterAll(async () => {
    await product?.stop();
  });

  test('en: the team shows who is on duty; an SLA breach raises an alert; the admin reassigns the lead', async ({
    browser,
    shot,
  }) => {
    const page = await admin(browser, 'en');
    await page.getByTestId('nav-team').click();
    await expect(page).toHaveURL(/\/en\/admin\/team$/);
    const rita = page.locator('tr[data-email="rita@example.com"]');
    await expect(rita.getByTestId('duty-on')).toHaveText('On duty');
    await expect(rita.getByTestId('open-leads')).toHaveText('1');
    await expect(
      page
        .locator('tr[data-email="boss@example.com"]')
        .getByTestId('duty-away'),
    ).toBeVisible();
    await expect(page.getByTestId('page-subtitle')).toHaveText(
      '1 of 2 on duty',
    );

    // The first call is overdue: the worker's scan flags it within a second or two.
    await product.query(
      `UPDATE lead_desk SET first_contact_due_at = now() - interval '5 minutes' WHERE lead_id = $1`,
      [leadId],
    );
    await expect
      .poll(
        async () =>
          (
            await product.query(
              `SELECT 1 FROM desk_alerts WHERE lead_id = $1`,
              [leadId],
            )
          ).length,
        { timeout: 30_000 },
      )
      .toBe(1);
    await page.getByRole('button', { name: 'Refresh' }).click();
    const alert = page.locator(
      `[data-testid="desk-alert"][data-lead="${leadId}"]`,
    );
    await expect(alert).toContainText('SLA missed');
    await expect(alert).toContainText('rita@example.com');
    // The nav's badge counts it (polled every minute; the page's refresh updates it too).
    await expect(page.getByTestId('nav-team')).toHaveAttribute(
      'data-alerts',
      '1',
    );
    await shot(page, 'admin-en-team');
    await expectAccessible(page, 'en-team');

    // From the alert to the lead: its owner, the missed SLA, and "Assign to…".
    await alert.getByRole('link', { name: 'Open the lead' }).click();
    await expect(page).toHaveURL(new RegExp(`lead=${leadId}`));
    const owner = page.getByTestId('lead-owner');
    await expect(page.getByTestId('lead-owner-email')).toHaveText(
      'rita@example.com',
    );
    await expect(owner.getByTestId('lead-sla-breached')).toBeVisible();
    await page.getByTestId('assign-to').click();
    const options = page.getByRole('option');
    // On duty first.
    await expect(options.first()).toContainText('rita@example.com');
    await options.filter({ hasText: 'boss@example.com' }).click();
    await page.getByTestId('assign').click();
    await expect(page.getByTestId('lead-owner-email')).toHaveText(
      'boss@example.com',
    );
    await shot(page, 'admin-en-lead-owner');
    await expectAccessible(page, 'en-lead-owner');
    // The timeline says it in words, with names (the audit event carries account ids).
    await readTimeline(
      page,
      'Reassigned by boss@example.com, previously rita@example.com',
    );
    await expect(page.getByTestId('timeline')).toContainText(
      'First-call SLA missed (due',
    );
    await expect(page.getByTestId('timeline')).toContainText(
      'Assigned to rita@example.com',
    );
    await shot(page, 'admin-en-lead-reassigned');
    expect(
      await product.query(
        `SELECT reason FROM lead_assignments WHERE lead_id = $1 ORDER BY assigned_at`,
        [leadId],
      ),
    ).toEqual([{ reason: 'arrival' }, { reason: 'reassign' }]);
    await page.context().close();
  });

  test('en: the business calendar keeps an added holiday and previews a due time', async ({
    browser,
    shot,
  }) => {
    const page = await admin(browser, 'en');
    await page.getByTestId('nav-calendar').click();
    await expect(page).toHaveURL(/\/en\/admin\/settings\/business-calendar$/);
    await expect(page.getByTestId('sla-preview-due')).toContainText(
      'A lead arriving now is due at',
    );
    // A day that closes before it opens: the server's 400 names the field, shown beside it.
    await page.getByTestId('closes-monday').fill('08:00');
    await page.getByTestId('closes-monday').press('Tab');
    await page.getByTestId('calendar-save').click();
    await expect(page.locator('[data-day="monday"] [role="alert"]')).toHaveText(
      'must close after it opens',
    );
    await expect(page.getByTestId('calendar-error')).toBeVisible();
    await page.getByTestId('closes-monday').fill('17:00');
    await page.getByTestId('closes-monday').press('Tab');

    await page.getByTestId('holiday-date').fill('2027-03-21');
    await page.getByTestId('holiday-date').press('Enter');
    await page.getByTestId('holiday-add').click();
    await expect(
      page.locator('[data-testid="holidays"] li[data-day="2027-03-21"]'),
    ).toBeVisible();
    await page.getByTestId('calendar-save').click();
    await expect(page.getByTestId('page-subtitle')).toContainText(
      'Last changed',
    );

    await page.reload();
    await expect(
      page.locator('[data-testid="holidays"] li[data-day="2027-03-21"]'),
    ).toBeVisible();
    const [row] = await product.query<{ holidays: string[] }>(
      `SELECT business_calendar->'holidays' AS holidays FROM desk_settings`,
    );
    expect(row?.holidays).toEqual(['2027-03-21']);
    await shot(page, 'admin-en-business-calendar');
    await expectAccessible(page, 'en-business-calendar');
    await page.context().close();
  });

  test('fa: the same screens in Persian, right to left', async ({
    browser,
    shot,
  }) => {
    const page = await admin(browser, 'fa');
    await page.goto('/fa/admin/team');
    await expect(page.locator('lp-admin-frame')).toHaveAttribute('dir', 'rtl');
    await expect(
      page.getByRole('heading', { level: 1, name: 'تیم' }),
    ).toBeVisible();
    await expect(page.getByTestId('desk-alert').first()).toBeVisible();
    await shot(page, 'admin-fa-team');
    await expectAccessible(page, 'fa-team');

    await page.goto(`/fa/admin/leads?lead=${leadId}`);
    await expect(page.getByTestId('lead-owner-email')).toHaveText(
      'boss@example.com',
    );
    await shot(page, 'admin-fa-lead-owner');
    await readTimeline(
      page,
      'واگذاری دوباره به دست \u2068boss@example.com\u2069',
    );
    await expect(page.getByTestId('timeline')).toContainText(
      'مهلت اولین تماس از دست رفت',
    );
    await shot(page, 'admin-fa-lead-reassigned');

    await page.goto('/fa/admin/settings/business-calendar');
    await expect(
      page.locator('[data-testid="holidays"] li[data-day="2027-03-21"]'),
    ).toBeVisible();
    await expect(page.getByTestId('sla-preview-due')).toBeVisible();
    await expect(page.getByTestId('opens-saturday')).toHaveValue('۰۹:۰۰');
    await expect(page.getByTestId('nav-team')).toContainText('۱');
    await shot(page, 'admin-fa-business-calendar');
    await expectAccessible(page, 'fa-business-calendar');

    await page.goto('/fa/admin/overview');
    await expect(page.getByTestId('sla')).toBeVisible();
    await expect(page.getByTestId('sla-rate')).toBeVisible();
    await shot(page, 'admin-fa-overview-sla');
    await expectAccessible(page, 'fa-overview-sla');
    await page.goto('/en/admin/overview');
    await expect(page.getByTestId('sla-rate')).toHaveText('0%');
    await shot(page, 'admin-en-overview-sla');
    await page.context().close();
  });
});
