// The quarterly feedback analysis in the browser: service opens this quarter's figures beside
// the quarter before, issues them to the departments, and quality acknowledges for its
// department in a second browser; the service desk's page follows without a reload.
const { test, expect } = require('@playwright/test');
const { AxeBuilder } = require('@axe-core/playwright');
const { signIn, waitForHydration, watchConsole } = require('./helpers');

test('the quarterly analysis is issued and a department acknowledges it', async ({ page, browser }) => {
  const clean = watchConsole(page);
  await signIn(page, 'service');
  await page.goto('/feedback');
  await waitForHydration(page);
  await expect(page.locator('table.figures tbody tr').first()).toBeVisible();
  await expect(page.locator('.chart svg')).toBeVisible();
  await expect(page.getByText(/Not issued yet|尚未发布/)).toBeVisible();
  const axe = await new AxeBuilder({ page }).analyze();
  expect(axe.violations.filter((v) => ['serious', 'critical'].includes(v.impact)).map((v) => v.id)).toEqual([]);
  await page.getByRole('button', { name: /Issue to the departments|发送至各部门/ }).click();
  await expect(page.getByText(/Issued by service|service 于/)).toBeVisible();
  await expect(page.getByRole('link', { name: /Excel workbook|Excel 工作簿/ })).toBeVisible();

  const other = await (await browser.newContext()).newPage();
  await signIn(other, 'quality');
  await other.goto('/feedback');
  await waitForHydration(other);
  await other.getByRole('button', { name: /Acknowledge for my department|本部门确认/ }).click();
  await expect(other.locator('li[data-department="quality"]')).toContainText('quality ·');

  // the service desk's page followed
  await expect(page.locator('li[data-department="quality"]')).toContainText('quality ·');
  clean();
});
