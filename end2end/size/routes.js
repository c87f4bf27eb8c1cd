// The pages whose first load is measured, one or more per route group, with the demo user
// who opens them, and the budget each must stay under (gzip bytes on the wire).
//
// `ceiling` (KB) is a ratchet while a page is still over its budget: the size check fails when
// the page grows past what it weighed when the ceiling was last set (+3 %, rounded up to 5 KB),
// and each ceiling comes down as the bundle shrinks, until it reaches the budget and is
// removed. Last set 2026-12-02, after the service desk's first pages (every page carries the
// service desk's strings: /signin went from 372 to 385 KB).
const DESK_BUDGET = 400 * 1024;
const PHONE_BUDGET = 150 * 1024;

const ROUTES = [
  { path: '/signin', user: null },
  { path: '/', ceiling: 430, user: 'sales_manager' },
  { path: '/approvals', ceiling: 635, user: 'sales_manager' },
  { path: '/deliveries', ceiling: 505, user: 'sales_manager' },
  { path: '/satisfaction', ceiling: 640, user: 'sales_manager' },
  { path: '/satisfaction/periods/6', ceiling: 620, user: 'sales_manager' },
  { path: '/corrective-actions', ceiling: 480, user: 'sales_manager' },
  { path: '/performance', ceiling: 545, user: 'sales_manager' },
  { path: '/orders', ceiling: 610, user: 'sales_manager' },
  { path: '/orders/1', ceiling: 740, user: 'sales_manager' },
  { path: '/orders/new', ceiling: 555, user: 'sales' },
  { path: '/delivery-notes', ceiling: 525, user: 'sales' },
  { path: '/delivery-notes/1', ceiling: 710, user: 'sales' },
  { path: '/ledger', ceiling: 545, user: 'sales' },
  { path: '/customers', ceiling: 515, user: 'sales' },
  { path: '/customers/1', ceiling: 560, user: 'sales' },
  { path: '/products', ceiling: 525, user: 'sales' },
  { path: '/prices', ceiling: 575, user: 'sales' },
  { path: '/batches', ceiling: 650, user: 'lab' },
  { path: '/batches/1', ceiling: 715, user: 'lab' },
  { path: '/recalls', ceiling: 530, user: 'quality' },
  { path: '/admin/users', ceiling: 460, user: 'admin' },
  { path: '/audit', ceiling: 515, user: 'admin' },
  { path: '/inquiries', ceiling: 600, user: 'service' },
  { path: '/complaints/1', ceiling: 700, user: 'service' },
  { path: '/driver', user: 'driver', phone: true },
];

/// The budget a page is held to (bytes).
function budgetOf(route) {
  return route.phone ? PHONE_BUDGET : DESK_BUDGET;
}

module.exports = { ROUTES, DESK_BUDGET, PHONE_BUDGET, budgetOf };
