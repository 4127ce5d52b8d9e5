import { readFile } from 'node:fs/promises';
import { argon2id, hash } from 'argon2';
import {
  expect,
  openLanding,
  storedSubmission,
  test,
} from './support/fixtures';

const EMAIL = 'reviewer-admin@example.com';
const PASSWORD = 'a long enough e2e password';

test.describe('the admin review screen, in Debian Chromium against the started product', () => {
  test('an admin signs in, finds a lead sent from the landing page, changes its status, adds a note, exports and erases it', async ({
    page,
    product,
    shot,
  }) => {
    const passwordHash = await hash(PASSWORD, {
      type: argon2id,
      memoryCost: 19_456,
      timeCost: 2,
      parallelism: 1,
    });
    await product.query(
      `INSERT INTO admin_users (email, password_hash, role) VALUES ($1, $2, 'admin')`,
      [EMAIL, passwordHash],
    );

    // A visitor leaves a number on the landing page.
    await openLanding(page, '/en/?utm_source=instagram&utm_campaign=e2e');
    await page.getByLabel('Mobile number').fill('0912 555 0101');
    await page.getByLabel(/I agree/).check();
    await page.getByRole('button', { name: 'Call me back' }).click();
    await expect(page.getByRole('status')).toContainText("We'll call you soon");
    await storedSubmission(product, '+989125550101');

    // The admin area asks for a session first.
    await page.goto('/en/admin');
    await expect(page).toHaveURL(/\/en\/admin\/login$/);
    await page.getByLabel('Email').fill(EMAIL);
    await page.getByLabel('Password').fill('wrong password');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(page.getByRole('alert')).toContainText(
      'The email or the password is wrong.',
    );
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(
      page.getByRole('heading', { level: 1, name: 'My queue' }),
    ).toBeVisible();
    await page.getByRole('link', { name: 'Leads' }).click();
    await expect(
      page.getByRole('heading', { level: 1, name: 'Leads' }),
    ).toBeVisible();

    // Search the way the visitor typed it: the filter goes into the URL.
    await page.getByLabel('Phone, name or email').fill('+98 912 555 0101');
    await page.getByLabel('Phone, name or email').press('Enter');
    await expect(page).toHaveURL(
      /q=%2B98\+912\+555\+0101|q=%2B98%20912%20555%200101/,
    );
    const row = page.getByRole('row', { name: /\+989125550101/ });
    await expect(row).toHaveCount(1);
    await row.click();
    await shot(page, 'admin-1-detail');

    await expect(page.getByTestId('lead-status')).toHaveText('New');
    await page.getByTestId('next-status').click();
    await page.getByRole('option', { name: 'Contacted' }).click();
    await page.getByRole('button', { name: 'Change', exact: true }).click();
    await expect(page.getByTestId('lead-status')).toHaveText('Contacted');

    await page
      .getByRole('textbox', { name: 'Add note' })
      .fill('Called; wants a callback on Sunday');
    await page.getByRole('button', { name: 'Add note' }).click();
    await expect(page.getByTestId('timeline')).toContainText(
      'Called; wants a callback on Sunday',
    );
    await shot(page, 'admin-2-noted');
    await page.keyboard.press('Escape');

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export CSV' }).click();
    await page
      .getByRole('alertdialog')
      .getByRole('button', { name: 'Export CSV' })
      .click();
    const csv = await readFile((await (await download).path()) ?? '', 'utf8');
    expect(csv).toContain('"0912 555 0101"');
    expect(csv).toContain('"contacted",');

    await page.getByRole('row', { name: /\+989125550101/ }).click();
    await page.getByRole('button', { name: 'Erase this lead' }).click();
    await page
      .getByRole('alertdialog')
      .getByRole('button', { name: 'Erase', exact: true })
      .click();
    await expect(page.getByText('The lead was erased.')).toBeVisible();
    await expect(page.getByRole('row', { name: /\+989125550101/ })).toHaveCount(
      0,
    );
    expect(
      await product.query(`SELECT id FROM leads WHERE phone = $1`, [
        '+989125550101',
      ]),
    ).toEqual([]);
    expect(
      await product.query(
        `SELECT submission_id FROM lead_submissions WHERE phone = $1`,
        ['+989125550101'],
      ),
    ).toEqual([]);
  });

  test('the Persian admin screen is right to left', async ({ page }) => {
    await page.goto('/fa/admin/login');
    await expect(
      page.getByRole('heading', { name: 'ورود به بخش کارکنان' }),
    ).toBeVisible();
    await expect(page.locator('lp-admin-frame[dir="rtl"]')).toBeVisible();
  });
});
