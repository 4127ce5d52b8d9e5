import {
  DESKTOP,
  createStaff,
  expectAccessible,
  LABELS,
  type Locale,
  signIn,
} from './support/admin-support';
import {
  expect,
  openLanding,
  storedSubmission,
  test,
} from './support/fixtures';

const PASSWORD = 'a long enough workspace password';

test.use(DESKTOP);

test.describe('the admin workspace, in Debian Chromium against the started product', () => {
  // Several sign-ins (argon2) and axe scans per test on a shared 2-core machine.
  test.describe.configure({ timeout: 240_000 });

  test.beforeAll(async ({ browser, product }) => {
    // Two leads from the landing page, today, from two sources, in campaign "winter"
    // (numbers no other spec uses: the specs of a worker share one product).
    for (const [phone, source] of [
      ['0912 555 0301', 'instagram'],
      ['0912 555 0302', 'google'],
    ] as const) {
      // A visit of its own: attribution is kept per browser session.
      const page = await browser.newPage();
      await openLanding(page, `/en/?utm_source=${source}&utm_campaign=winter`);
      await page.getByLabel('Mobile number').fill(phone);
      await page.getByLabel(/I agree/).check();
      await page.getByRole('button', { name: 'Call me back' }).click();
      await expect(page.getByRole('status')).toContainText(
        "We'll call you soon",
      );
      await page.close();
    }
    await storedSubmission(product, '+989125550301');
    await storedSubmission(product, '+989125550302');
    await createStaff(product, 'boss@example.com', PASSWORD, 'admin');
  });

  for (const locale of ['en', 'fa'] as const satisfies Locale[]) {
    test(`${locale}: sign-in opens one's queue; the overview's charts show today's leads`, async ({
      page,
      shot,
    }) => {
      await signIn(page, locale, 'boss@example.com', PASSWORD);
      await expect(page).toHaveURL(new RegExp(`/${locale}/admin/queue$`));
      await page
        .getByRole('link', { name: LABELS[locale].overview, exact: true })
        .click();
      await expect(page).toHaveURL(new RegExp(`/${locale}/admin/overview$`));
      await expect(
        page.getByRole('heading', { level: 1, name: LABELS[locale].overview }),
      ).toBeVisible();
      await expect(page.locator('lp-admin-frame')).toHaveAttribute(
        'dir',
        locale === 'fa' ? 'rtl' : 'ltr',
      );
      const today = new Date();
      const pad = (n: number) => String(n).padStart(2, '0');
      const day = `${today.getFullYear()}-${pad(today.getMonth() + 1)}-${pad(today.getDate())}`;
      const todayRow = page.locator(
        `[data-testid="leads-per-day-table"] tr[data-day="${day}"] [data-testid="day-total"]`,
      );
      await expect(todayRow).toHaveText(/^[2-9]|^\d{2,}/);
      await expect(page.locator('canvas')).toBeVisible();
      await expect(page.getByTestId('funnel')).toBeVisible();
      await shot(page, `admin-${locale}-overview`);
      await expectAccessible(page, `${locale} overview`);
    });
  }

  test('a filter saved as a view opens from its URL, for a colleague too', async ({
    page,
    browser,
    product,
    shot,
  }) => {
    await signIn(page, 'en', 'boss@example.com', PASSWORD);
    await page.getByRole('link', { name: 'Leads' }).click();
    await expect(
      page.getByRole('row', { name: /\+989125550301/ }),
    ).toBeVisible();
    await page.getByRole('button', { name: 'Filters' }).click();
    await page.getByLabel('Source').fill('instagram');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect(page).toHaveURL(/source=instagram/);
    await expect(page.getByRole('row', { name: /\+989125550302/ })).toHaveCount(
      0,
    );
    await expect(page.getByRole('row', { name: /\+989125550301/ })).toHaveCount(
      1,
    );
    await expect(page.getByTestId('page-subtitle')).toHaveText(
      '1 lead matches',
    );

    await page.getByRole('button', { name: 'Views' }).click();
    await page.getByRole('menuitem', { name: 'Save this view…' }).click();
    await page.getByRole('dialog').getByLabel('Name').fill('Instagram leads');
    await page.getByRole('button', { name: 'Save view' }).click();
    await expect(page).toHaveURL(/view=[0-9a-f-]+/);
    await expect(page.getByTestId('active-view')).toContainText(
      'Instagram leads',
    );
    const url = page.url();
    await shot(page, 'admin-en-saved-view');

    // A colleague opens the shared link.
    await createStaff(product, 'colleague@example.com', PASSWORD, 'reviewer');
    const colleague = await (await browser.newContext(DESKTOP)).newPage();
    await signIn(colleague, 'en', 'colleague@example.com', PASSWORD);
    await expect(colleague).toHaveURL(/queue/);
    await colleague.goto(url.replace(/^https?:\/\/[^/]+/, ''));
    await expect(colleague.getByTestId('active-view')).toContainText(
      'Instagram leads',
    );
    await expect(
      colleague.getByRole('row', { name: /\+989125550301/ }),
    ).toHaveCount(1);
    await expect(
      colleague.getByRole('row', { name: /\+989125550302/ }),
    ).toHaveCount(0);
    await colleague.context().close();
  });

  for (const locale of ['en', 'fa'] as const satisfies Locale[]) {
    test(`${locale}: the keyboard flow: j/k move, Enter opens, Esc closes, / searches, ? helps`, async ({
      page,
      shot,
    }) => {
      await signIn(page, locale, 'boss@example.com', PASSWORD);
      // Only this file's leads (other specs share the product): their campaign.
      await page.goto(`/${locale}/admin/leads?campaign=winter`);
      const rows = page.locator('tr.lp-row');
      await expect(rows).toHaveCount(2);
      await page.locator('body').click({ position: { x: 5, y: 300 } });
      await page.keyboard.press('j');
      await expect(rows.nth(0)).toHaveClass(/lp-row--active/);
      await page.keyboard.press('j');
      await expect(rows.nth(1)).toHaveClass(/lp-row--active/);
      await page.keyboard.press('k');
      await expect(rows.nth(0)).toHaveClass(/lp-row--active/);
      await page.keyboard.press('Enter');
      await expect(page).toHaveURL(/lead=/);
      await expect(page.getByTestId('lead-phone')).toBeVisible();
      await expect(page.getByTestId('lead-phone')).toHaveAttribute(
        'href',
        /^tel:\+98912555030[12]$/,
      );
      await page.keyboard.press('Escape');
      await expect(page).not.toHaveURL(/lead=/);
      await expect(page.getByTestId('lead-phone')).toHaveCount(0);
      await page.keyboard.press('/');
      await expect(page.getByTestId('search')).toBeFocused();
      await page.keyboard.press('Escape');
      await page.locator('body').click({ position: { x: 5, y: 300 } });
      await page.keyboard.press('?');
      await expect(page.getByRole('dialog')).toBeVisible();
      await expect(page.getByRole('dialog').locator('kbd').first()).toHaveText(
        'j',
      );
      await shot(page, `admin-${locale}-keyboard-help`);
    });
  }

  test('an admin adds a reviewer, who signs in with the temporary password and must change it', async ({
    page,
    browser,
    shot,
  }) => {
    await signIn(page, 'en', 'boss@example.com', PASSWORD);
    await page.getByRole('link', { name: 'Users' }).click();
    await expect(
      page.getByRole('heading', { level: 1, name: 'Users' }),
    ).toBeVisible();
    await expectAccessible(page, 'en users');
    await page.getByRole('button', { name: 'Add a user' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Email').fill('new.reviewer@example.com');
    await dialog.getByRole('button', { name: 'Add user' }).click();
    const temporary = (
      await dialog.getByTestId('temporary-password').innerText()
    ).trim();
    expect(temporary.length).toBeGreaterThanOrEqual(12);
    await shot(page, 'admin-en-user-created');
    await dialog.getByRole('button', { name: 'Done' }).click();
    await expect(
      page.getByRole('row', { name: /new\.reviewer@example\.com/ }),
    ).toContainText('Temporary password');

    const reviewer = await (await browser.newContext(DESKTOP)).newPage();
    await signIn(reviewer, 'fa', 'new.reviewer@example.com', temporary);
    await expect(reviewer).toHaveURL(/\/fa\/admin\/password$/);
    await expect(reviewer.getByRole('heading', { level: 1 })).toHaveText(
      'گذرواژهٔ خودتان را انتخاب کنید',
    );
    // Nothing else opens until the password is changed.
    await reviewer.goto('/fa/admin/leads');
    await expect(reviewer).toHaveURL(/\/fa\/admin\/password$/);
    await shot(reviewer, 'admin-fa-forced-password');
    await expectAccessible(reviewer, 'fa forced password change');
    await reviewer.getByLabel('گذرواژهٔ موقت').fill(temporary);
    await reviewer
      .getByLabel('گذرواژهٔ جدید', { exact: true })
      .fill('reviewer own password 1');
    await reviewer
      .getByLabel('تکرار گذرواژهٔ جدید')
      .fill('reviewer own password 1');
    await reviewer
      .getByRole('button', { name: 'ذخیرهٔ گذرواژهٔ جدید' })
      .click();
    await expect(reviewer).toHaveURL(/\/fa\/admin\/queue$/);
    // A reviewer has no user management.
    await expect(reviewer.getByRole('link', { name: 'کاربران' })).toHaveCount(
      0,
    );
    await reviewer.context().close();
  });

  for (const locale of ['en', 'fa'] as const satisfies Locale[]) {
    test(`${locale}: every admin screen passes axe with no serious or critical violation`, async ({
      page,
      shot,
    }) => {
      await page.goto(`/${locale}/admin/login`);
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      await shot(page, `admin-${locale}-login`);
      await expectAccessible(page, `${locale} sign-in`);
      await signIn(page, locale, 'boss@example.com', PASSWORD);
      await expect(page).toHaveURL(/queue$/);
      /** Opens a screen, waits until it has loaded, saves it and scans it. */
      const visit = async (screen: string) => {
        await page.goto(`/${locale}/admin/${screen}`);
        await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
        await expect(page.locator('mat-progress-bar')).toHaveCount(0);
      };
      const check = async (name: string) => {
        await shot(page, `admin-${locale}-${name}`);
        await expectAccessible(page, `${locale} ${name}`);
      };

      await visit('queue');
      await expectAccessible(page, `${locale} queue`);

      await visit('overview');
      await expect(page.locator('canvas').first()).toBeVisible();
      await check('overview');

      await visit('leads?campaign=winter');
      await expect(page.locator('tr.lp-row')).toHaveCount(2);
      await check('leads');
      await page.locator('tr.lp-row').first().click();
      await expect(page.getByTestId('lead-phone')).toBeVisible();
      await expect(page.getByTestId('timeline')).toBeVisible();
      await check('lead-sheet');
      await page.keyboard.press('Escape');
      await expect(page.getByTestId('lead-phone')).toHaveCount(0);
      await page.locator('body').click({ position: { x: 5, y: 300 } });
      await page.keyboard.press('?');
      await expect(page.getByRole('dialog')).toBeVisible();
      await expectAccessible(page, `${locale} keyboard help`);
      await page.keyboard.press('Escape');
      await expect(page.getByRole('dialog')).toHaveCount(0);

      await visit('users');
      await check('users');
      await page.getByTestId('add-user').click();
      await expect(page.getByRole('dialog')).toBeVisible();
      await check('create-user');
      // Escape does not close it: a temporary password shown there must not be lost.
      await page.getByTestId('cancel').click();
      await expect(page.getByRole('dialog')).toHaveCount(0);

      await visit('password');
      // The e-mail language loaded from the api (Persian, the default for every account).
      await expect(page.getByTestId('own-language')).toContainText('فارسی');
      await check('password');
    });
  }

  test('/admin leads to the admin area in the remembered language', async ({
    page,
  }) => {
    await page.goto('/admin');
    await expect(page).toHaveURL(/\/fa\/admin\/login$/);
    await expect(page.locator('lp-admin-frame')).toHaveAttribute('dir', 'rtl');
  });
});
