import { type Page } from '@playwright/test';
import {
  createStaff,
  DESKTOP,
  expectAccessible,
  type Locale,
  readTimeline,
  signIn,
} from './support/admin-support';
import { expect, storedSubmission, test } from './support/fixtures';

const PASSWORD = 'a long enough desk password';
const HOUR = 3_600_000;

/** A dialog fully shown (its opening animation over), for a screenshot. */
const dialogOpen = async (page: Page) => {
  await expect(page.getByRole('dialog')).toBeVisible();
  await expect(page.locator('.mat-mdc-dialog-container')).toHaveClass(
    /mdc-dialog--open/,
  );
  await expect(page.locator('.mat-mdc-dialog-container')).not.toHaveClass(
    /mdc-dialog--opening/,
  );
  // The fade-in (a CSS transition) is over.
  await expect
    .poll(() => page.evaluate(() => document.getAnimations().length))
    .toBe(0);
};

// A product of this file's own, with assignment on arrival turned on (off by default).
test.use({
  ...DESKTOP,
  productEnv: {
    DESK_ASSIGNMENT_POLICY: 'round_robin',
    // The worker audits assignments on its scan: soon enough for the timelines below.
    DESK_SLA_SCAN_INTERVAL_MS: '3000',
  },
});

/**
 * The callback desk in two browsers at once. The queue changes only through the live stream
 * (GET /api/admin/events): the screens never poll, so without the stream the leads never
 * appear and this test fails.
 */
