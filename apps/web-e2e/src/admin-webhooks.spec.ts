import { TestReceiver } from '@landing/server/util-testing';
import {
  createStaff,
  DESKTOP,
  expectAccessible,
  type Locale,
  signIn,
} from './support/admin-support';
import { expect, test } from './support/fixtures';

const PASSWORD = 'a long enough webhooks password';

/** The webhook screens' words in each language (what a person clicks). */
const WORDS = {
  en: {
    nav: 'Webhooks',
    add: 'Add an endpoint',
    url: 'Receiver URL',
    description: 'Description',
    create: 'Add endpoint',
    stored: 'I have stored it',
    sendTest: 'Send test event',
    details: 'Details',
    manage: 'Manage',
    rotateMenu: 'Rotate secret…',
    rotate: 'Rotate secret',
    pause: 'Pause',
    resume: 'Resume',
    delete: 'Delete',
    testEvent: 'Test event',
    back: 'All endpoints',
    delivered: 'Delivered',
    status200: '200',
    users: 'Users',
    disabledBadge: '1 disabled',
    alert:
      '1 webhook endpoint disabled after repeated failures — deliveries are paused',
    alertLink: 'Open webhooks',
    dismiss: 'Dismiss',
  },
  fa: {
    nav: 'وب‌هوک‌ها',
    add: 'افزودن نشانی دریافت',
    url: 'نشانی گیرنده',
    description: 'توضیح',
    create: 'افزودن نشانی',
    stored: 'نگهش داشتم',
    sendTest: 'ارسال رویداد آزمایشی',
    details: 'جزئیات',
    manage: 'مدیریت',
    rotateMenu: 'تعویض رمز…',
    rotate: 'تعویض رمز',
    pause: 'توقف موقت',
    resume: 'ازسرگیری',
    delete: 'حذف',
    testEvent: 'رویداد آزمایشی',
    back: 'همهٔ نشانی‌ها',
    delivered: 'تحویل شد',
    status200: '۲۰۰',
    users: 'کاربران',
    disabledBadge: '۱ غیرفعال',
    alert: '۱ نشانی وب‌هوک پس از خطاهای پیاپی غیرفعال شد — ارسال‌ها متوقف است',
    alertLink: 'رفتن به وب‌هوک‌ها',
    dismiss: 'بستن',
  },
} as const satisfies Record<Locale, Record<string, string>>;

test.use(DESKTOP);
// The receiver listens on 127.0.0.1: the stack of this file may reach loopback addresses
// (link-local and cloud metadata addresses stay refused, which the dialog shows).
// Two failed attempts in a row disable an endpoint, retried 100 ms apart: the auto-disable
// test takes seconds (the other tests' receiver answers 200, so they never fail twice).
test.use({
  productEnv: {
    WEBHOOK_ALLOW_PRIVATE: 'true',
    WEBHOOK_DISABLE_AFTER_FAILURES: '2',
    WEBHOOK_BACKOFF_MS: '100',
  },
});

