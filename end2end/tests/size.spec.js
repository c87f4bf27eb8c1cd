// The weight budget: the first load of every route group (a fresh cache, gzip on the wire)
// stays under 400 KB for the desk app and 150 KB for the driver's phone page, or under its
// ratchet ceiling while it is still over (see size/routes.js). `make size` prints the same
// figures with their breakdown.
const { test, expect } = require('@playwright/test');
const { firstLoad, signedInContext, describe, kb } = require('../size/first-load');
const { ROUTES, budgetOf } = require('../size/routes');

for (const r of ROUTES) {
  test(`first load of ${r.path} as ${r.user || 'a visitor'} stays within budget`, async ({ browser, baseURL }) => {
    const ctx = await signedInContext(browser, baseURL, r.user);
    const load = await firstLoad(ctx, baseURL, r.path, { hydrates: !r.phone });
    await ctx.close();
    const budget = budgetOf(r);
    const limit = r.ceiling ? r.ceiling * 1024 : budget;
    expect(load.resources.every((x) => !x.status || x.status < 400), describe(load)).toBe(true);
    const what = r.ceiling ? `its ceiling ${kb(limit)} (budget ${kb(budget)})` : `its budget ${kb(budget)}`;
    expect(load.gzip, `${r.path}: ${kb(load.gzip)} gzip (${kb(load.br)} brotli) against ${what}\n${describe(load)}`)
      .toBeLessThanOrEqual(limit);
  });
}