test.describe('the callback desk, two reviewers on duty', () => {
  test.describe.configure({ timeout: 240_000 });

  const reviewer = async (
    browser: import('@playwright/test').Browser,
    locale: Locale,
    email: string,
  ): Promise<Page> => {
    const page = await (await browser.newContext(DESKTOP)).newPage();
    // The screen's clock, which the test moves forward to the callback's time (timers too).
    await page.clock.install();
    await signIn(page, locale, email, PASSWORD);
    await expect(page).toHaveURL(new RegExp(`/${locale}/admin/queue$`));
    const duty = page.getByTestId('duty-toggle');
    await expect(duty).toHaveAttribute('aria-pressed', 'false');
    await duty.click();
    await expect(duty).toHaveAttribute('aria-pressed', 'true');
    return page;
  };

  test('leads arrive live, split in turn; outcomes are logged with keys; a callback comes back on time', async ({
    browser,
    product,
    request,
    shot,
  }) => {
    await createStaff(product, 'ann@example.com', PASSWORD, 'reviewer');
    await createStaff(product, 'bahar@example.com', PASSWORD, 'reviewer');
    const ann = await reviewer(browser, 'en', 'ann@example.com');
    const bahar = await reviewer(browser, 'fa', 'bahar@example.com');
    for (const page of [ann, bahar])
      await expect(page.getByTestId('queue-item')).toHaveCount(0);

    const phones = [
      '0912 555 0401',
      '0912 555 0402',
      '0912 555 0403',
      '0912 555 0404',
    ];
    for (const [i, phone] of phones.entries()) {
      const sent = await request.post('/api/leads', {
        data: { phone, name: `Caller ${i + 1}`, consent: true },
      });
      expect(sent.status()).toBe(202);
      await storedSubmission(
        product,
        `+98${phone.replace(/\s/g, '').slice(1)}`,
      );
    }

    // Two each, in turn, on both screens without a reload.
    for (const page of [ann, bahar]) {
      await expect(page.getByTestId('queue-item')).toHaveCount(2, {
        timeout: 30_000,
      });
      await expect(page.getByTestId('queue-total')).toHaveText(/^(2|۲)$/);
    }
    const owners = await product.query<{ email: string; n: string }>(
      `SELECT u.email, count(*) AS n FROM lead_desk d JOIN admin_users u ON u.id = d.owner_id GROUP BY u.email ORDER BY u.email`,
    );
    expect(owners).toEqual([
      { email: 'ann@example.com', n: '2' },
      { email: 'bahar@example.com', n: '2' },
    ]);

    // The number is a tel: link to the E.164 number, shown in Persian digits in fa.
    const baharPhone = bahar.getByTestId('selected-phone');
    await expect(baharPhone).toHaveAttribute('href', /^tel:\+98912555040\d$/);
    await expect(baharPhone).toHaveText(/^\+۹۸۹۱۲۵۵۵۰۴۰[۱-۴]$/);
    await expect(ann.getByTestId('countdown').first()).toContainText('Due in');
    await shot(ann, 'admin-en-queue');
    await shot(bahar, 'admin-fa-queue');
    await expectAccessible(ann, 'en queue');
    await expectAccessible(bahar, 'fa queue');

    // Ann: no answer on the first (key 3), then a callback on the second (key 6).
    const annFirst = await ann.getByTestId('selected-phone').textContent();
    await ann.locator('body').press('3');
    await expect(ann.getByTestId('queue-item')).toHaveCount(1);
    await expect(ann.getByTestId('selected-phone')).not.toHaveText(
      annFirst ?? '',
    );
    const callbackPhone = (
      await ann.getByTestId('selected-phone').textContent()
    )?.trim();
    await ann.locator('body').press('6');
    const dialog = ann.getByRole('dialog');
    await dialogOpen(ann);
    await shot(ann, 'admin-en-callback');
    // In the past: refused on screen.
    await dialog.getByTestId('callback-time').fill('00:00');
    await dialog.getByTestId('callback-save').click();
    await expect(dialog.getByRole('alert')).toBeVisible();
    await ann.keyboard.press('Escape');
    await expect(dialog).toHaveCount(0);
    await ann.locator('body').press('6');
    await expect(ann.getByRole('dialog')).toBeVisible();
    // The suggestion (an hour or so ahead) is in the future: keep it.
    await ann.getByRole('dialog').getByTestId('callback-save').click();
    await expect(ann.getByRole('dialog')).toHaveCount(0);
    await expect(ann.getByTestId('queue-item')).toHaveCount(0);
    await expect(ann.getByTestId('later-count')).toBeVisible();

    // The callback's time comes on the screen's clock: the lead is back, without a reload.
    await ann.clock.fastForward(2 * HOUR + 60_000);
    // (The lead with no answer may be back too, after its retry delay: find the callback.)
    const back = ann
      .getByTestId('queue-item')
      .filter({ hasText: callbackPhone ?? '' });
    await expect(back).toHaveCount(1, { timeout: 10_000 });
    await expect(back).toHaveAttribute('data-kind', 'callback');

    // Bahar (fa): the keys are on the buttons and in the help; interested with key 1.
    await expect(bahar.locator('[data-outcome="interested"] kbd')).toHaveText(
      '۱',
    );
    await bahar.locator('body').press('?');
    await expect(bahar.getByTestId('outcome-keys')).toContainText('علاقه‌مند');
    await dialogOpen(bahar);
    await shot(bahar, 'admin-fa-keys');
    await bahar.keyboard.press('Escape');
    await expect(bahar.getByRole('dialog')).toHaveCount(0);
    await bahar.locator('body').press('1');
    await expect(bahar.getByTestId('queue-item')).toHaveCount(1);
    await bahar.locator('body').press('6');
    await dialogOpen(bahar);
    // A 24-hour time in Persian digits, like the rest of the Persian screens.
    await expect(
      bahar.getByRole('dialog').getByTestId('callback-time'),
    ).toHaveValue(/^[۰-۲][۰-۹]:[۰-۵][۰-۹]$/);
    await shot(bahar, 'admin-fa-callback');
    await bahar.keyboard.press('Escape');
    await expect(bahar.getByRole('dialog')).toHaveCount(0);
    await bahar.getByTestId('call-note').fill('شماره را اشتباه داده بود');
    // With the note field focused, digits are text: the button logs this one.
    await bahar.locator('[data-outcome="wrong_number"]').click();
    await expect(bahar.getByTestId('queue-item')).toHaveCount(0);

    const calls = await product.query<{ outcome: string; note: string | null }>(
      `SELECT c.outcome, c.note FROM lead_calls c JOIN admin_users u ON u.id = c.staff_id
        WHERE u.email = 'bahar@example.com' ORDER BY c.created_at`,
    );
    expect(calls).toEqual([
      { outcome: 'interested', note: null },
      { outcome: 'wrong_number', note: 'شماره را اشتباه داده بود' },
    ]);

    // The lead's history shows the calls (from the queue, "open the lead").
    await back.getByRole('button').click();
    await ann
      .getByRole('link', { name: 'Open the lead and its history' })
      .click();
    await expect(ann.getByTestId('call-history')).toContainText(
      'Call back later',
    );
    await expect(ann.getByTestId('call-outcomes')).toBeVisible();
    await shot(ann, 'admin-en-lead-calls');

    // The timeline tells the assignment and the call in words, never an event's type name.
    await readTimeline(ann, 'Assigned to ann@example.com');
    const annTimeline = ann.getByTestId('timeline');
    await expect(annTimeline).toContainText('On arrival');
    await expect(annTimeline).toContainText('Call: Call back later');
    await shot(ann, 'admin-en-lead-timeline');

    // The same in Persian, on Bahar's wrong number with its note.
    const [wrong] = await product.query<{ lead_id: string }>(
      `SELECT lead_id FROM lead_calls WHERE outcome = 'wrong_number'`,
    );
    await bahar.goto(`/fa/admin/leads?lead=${wrong.lead_id}`);
    // (An e-mail in a Persian sentence is isolated: FSI … PDI.)
    await readTimeline(bahar, 'واگذار شد به \u2068bahar@example.com\u2069');
    const baharTimeline = bahar.getByTestId('timeline');
    await expect(baharTimeline).toContainText('تماس: شماره اشتباه');
    await expect(baharTimeline).toContainText('شماره را اشتباه داده بود');
    await shot(bahar, 'admin-fa-lead-timeline');

    await ann.context().close();
    await bahar.context().close();
  });
});

