/**
 * Playwright/Galata configuration. Debian's chromium is used because Playwright cannot
 * download its own browser here; video is off because it needs Playwright's own ffmpeg.
 */
const baseConfig = require('@jupyterlab/galata/lib/playwright-config');

const port = process.env.LINEAGE_UI_PORT || '8899';

module.exports = {
  ...baseConfig,
  timeout: 120000,
  expect: { timeout: 20000 },
  retries: process.env.CI ? 1 : 0,
  workers: 1,
  reporter: [['list'], ['json', { outputFile: '../build/test-results/playwright.json' }]],
  use: {
    ...baseConfig.use,
    baseURL: `http://127.0.0.1:${port}`,
    video: 'off',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-quic',
        '--no-first-run'
      ]
    }
  },
  webServer: {
    command: 'jlpm start',
    url: `http://127.0.0.1:${port}/lab`,
    timeout: 180 * 1000,
    reuseExistingServer: false
  }
};
