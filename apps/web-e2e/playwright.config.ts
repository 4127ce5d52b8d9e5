import { join } from 'node:path';
import { defineConfig, devices } from '@playwright/test';

const ROOT = join(__dirname, '../..');

/**
 * Debian's Chromium, never a downloaded browser. The tests start the built api (serving
 * the built web app), worker and a database of their own: `npm test` provides
 * DATABASE_URL and REDIS_URL and builds api, worker and web first.
 */
export default defineConfig({
  testDir: './src',
  testMatch: '**/*.spec.ts',
  outputDir: join(ROOT, 'test-output/web-e2e/results'),
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: true,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  reporter: [
    ['list'],
    [
      'html',
      { outputFolder: join(ROOT, 'test-output/web-e2e/report'), open: 'never' },
    ],
  ],
  use: {
    ...devices['Pixel 5'],
    browserName: 'chromium',
    launchOptions: {
      executablePath: process.env['CHROME_PATH'] ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
});
