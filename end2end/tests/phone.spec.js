// Desk pages on a phone (390×844): for every role, every page its menu offers and the record
// pages it opens. None scrolls sideways as a whole (a wide table scrolls in its own box), every
// button is at least 44 px high and shows its whole label, a button outside a scrolling box
// sits inside the screen, and times read `YYYY-MM-DD HH:MM`, never RFC 3339.
const { test, expect } = require('@playwright/test');
const { signIn, waitForHydration } = require('./helpers');

const records = {
  sales: ['/orders/1', '/orders/new', '/customers/1', '/customers/new', '/delivery-notes/1', '/delivery-notes/new?order=1', '/products/1'],
  sales_manager: ['/satisfaction/periods/6', '/corrective-actions', '/corrective-actions/1', '/orders/1'],
  deputy_gm: ['/orders/1'],
  lab: ['/batches/1', '/batches/9'],
  quality: ['/batches/1', '/complaints/1'],
  warehouse: ['/delivery-notes/1'],
  logistics: ['/delivery-notes/1'],
  service: ['/inquiries/1', '/inquiries/new', '/complaints/1', '/complaints/new', '/tickets/1', '/tickets/new', '/liaison-forms/1', '/liaison-forms/new', '/trainings/new'],
  executive: [],
  admin: ['/admin/users/1', '/admin/users/new'],
  sales2: [],
};

// What the page shows that a phone user would trip over; [] when all is well.
function problems() {
  const out = [];
  const width = window.innerWidth;
  if (document.documentElement.scrollWidth > width + 1) out.push(`page is ${document.documentElement.scrollWidth}px wide`);
  const scrolls = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const o = getComputedStyle(p).overflowX;
      if (o === 'auto' || o === 'scroll') return true;
    }
    return false;
  };
  for (const b of document.querySelectorAll('button, a.button, input[type=submit]')) {
    const r = b.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || getComputedStyle(b).visibility === 'hidden') continue;
    const name = (b.innerText || b.value || b.getAttribute('aria-label') || '').trim().slice(0, 30);
    if (r.height < 43.5) out.push(`button "${name}" is ${r.height.toFixed(1)}px high`);
    if (b.scrollWidth > b.clientWidth + 1) out.push(`button "${name}" cuts its label`);
    if (!scrolls(b) && (r.left < -0.5 || r.right > width + 0.5)) out.push(`button "${name}" is cut off by the screen`);
  }
  const raw = document.body.innerText.match(/\b\d{4}-\d\d-\d\dT\d\d:\d\d[^\s]*/);
  if (raw) out.push(`raw timestamp ${raw[0]}`);
  return out;
}

for (const [user, extra] of Object.entries(records)) {
  test(`every desk page fits a phone for ${user}`, async ({ browser }) => {
    // a role visits up to 25 pages, each to network idle: more than the default minute
    test.setTimeout(180_000);
    const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'zh-CN', extraHTTPHeaders: { 'Accept-Language': 'zh-CN' } });
    const page = await ctx.newPage();
    await signIn(page, user);
    await waitForHydration(page);
    // the menu is folded: one button opens it
    const nav = page.locator('#mainnav');
    await expect(nav).toBeHidden();
    await page.getByRole('button', { name: /菜单|Menu/ }).click();
    await expect(nav).toBeVisible();
    const menu = await nav.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    const paths = [...new Set([...menu.filter((h) => h !== '/driver'), ...extra])];
    expect(paths.length).toBeGreaterThan(1);
    const found = [];
    for (const path of paths) {
      await page.goto(path);
      await waitForHydration(page);
      await page.waitForLoadState('networkidle');
      for (const p of await page.evaluate(problems)) found.push(`${path}: ${p}`);
    }
    expect(found).toEqual([]);
    await ctx.close();
  });
}

test('the approvals board and the deadlines board on a phone', async ({ browser }) => {
  const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'zh-CN', extraHTTPHeaders: { 'Accept-Language': 'zh-CN' } });
  const page = await ctx.newPage();
  await signIn(page, 'sales_manager');
  for (const [path, shot] of [['/approvals', 'phone-approvals.png'], ['/deliveries', 'phone-deliveries.png']]) {
    await page.goto(path);
    await waitForHydration(page);
    await page.waitForLoadState('networkidle');
    expect(await page.evaluate(problems)).toEqual([]);
    await page.screenshot({ path: `test-results/${shot}`, fullPage: true });
  }
  // every waiting approval shows its decision buttons whole, inside the screen
  const approve = page.locator('table.approvals button.primary');
  await page.goto('/approvals');
  await waitForHydration(page);
  expect(await approve.count()).toBeGreaterThan(0);
  for (const box of await approve.evaluateAll((bs) => bs.map((b) => b.getBoundingClientRect().toJSON()))) {
    expect(box.right).toBeLessThanOrEqual(390);
    expect(box.height).toBeGreaterThanOrEqual(44);
  }
  await ctx.close();
});
