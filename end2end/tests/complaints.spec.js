// A complaint worked through its 8D steps in the browser: registered, contained, its root
// cause found, a corrective action owned by quality, verified by someone else, closed.
const { test, expect } = require('@playwright/test');
const { signIn, waitForHydration, watchConsole } = require('./helpers');

function chinaDate(days = 0) {
  return new Date(Date.now() + 8 * 3600 * 1000 + days * 86400 * 1000).toISOString().slice(0, 10);
}

test('service works a complaint through containment, cause, action, verification and closure', async ({ page }) => {
  const clean = watchConsole(page);
  await signIn(page, 'service');
  await page.goto('/complaints/new');
  await waitForHydration(page);
  await expect(page.locator('#f-product_id option')).not.toHaveCount(1);
  // nothing is saved without a customer and a product: the fields say why
  await page.getByRole('button', { name: /Register complaint|登记/ }).click();
  await expect(page.locator('#f-customer_id ~ .error')).not.toBeEmpty();
  await page.locator('#f-customer_id').selectOption({ index: 3 });
  await page.locator('#f-product_id').selectOption({ index: 2 });
  await page.locator('#f-severity').selectOption('critical');
  await page.locator('#f-category').selectOption('packaging');
  await page.locator('#f-description').fill('Three bags split on unloading; product spilled.');
  await page.getByRole('button', { name: /Register complaint|登记/ }).click();
  await page.waitForURL(/\/complaints\/\d+$/);
  await expect(page.locator('main h1')).toContainText('CMP-');

  const step = async (button) => {
    await page.getByRole('button', { name: button }).click();
  };
  await page.locator('#f-text').fill('Spilled product collected; replacement bags sent the same day.');
  await step(/Record containment|记录围堵措施/);
  await expect(page.locator('ol.steps li.done')).toHaveCount(1);
  await page.locator('#f-text').fill('Bag seams weakened by a new supplier lot.');
  await step(/Record root cause|记录根本原因/);
  await expect(page.locator('ol.steps li.done')).toHaveCount(2);
  await page.locator('#f-text').fill('Incoming inspection of bag seams; supplier lot returned.');
  await page.locator('#f-owner').fill('quality');
  await page.locator('#f-due_on').fill(chinaDate(0));
  await page.locator('#f-verify_on').fill(chinaDate(0));
  await step(/Set corrective action|制定纠正措施/);
  await expect(page.locator('ol.steps li.done')).toHaveCount(3);
  await page.locator('#f-evidence').fill('No split bags in the next twenty deliveries.');
  await page.locator('#f-effective-yes').check();
  await step(/Record verification|记录验证结果/);
  await expect(page.locator('main h1 .badge')).toHaveText(/Verified effective|已验证有效/);
  await step(/Close complaint|关闭投诉/);
  await expect(page.locator('main h1 .badge')).toHaveText(/Closed|已关闭/);
  await expect(page.locator('main form.record')).toHaveCount(0);
  clean();
});

test('quality stops a complained-of batch, recalls it, and prints the 8D report', async ({ browser, page }) => {
  const clean = watchConsole(page);
  // a batch of its own (demo product 5, polyaluminium chloride), passed by the lab
  const lab = await browser.newContext();
  expect((await lab.request.post('/api/v1/session', { data: { username: 'lab', password: 'demo' } })).status()).toBe(200);
  const made = await lab.request.post('/api/v1/batches', { data: { product_id: 5, batch_no: `PAC-CMP-${Date.now().toString().slice(-6)}`, quantity: 10, produced_on: chinaDate(-1) } });
  expect(made.status()).toBe(201);
  const batch = await made.json();
  const passed = await lab.request.post(`/api/v1/batches/${batch.id}/inspections`, { data: {
    final: true, results: [{ indicator: '氧化铝(Al2O3)', value: 30.4 }, { indicator: '盐基度', value: 65 }, { indicator: 'pH(1%水溶液)', value: 4.1 }],
  } });
  expect(passed.status(), await passed.text()).toBeLessThan(300);
  await lab.close();
  await signIn(page, 'quality');
  const res = await page.request.post('/api/v1/complaints', { data: {
    customer_id: 1, product_id: 5, batch_id: batch.id, severity: 'critical', category: 'quality',
    description: 'Solids content far below specification.',
  } });
  expect(res.status()).toBe(201);
  const complaint = await res.json();
  await page.goto(`/complaints/${complaint.id}`);
  await waitForHydration(page);
  const findings = page.locator('section.findings');
  await expect(findings).toBeVisible();
  await findings.locator('#f-responsible').fill('Production manager');
  await findings.getByRole('button', { name: /Record nonconforming product|登记不良品/ }).click();
  await expect(findings.locator('.badge', { hasText: /Nonconformity recorded|已登记不良品/ })).toBeVisible();
  expect((await (await page.request.get(`/api/v1/batches/${batch.id}`)).json()).status).toBe('nonconforming');
  // the recall needs its reason
  await findings.getByRole('button', { name: /Start a recall|启动召回/ }).click();
  await expect(findings.locator('#f-reason ~ .error')).not.toBeEmpty();
  await findings.locator('#f-reason').fill('Solids content out of specification at the customer.');
  await findings.getByRole('button', { name: /Start a recall|启动召回/ }).click();
  await expect(findings.locator('.badge', { hasText: /Recall started|已启动召回/ })).toBeVisible();
  await expect(findings.locator('form')).toHaveCount(0);
  // the 8D report
  await expect(page.getByRole('link', { name: /Print 8D report|打印 8D 报告/ })).toHaveAttribute('href', `/print/complaints/${complaint.id}/8d`);
  const print = await page.request.get(`/print/complaints/${complaint.id}/8d`);
  expect(print.status()).toBe(200);
  expect(await print.text()).toContain(complaint.number);
  // the register exports what its filter shows
  await page.goto('/complaints?customer_id=1');
  await waitForHydration(page);
  const csv = page.getByRole('link', { name: /Export CSV|导出 CSV/ });
  await expect(csv).toHaveAttribute('href', /\/api\/v1\/complaints\?format=csv&customer_id=1$/);
  const file = await page.request.get(await csv.getAttribute('href'));
  expect(file.status()).toBe(200);
  expect(await file.text()).toContain(complaint.number);
  clean();
});
