// The half-year survey: a customer answers on a phone without an account, and the sales
// manager's open trends dashboard shows the new response without a reload; each chart draws
// its target line, with a table beside it for screen readers.
const { test, expect } = require('@playwright/test');
const { signIn, waitForHydration, watchConsole, watchWasm } = require('./helpers');

test('a customer answers on a phone and the manager\'s dashboard updates live', async ({ browser }) => {
  const desk = await browser.newContext({ locale: 'en-US', extraHTTPHeaders: { 'Accept-Language': 'en-US' } });
  const manager = await desk.newPage();
  const noErrors = watchConsole(manager);
  await signIn(manager, 'sales_manager');
  await manager.goto('/satisfaction');
  await waitForHydration(manager);

  // four charts, each with the dashed target line at the target (4.0 in the demo)
  const charts = manager.locator('figure.chart-card svg.trend');
  await expect(charts).toHaveCount(4);
  await expect(manager.locator('svg.trend line.target-line[data-target="4"]')).toHaveCount(4);
  await expect(manager.locator('figure[data-dimension="delivery"] .badge.bad')).toBeVisible();
  // the table fallback names every period and dimension
  await expect(manager.locator('table.trend-table caption')).toHaveCount(1);
  await expect(manager.locator('table.trend-table tbody tr')).toHaveCount(8);

  // the open survey of this half year, and a link nobody has used yet
  const board = await (await desk.request.get('/api/v1/dashboards/satisfaction')).json();
  const latest = board.periods[board.periods.length - 1];
  expect(latest.status).toBe('open');
  const period = await (await desk.request.get(`/api/v1/survey-periods/${latest.id}`)).json();
  const link = period.links.find((l) => !l.answered);
  const lead = manager.locator('p.lead');
  await expect(lead).toContainText(`(${latest.answered}/${latest.links})`);

  // the customer, on a phone, no account
  const phone = await browser.newContext({
    viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true,
    locale: 'zh-CN', extraHTTPHeaders: { 'Accept-Language': 'zh-CN' },
  });
  const customer = await phone.newPage();
  await customer.goto(`/survey/${link.token}`);
  await expect(customer.getByRole('heading', { level: 1 })).toContainText('客户满意度调查');
  const width = await customer.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(390);
  for (const [dim, score] of [['quality', 5], ['delivery', 2], ['service', 4], ['price', 4]]) {
    await customer.locator(`input[name="${dim}"][value="${score}"]`).check({ force: true });
  }
  await customer.locator('#comment').fill('上周送货晚了两天。');
  await customer.getByRole('button', { name: '提交' }).click();
  await expect(customer.locator('body')).toContainText('谢谢');
  // the link is spent
  await customer.goto(`/survey/${link.token}`);
  await expect(customer.locator('body')).toContainText('已经填写过');

  // the manager's page moved on by itself
  await expect(lead).toContainText(`(${latest.answered + 1}/${latest.links})`);
  await expect(manager.locator('table.low-scores')).toContainText('上周送货晚了两天。');
  noErrors();
  await phone.close();
  await desk.close();
});

test('the manager drills down from a period to the customers behind low delivery scores', async ({ browser }) => {
  const desk = await browser.newContext({ locale: 'en-US', extraHTTPHeaders: { 'Accept-Language': 'en-US' } });
  const page = await desk.newPage();
  const noErrors = watchConsole(page);
  await signIn(page, 'sales_manager');
  await page.goto('/satisfaction');
  await waitForHydration(page);
  // the newest closed period: delivery below target and declining, one corrective action
  await page.locator('table.trend-table tbody tr').nth(1).locator('a').click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('closed');
  await page.locator('table').first().getByRole('row', { name: /Delivery on time/ }).getByRole('link').click();
  await expect(page.locator('#low')).toContainText('Delivery on time');
  const rows = page.locator('table.low-scores tbody tr');
  expect(await rows.count()).toBeGreaterThan(0);
  await expect(rows.first()).toContainText('Delivery on time');
  // its corrective action, worked by the sales department
  await page.getByRole('link', { name: /^CA-/ }).first().click();
  await expect(page.locator('#ca-cause_analysis')).toBeVisible();
  await page.locator('#ca-cause_analysis').fill('Carrier short of trucks in peak season');
  await page.getByRole('button', { name: 'Save and close' }).click();
  await expect(page.locator('.field.invalid')).toHaveCount(1);
  noErrors();
  await desk.close();
});

test("the dashboard's tool panels load their forms when first opened, and save", async ({ browser }) => {
  const desk = await browser.newContext({ locale: 'en-US', extraHTTPHeaders: { 'Accept-Language': 'en-US' } });
  const manager = await desk.newPage();
  const noErrors = watchConsole(manager);
  const fetched = watchWasm(manager);
  await signIn(manager, 'sales_manager');
  await manager.goto('/satisfaction');
  await waitForHydration(manager);
  const formCode = (f) => /targets_form|open_period_form/.test(f);
  const targets = manager.locator('details', { hasText: 'Targets per dimension' });
  await expect(targets).toBeVisible();
  await expect(manager.locator('#target-quality')).toHaveCount(0);
  expect(fetched.filter(formCode)).toEqual([]);

  await targets.locator('summary').click();
  await expect(manager.locator('#target-quality')).toHaveValue('4.00');
  expect(fetched.filter(formCode).length).toBeGreaterThan(0);
  // saving the same targets is accepted and changes nothing on the charts; the dashboard
  // redraws live, and the open panel keeps its form
  const saved = manager.waitForResponse((r) => r.url().includes('/api/save_targets'));
  await targets.getByRole('button', { name: 'Save' }).click();
  expect((await saved).status()).toBe(200);
  await expect(manager.locator('svg.trend line.target-line[data-target="4"]')).toHaveCount(4);
  await expect(manager.locator('#target-quality')).toHaveValue('4.00');

  // the other panel loads its form the same way
  const open = manager.locator('details', { hasText: 'Open a survey for a half year' });
  await open.locator('summary').click();
  await expect(open.locator('#survey-year')).toBeVisible();
  noErrors();
  await desk.close();
});
