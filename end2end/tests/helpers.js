// Shared steps: sign in as a demo user, and fail a test on any browser console error.
// A refused request (4xx: a validation error, a stale edit) is an expected answer that the
// page shows to the user; Chromium still logs it, so those lines alone are let through.
const { expect } = require('@playwright/test');

async function signIn(page, username, password = 'demo') {
  await page.goto('/signin');
  await waitForHydration(page);
  await page.getByLabel(/User name|用户名/).fill(username);
  await page.getByLabel(/Password|密码/).fill(password);
  await page.getByRole('button', { name: /Sign in|登录/ }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/signin'));
}

// The page is interactive once the WebAssembly has hydrated it.
async function waitForHydration(page) {
  await page.waitForFunction(() => document.body && document.body.dataset.hydrated === 'true', null, { timeout: 20_000 });
}

function watchConsole(page) {
  const errors = [];
  const expected = /Failed to load resource: the server responded with a status of 4(09|22)/;
  page.on('console', (msg) => { if (msg.type() === 'error' && !expected.test(msg.text())) errors.push(msg.text()); });
  page.on('pageerror', (err) => errors.push(String(err)));
  return () => expect(errors, 'browser console errors').toEqual([]);
}

/// The customer signs on the driver's canvas: one zig-zag stroke across it.
async function drawSignature(page) {
  const canvas = page.locator('canvas#signature');
  await canvas.scrollIntoViewIfNeeded();
  const box = await canvas.boundingBox();
  await page.mouse.move(box.x + 20, box.y + 100);
  await page.mouse.down();
  for (let k = 1; k <= 12; k++) await page.mouse.move(box.x + 20 + k * 22, box.y + 100 + (k % 2 ? -40 : 30));
  await page.mouse.up();
}

/// The WebAssembly files a page fetches, as paths, in order: which code arrived when.
function watchWasm(page) {
  const fetched = [];
  page.on('request', (r) => { if (r.url().endsWith('.wasm')) fetched.push(new URL(r.url()).pathname); });
  return fetched;
}

module.exports = { signIn, waitForHydration, watchConsole, watchWasm, drawSignature };