/**
 * With nobody on duty, leads wait in the shared queue. Off duty, staff see them live on the
 * queue page and claim one by hand (claiming does not need being on duty; coming on duty
 * would hand the shared queue out by itself).
 */
test.describe('the callback desk, nobody on duty', () => {
  test.describe.configure({ timeout: 180_000 });

  test('shared leads are listed live, oldest first, and claimed by hand; a lost claim says so', async ({
    browser,
    product,
    request,
    shot,
  }) => {
    // The product is shared by this file's tests: nobody is on duty from here on.
    await product.query(`UPDATE desk_staff SET on_duty = false`);
    await createStaff(product, 'cyrus@example.com', PASSWORD, 'reviewer');
    await createStaff(product, 'dara@example.com', PASSWORD, 'reviewer');
    const offDuty = async (locale: Locale, email: string) => {
      const page = await (await browser.newContext(DESKTOP)).newPage();
      await signIn(page, locale, email, PASSWORD);
      await expect(page).toHaveURL(new RegExp(`/${locale}/admin/queue$`));
      await expect(page.getByTestId('duty-toggle')).toHaveAttribute(
        'aria-pressed',
        'false',
      );
      await expect(page.getByTestId('shared-section')).toBeVisible();
      return page;
    };
    const cyrus = await offDuty('en', 'cyrus@example.com');
    const dara = await offDuty('fa', 'dara@example.com');
    // Collapsed while nobody waits.
    await expect(cyrus.getByTestId('shared-section')).not.toHaveAttribute(
      'open',
    );

    const phones = ['0912 555 0501', '0912 555 0502'];
    for (const [i, phone] of phones.entries()) {
      const sent = await request.post('/api/leads', {
        data: { phone, name: `Waiting ${i + 1}`, consent: true },
      });
      expect(sent.status()).toBe(202);
      await storedSubmission(
        product,
        `+98${phone.replace(/\s/g, '').slice(1)}`,
      );
    }

    // Both screens list them without a reload, oldest first, with tel: links.
    for (const page of [cyrus, dara]) {
      const shared = page.getByTestId('shared-item');
      await expect(shared).toHaveCount(2, { timeout: 30_000 });
      await expect(page.getByTestId('shared-phone').first()).toHaveAttribute(
        'href',
        'tel:+989125550501',
      );
      await expect(page.getByTestId('shared-section')).toHaveAttribute(
        'open',
        '',
      );
      await expect(page.getByTestId('queue-item')).toHaveCount(0);
    }
    await expect(cyrus.getByTestId('shared-item').first()).toContainText(
      'Waiting 1',
    );
    await expect(dara.getByTestId('shared-phone').first()).toHaveText(
      '+۹۸۹۱۲۵۵۵۰۵۰۱',
    );
    await shot(cyrus, 'admin-en-queue-shared');
    await shot(dara, 'admin-fa-queue-shared');
    await expectAccessible(cyrus, 'en shared queue');
    await expectAccessible(dara, 'fa shared queue');

    // Cyrus claims the oldest: it moves to his queue.
    await cyrus.getByTestId('shared-item').first().getByTestId('claim').click();
    await expect(cyrus.getByTestId('queue-item')).toHaveCount(1);
    await expect(cyrus.getByTestId('selected-phone')).toHaveAttribute(
      'href',
      'tel:+989125550501',
    );
    await expect(cyrus.getByTestId('shared-item')).toHaveCount(1);

    // The other one goes to Cyrus behind Dara's screen (no event reaches it): her claim is
    // lost, she is told so, and her list is read again.
    await product.query(
      `UPDATE lead_desk SET owner_id = (SELECT id FROM admin_users WHERE email = 'cyrus@example.com'), assigned_at = now()
        WHERE lead_id = (SELECT id FROM leads WHERE phone = '+989125550502')`,
    );
    await dara
      .getByTestId('shared-item')
      .filter({ hasText: '۰۵۰۲' })
      .getByTestId('claim')
      .click();
    await expect(dara.getByTestId('claim-error')).toContainText('همکاری');
    await expect(dara.getByTestId('shared-item')).toHaveCount(0);
    await expect(dara.getByTestId('queue-item')).toHaveCount(0);

    await cyrus.context().close();
    await dara.context().close();
  });
});
