// The new-order form helps the sales desk: among 500 customers, typing part of a name finds
// the one wanted; each line shows its amount and the order its total as quantities change; a
// price other than the list price is marked as needing approval; and a hazardous product for
// a customer whose permit will be expired on the delivery date is flagged on the line before
// the server refuses it.
const { test, expect } = require('@playwright/test');
const { signIn, waitForHydration, watchConsole } = require('./helpers');

test('the order form finds customers among 500, follows the quantities and flags an expired permit', async ({ page, request }) => {
  const check = watchConsole(page);
  // the company has 500 customers
  const session = await request.post('/api/v1/session', { data: { username: 'sales', password: 'demo' } });
  expect(session.status()).toBe(200);
  const have = (await (await request.get('/api/v1/customers?limit=500')).json()).items.length;
  const stamp = Date.now().toString().slice(-5);
  const jobs = [];
  for (let k = have; k < 500; k++) {
    jobs.push(request.post('/api/v1/customers', { data: {
      code: `T${stamp}-${String(k).padStart(3, '0')}`, name: `测试客户 ${stamp}-${k} Trading Co.`, address: '上海市浦东新区 1 号',
      contact_name: '张三', contact_phone: '021-0000 0000', credit_rating: 'A', license_no: `91310000${stamp}${String(k).padStart(5, '0')}`,
    } }));
    if (jobs.length === 25) { for (const r of await Promise.all(jobs.splice(0))) expect(r.status(), await r.text()).toBeLessThan(300); }
  }
  for (const r of await Promise.all(jobs)) expect(r.status(), await r.text()).toBeLessThan(300);

  await signIn(page, 'sales');
  await page.goto('/orders/new');
  await waitForHydration(page);
  const customer = page.getByRole('combobox', { name: /Customer|客户/ });
  await customer.fill('清源');
  const option = page.getByRole('option', { name: /浙江清源水处理/ });
  await expect(option).toBeVisible();
  await expect(page.getByRole('option')).toHaveCount(1);
  await option.click();
  await expect(customer).toHaveValue(/C-003 浙江清源水处理科技有限公司/);

  // the delivery date: next month, when C-003's permit (expired 30 days ago) is no better
  const date = new Date(Date.now() + 8 * 3600000 + 20 * 86400000).toISOString().slice(0, 10);
  await page.getByLabel(/Requested delivery date|交货日期|Delivery date/).fill(date);

  const product = page.getByRole('combobox', { name: /Product 1|产品 1/ });
  await product.fill('PAC');
  await page.getByRole('option', { name: /P-PAC/ }).click();
  const line = page.locator('tr[data-line="0"]');
  const quantity = line.getByRole('spinbutton');
  await quantity.fill('2');
  const first = await line.locator('td.line-amount').innerText();
  expect(first).toMatch(/¥[\d,]+\.\d\d/);
  await quantity.fill('4');
  const doubled = await line.locator('td.line-amount').innerText();
  const yuan = (t) => Number(t.replace(/[¥,]/g, ''));
  expect(yuan(doubled)).toBeCloseTo(2 * yuan(first), 2);
  await expect(page.locator('#order-total')).toHaveText(doubled);
  await expect(line.locator('.flag')).toHaveCount(0);

  // a second line: a hazardous product, flagged for this customer; a price off the list
  await page.getByRole('button', { name: /Add line|添加/ }).click();
  const acid = page.getByRole('combobox', { name: /Product 2|产品 2/ });
  await acid.fill('HCL');
  await page.getByRole('option', { name: /P-HCL31/ }).click();
  const second = page.locator('tr[data-line="1"]');
  await expect(second.locator('.flag.bad')).toBeVisible();
  await second.getByRole('spinbutton').fill('3');
  await second.getByRole('textbox', { name: /Unit price|单价/ }).fill('1.00');
  await expect(second.locator('.flag.warn')).toBeVisible();
  const both = yuan(doubled) + 3;
  expect(yuan(await page.locator('#order-total').innerText())).toBeCloseTo(both, 2);
  await page.screenshot({ path: 'test-results/order-form.png', fullPage: true });

  // the server agrees: the hazardous line is refused
  await page.getByRole('button', { name: /Save|保存/ }).click();
  await expect(page.getByRole('alert').filter({ hasText: /permit|许可证/ }).first()).toBeVisible();
  check();
});
