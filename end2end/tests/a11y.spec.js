// Accessibility: axe-core finds nothing serious or critical on the main pages, in Chinese,
// for the roles that use them.
const { test, expect } = require('@playwright/test');
const { AxeBuilder } = require('@axe-core/playwright');
const { signIn, waitForHydration } = require('./helpers');

const pages = [
  [null, ['/signin']],
  ['sales', ['/', '/customers', '/customers/1', '/orders', '/orders/new', '/orders/1', '/ledger', '/products/1', '/prices',
    '/delivery-notes', '/delivery-notes/1', '/delivery-notes/new?order=1', '/batches', '/deliveries']],
  ['deputy_gm', ['/approvals']],
  ['sales_manager', ['/satisfaction', '/satisfaction/periods/6', '/corrective-actions', '/corrective-actions/1', '/performance']],
  ['lab', ['/batches/9', '/batches/1']],
  ['quality', ['/recalls', '/batches/1']],
  ['admin', ['/admin/users', '/admin/users/1', '/audit', '/admin/settings']],
  ['service', ['/inquiries', '/inquiries/new', '/inquiries/1', '/complaints', '/complaints/new', '/complaints/1',
    '/tickets', '/tickets/new', '/tickets/1', '/tickets/2', '/service', '/liaison-forms', '/liaison-forms/new',
    '/liaison-forms/1', '/liaison-forms/2', '/sds-distributions', '/trainings']],
  ['driver', ['/driver']],
];

for (const [user, paths] of pages) {
  test(`axe finds nothing serious for ${user || 'a visitor'}`, async ({ browser }) => {
    const ctx = await browser.newContext({ locale: 'zh-CN', extraHTTPHeaders: { 'Accept-Language': 'zh-CN' } });
    const page = await ctx.newPage();
    if (user) await signIn(page, user);
    for (const path of paths) {
      await page.goto(path);
      // the driver's pages are plain HTML with one script, not the WebAssembly app
      if (!path.startsWith('/driver')) await waitForHydration(page);
      const result = await new AxeBuilder({ page }).analyze();
      const serious = result.violations
        .filter((v) => ['serious', 'critical'].includes(v.impact))
        .map((v) => `${path}: ${v.id} ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
      expect(serious).toEqual([]);
    }
    await ctx.close();
  });
}
