// The service desk: an inquiry taken by phone is recorded with the time the customer called,
// shows its time limit, and is answered with the departments consulted.
const { test, expect } = require('@playwright/test');
const { signIn, waitForHydration, watchConsole } = require('./helpers');

test('service records a back-dated inquiry and answers it', async ({ page }) => {
  const clean = watchConsole(page);
  await signIn(page, 'service');
  await page.goto('/inquiries');
  await waitForHydration(page);
  // the demo's open inquiries are listed with their time limit
  await expect(page.locator('main table tbody tr').first()).toBeVisible();
  await page.getByRole('link', { name: /New inquiry|登记咨询/ }).click();
  await page.waitForURL('**/inquiries/new');
  await expect(page.locator('#f-customer_id option')).not.toHaveCount(1);
  await page.locator('#f-customer_id').selectOption({ index: 2 });
  await page.locator('#f-channel').selectOption('fax');
  // a date in the future is refused, field by field, and nothing is saved
  await page.locator('#f-received_at').fill('2099-01-01T09:00');
  await page.locator('#f-question').fill('Can the 25 kg bags be stacked five high?');
  await page.getByRole('button', { name: /Record inquiry|登记/ }).click();
  await expect(page.locator('#f-received_at ~ .error')).toContainText(/future|晚于/);
  const earlier = new Date(Date.now() - 2 * 3600 * 1000 + 8 * 3600 * 1000).toISOString().slice(0, 16);
  await page.locator('#f-received_at').fill(earlier);
  await page.getByRole('button', { name: /Record inquiry|登记/ }).click();
  await page.waitForURL(/\/inquiries\/\d+$/);
  await expect(page.locator('main h1')).toContainText('INQ-');
  await expect(page.locator('main')).toContainText('Can the 25 kg bags be stacked five high?');

  await page.locator('#f-answer').fill('Yes, up to five high on pallets, in the dry.');
  await page.getByLabel(/^Warehouse$|^仓库$/).check();
  await page.getByRole('button', { name: /Record answer|保存答复/ }).click();
  await expect(page.locator('main')).toContainText('Yes, up to five high on pallets');
  await expect(page.locator('main h1 .badge')).toHaveText(/Met|按时完成|Missed|超时完成/);
  await expect(page.locator('#f-answer')).toHaveCount(0);

  // the customer was not satisfied after all: a complaint opened from the inquiry carries its facts
  const number = (await page.locator('main h1').innerText()).match(/INQ-\d{4}-\d{4}/)[0];
  await page.getByRole('link', { name: /Register a complaint from this inquiry|据此登记投诉/ }).click();
  await page.waitForURL('**/complaints/new?**');
  await waitForHydration(page);
  await expect(page.locator('#f-description')).toHaveValue(new RegExp(`^${number}: Can the 25 kg bags`));
  await expect(page.locator('#f-channel')).toHaveValue('fax');
  await expect(page.locator('#f-received_at')).toHaveValue(earlier);
  expect(await page.locator('#f-customer_id').inputValue()).not.toBe('0');
  await page.locator('#f-product_id').selectOption({ index: 1 });
  await page.locator('#f-category').selectOption('packaging');
  await page.getByRole('button', { name: /Register complaint|登记/ }).click();
  await page.waitForURL(/\/complaints\/\d+$/);
  await expect(page.locator('main')).toContainText(number);
  await expect(page.locator('main')).toContainText(/Fax|传真/);
  clean();
});
