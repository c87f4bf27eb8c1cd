// The demo is a running company the moment it starts: the driver has today's deliveries
// loaded (one hazardous) and completes the first with the customer's signature, with no other
// role's step before; the deadlines board charts the on-time rate of twelve months of real
// receipts and the performance page each rep's delivered sales against target.
const { test, expect } = require('@playwright/test');
const { signIn, waitForHydration, watchConsole, drawSignature } = require('./helpers');

test("the driver completes today's first delivery right after the demo starts", async ({ browser }) => {
  const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'en-US', extraHTTPHeaders: { 'Accept-Language': 'en-US' } });
  const page = await ctx.newPage();
  await page.goto('/signin');
  await waitForHydration(page);
  await page.getByLabel('User name').fill('driver');
  await page.getByLabel('Password').fill('demo');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/signin'));
  await page.goto('/driver');
  const today = new Date(Date.now() + 8 * 3600000).toISOString().slice(0, 10);
  const cards = page.locator('a.card[data-note-link]');
  const todays = cards.filter({ hasText: `${today} · Loaded` });
  await expect(todays).toHaveCount(2);
  await expect(todays.filter({ hasText: 'Hazardous' })).toHaveCount(1);
  const first = cards.first();
  await expect(first).toContainText(today);
  const number = (await first.locator('b').innerText()).trim();
  await first.click();
  await expect(page.getByRole('heading', { name: `Delivery note ${number}` })).toBeVisible();
  await page.getByLabel("Receiver's name").fill('王建国');
  await drawSignature(page);
  await page.getByRole('button', { name: 'Confirm receipt' }).click();
  await expect(page.locator('#sent')).toBeVisible({ timeout: 20_000 });
  await page.reload();
  await expect(page.getByText('Received by: 王建国')).toBeVisible();
  await page.screenshot({ path: 'test-results/demo-driver-signed.png', fullPage: true });
  // driver2 has today's own delivery
  const other = await browser.newContext({ locale: 'en-US', extraHTTPHeaders: { 'Accept-Language': 'en-US' } });
  const res = await other.request.post('/api/v1/session', { data: { username: 'driver2', password: 'demo' } });
  expect(res.status()).toBe(200);
  const p2 = await other.newPage();
  await p2.goto('/driver');
  await expect(p2.locator('a.card[data-note-link]').filter({ hasText: `${today} · Loaded` })).toHaveCount(1);
  await Promise.all([ctx.close(), other.close()]);
});

test('the deadlines board and the performance page chart the demo company', async ({ page }) => {
  const check = watchConsole(page);
  await signIn(page, 'sales_manager');
  await page.goto('/deliveries');
  await waitForHydration(page);
  // twelve months of receipts: a bar for every month, the same figures in the table
  await expect(page.locator('svg.bars rect.bar.s0')).toHaveCount(13);
  const rows = page.locator('table.on-time tbody tr');
  await expect(rows).toHaveCount(12);
  for (const row of await rows.all()) await expect(row.locator('td').first()).not.toHaveText('0');
  // today's work: something late, something at risk, something ready
  await expect(page.locator('li.overdue')).not.toHaveCount(0);
  await expect(page.locator('table.board')).toContainText(/At risk|Ready/);
  await page.screenshot({ path: 'test-results/demo-deliveries.png', fullPage: true });
  await page.goto('/performance');
  await waitForHydration(page);
  await expect(page.locator('svg.bars rect.bar.s0')).toHaveCount(3);
  await expect(page.locator('svg.bars rect.bar.s1')).toHaveCount(3);
  for (const rep of ['sales', 'sales2']) {
    const cell = page.locator(`tr[data-rep="${rep}"] td.num`).first();
    await expect(cell).not.toHaveText('¥0.00');
  }
  await page.screenshot({ path: 'test-results/demo-performance.png', fullPage: true });
  check();
});
