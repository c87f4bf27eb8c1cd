// The admin's settings in the browser: a make-up working day added to the calendar and a
// chemist put into R&D are still there after a reload, and the ticket limits refuse a zero.
const { test, expect } = require('@playwright/test');
const { signIn, waitForHydration, watchConsole } = require('./helpers');

test('the admin edits the calendar, the ticket limits and a department', async ({ page }) => {
  const clean = watchConsole(page);
  await signIn(page, 'admin');
  await page.goto('/admin/settings');
  await waitForHydration(page);
  await expect(page.locator('#f-hours-mon')).toHaveValue(/\d\d:\d\d-\d\d:\d\d/);
  const workdays = page.locator('#f-workdays');
  const before = await workdays.inputValue();
  await workdays.fill(`${before} 2027-02-07`.trim());
  await page.getByRole('button', { name: /Save calendar|保存日历/ }).click();
  await expect(page.locator('form.record').first().locator('.banner.ok')).toBeVisible();

  await page.locator('#f-urgent-response').fill('0');
  await page.getByRole('button', { name: /Save limits|保存时限/ }).click();
  await expect(page.locator('form.record').nth(1).locator('[role=alert]').last()).not.toBeEmpty();
  await page.locator('#f-urgent-response').fill('3');
  await page.getByRole('button', { name: /Save limits|保存时限/ }).click();
  await expect(page.locator('form.record').nth(1).locator('.banner.ok')).toBeVisible();

  const rd = page.locator('form.department[data-department="rd"]');
  await rd.locator('#f-dept-rd-lab').check();
  await rd.getByRole('button', { name: /Save members|保存成员/ }).click();
  await expect(rd.locator('#f-dept-rd-lab')).toBeChecked();

  await page.reload();
  await waitForHydration(page);
  await expect(page.locator('#f-workdays')).toHaveValue(/2027-02-07/);
  await expect(page.locator('#f-urgent-response')).toHaveValue('3');
  await expect(page.locator('form.department[data-department="rd"] #f-dept-rd-lab')).toBeChecked();
  clean();
});
