// The driver's phone at the customer's gate: the customer signs on the canvas with no signal,
// the page is reloaded while still offline, and when the network returns the receipt arrives
// exactly once — the order shows the delivered quantity and the ledger its row.
// playwright.config.js turns on PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS, so that the
// route below also cuts the service worker's own requests (setOffline alone does not).
const { test, expect } = require('@playwright/test');
const { drawSignature } = require('./helpers');

const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

function inDays(n) {
  return new Date(Date.now() + n * 86400000).toISOString().slice(0, 10);
}

async function as(browser, username, options = {}) {
  const ctx = await browser.newContext({ locale: 'en-US', extraHTTPHeaders: { 'Accept-Language': 'en-US' }, ...options });
  const res = await ctx.request.post('/api/v1/session', { data: { username, password: 'demo' } });
  expect(res.status()).toBe(200);
  return ctx;
}

async function api(ctx, method, url, data) {
  const res = await ctx.request.fetch(url, { method, data });
  expect(res.status(), `${method} ${url}: ${await res.text()}`).toBeLessThan(300);
  return res.json();
}

const PAC = [{ indicator: '氧化铝(Al2O3)', value: 30.2 }, { indicator: '盐基度', value: 61 }, { indicator: 'pH(1%水溶液)', value: 4.2 }];

// An order of 3 t of PAC for customer 2, delivered by `driver` on a loaded note.
async function loadedNote(browser) {
  const stamp = Date.now().toString().slice(-6);
  const sales = await as(browser, 'sales');
  const order = await api(sales, 'POST', '/api/v1/orders', { customer_id: 2, requested_delivery_date: inDays(3), lines: [{ product_id: 5, quantity: 3 }] });
  await api(sales, 'POST', `/api/v1/orders/${order.id}/submit`, {});
  const gm = await as(browser, 'deputy_gm');
  await api(gm, 'POST', `/api/v1/orders/${order.id}/approve`, {});
  const lab = await as(browser, 'lab');
  const batch = await api(lab, 'POST', '/api/v1/batches', { product_id: 5, batch_no: `PAC-DRV-${stamp}`, quantity: 5, produced_on: inDays(-1) });
  await api(lab, 'POST', `/api/v1/batches/${batch.id}/inspections`, { final: true, results: PAC });
  const warehouse = await as(browser, 'warehouse');
  await api(warehouse, 'POST', `/api/v1/batches/${batch.id}/stock-in`, {});
  const note = await api(sales, 'POST', '/api/v1/delivery-notes', { order_id: order.id, delivery_date: inDays(2), lines: [{ order_line_id: order.lines[0].id, batch_id: batch.id, quantity: 3 }] });
  const manager = await as(browser, 'sales_manager');
  await api(manager, 'POST', `/api/v1/delivery-notes/${note.id}/approve`, {});
  const logistics = await as(browser, 'logistics');
  await api(logistics, 'POST', `/api/v1/delivery-notes/${note.id}/assign`, { driver_username: 'driver', vehicle: '浙A·D0001' });
  await api(warehouse, 'POST', `/api/v1/delivery-notes/${note.id}/load`, { packaging_ok: true, labels_ok: true, warehouse_signature: PNG, driver_signature: PNG });
  for (const c of [gm, lab, warehouse, manager, logistics]) await c.close();
  return { sales, order, note };
}

test('a receipt signed offline survives a reload and arrives exactly once', async ({ browser }) => {
  const { sales, order, note } = await loadedNote(browser);
  const phone = await as(browser, 'driver', { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const page = await phone.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));

  await page.goto('/driver');
  await page.waitForFunction(() => navigator.serviceWorker && navigator.serviceWorker.controller !== null, null, { timeout: 20_000 });
  await page.getByRole('link', { name: new RegExp(note.number) }).click();
  await expect(page.getByRole('heading', { name: `Delivery note ${note.number}` })).toBeVisible();

  // the signal goes: the phone and the service worker's own requests are cut off
  await phone.setOffline(true);
  await phone.route('**/*', (route) => route.abort('internetdisconnected'));
  await expect(page.getByText('No signal')).toBeVisible();

  await page.getByLabel("Receiver's name").fill('李四');
  await drawSignature(page);
  await page.getByRole('button', { name: 'Confirm receipt' }).click();
  await expect(page.getByText('Signed. The receipt is saved on this phone')).toBeVisible();
  await expect(page.locator('#queue-count')).toHaveText('1');

  // a reload without signal: the page comes from the phone, the receipt is still queued
  await page.reload();
  await expect(page.getByRole('heading', { name: `Delivery note ${note.number}` })).toBeVisible();
  await expect(page.locator('#queue-count')).toHaveText('1');
  await expect(page.getByText('Signed. The receipt is saved on this phone')).toBeVisible();
  let server = await api(sales, 'GET', `/api/v1/delivery-notes/${note.id}`);
  expect(server.status).toBe('loaded');

  // the signal returns: the queue is sent and cleared once the server acknowledged it
  await phone.unroute('**/*');
  await phone.setOffline(false);
  await expect(page.locator('#queue')).toBeHidden({ timeout: 20_000 });
  server = await api(sales, 'GET', `/api/v1/delivery-notes/${note.id}`);
  expect(server.status).toBe('delivered');
  expect(server.receipt.receiver_name).toBe('李四');
  // the drawn signature is a file in the store, served with its type
  expect(server.receipt.signature).toMatch(/^\/files\/[0-9a-f]{64}$/);
  const drawn = await sales.request.get(server.receipt.signature);
  expect(drawn.status()).toBe(200);
  expect(drawn.headers()['content-type']).toBe('image/png');

  // exactly once: one ledger row, the order delivered; a replay of the queue changes nothing
  await page.reload();
  await expect(page.getByText('Received by: 李四')).toBeVisible();
  const o = await api(sales, 'GET', `/api/v1/orders/${order.id}`);
  expect(o.lines[0].delivered_quantity).toBe(3);
  expect(o.status).toBe('delivered');
  const ledger = await api(sales, 'GET', `/api/v1/ledger?customer_id=2&limit=500`);
  expect(ledger.items.filter((r) => r.delivery_note_id === note.id)).toHaveLength(1);
  await page.screenshot({ path: 'test-results/driver-receipt-done.png', fullPage: true });
  expect(errors).toEqual([]);

  // another driver cannot open it
  const other = await as(browser, 'driver2', { viewport: { width: 390, height: 844 } });
  const p2 = await other.newPage();
  const res = await p2.goto(`/driver/notes/${note.id}`);
  expect(res.status()).toBe(404);
  await Promise.all([phone.close(), other.close(), sales.close()]);
});

