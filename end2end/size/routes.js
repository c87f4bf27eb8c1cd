// The pages whose first load is measured, one or more per route group, with the demo user
// who opens them, and the budget each must stay under (gzip bytes on the wire).
//
// `ceiling` (KB) is a ratchet while a page is still over its budget: the size check fails when
// the page grows past what it weighed when the ceiling was last set (+1 %, rounded up to 5 KB),
// and each ceiling comes down as the bundle shrinks, until it reaches the budget and is
// removed. Last set 2026-12-07, second time: the browser's code carries no texts (it fetches
// its page's language), an order's and the satisfaction dashboard's rarely opened forms load
// when opened, and decisions answer without the record (/approvals 411 → 372 KB, /orders/1
// 477 → 388, /satisfaction 416 → 365); the pages without a ceiling are under the budget. A page the
// browser suite measures after earlier tests have left more records on it (and so more of its
// components) gets that difference on top of what `make size` measures on a fresh demo.
const DESK_BUDGET = 400 * 1024;
const PHONE_BUDGET = 150 * 1024;

const ROUTES = [
  { path: '/signin', user: null },
  { path: '/', user: 'sales_manager' },
  { path: '/approvals', user: 'sales_manager' },
  { path: '/deliveries', user: 'sales_manager' },
  { path: '/satisfaction', user: 'sales_manager' },
  { path: '/satisfaction/periods/6', user: 'sales_manager' },
  { path: '/corrective-actions', user: 'sales_manager' },
  { path: '/performance', user: 'sales_manager' },
  { path: '/orders', ceiling: 410, user: 'sales_manager' },
  { path: '/orders/1', user: 'sales_manager' },
  { path: '/orders/new', user: 'sales' },
  { path: '/delivery-notes', user: 'sales' },
  { path: '/delivery-notes/1', ceiling: 420, user: 'sales' },
  { path: '/ledger', user: 'sales' },
  { path: '/customers', user: 'sales' },
  { path: '/customers/1', user: 'sales' },
  { path: '/products', user: 'sales' },
  { path: '/prices', user: 'sales' },
  { path: '/batches', ceiling: 440, user: 'lab' },
  { path: '/batches/1', ceiling: 465, user: 'lab' },
  { path: '/recalls', user: 'quality' },
  { path: '/admin/users', user: 'admin' },
  { path: '/audit', user: 'admin' },
  { path: '/inquiries', user: 'service' },
  { path: '/complaints/1', user: 'service' },
  { path: '/liaison-forms/1', user: 'service' },
  { path: '/service', user: 'sales_manager' },
  { path: '/admin/settings', user: 'admin' },
  { path: '/driver', user: 'driver', phone: true },
];

/// The budget a page is held to (bytes).
function budgetOf(route) {
  return route.phone ? PHONE_BUDGET : DESK_BUDGET;
}

module.exports = { ROUTES, DESK_BUDGET, PHONE_BUDGET, budgetOf };
