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

test('quality stops a complained-of batch, recalls it, and prints the 8D report', async ({ page }) => {
  const clean = watchConsole(page);
  await signIn(page, 'quality');
  // an old delivered note's batch, so the demo's fresh work is left alone
  const notes = await (await page.request.get('/api/v1/delivery-notes?status=delivered&limit=50')).json();
  let target = null;
  for (const n of (notes.items || []).reverse()) {
    const full = await (await page.request.get(`/api/v1/delivery-notes/${n.id}`)).json();
    const line = full.lines.find((l) => l.batch_id);
    if (line) { target = { batch: line.batch_id, product: line.product_id, customer: full.customer_id, note: full.id }; break; }
  }
  test.skip(!target, 'the demo has no delivered batch');
  const res = await page.request.post('/api/v1/complaints', { data: {
    customer_id: target.customer, product_id: target.product, batch_id: target.batch, delivery_note_id: target.note,
    severity: 'critical', category: 'quality', description: 'Solids content far below specification.',
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
  // the recall needs its reason
  await findings.getByRole('button', { name: /Start a recall|启动召回/ }).click();
  await expect(findings.locator('#f-reason ~ .error')).not.toBeEmpty();
  await findings.locator('#f-reason').fill('Solids content out of specification at the customer.');
  await findings.getByRole('button', { name: /Start a recall|启动召回/ }).click();
  await expect(findings.locator('.badge', { hasText: /Recall started|已启动召回/ })).toBeVisible();
  await expect(findings.locator('form')).toHaveCount(0);
  // the 8D report
  const print = await page.request.get(`/print/complaints/${complaint.id}/8d`);
  expect(print.status()).toBe(200);
  expect(await print.text()).toContain(complaint.number);
  await expect(page.getByRole('link', { name: /Print 8D report|打印 8D 报告/ })).toHaveAttribute('href', `/print/complaints/${complaint.id}/8d`);
  // the register exports what its filter shows
  await page.goto(`/complaints?customer_id=${target.customer}`);
  await waitForHydration(page);
  const csv = page.getByRole('link', { name: /Export CSV|导出 CSV/ });
  await expect(csv).toHaveAttribute('href', new RegExp(`/api/v1/complaints\\?format=csv&customer_id=${target.customer}`));
  const file = await page.request.get(await csv.getAttribute('href'));
  expect(file.status()).toBe(200);
  expect(await file.text()).toContain(complaint.number);
  clean();
});
