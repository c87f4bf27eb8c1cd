// Browser tests in Debian's Chromium (/usr/bin/chromium), never a downloaded browser.
// The server is the release build on a fresh SQLite database with demo data.
const { defineConfig } = require('@playwright/test');
const { CHROMIUM, CHROMIUM_ARGS } = require('./chromium');

// Lets `context.route` see (and cut) a service worker's own requests: the driver's offline
// test needs it, since `setOffline` alone does not stop them.
process.env.PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS = '1';

const PORT = process.env.E2E_PORT || '3123';
const ROOT = require('path').resolve(__dirname, '..');
const SERVER = process.env.SERVER_BIN || `${process.env.CARGO_TARGET_DIR || 'target'}/release/server`;
const SITE = process.env.LEPTOS_SITE_ROOT || 'target/site';

module.exports = defineConfig({
  testDir: './tests',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  // One retry, reported as "flaky" in the list: the driver's offline test has failed once in a
  // whole-suite run (2026-12-06) when the service worker's own request reached the server
  // while the page was emulated offline; it passed 6 of 6 alone. A real failure fails twice.
  retries: 1,
  reporter: [['list']],
  outputDir: './test-results',
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    launchOptions: {
      executablePath: CHROMIUM,
      args: CHROMIUM_ARGS,
    },
    screenshot: 'only-on-failure',
  },
  webServer: {
    command: `rm -rf target/e2e && mkdir -p target/e2e && LEPTOS_SITE_ROOT=${SITE} exec ${SERVER} serve --demo --addr 127.0.0.1:${PORT} --database-url sqlite://target/e2e/app.db`,
    cwd: ROOT,
    url: `http://127.0.0.1:${PORT}/readyz`,
    timeout: 60_000,
    reuseExistingServer: false,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
