// The release gate in the browser: the emergency path from the sales request to the recall
// on a manager's open dashboard, and the quality certificate's print view in both languages.
const { test, expect } = require('@playwright/test');
const { waitForHydration, watchConsole } = require('./helpers');

const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

function inDays(n) {
  return new Date(Date.now() + n * 86400000).toISOString().slice(0, 10);
}

// A browser context signed in through the API (the page shares its cookie).
async function as(browser, username, locale = 'en-US') {
  const ctx = await browser.newContext({ locale, extraHTTPHeaders: { 'Accept-Language': locale } });
  const res = await ctx.request.post('/api/v1/session', { data: { username, password: 'demo' } });
  expect(res.status()).toBe(200);
  return ctx;
}

async function api(ctx, method, url, data) {
  const res = await ctx.request.fetch(url, { method, data });
  expect(res.status(), `${method} ${url}: ${await res.text()}`).toBeLessThan(300);
  return res.json();
}

// Polyaluminium chloride (demo product 5): Al2O3 ≥ 29 %, basicity 40–90 %, pH 3.5–5.0.
const PAC = { al: '氧化铝(Al2O3)', basicity: '盐基度', ph: 'pH(1%水溶液)' };

test('emergency release: request, deputy GM approval, marked note, failed inspection, recall on the dashboard', async ({ browser }) => {
  const stamp = Date.now().toString().slice(-6);
  const batchNo = `PAC-E2E-${stamp}`;
  // a manager watches the approvals board from the start
  const watcher = await as(browser, 'sales_manager');
  const watch = await watcher.newPage();
  await watch.goto('/approvals');
  await waitForHydration(watch);
  await expect(watch.getByRole('heading', { name: /Recalls in progress/ })).toBeVisible();

  // the preconditions through the API: an approved order, a batch in inspection, a draft note
  const salesCtx = await as(browser, 'sales');
  const gmCtx = await as(browser, 'deputy_gm');
  const labCtx = await as(browser, 'lab');
  const order = await api(salesCtx, 'POST', '/api/v1/orders', {
    customer_id: 2, requested_delivery_date: inDays(3), lines: [{ product_id: 5, quantity: 4 }],
  });
  await api(salesCtx, 'POST', `/api/v1/orders/${order.id}/submit`, {});
  await api(gmCtx, 'POST', `/api/v1/orders/${order.id}/approve`, {});
  const batch = await api(labCtx, 'POST', '/api/v1/batches', { product_id: 5, batch_no: batchNo, quantity: 10, produced_on: inDays(-1) });
  await api(labCtx, 'POST', `/api/v1/batches/${batch.id}/inspections`, { final: false, results: [{ indicator: PAC.al, value: 30.1 }] });
  const note = await api(salesCtx, 'POST', '/api/v1/delivery-notes', {
    order_id: order.id, delivery_date: inDays(2), lines: [{ order_line_id: order.lines[0].id, quantity: 4 }],
  });

  // sales requests the emergency release on the note's page
  const sales = await salesCtx.newPage();
  const check = watchConsole(sales);
  await sales.goto(`/delivery-notes/${note.id}`);
  await waitForHydration(sales);
  await sales.getByText('Request emergency release').click();
  await sales.getByLabel('Batch *').selectOption({ label: `${batchNo} · 聚合氯化铝 · Inspecting` });
  await sales.getByLabel('Reason for the release *').fill('The customer\'s water plant runs out on Friday');
  await sales.getByLabel('Risk level').selectOption('medium');
  await sales.getByLabel('Risk assessment *').fill('Interim Al2O3 30.1 % within limits; basicity and pH pending');
  await sales.getByLabel('Customer consent given by *').fill('王工, plant manager');
  await sales.getByLabel('How consent was given').fill('phone, confirmed by e-mail');
  await sales.getByLabel('Consent date *').fill(inDays(0));
  await sales.getByLabel('Retained sample no. *').fill(`RS-${stamp}`);
  await sales.getByRole('button', { name: 'Submit request' }).click();
  // the request shows on the note, pending, with the retained sample
  const releases = sales.locator('ul.releases');
  await expect(releases).toContainText('Pending');
  await expect(releases).toContainText(`RS-${stamp}`);
  check();

  // the deputy GM approves it from the approvals board
  const gm = await gmCtx.newPage();
  await gm.goto('/approvals');
  await waitForHydration(gm);
  const approve = gm.getByRole('button', { name: new RegExp(`Approve ${batchNo}`) });
  await expect(approve).toBeVisible();
  await approve.click();
  await expect(approve).toHaveCount(0, { timeout: 15_000 });

  // the note now carries the batch with the special mark, without a reload
  await expect(releases).toContainText('deputy_gm', { timeout: 15_000 });
  const line = sales.locator('tbody tr').first();
  await expect(line.getByRole('link', { name: batchNo })).toBeVisible({ timeout: 15_000 });
  await expect(line.getByText('⚠ Emergency release')).toBeVisible();
  await expect(sales.getByRole('heading', { level: 1 }).locator('..').getByText('⚠ Emergency release')).toBeVisible();
  // and the watcher sees the batch among the released-but-uninspected
  await expect(watch.getByRole('link', { name: batchNo }).first()).toBeVisible({ timeout: 15_000 });

  // the note goes out: approval, driver, loading, receipt
  const managerCtx = watcher;
  await api(managerCtx, 'POST', `/api/v1/delivery-notes/${note.id}/approve`, {});
  const logistics = await as(browser, 'logistics');
  await api(logistics, 'POST', `/api/v1/delivery-notes/${note.id}/assign`, { driver_username: 'driver', vehicle: '浙A·E2E01' });
  const warehouse = await as(browser, 'warehouse');
  const loaded = await api(warehouse, 'POST', `/api/v1/delivery-notes/${note.id}/load`, { packaging_ok: true, labels_ok: true, warehouse_signature: PNG, driver_signature: PNG });
  const driver = await as(browser, 'driver');
  await api(driver, 'POST', `/api/v1/delivery-notes/${note.id}/receipt`, {
    receiver_name: '李四', signature: PNG, received_at: new Date().toISOString(), lines: [{ line_id: loaded.lines[0].id, received_quantity: 4 }],
  });

  // the laboratory's final result fails
  const lab = await labCtx.newPage();
  const labCheck = watchConsole(lab);
  await lab.goto(`/batches/${batch.id}`);
  await waitForHydration(lab);
  await lab.getByLabel(PAC.al, { exact: true }).fill('27.5');
  await lab.getByLabel(PAC.basicity, { exact: true }).fill('60');
  await lab.getByLabel(PAC.ph, { exact: true }).fill('4.2');
  await lab.getByLabel(/Final result/).check();
  await lab.getByRole('button', { name: 'Save results' }).click();
  await expect(lab.getByText('Nonconforming', { exact: true }).first()).toBeVisible({ timeout: 15_000 });
  labCheck();

  // the recall is on the manager's open dashboard at once, naming the batch
  const recalls = watch.locator('table.recalls');
  await expect(recalls.getByRole('link', { name: batchNo })).toBeVisible({ timeout: 15_000 });
  await expect(recalls.getByRole('link', { name: /^RC-\d{4}-\d{6}$/ }).first()).toBeVisible();
  await watch.screenshot({ path: 'test-results/approvals-recall.png', fullPage: true });

  // and the recall page lists the customer and the quantity to bring back
  await watch.goto('/recalls');
  const card = watch.locator('article.recall', { hasText: batchNo });
  await expect(card).toContainText('4');
  await expect(card.locator('tbody tr')).toHaveCount(1);
  for (const c of [watcher, salesCtx, gmCtx, labCtx, logistics, warehouse, driver]) await c.close();
});

