// Desk pages are lazy routes: each arrives in its own WebAssembly chunk. Every route group must
// work after client-side navigation (the chunk is fetched on the way) and after a hard reload
// (the server preloads the chunk and hydration waits for it), with a clean console.
const { test, expect } = require('@playwright/test');
const { signIn, waitForHydration, watchConsole } = require('./helpers');
const { ROUTES } = require('../size/routes');

const NOT_FOUND = /^(Not found\.|未找到。)$/;

async function expectPage(page) {
  const h1 = page.locator('main h1').first();
  await expect(h1).toBeVisible();
  await expect(h1).not.toHaveText(NOT_FOUND);
}

/// Follows a link inside the app and checks the page was not reloaded.
async function follow(page, link, where) {
  await link.click();
  await page.waitForURL(where);
  await expectPage(page);
  expect(await page.evaluate(() => window.__sameDocument), 'navigated without a reload').toBe(true);
}

test('client-side navigation reaches every route group and comes back', async ({ page }) => {
  const clean = watchConsole(page);
  await signIn(page, 'executive');
  await waitForHydration(page);
  await page.evaluate(() => { window.__sameDocument = true; });
  const nav = page.getByRole('navigation').first();
  const hrefs = await nav.locator('a:not([rel=external])').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  expect(hrefs.length).toBeGreaterThan(10);
  const visited = ['/'];
  for (const href of hrefs.filter((h) => h !== '/')) {
    await follow(page, nav.locator(`a[href="${href}"]`), (u) => u.pathname === href);
    visited.push(href);
    // one level deeper where the list links to a record
    const detail = page.locator(`main a[href^="${href}/"]`).first();
    if (href !== '/' && (await detail.count()) > 0) {
      const target = await detail.getAttribute('href');
      await follow(page, detail, (u) => u.pathname === target.split('?')[0]);
      visited.push(target.split('?')[0]);
    }
  }
  // and back through the history, each page rendered again from its chunk
  for (let i = visited.length - 2; i >= Math.max(0, visited.length - 8); i--) {
    await page.goBack();
    await page.waitForURL((u) => u.pathname === visited[i]);
    await expectPage(page);
  }
  expect(await page.evaluate(() => window.__sameDocument)).toBe(true);
  clean();
});

test('every route group works after a hard reload', async ({ browser }) => {
  // about thirty pages, each loaded, reloaded and hydrated
  test.setTimeout(180_000);
  const byUser = new Map();
  for (const r of ROUTES.filter((r) => r.user && !r.phone)) {
    if (!byUser.has(r.user)) byUser.set(r.user, []);
    byUser.get(r.user).push(r.path);
  }
  for (const [user, paths] of byUser) {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    const clean = watchConsole(page);
    await signIn(page, user);
    for (const path of paths) {
      await page.goto(path);
      await page.reload();
      await waitForHydration(page);
      await expectPage(page);
    }
    clean();
    await ctx.close();
  }
});
