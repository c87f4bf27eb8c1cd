// Orders: sales creates and submits an order; the deputy GM approves it from the approvals
// dashboard; a dashboard open in a second browser sees it arrive and leave without a reload.
const { test, expect } = require('@playwright/test');
const { signIn, waitForHydration, watchConsole, watchWasm } = require('./helpers');

function inDays(n) {
  const d = new Date(Date.now() + n * 86400000);
  return d.toISOString().slice(0, 10);
}

test('an order goes from sales to the deputy GM, and open dashboards update live', async ({ browser }) => {
  // a manager watches the dashboard in a second browser
  const watcher = await browser.newContext({ locale: 'en-US' });
  const watch = await watcher.newPage();
  await signIn(watch, 'executive');
  await watch.goto('/approvals');
  await waitForHydration(watch);
  await expect(watch.getByRole('heading', { name: 'Everything pending' })).toBeVisible();

  const salesCtx = await browser.newContext({ locale: 'en-US' });
  const sales = await salesCtx.newPage();
  const check = watchConsole(sales);
  await signIn(sales, 'sales');
  await sales.goto('/orders/new');
  await waitForHydration(sales);
  await sales.getByRole('combobox', { name: 'Customer' }).fill('C-007');
  await sales.getByRole('option', { name: /C-007 安徽皖江造纸/ }).click();
  await sales.getByLabel('Delivery date').fill(inDays(20));
  await sales.getByLabel('Contract no.').fill('HT-E2E-001');
  await sales.getByRole('combobox', { name: 'Product 1' }).fill('CACL2');
  await sales.getByRole('option', { name: /P-CACL2 氯化钙/ }).click();
  await sales.getByLabel('Quantity 1').fill('7.5');
  await sales.getByRole('button', { name: 'Save' }).click();
  await expect(sales).toHaveURL(/\/orders\/\d+$/);
  // the order's page arrives in its own chunk: wait for it rather than read the form's heading
  await expect(sales.getByRole('heading', { level: 1 })).toHaveText(/^SO-/);
  const number = (await sales.getByRole('heading', { level: 1 }).textContent()).split(' · ')[0];
  expect(number).toMatch(/^SO-\d{4}-\d{6}$/);
  await expect(sales.getByText('Draft', { exact: true })).toBeVisible();
  await sales.getByRole('button', { name: 'Submit for approval' }).click();
  await expect(sales.getByText('Submitted', { exact: true })).toBeVisible();
  check();

  // the watcher's dashboard shows it without a reload
  await expect(watch.getByRole('link', { name: new RegExp(number) })).toBeVisible({ timeout: 15_000 });

  const gmCtx = await browser.newContext({ locale: 'en-US' });
  const gm = await gmCtx.newPage();
  await signIn(gm, 'deputy_gm');
  await gm.goto('/approvals');
  await waitForHydration(gm);
  const mine = gm.getByRole('table').first();
  await mine.getByRole('button', { name: `Approve ${number}` }).click();
  await expect(gm.getByRole('link', { name: new RegExp(number) })).toHaveCount(0, { timeout: 15_000 });

  // and it disappears from the watcher's dashboard, again without a reload
  await expect(watch.getByRole('link', { name: new RegExp(number) })).toHaveCount(0, { timeout: 15_000 });

  await sales.reload();
  await expect(sales.getByText('Approved', { exact: true }).first()).toBeVisible();
  await expect(sales.getByText('deputy_gm').first()).toBeVisible();
  await Promise.all([watcher.close(), salesCtx.close(), gmCtx.close()]);
});

test('the register filters by status and the ledger offers its exports', async ({ browser }) => {
  const ctx = await browser.newContext({ locale: 'zh-CN', extraHTTPHeaders: { 'Accept-Language': 'zh-CN' } });
  const page = await ctx.newPage();
  await signIn(page, 'sales_manager');
  await page.goto('/orders?status=submitted');
  await expect(page.getByRole('heading', { name: '合同/订单' })).toBeVisible();
  const rows = page.locator('tbody tr');
  await expect(rows.first()).toBeVisible();
  for (const text of await rows.allTextContents()) expect(text).toContain('待审批');
  await page.goto('/ledger');
  await expect(page.getByRole('link', { name: '导出 Excel' })).toHaveAttribute('href', /format=xlsx/);
  const csv = await page.request.get('/api/v1/ledger?format=csv');
  expect(csv.status()).toBe(200);
  await ctx.close();
});

test("an order's rarely used forms arrive when first opened, and record a negotiated date", async ({ browser }) => {
  const ctx = await browser.newContext({ locale: 'en-US' });
  const page = await ctx.newPage();
  const check = watchConsole(page);
  const fetched = watchWasm(page);
  await signIn(page, 'sales');
  await page.goto('/orders?status=approved');
  await waitForHydration(page);
  await page.locator('tbody a').first().click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^SO-/);
  const formCode = (f) => /date_change_form|amend_form|draft_form/.test(f);
  // the forms are closed sections whose code has not been fetched
  await expect(page.getByText('Request an amendment')).toBeVisible();
  await expect(page.getByLabel('Agreed by (customer)')).toHaveCount(0);
  expect(fetched.filter(formCode)).toEqual([]);

  const section = page.locator('details', { hasText: 'Record a negotiated delivery date' });
  await section.locator('summary').click();
  await expect(section.getByLabel('Agreed by (customer)')).toBeVisible();
  expect(fetched.filter(formCode).length).toBeGreaterThan(0);
  const date = new Date(Date.now() + 45 * 86400000).toISOString().slice(0, 10);
  await section.getByLabel('New delivery date').fill(date);
  await section.getByLabel('Reason').fill('customer asked for later delivery (e2e)');
  await section.getByLabel('Agreed by (customer)').fill('王经理');
  await section.getByLabel('Agreed on').fill(new Date().toISOString().slice(0, 10));
  await section.getByRole('button', { name: 'Record a negotiated delivery date' }).click();
  // the order shows the change (live, without a reload)
  await expect(page.getByText('customer asked for later delivery (e2e)')).toBeVisible({ timeout: 15_000 });
  await expect(page.getByText(`→ ${date}`)).toBeVisible();
  check();
  await ctx.close();
});