test('signing out on a shared phone forgets the driver, after asking about an unsent receipt', async ({ browser }) => {
  const { sales, note } = await loadedNote(browser);
  const phone = await as(browser, 'driver', { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const page = await phone.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  const answers = [];
  const asked = [];
  page.on('dialog', (d) => { asked.push(d.message()); return answers.shift() ? d.accept() : d.dismiss(); });

  await page.goto('/driver');
  await page.waitForFunction(() => navigator.serviceWorker && navigator.serviceWorker.controller !== null, null, { timeout: 20_000 });
  await page.getByRole('link', { name: new RegExp(note.number) }).click();
  await expect(page.getByRole('heading', { name: `Delivery note ${note.number}` })).toBeVisible();
  const notePath = `/driver/notes/${note.id}`;
  await expect.poll(() => page.evaluate(async (u) => !!(await caches.match(u)), notePath), { timeout: 10_000 }).toBe(true);

  // the receipt cannot reach the server: it waits on the phone
  await phone.route('**/api/v1/delivery-notes/*/receipt', (route) => route.abort('internetdisconnected'));
  await page.getByLabel("Receiver's name").fill('王五');
  await drawSignature(page);
  await page.getByRole('button', { name: 'Confirm receipt' }).click();
  await expect(page.locator('#queue-count')).toHaveText('1');

  // sign out: send first? yes; it cannot be sent — delete it? no: still signed in, still queued
  answers.push(true, false);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect.poll(() => asked.length).toBe(2);
  expect(asked[1]).toContain('deletes them from this phone');
  await expect(page.locator('#queue-count')).toHaveText('1');
  expect(page.url()).toContain(notePath);

  expect(errors).toEqual([]);

  // again, and this time the driver confirms: the phone forgets them
  answers.push(true, true);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL('**/signin');
  const left = await page.evaluate(async () => ({
    queue: localStorage.getItem('driver-receipts-v1'),
    caches: (await caches.keys()).filter((k) => k.startsWith('driver-')),
    workers: (await navigator.serviceWorker.getRegistrations()).length,
  }));
  expect(left).toEqual({ queue: null, caches: [], workers: 0 });
  expect((await phone.request.get('/api/v1/me')).status()).toBe(401);
  expect((await api(sales, 'GET', `/api/v1/delivery-notes/${note.id}`)).status).toBe('loaded');

  // the next person on the phone, without signal, cannot open the note
  await phone.unroute('**/api/v1/delivery-notes/*/receipt');
  await phone.setOffline(true);
  await phone.route('**/*', (route) => route.abort('internetdisconnected'));
  await page.goto(notePath).catch(() => null);
  await expect(page.getByText(note.number)).toHaveCount(0);
  await Promise.all([phone.close(), sales.close()]);
});

test('the printed delivery note has three copies and a QR code to its receipt page', async ({ browser }) => {
  const { sales, note } = await loadedNote(browser);
  const page = await sales.newPage();
  await page.setViewportSize({ width: 794, height: 1123 });
  await page.goto(`/api/v1/delivery-notes/${note.id}/print?lang=zh`);
  await expect(page.locator('section.copy')).toHaveCount(3);
  for (const copy of ['第一联 存根', '第二联 客户', '第三联 回执']) await expect(page.getByText(copy)).toBeVisible();
  await expect(page.locator('section.copy svg[role="img"]')).toHaveCount(3);
  await expect(page.locator('section.copy').first()).toContainText(note.number);
  await page.screenshot({ path: 'test-results/delivery-note-print.png', fullPage: true });
  await sales.close();
});