test.describe('webhook endpoints in the admin workspace, against a real receiver', () => {
  test.describe.configure({ timeout: 240_000 });
  const receiver = new TestReceiver();
  // A receiver that is down for maintenance: it verifies the signature, then answers 500.
  const failing = new TestReceiver();
  failing.respond = () => 500;

  test.beforeAll(async ({ product }) => {
    await receiver.start();
    await failing.start();
    await createStaff(product, 'hooks@example.com', PASSWORD, 'admin');
  });

  test.afterAll(async () => {
    await receiver.stop();
    await failing.stop();
  });

  for (const locale of ['en', 'fa'] as const satisfies Locale[]) {
    test(`${locale}: an admin adds an endpoint, sees the test delivery verified by the receiver, and redelivers it`, async ({
      page,
      product,
      shot,
    }) => {
      const w = WORDS[locale];
      const description = `CRM intake (${locale})`;
      await signIn(page, locale, 'hooks@example.com', PASSWORD);
      await page.getByRole('link', { name: w.nav, exact: true }).click();
      await expect(page).toHaveURL(new RegExp(`/${locale}/admin/webhooks$`));

      // A cloud metadata address is refused with the server's reason, not a bare "400".
      await page.getByTestId('add-webhook').click();
      const dialog = page.getByRole('dialog');
      await dialog
        .getByLabel(w.url)
        .fill('http://169.254.169.254/latest/meta-data');
      await dialog.getByRole('button', { name: w.create }).click();
      await expect(dialog.getByRole('alert')).toContainText(
        'metadata address refused',
      );

      await dialog.getByLabel(w.url).fill(receiver.url);
      await dialog.getByLabel(w.description).fill(description);
      await expect(
        dialog.locator('[data-event="lead.created"] input'),
      ).toBeChecked();
      await dialog.locator('[data-event="lead.status_changed"] input').check();
      await dialog.getByRole('button', { name: w.create }).click();
      const secret = dialog.getByTestId('webhook-secret');
      await expect(secret).toHaveText(/^whsec_[A-Za-z0-9+/=]{20,}$/);
      const shown = (await secret.innerText()).trim();
      receiver.secrets.push(shown);
      await shot(page, `admin-${locale}-webhook-secret`);
      await expectAccessible(page, `${locale} webhook secret dialog`);
      await dialog.getByRole('button', { name: w.stored }).click();
      await expect(dialog).toHaveCount(0);

      const row = page.locator(`tr[data-url="${receiver.url}"]`, {
        hasText: description,
      });
      await expect(row).toBeVisible();
      await expect(row.locator('[data-state="active"]')).toBeVisible();

      // The endpoint's page: a test event goes out and shows in the log.
      await row.getByRole('link', { name: receiver.url }).click();
      await expect(page).toHaveURL(/\/webhooks\/[0-9a-f-]{36}$/);
      const before = receiver.requests.length;
      await page.getByRole('button', { name: w.sendTest }).click();
      const log = page.getByTestId('delivery-log');
      const first = log.locator('tr.lp-log__row[data-attempt="1"]');
      await expect(async () => {
        await page.getByTestId('refresh-log').click();
        await expect(first).toHaveCount(1, { timeout: 1000 });
      }).toPass({ timeout: 30_000 });
      await expect(first.getByTestId('attempt-result')).toContainText(
        w.status200,
      );
      await expect(first).toContainText(w.testEvent);
      const deliveryId = String(await first.getAttribute('data-delivery'));

      // The receiver got it, signed with the secret the dialog showed (standardwebhooks).
      const got = receiver.requests.slice(before);
      expect(got.map((r) => r.id)).toEqual([deliveryId]);
      expect(got[0]?.verifiedWith).toEqual([receiver.secrets.length - 1]);
      expect(JSON.parse(got[0]?.body ?? '{}')).toMatchObject({
        type: 'webhook.test',
      });

      // Redeliver: the same webhook-id again, a second attempt in the log.
      await first.getByTestId('redeliver').click();
      const second = log.locator(
        `tr.lp-log__row[data-delivery="${deliveryId}"][data-attempt="2"]`,
      );
      await expect(async () => {
        await page.getByTestId('refresh-log').click();
        await expect(second).toHaveCount(1, { timeout: 1000 });
      }).toPass({ timeout: 30_000 });
      expect(receiver.requests.slice(before).map((r) => r.id)).toEqual([
        deliveryId,
        deliveryId,
      ]);
      expect(receiver.requests.at(-1)?.verifiedWith).toEqual([
        receiver.secrets.length - 1,
      ]);
      await second.getByRole('button', { name: w.details }).click();
      await expect(page.getByTestId('response-excerpt')).toHaveText('ok');
      await shot(page, `admin-${locale}-webhook-log`);
      await expectAccessible(page, `${locale} webhook delivery log`);

      // A long log comes in pages of 50 deliveries: 55 older ones, cancelled long ago.
      await product.query(
        `INSERT INTO webhook_deliveries (id, endpoint_id, event_id, event_type, payload, state, created_at)
         SELECT gen_random_uuid(), $1, 'old:' || n, 'lead.created', '{}', 'cancelled',
                now() - make_interval(days => n)
         FROM generate_series(1, 55) AS n`,
        [page.url().split('/').at(-1)],
      );
      await page.getByTestId('refresh-log').click();
      // The test delivery's two attempts and 49 older deliveries without an attempt.
      await expect(log.locator('tr.lp-log__row')).toHaveCount(51);
      await page.getByTestId('older-deliveries').click();
      await expect(log.locator('tr.lp-log__row')).toHaveCount(57);
      await expect(page.getByTestId('older-deliveries')).toHaveCount(0);

      // Back on the list, the endpoint's last delivery is the redelivered test event.
      await page.getByRole('link', { name: w.back }).click();
      await expect(row.getByTestId('last-delivery')).toContainText(w.delivered);
      await shot(page, `admin-${locale}-webhooks`);
      await expectAccessible(page, `${locale} webhooks list`);

      // Each change reloads the list: act on it once it has.
      const settled = () =>
        expect(page.locator('lp-admin-webhooks mat-progress-bar')).toHaveCount(
          0,
        );
      // Rotate: a new secret, shown once, different from the first.
      await row.getByRole('button', { name: w.manage }).click();
      await page.getByRole('menuitem', { name: w.rotateMenu }).click();
      await dialog.getByRole('button', { name: w.rotate, exact: true }).click();
      await expect(dialog.getByTestId('webhook-secret')).toHaveText(/^whsec_/);
      const rotated = (
        await dialog.getByTestId('webhook-secret').innerText()
      ).trim();
      expect(rotated).not.toEqual(shown);
      await dialog.getByRole('button', { name: w.stored }).click();
      await expect(dialog).toHaveCount(0);
      await settled();

      // Pause, then resume.
      await row.getByRole('button', { name: w.manage }).click();
      await page.getByRole('menuitem', { name: w.pause }).click();
      await expect(row.locator('[data-state="paused"]')).toBeVisible();
      await settled();
      await row.getByRole('button', { name: w.manage }).click();
      await page.getByRole('menuitem', { name: w.resume }).click();
      await expect(row.locator('[data-state="active"]')).toBeVisible();
      await settled();

      // Delete, after the confirmation.
      await row.getByRole('button', { name: w.manage }).click();
      await page.getByRole('menuitem', { name: w.delete }).click();
      await page
        .getByRole('alertdialog')
        .getByRole('button', { name: w.delete })
        .click();
      await expect(row).toHaveCount(0);
    });
  }
  for (const locale of ['en', 'fa'] as const satisfies Locale[]) {
    test(`${locale}: an endpoint disabled after failures alerts the admin on every screen until it is resumed`, async ({
      page,
      shot,
    }) => {
      const w = WORDS[locale];
      await signIn(page, locale, 'hooks@example.com', PASSWORD);
      const nav = page.getByTestId('nav-webhooks');
      const banner = page.getByTestId('webhook-alert');
      await expect(nav).toHaveAttribute('data-disabled-endpoints', '0');
      await expect(banner).toHaveCount(0);

      await nav.click();
      await page.getByTestId('add-webhook').click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel(w.url).fill(failing.url);
      await dialog.getByLabel(w.description).fill(`Down (${locale})`);
      await dialog.getByRole('button', { name: w.create }).click();
      const secret = dialog.getByTestId('webhook-secret');
      await expect(secret).toHaveText(/^whsec_/);
      failing.secrets.push((await secret.innerText()).trim());
      await dialog.getByRole('button', { name: w.stored }).click();
      await expect(dialog).toHaveCount(0);

      // The test event fails twice (500, signed correctly): the worker disables the endpoint.
      const row = page.locator(`tr[data-url="${failing.url}"]`);
      await row.getByRole('link', { name: failing.url }).click();
      const before = failing.requests.length;
      await page.getByRole('button', { name: w.sendTest }).click();
      await expect(async () => {
        await page.getByTestId('refresh-log').click();
        await expect(page.getByTestId('endpoint-state')).toHaveAttribute(
          'data-state',
          'disabled',
          { timeout: 1000 },
        );
      }).toPass({ timeout: 30_000 });
      const got = failing.requests.slice(before);
      expect(got.map((r) => r.answered)).toEqual([500, 500]);
      expect(got[0]?.verifiedWith).toEqual([failing.secrets.length - 1]);

      // Elsewhere in the app, the next navigation's poll shows the badge and the banner.
      await page.getByRole('link', { name: w.users, exact: true }).click();
      await expect(banner).toBeVisible();
      await expect(banner).toHaveAttribute('role', 'alert');
      await expect(banner).toContainText(w.alert);
      await expect(page.getByTestId('webhooks-disabled')).toHaveText(
        w.disabledBadge,
      );
      // The test event's notice goes first, so the screenshot shows the banner alone.
      await expect(page.locator('mat-snack-bar-container')).toHaveCount(0, {
        timeout: 10_000,
      });
      await shot(page, `admin-${locale}-webhook-alert`);
      await expectAccessible(page, `${locale} disabled-webhook banner`);

      // Dismissed for the session: a reload keeps it closed, the badge stays; a new
      // session (the tab's storage cleared) shows it again.
      await banner.getByRole('button', { name: w.dismiss }).click();
      await expect(banner).toHaveCount(0);
      await page.reload();
      await expect(page.getByTestId('webhooks-disabled')).toHaveText(
        w.disabledBadge,
      );
      await expect(banner).toHaveCount(0);
      await page.evaluate(() => sessionStorage.clear());
      await page.reload();
      await banner.getByRole('link', { name: w.alertLink }).click();
      await expect(page).toHaveURL(new RegExp(`/${locale}/admin/webhooks$`));
      await expect(row.locator('[data-state="disabled"]')).toBeVisible();

      // Resuming clears the alert at once, without waiting for the next poll.
      await row.getByRole('button', { name: w.manage }).click();
      await page.getByRole('menuitem', { name: w.resume }).click();
      await expect(row.locator('[data-state="active"]')).toBeVisible();
      await expect(page.getByTestId('webhooks-disabled')).toHaveCount(0);
      await expect(nav).toHaveAttribute('data-disabled-endpoints', '0');
      await expect(banner).toHaveCount(0);

      // Tidy up for the next language: the endpoint is deleted.
      await expect(
        page.locator('lp-admin-webhooks mat-progress-bar'),
      ).toHaveCount(0);
      await row.getByRole('button', { name: w.manage }).click();
      await page.getByRole('menuitem', { name: w.delete }).click();
      await page
        .getByRole('alertdialog')
        .getByRole('button', { name: w.delete })
        .click();
      await expect(row).toHaveCount(0);
    });
  }
});
