import type { Browser, Page } from '@playwright/test';
import {
  expect,
  openLanding,
  storedSubmission,
  test,
} from './support/fixtures';

test.describe('the landing page, in Debian Chromium against the started product', () => {
  test('a Persian visitor from a campaign leaves a number in Persian digits and the lead reaches PostgreSQL', async ({
    page,
    product,
    shot,
  }) => {
    await page.goto('/?utm_source=instagram&utm_campaign=yalda');
    await expect(page).toHaveURL(
      /\/fa\/\?utm_source=instagram&utm_campaign=yalda$/,
    );
    await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
    await expect(page.locator('html')).toHaveAttribute('lang', 'fa');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(
      'همین امروز رایگان با یک مشاور صحبت کنید',
    );
    await expect(page.locator('button[type="submit"]')).toBeVisible();
    await shot(page, 'fa-1-form');

    await page.getByLabel('شماره موبایل').fill('۰۹۱۲ ۴۴۴ ۰۰۰۱');
    await page.getByLabel('نام شما (اختیاری)').fill('سارا احمدی');
    await page.getByLabel(/موافقم/).check();
    const sent = page.waitForRequest(
      (request) =>
        request.url().endsWith('/api/leads') && request.method() === 'POST',
    );
    await page.getByRole('button', { name: 'با من تماس بگیرید' }).click();
    // The bot check's input: how long the page had been open when the form was sent.
    expect((await sent).postDataJSON()).toMatchObject({
      elapsedMs: expect.any(Number),
    });

    await expect(page.getByRole('status')).toContainText(
      'ممنون! به‌زودی با شما تماس می‌گیریم.',
    );
    await shot(page, 'fa-2-accepted');
    expect(await storedSubmission(product, '+989124440001')).toMatchObject({
      name: 'سارا احمدی',
      consent: true,
      consent_version: '2026-11-fa',
      utm_source: 'instagram',
      utm_campaign: 'yalda',
      landing_path: '/fa/',
    });
  });

  test('an English visitor switches language, keeps the campaign, and the lead reaches PostgreSQL', async ({
    page,
    product,
    shot,
  }) => {
    await page.goto('/fa/?utm_source=telegram&utm_campaign=nowruz');
    await page.getByRole('link', { name: 'English' }).click();
    await expect(page).toHaveURL(/\/en\/$/);
    await expect(page.locator('html')).toHaveAttribute('dir', 'ltr');
    await expect(page.locator('button[type="submit"]')).toBeVisible();

    await page.getByLabel('Mobile number').fill('+98 912 444 0002');
    await page.getByLabel('Email (optional)').fill('reza@example.com');
    await page.getByLabel(/I agree/).check();
    await shot(page, 'en-1-filled');
    await page.getByRole('button', { name: 'Call me back' }).click();

    await expect(page.getByRole('status')).toContainText(
      "Thank you! We'll call you soon.",
    );
    await shot(page, 'en-2-accepted');
    // The choice is remembered: the bare address now leads to English.
    await page.goto('/');
    await expect(page).toHaveURL(/\/en\/$/);
    expect(await storedSubmission(product, '+989124440002')).toMatchObject({
      email: 'reza@example.com',
      consent: true,
      consent_version: '2026-11-en',
      // Captured on the first page of the visit, not the page the form was sent from.
      utm_source: 'telegram',
      utm_campaign: 'nowruz',
      landing_path: '/fa/',
    });
  });

  test('a number we already have gets the duplicate message', async ({
    browser,
    baseURL,
    product,
    shot,
  }) => {
    // A fresh browser profile each time: it is the server that recognises the number.
    const first = await submitFromFreshProfile(
      browser,
      baseURL,
      '/en/',
      '0912-444-0003',
    );
    await expect(first.getByRole('status')).toContainText(
      "We'll call you soon",
    );
    await storedSubmission(product, '+989124440003');

    const again = await submitFromFreshProfile(
      browser,
      baseURL,
      '/en/',
      '+98 912 444 0003',
    );
    await expect(again.getByRole('status')).toContainText(
      'We already have your number.',
    );
    await shot(again, 'en-3-duplicate');

    const inPersian = await submitFromFreshProfile(
      browser,
      baseURL,
      '/fa/',
      '۰۹۱۲۴۴۴۰۰۰۳',
    );
    await expect(inPersian.getByRole('status')).toContainText(
      'شمارهٔ شما را از قبل داریم.',
    );
    await shot(inPersian, 'fa-4-duplicate');
    await Promise.all(
      [first, again, inPersian].map((page) => page.context().close()),
    );
  });

  test('an invalid number is explained next to the field and nothing is sent', async ({
    page,
    shot,
  }) => {
    const posted: string[] = [];
    page.on('request', (request) => {
      if (request.url().endsWith('/api/leads')) posted.push(request.url());
    });
    await openLanding(page, '/fa/');
    const phone = page.getByLabel('شماره موبایل');
    await phone.fill('۰۹۱۲ ۱۲');
    await phone.blur();
    await expect(page.locator('#lp-phone-error')).toHaveText(
      /این شماره معتبر به نظر نمی‌رسد/,
    );
    await expect(phone).toHaveAttribute('aria-invalid', 'true');
    await shot(page, 'fa-3-invalid');

    await page.getByRole('button', { name: 'با من تماس بگیرید' }).click();
    await expect(page.locator('#lp-consent-error')).not.toBeEmpty();
    await expect(phone).toBeFocused();
    expect(posted).toEqual([]);

    await openLanding(page, '/en/');
    await page.getByLabel('Mobile number').fill('0912 12');
    await page.getByLabel('Mobile number').blur();
    await expect(page.locator('#lp-phone-error')).toHaveText(
      'This does not look like a phone number. Example: 0912 345 6789.',
    );
    await shot(page, 'en-4-invalid');
  });

  test('with the api down the submission is queued, and arrives by itself once the api is back', async ({
    page,
    product,
    shot,
  }) => {
    test.setTimeout(180_000);
    await openLanding(page, '/en/');
    // The phone rules load lazily; let the visitor's first try load them while the api still serves them.
    await page.getByLabel('Mobile number').fill('0912 44');
    await page.getByLabel('Mobile number').blur();
    await expect(page.locator('#lp-phone-error')).not.toBeEmpty();
    await product.api.stop();

    await page.getByLabel('Mobile number').fill('0912 444 0004');
    await page.getByLabel(/I agree/).check();
    await page.getByRole('button', { name: 'Call me back' }).click();
    await expect(page.getByRole('status')).toContainText(
      'Your request is saved.',
    );
    await shot(page, 'en-5-queued');
    const pending = await page.evaluate(() =>
      localStorage.getItem('lp.pendingLead.v1'),
    );
    expect(pending).toContain('0912 444 0004');

    await product.api.start();
    // No clicks from here on: the page's own retries deliver it.
    await expect(page.getByRole('status')).toContainText(
      "We'll call you soon",
      { timeout: 90_000 },
    );
    await shot(page, 'en-6-delivered-after-outage');
    expect(await storedSubmission(product, '+989124440004')).toMatchObject({
      consent: true,
      consent_version: '2026-11-en',
    });
    expect(
      await page.evaluate(() => localStorage.getItem('lp.pendingLead.v1')),
    ).toBeNull();
  });
});

/** Opens the page in a new browser profile and sends the form with consent given. */
async function submitFromFreshProfile(
  browser: Browser,
  baseURL: string | undefined,
  path: string,
  phone: string,
): Promise<Page> {
  const page = await (await browser.newContext({ baseURL })).newPage();
  await openLanding(page, path);
  await page.locator('#lp-phone').fill(phone);
  await page.locator('#lp-consent').check();
  await page.locator('button[type="submit"]').click();
  return page;
}
