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
