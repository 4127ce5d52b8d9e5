import { argon2id, hash } from 'argon2';
import { type Locator } from '@playwright/test';
import { expect, storedSubmission, test } from './support/fixtures';

const EMAIL = 'bidi-admin@example.com';
const PASSWORD = 'another long enough e2e password';

/** The left edge of each character of an element's text, as laid out on screen. */
const characterPositions = (element: Locator) =>
  element.evaluate((node) => {
    const text = node.firstChild;
    if (!text || text.nodeType !== Node.TEXT_NODE) return [];
    const range = document.createRange();
    return [...(text.textContent ?? '')].map((character, index) => {
      range.setStart(text, index);
      range.setEnd(text, index + 1);
      return { character, left: range.getBoundingClientRect().left };
    });
  });

/** The characters in the order a reader sees them, left to right. */
const asSeen = async (element: Locator) =>
  (await characterPositions(element))
    .filter(({ character }) => character.trim() !== '')
    .sort((a, b) => a.left - b.left)
    .map(({ character }) => character)
    .join('');

test('a name holding a right-to-left override reads as typed on the admin screen', async ({
  page,
  product,
  request,
}) => {
  const passwordHash = await hash(PASSWORD, {
    type: argon2id,
    memoryCost: 19_456,
    timeCost: 2,
    parallelism: 1,
  });
  await product.query(
    `INSERT INTO admin_users (email, password_hash, role) VALUES ($1, $2, 'reviewer')`,
    [EMAIL, passwordHash],
  );
  // A visitor types "evil" after a RIGHT-TO-LEFT OVERRIDE: unguarded, it is drawn "live".
  const sent = await request.post('/api/leads', {
    data: { phone: '0912 555 0202', name: '\u202Eevil', consent: true },
  });
  expect(sent.status()).toBe(202);
  await storedSubmission(product, '+989125550202');

  await page.goto('/en/admin/login');
  await page.getByLabel('Email').fill(EMAIL);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page).toHaveURL(/\/en\/admin\/queue$/);
  await page.goto('/en/admin/leads');
  await page.getByLabel('Phone, name or email').fill('0912 555 0202');
  await page.getByLabel('Phone, name or email').press('Enter');
  const row = page.getByRole('row', { name: /\+989125550202/ });
  await expect(row).toHaveCount(1);

  const name = row.locator('td.mat-column-name bdi');
  await expect(name).toHaveText('evil', { useInnerText: true });
  expect(await asSeen(name)).toBe('evil');

  await row.click();
  const detailName = page.locator('.lp-detail__name bdi').first();
  await expect(detailName).toHaveText('evil');
  expect(await asSeen(detailName)).toBe('evil');
});
