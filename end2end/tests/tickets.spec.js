// A service ticket in the browser: the service desk records a repair request, responds and
// resolves it; the customer confirms the result on a phone through the single-use link, and
// the desk's open ticket page shows it closed without a reload.
const { test, expect } = require('@playwright/test');
const { signIn, waitForHydration, watchConsole } = require('./helpers');

test('a repair is recorded, resolved and confirmed by the customer on a phone', async ({ page, browser }) => {
  const clean = watchConsole(page);
  await signIn(page, 'service');
  await page.goto('/tickets/new');
  await waitForHydration(page);
  await expect(page.locator('#f-customer_id option')).not.toHaveCount(1);
  // nothing is saved without a customer and a description: the fields say why
  await page.getByRole('button', { name: /Record the ticket|保存服务单/ }).click();
  await expect(page.locator('#f-customer_id ~ .error')).not.toBeEmpty();
  await page.locator('#f-customer_id').selectOption({ index: 2 });
  await page.locator('#f-product_id').selectOption({ index: 1 });
  await page.locator('#f-kind').selectOption('repair');
  await page.locator('#f-urgency').selectOption('urgent');
  await page.locator('#f-description').fill('Dosing pump stops every hour.');
  await page.getByRole('button', { name: /Record the ticket|保存服务单/ }).click();
  await page.waitForURL(/\/tickets\/\d+$/);
  await expect(page.locator('main h1')).toContainText('SVC-');

  await page.locator('#f-respond-response').fill('Engineer Wang calls back within the hour.');
  await page.getByRole('button', { name: /Record the first response|记录首次响应/ }).click();
  await expect(page.locator('main p.muted').first()).toHaveText(/In progress|处理中/);
  await page.locator('#f-resolve-result').fill('Float switch replaced; pump runs continuously.');
  await page.locator('#f-fee').fill('120');
  await page.getByRole('button', { name: /^(Resolve|解决)$/ }).click();
  const link = page.locator('a.link-out');
  await expect(link).toHaveText(/\/confirm\//);
  const href = await link.getAttribute('href');

  // the customer, on a phone, no account, in Chinese
  const phone = await browser.newContext({
    viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true,
    locale: 'zh-CN', extraHTTPHeaders: { 'Accept-Language': 'zh-CN' },
  });
  const customer = await phone.newPage();
  await customer.goto(href);
  await expect(customer.getByRole('heading', { level: 1 })).toContainText('服务结果确认');
  await expect(customer.locator('body')).toContainText('Float switch replaced');
  const width = await customer.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(390);
  await customer.locator('input[name="satisfied"][value="yes"]').check({ force: true });
  await customer.getByRole('button', { name: '确认' }).click();
  await expect(customer.locator('body')).toContainText('谢谢');
  // the link is spent
  await customer.goto(href);
  await expect(customer.locator('p.banner')).toContainText('已确认');
  await phone.close();

  // the desk's page followed without a reload
  await expect(page.locator('main p.muted').first()).toHaveText(/Closed|已关闭/);
  await expect(page.locator('main')).toContainText(/Satisfied|满意/);
  await expect(page.locator('main form.record')).toHaveCount(0);
  clean();
});
