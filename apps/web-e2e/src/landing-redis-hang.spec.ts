import { startOwnRedis } from '@landing/server/util-testing';
import { expect, openLanding, test } from './support/fixtures';
import { startProduct } from './support/product';

interface Sent {
  status: number;
  submissionId: string;
}

test.describe('the landing page when Redis hangs', () => {
  test('after a 503 the page sends the same submission again with the same submissionId, and it is stored once', async ({
    browser,
    shot,
  }) => {
    test.setTimeout(180_000);
    // Its own Redis, to stop with SIGSTOP, and its own api and worker on it.
    const redis = await startOwnRedis();
    const product = await startProduct({ redisUrl: redis.url });
    try {
      const context = await browser.newContext({ baseURL: product.baseUrl });
      const page = await context.newPage();
      const sent: Sent[] = [];
      page.on('response', (response) => {
        const request = response.request();
        if (request.method() === 'POST' && request.url().endsWith('/api/leads'))
          sent.push({
            status: response.status(),
            submissionId: (request.postDataJSON() as { submissionId: string })
              .submissionId,
          });
      });
      await openLanding(page, '/en/');
      // Let the phone rules load (a lazy chunk) before anything stops.
      await page.getByLabel('Mobile number').fill('0912 44');
      await page.getByLabel('Mobile number').blur();
      await expect(page.locator('#lp-phone-error')).not.toBeEmpty();

      redis.pause();
      await page.getByLabel('Mobile number').fill('0912 444 0031');
      await page.getByLabel(/I agree/).check();
      await page.getByRole('button', { name: 'Call me back' }).click();
      await expect(page.getByRole('status')).toContainText(
        'Your request is saved.',
      );
      await expect.poll(() => sent.length).toBeGreaterThanOrEqual(1);
      expect(sent[0]?.status).toBe(503);
      await shot(page, 'en-7-queued-redis-hung');

      redis.resume();
      // No clicks: the page's own retry (after Retry-After) delivers it.
      await expect(page.getByRole('status')).toContainText(
        "We'll call you soon",
        { timeout: 90_000 },
      );
      expect(sent.length).toBeGreaterThanOrEqual(2);
      expect(sent.at(-1)?.status).toBe(202);
      const ids = new Set(sent.map((attempt) => attempt.submissionId));
      expect(ids.size).toBe(1);

      // Stored once, under that id, whether or not the refused attempt had reached Redis.
      const [id] = [...ids];
      await expect
        .poll(
          async () =>
            product.query<{ submission_id: string }>(
              'SELECT submission_id FROM lead_submissions WHERE phone = $1',
              ['+989124440031'],
            ),
          { timeout: 15_000 },
        )
        .toEqual([{ submission_id: id }]);
      await context.close();
    } finally {
      redis.resume();
      await product.stop();
      await redis.stop();
    }
  });
});