test('the quality certificate prints in English and Chinese with the indicator table', async ({ browser }) => {
  const stamp = Date.now().toString().slice(-6);
  const labCtx = await as(browser, 'lab');
  const batch = await api(labCtx, 'POST', '/api/v1/batches', { product_id: 5, batch_no: `PAC-QC-${stamp}`, quantity: 12, produced_on: inDays(-1) });
  const passed = await api(labCtx, 'POST', `/api/v1/batches/${batch.id}/inspections`, {
    final: true, results: [{ indicator: PAC.al, value: 30.4 }, { indicator: PAC.basicity, value: 65 }, { indicator: PAC.ph, value: 4.1 }],
  });
  expect(passed.certificate_no).toMatch(/^QC-\d{4}-\d{6}$/);
  const page = await labCtx.newPage();
  for (const [lang, title, conclusion, limit] of [
    ['en', 'Product Quality Certificate', 'meets the technical indicators', 'Specification'],
    ['zh', '产品质量合格证', '符合上述技术指标', '指标要求'],
  ]) {
    await page.setViewportSize({ width: 794, height: 1123 });
    await page.goto(`/print/batches/${batch.id}/certificate?lang=${lang}`);
    await expect(page.locator('html')).toHaveAttribute('lang', lang === 'en' ? 'en' : 'zh-CN');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
    await expect(page.getByText(passed.certificate_no)).toBeVisible();
    await expect(page.getByRole('columnheader', { name: limit })).toBeVisible();
    const al = page.locator('tr', { hasText: PAC.al });
    await expect(al).toContainText('≥ 29');
    await expect(al).toContainText('30.4');
    await expect(page.locator('tr', { hasText: PAC.basicity })).toContainText('40 – 90');
    await expect(page.getByText(conclusion)).toBeVisible();
    await page.screenshot({ path: `test-results/certificate-${lang}.png`, fullPage: true });
  }
  // the batch label carries a QR code once the batch is in stock
  const warehouse = await as(browser, 'warehouse');
  await api(warehouse, 'POST', `/api/v1/batches/${batch.id}/stock-in`, { certificate_no: passed.certificate_no });
  await page.goto(`/print/batches/${batch.id}/label?lang=zh`);
  await expect(page.locator('svg[role="img"]')).toBeVisible();
  await expect(page.getByText(`PAC-QC-${stamp}`)).toBeVisible();
  await Promise.all([labCtx.close(), warehouse.close()]);
});
