// The service board and liaison forms in the browser: the board open in one browser follows a
// new inquiry recorded in another without a reload; a liaison form goes from sales to the
// quality department and back to sales for verification, each page following the others live.
const { test, expect } = require('@playwright/test');
const { signIn, waitForHydration, watchConsole } = require('./helpers');

test('the open service board counts a new inquiry without a reload', async ({ browser }) => {
  const managerCtx = await browser.newContext();
  const board = await managerCtx.newPage();
  const clean = watchConsole(board);
  await signIn(board, 'sales_manager');
  await board.goto('/service');
  await waitForHydration(board);
  const onTime = board.locator('tr[data-record="inquiry"] td.on-time');
  const before = Number(await onTime.innerText());
  await expect(board.locator('svg.bars')).toHaveCount(2);
  await expect(board.locator('table.times tbody tr')).toHaveCount(12);

  const deskCtx = await browser.newContext();
  const desk = await deskCtx.newPage();
  await signIn(desk, 'service');
  await desk.goto('/inquiries/new');
  await waitForHydration(desk);
  await expect(desk.locator('#f-customer_id option')).not.toHaveCount(1);
  await desk.locator('#f-customer_id').selectOption({ index: 3 });
  await desk.locator('#f-question').fill('Can PAC-30 be stored outdoors under a tarpaulin?');
  await desk.getByRole('button', { name: /Record inquiry|登记/ }).click();
  await desk.waitForURL(/\/inquiries\/\d+$/);

  await expect(onTime).toHaveText(String(before + 1));
  await deskCtx.close();
  clean();
  await managerCtx.close();
});

test('a liaison form goes to quality and back to sales, each page following live', async ({ browser }) => {
  const salesCtx = await browser.newContext();
  const sales = await salesCtx.newPage();
  const clean = watchConsole(sales);
  await signIn(sales, 'sales');
  await sales.goto('/liaison-forms/new');
  await waitForHydration(sales);
  await expect(sales.locator('#f-customer_id option')).not.toHaveCount(1);
  // nothing is saved without a description
  await sales.locator('#f-customer_id').selectOption({ index: 2 });
  await sales.getByRole('button', { name: /^(Save|保存)$/ }).click();
  await expect(sales.locator('#f-description ~ .error')).not.toBeEmpty();
  await sales.locator('#f-kind').selectOption('suggestion');
  await sales.locator('#f-description').fill('Print the batch number on the drum lid as well.');
  await sales.locator('#f-department').selectOption('quality');
  await sales.getByRole('button', { name: /^(Save|保存)$/ }).click();
  await sales.waitForURL(/\/liaison-forms\/\d+$/);
  await expect(sales.locator('main h1')).toContainText('LF-');
  const url = sales.url();
  const stage = sales.locator('main p.muted').first();
  await expect(stage).toHaveText(/Routed|已转交/);
  // sales may route it elsewhere until acknowledged, but not take the department's steps
  await expect(sales.locator('#f-route-department')).toBeVisible();
  await expect(sales.getByRole('button', { name: /Acknowledge receipt|签收/ })).toHaveCount(0);

  const qualityCtx = await browser.newContext();
  const quality = await qualityCtx.newPage();
  await signIn(quality, 'quality');
  await quality.goto(url);
  await waitForHydration(quality);
  await quality.getByRole('button', { name: /Acknowledge receipt|签收/ }).click();
  await expect(stage).toHaveText(/Acknowledged|部门已签收/);
  await quality.locator('#f-analysis-text').fill('The lid label is applied before filling and comes off.');
  await quality.getByRole('button', { name: /Record the analysis|记录分析/ }).click();
  await quality.locator('#f-measure-text').fill('Label the lid after filling.');
  await quality.locator('#f-measure-owner').fill('quality');
  const due = new Date(Date.now() + 7 * 86400_000).toISOString().slice(0, 10);
  await quality.locator('#f-measure-due').fill(due);
  await quality.getByRole('button', { name: /Set the measure|制定措施/ }).click();
  await expect(stage).toHaveText(/Measure under way|措施实施中/);
  await qualityCtx.close();

  // back at sales, without a reload: verify (sales is not the owner) and close
  await sales.locator('#f-verify-text').fill('Checked ten drums at the customer: all labelled.');
  await sales.locator('#f-effective-yes').check();
  await sales.getByRole('button', { name: /Verify the measure|验证措施/ }).click();
  await expect(stage).toHaveText(/Verified|已验证/);
  await sales.locator('#f-close-result').fill('Lids labelled since this week; customer informed.');
  await sales.getByRole('button', { name: /Record the result and close|记录结果并关闭/ }).click();
  await expect(stage).toHaveText(/Closed|已关闭/);
  await expect(sales.locator('ol.steps li.done')).toHaveCount(6);
  clean();
  await salesCtx.close();
});
