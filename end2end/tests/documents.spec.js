// An SDS revision in the browser: quality adds the product's new safety data sheet on the
// product page; its distribution lists the customer who received the product this year; the
// customer acknowledges it on a phone through the single-use link; the service board, open in
// a second browser, follows without a reload; and a training is recorded with the manual.
const { test, expect } = require('@playwright/test');
const { AxeBuilder } = require('@axe-core/playwright');
const { signIn, waitForHydration, watchConsole } = require('./helpers');

const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
const PAC = [{ indicator: '氧化铝(Al2O3)', value: 30.2 }, { indicator: '盐基度', value: 61 }, { indicator: 'pH(1%水溶液)', value: 4.2 }];
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

// The company's day (UTC+8) `n` days from today.
function inDays(n) {
  return new Date(Date.now() + 8 * 3600000 + n * 86400000).toISOString().slice(0, 10);
}

async function as(browser, username, options = {}) {
  const ctx = await browser.newContext({ locale: 'en-US', extraHTTPHeaders: { 'Accept-Language': 'en-US' }, ...options });
  const res = await ctx.request.post('/api/v1/session', { data: { username, password: 'demo' } });
  expect(res.status()).toBe(200);
  return ctx;
}

async function api(ctx, method, url, data, headers = {}) {
  const res = await ctx.request.fetch(url, { method, data, headers });
  expect(res.status(), `${method} ${url}: ${await res.text()}`).toBeLessThan(300);
  return res.json();
}

// 2 t of PAC (product 5) delivered to `customer` and received today.
async function supply(browser, customer) {
  const stamp = Date.now().toString().slice(-6);
  const users = {};
  for (const u of ['sales', 'deputy_gm', 'lab', 'warehouse', 'sales_manager', 'logistics', 'driver']) users[u] = await as(browser, u);
  const order = await api(users.sales, 'POST', '/api/v1/orders', { customer_id: customer, requested_delivery_date: inDays(3), lines: [{ product_id: 5, quantity: 2 }] });
  await api(users.sales, 'POST', `/api/v1/orders/${order.id}/submit`, {});
  await api(users.deputy_gm, 'POST', `/api/v1/orders/${order.id}/approve`, {});
  const batch = await api(users.lab, 'POST', '/api/v1/batches', { product_id: 5, batch_no: `PAC-SDS-${stamp}`, quantity: 5, produced_on: inDays(-1) });
  await api(users.lab, 'POST', `/api/v1/batches/${batch.id}/inspections`, { final: true, results: PAC });
  await api(users.warehouse, 'POST', `/api/v1/batches/${batch.id}/stock-in`, {});
  const note = await api(users.sales, 'POST', '/api/v1/delivery-notes', { order_id: order.id, delivery_date: inDays(1), lines: [{ order_line_id: order.lines[0].id, batch_id: batch.id, quantity: 2 }] });
  await api(users.sales_manager, 'POST', `/api/v1/delivery-notes/${note.id}/approve`, {});
  await api(users.logistics, 'POST', `/api/v1/delivery-notes/${note.id}/assign`, { driver_username: 'driver', vehicle: '浙A·S0001' });
  const loaded = await api(users.warehouse, 'POST', `/api/v1/delivery-notes/${note.id}/load`, { packaging_ok: true, labels_ok: true, warehouse_signature: PNG, driver_signature: PNG });
  await api(users.driver, 'POST', `/api/v1/delivery-notes/${note.id}/receipt`, {
    receiver_name: '李四', signature: PNG, received_at: new Date().toISOString(),
    lines: [{ line_id: loaded.lines[0].id, received_quantity: 2 }],
  }, { 'Idempotency-Key': `sds-${stamp}` });
  for (const c of Object.values(users)) await c.close();
}

