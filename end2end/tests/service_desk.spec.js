// The service desk end to end in the browser: an inquiry by phone becomes a complaint on a
// batch (a delivered one when the demo has it); quality records containment, root cause and a
// corrective action it owns; service — someone else — verifies it. The service board, open in
// a second browser as the sales manager, follows each step without a reload.
const { test, expect } = require('@playwright/test');
const { signIn, waitForHydration, watchConsole } = require('./helpers');

function chinaDate(days = 0) {
  return new Date(Date.now() + 8 * 3600 * 1000 + days * 86400 * 1000).toISOString().slice(0, 10);
}

test('an inquiry becomes a complaint worked by quality, verified by service, live on the board', async ({ browser }) => {
  const boardCtx = await browser.newContext();
  const board = await boardCtx.newPage();
  const boardClean = watchConsole(board);
  await signIn(board, 'sales_manager');
  await board.goto('/service');
  await waitForHydration(board);
  const stage = (s) => board.locator(`tr[data-stage="${s}"] td`);
  const count = async (s) => Number(await stage(s).innerText());
  const before = {};
  for (const s of ['open', 'contained', 'analysed', 'action', 'verified']) before[s] = await count(s);

  const serviceCtx = await browser.newContext();
  const desk = await serviceCtx.newPage();
  const clean = watchConsole(desk);
  await signIn(desk, 'service');
  // the batch: one that was delivered if the demo has one, else any batch with its product
  let batch = null;
  let note = null;
  const notes = await (await desk.request.get('/api/v1/delivery-notes?status=delivered&limit=5')).json().catch(() => ({}));
  for (const n of (notes.items || [])) {
    const full = await (await desk.request.get(`/api/v1/delivery-notes/${n.id}`)).json();
    const line = full.lines.find((l) => l.batch_id);
    if (line) { batch = { id: line.batch_id, product_id: line.product_id, customer_id: full.customer_id }; note = full.id; break; }
  }
  if (!batch) {
    const batches = await (await desk.request.get('/api/v1/batches?limit=5')).json();
    const b = batches.items[0];
    batch = { id: b.id, product_id: b.product_id, customer_id: 1 };
  }

  // the phone call, written down as an inquiry
  await desk.goto('/inquiries/new');
  await waitForHydration(desk);
  await expect(desk.locator('#f-customer_id option')).not.toHaveCount(1);
  await desk.locator('#f-customer_id').selectOption(String(batch.customer_id));
  await desk.locator('#f-product_id').selectOption(String(batch.product_id));
  await desk.locator('#f-channel').selectOption('phone');
  await desk.locator('#f-question').fill('Drums of the last delivery smell of solvent: is the batch right?');
  await desk.getByRole('button', { name: /Record inquiry|登记/ }).click();
  await desk.waitForURL(/\/inquiries\/\d+$/);
  // one click: the complaint form with the inquiry's facts
  await desk.getByRole('link', { name: /Register a complaint from this inquiry|据此登记投诉/ }).click();
  await desk.waitForURL(/\/complaints\/new/);
  await expect(desk.locator('#f-description')).toHaveValue(/smell of solvent/);
  await desk.locator('#f-batch_id').fill(String(batch.id));
  if (note) await desk.locator('#f-delivery_note_id').fill(String(note));
  await desk.locator('#f-severity').selectOption('major');
  await desk.locator('#f-category').selectOption('quality');
  await desk.getByRole('button', { name: /^(Register complaint|登记)$/ }).click();
  await desk.waitForURL(/\/complaints\/\d+$/);
  const url = desk.url();
  await expect(stage('open')).toHaveText(String(before.open + 1));

  // quality works it: containment, root cause, an action it owns
  const qualityCtx = await browser.newContext();
  const quality = await qualityCtx.newPage();
  await signIn(quality, 'quality');
  await quality.goto(url);
  await waitForHydration(quality);
  await quality.locator('#f-text').fill('Batch blocked at the customer; replacement drums sent.');
  await quality.getByRole('button', { name: /Record containment|记录围堵措施/ }).click();
  await expect(stage('contained')).toHaveText(String(before.contained + 1));
  await expect(stage('open')).toHaveText(String(before.open));
  await quality.locator('#f-text').fill('Drums rinsed with solvent were not dried before filling.');
  await quality.getByRole('button', { name: /Record root cause|记录根本原因/ }).click();
  await expect(stage('analysed')).toHaveText(String(before.analysed + 1));
  await quality.locator('#f-text').fill('Drying step with a checklist at the drum line.');
  await quality.locator('#f-owner').fill('quality');
  await quality.locator('#f-due_on').fill(chinaDate(0));
  await quality.locator('#f-verify_on').fill(chinaDate(0));
  await quality.getByRole('button', { name: /Set corrective action|制定纠正措施/ }).click();
  await expect(stage('action')).toHaveText(String(before.action + 1));
  await qualityCtx.close();

  // service verifies (not the owner), on its page that followed along
  await expect(desk.locator('#f-evidence')).toBeVisible();
  await desk.locator('#f-evidence').fill('Twenty drums checked at the line: dry, no smell.');
  await desk.locator('#f-effective-yes').check();
  await desk.getByRole('button', { name: /Record verification|记录验证结果/ }).click();
  await expect(desk.locator('main h1 .badge')).toHaveText(/Verified effective|已验证有效/);
  await expect(stage('verified')).toHaveText(String(before.verified + 1));
  await expect(stage('action')).toHaveText(String(before.action));
  clean();
  await serviceCtx.close();
  boardClean();
  await boardCtx.close();
});