async function noSeriousAxe(page, path) {
  const result = await new AxeBuilder({ page }).analyze();
  const serious = result.violations
    .filter((v) => ['serious', 'critical'].includes(v.impact))
    .map((v) => `${path}: ${v.id} ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
  expect(serious).toEqual([]);
}

test('a new SDS reaches the customers who had the product, and one acknowledges on a phone', async ({ page, browser }) => {
  await supply(browser, 3);
  const clean = watchConsole(page);
  const title = `SDS PAC ${Date.now().toString().slice(-6)}`;

  // the service board is open in a second browser before the revision exists
  const board = await (await browser.newContext()).newPage();
  await signIn(board, 'service');
  await board.goto('/service');
  await waitForHydration(board);
  const before = Number(await board.locator('.sds-open-count').textContent());

  await signIn(page, 'quality');
  await page.goto('/products/5');
  await waitForHydration(page);
  await page.locator('#d-kind').selectOption('sds');
  await page.locator('#d-title').fill(title);
  await page.getByRole('button', { name: /^(Add document|新增文件)$/ }).click();
  const item = page.locator('li[data-kind="sds"]', { hasText: title });
  await expect(item).toBeVisible();

  // a revision without its file or date is refused with the server's reason; then the real one
  await item.locator('summary', { hasText: /Add revision|新增版本/ }).click();
  await item.locator('input[id$="-revision"]').fill('2.0');
  await item.locator('input[type="date"]').fill(inDays(0));
  await item.locator('textarea').fill('Section 8: new exposure limits');
  await item.locator('input[type="file"]').setInputFiles({ name: 'not-a-pdf.pdf', mimeType: 'application/pdf', buffer: Buffer.from('MZ not a pdf') });
  await item.getByRole('button', { name: /Add revision|新增版本/ }).click();
  await expect(item.locator('.banner.error')).toContainText(/PDF, PNG or JPEG|PDF、PNG 或 JPEG/);
  await item.locator('input[type="file"]').setInputFiles({ name: 'SDS-PAC-2.0.pdf', mimeType: 'application/pdf', buffer: PDF });
  await item.getByRole('button', { name: /Add revision|新增版本/ }).click();
  await expect(item).toContainText(/Revision 2\.0|版本 2\.0/);
  await noSeriousAxe(page, '/products/5');

  // the distribution names the customer who received the product
  await item.getByRole('link', { name: /SDS distribution|SDS 发放/ }).click();
  await page.waitForURL(/\/sds-distributions\/\d+$/);
  const id = page.url().split('/').pop();
  await expect(page.locator('main h1')).toContainText('SDS-');
  const row = page.locator('tr[data-customer="3"]');
  await expect(row).toBeVisible();
  await expect(row.locator('td').nth(1)).toHaveText(inDays(0));
  await expect(page.locator('tr[data-customer="6"]')).toHaveCount(0);
  await noSeriousAxe(page, `/sds-distributions/${id}`);

  // the board shows the new open distribution without a reload
  await expect(board.locator('.sds-open-count')).toHaveText(String(before + 1));
  const boardItem = board.locator(`li[data-distribution="${id}"]`);
  await expect(boardItem).toBeVisible();

  // the customer, on a phone, no account, in Chinese
  // the link goes out through the service desk, the only role that reads it (issue 31)
  const service = await as(browser, 'service');
  const d = await api(service, 'GET', `/api/v1/sds-distributions/${id}`);
  const link = d.recipients.find((r) => r.customer_id === 3).link;
  const phone = await browser.newContext({
    viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true,
    locale: 'zh-CN', extraHTTPHeaders: { 'Accept-Language': 'zh-CN' },
  });
  const customer = await phone.newPage();
  await customer.goto(link);
  await expect(customer.getByRole('heading', { level: 1 })).toContainText('安全技术说明书新版本');
  await expect(customer.locator('body')).toContainText('2.0');
  expect(await customer.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  const file = await customer.request.get(`${link}/file`);
  expect(file.headers()['content-type']).toBe('application/pdf');
  await customer.getByRole('button', { name: '确认已收到' }).click();
  await expect(customer.locator('body')).toContainText('已记录您的确认');
  await customer.goto(link);
  await expect(customer.locator('p.banner')).toBeVisible();
  await phone.close();

  // the desk's pages followed without a reload
  await expect(row.locator('td.acknowledged')).toContainText(/Customer's link|顾客链接/);
  const total = d.recipients.length;
  if (total > 1) await expect(boardItem.locator('.progress')).toContainText(/1 of|已确认 1/);

  // staff record the others' acknowledgement; the distribution completes and leaves the board
  for (const r of d.recipients.filter((r) => r.customer_id !== 3)) {
    await page.locator(`tr[data-customer="${r.customer_id}"]`).getByRole('button', { name: /Record acknowledgement|登记确认/ }).click();
    await expect(page.locator(`tr[data-customer="${r.customer_id}"] td.acknowledged`)).toContainText(/E-mail|电子邮件/);
  }
  await expect(page.locator('main [data-status]')).toHaveText(/Complete|已完成/);
  await expect(board.locator(`li[data-distribution="${id}"]`)).toHaveCount(0);
  await service.close();
  clean();
});

test('service records a training with the product manual', async ({ page }) => {
  const clean = watchConsole(page);
  await signIn(page, 'service');
  await page.goto('/trainings/new');
  await waitForHydration(page);
  await expect(page.locator('#t-customer option')).not.toHaveCount(1);
  await page.getByRole('button', { name: /Record training|登记培训/ }).click();
  await expect(page.locator('#t-held ~ .error')).not.toBeEmpty();
  await page.locator('#t-customer').selectOption('3');
  await page.locator('#t-product').selectOption('5');
  await page.locator('#t-held').fill(inDays(-1));
  const topic = `Dosing and spill drill ${Date.now().toString().slice(-6)}`;
  await page.locator('#t-topic').fill(topic);
  await page.locator('#t-trainer').fill('Wang');
  await page.locator('#t-attendees').fill('Li Ming\nZhao Qiang');
  await noSeriousAxe(page, '/trainings/new');
  await page.getByRole('button', { name: /Record training|登记培训/ }).click();
  await page.waitForURL(/\/trainings$/);
  const row = page.locator('tr[data-training]', { hasText: topic });
  await expect(row).toContainText('Li Ming');
  await noSeriousAxe(page, '/trainings');
  await page.goto('/customers/3');
  await waitForHydration(page);
  await expect(page.locator('section.trainings')).toContainText(topic);
  // the demo's customer 1 was given the first product's manual at a training
  await page.goto('/customers/1');
  await waitForHydration(page);
  const held = page.locator('section.held-documents');
  await expect(held.locator('tr[data-document]').first()).toBeVisible();
  await expect(held).toContainText(/Manual|使用说明书/);
  await noSeriousAxe(page, '/customers/1');
  clean();
});
