// Foundation: sign-in by role, navigation, language switch, customers through the UI,
// translated validation errors, optimistic concurrency, and the driver's phone view.
const { test, expect } = require('@playwright/test');
const { signIn, waitForHydration, watchConsole } = require('./helpers');

const navOf = (page) => page.getByRole('navigation', { name: /Main|主导航/ });

test('each role sees the navigation its work needs', async ({ browser }) => {
  const cases = [
    { user: 'sales', see: ['Customers', 'Products', 'Price list'], hide: ['Users', 'Audit trail', 'My deliveries'] },
    { user: 'admin', see: ['Customers', 'Products', 'Price list', 'Users', 'Audit trail'], hide: ['My deliveries'] },
    { user: 'executive', see: ['Customers', 'Audit trail'], hide: ['Users', 'My deliveries'] },
    { user: 'driver', see: ['My deliveries'], hide: ['Customers', 'Products', 'Users'] },
  ];
  for (const c of cases) {
    const context = await browser.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    const check = watchConsole(page);
    await signIn(page, c.user);
    const nav = navOf(page);
    for (const name of c.see) await expect(nav.getByRole('link', { name, exact: true })).toBeVisible();
    for (const name of c.hide) await expect(nav.getByRole('link', { name, exact: true })).toHaveCount(0);
    check();
    await context.close();
  }
});

test('the driver lands on their deliveries and the server refuses them master data', async ({ browser }) => {
  const context = await browser.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  await signIn(page, 'driver');
  await expect(page).toHaveURL(/\/driver$/);
  const res = await page.request.get('/api/v1/customers');
  expect(res.status()).toBe(403);
  await context.close();
});

test('language follows the browser, switches, and is remembered', async ({ browser }) => {
  const context = await browser.newContext({ locale: 'zh-CN', extraHTTPHeaders: { 'Accept-Language': 'zh-CN,zh;q=0.9' } });
  const page = await context.newPage();
  const check = watchConsole(page);
  await signIn(page, 'sales');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(navOf(page).getByRole('link', { name: '客户' })).toBeVisible();
  await page.getByRole('link', { name: 'English' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(navOf(page).getByRole('link', { name: 'Customers' })).toBeVisible();
  await page.goto('/customers');
  await expect(page.getByRole('heading', { name: 'Customers' })).toBeVisible();
  await page.getByRole('link', { name: '简体中文' }).click();
  await expect(page).toHaveURL(/\/customers$/);
  await expect(page.getByRole('heading', { name: '客户' })).toBeVisible();
  check();
  await context.close();
});

test('sales creates and edits a customer, and sees a translated validation error', async ({ browser }) => {
  const context = await browser.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  const check = watchConsole(page);
  await signIn(page, 'sales');
  await page.goto('/customers');
  await waitForHydration(page);
  await page.getByRole('link', { name: 'New customer' }).click();
  await expect(page.getByRole('heading', { name: 'New customer' })).toBeVisible();
  await page.getByLabel('Code').fill('E2E-001');
  await page.getByLabel('Name').fill('浙江测试化工有限公司');
  await page.getByLabel('Address').fill('浙江省宁波市北仑区 1 号');
  await page.getByLabel('Contact').fill('赵工');
  await page.getByLabel('Phone').fill('not a phone');
  await page.getByLabel('Business licence no.').fill('91330200MA2AAAAAAA');
  await page.getByRole('button', { name: 'Save' }).click();
  const phone = page.getByLabel('Phone');
  await expect(phone).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('Enter a telephone number')).toBeVisible();
  await phone.fill('0574-8686 0000');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page).toHaveURL(/\/customers\/\d+$/);
  await expect(page.getByRole('heading', { name: /E2E-001/ })).toBeVisible();

  await page.getByLabel('Permit no.').fill('浙甬危化经字〔2026〕000001');
  await page.getByLabel('Valid until').fill('2028-06-30');
  await page.getByLabel('Name').fill('浙江测试化工股份有限公司');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();

  await page.goto('/customers?q=E2E');
  const row = page.getByRole('row', { name: /E2E-001/ });
  await expect(row).toContainText('浙江测试化工股份有限公司');
  await expect(row).toContainText('Valid');
  check();
  await context.close();
});

test('the same validation error reads in Chinese for a Chinese user', async ({ browser }) => {
  const context = await browser.newContext({ locale: 'zh-CN', extraHTTPHeaders: { 'Accept-Language': 'zh-CN' } });
  const page = await context.newPage();
  await signIn(page, 'sales');
  await page.goto('/customers/new');
  await waitForHydration(page);
  await page.getByLabel('客户编码').fill('bad code!');
  await page.getByRole('button', { name: '保存' }).click();
  await expect(page.getByText('只能使用字母、数字')).toBeVisible();
  await expect(page.getByRole('alert').filter({ hasText: '请更正标出的字段' })).toBeVisible();
  await context.close();
});

test('a stale edit from a second browser is refused, not silently overwritten', async ({ browser }) => {
  const a = await browser.newContext({ locale: 'en-US' });
  const b = await browser.newContext({ locale: 'en-US' });
  const pa = await a.newPage();
  const pb = await b.newPage();
  await signIn(pa, 'sales');
  await signIn(pb, 'admin');
  await pa.goto('/customers/1');
  await pb.goto('/customers/1');
  await waitForHydration(pa);
  await waitForHydration(pb);
  await pa.getByLabel('Contact').fill('First Editor');
  await pa.getByRole('button', { name: 'Save' }).click();
  await expect(pa.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
  await pb.getByLabel('Contact').fill('Second Editor');
  await pb.getByRole('button', { name: 'Save' }).click();
  await expect(pb.getByRole('alert').filter({ hasText: 'Someone else changed this record' })).toBeVisible();
  await pb.reload();
  await expect(pb.getByLabel('Contact')).toHaveValue('First Editor');
  await a.close();
  await b.close();
});

test("the driver's view works one-handed on a 390x844 phone", async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'zh-CN', extraHTTPHeaders: { 'Accept-Language': 'zh-CN' } });
  const page = await context.newPage();
  const check = watchConsole(page);
  await signIn(page, 'driver');
  await expect(page).toHaveURL(/\/driver$/);
  await expect(page.getByRole('heading', { name: '今日送货' })).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  // every control is at least 44 px tall: a thumb can hit it
  const small = await page.evaluate(() => [...document.querySelectorAll('a, button')]
    .filter((e) => e.offsetParent !== null && !e.classList.contains('skip'))
    .filter((e) => e.getBoundingClientRect().height < 44)
    .map((e) => e.textContent.trim()));
  expect(small).toEqual([]);
  await page.screenshot({ path: 'test-results/driver-390x844.png', fullPage: true });
  check();
  await context.close();
});

test('admin creates a user with two roles who can then sign in', async ({ browser }) => {
  const context = await browser.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  await signIn(page, 'admin');
  await page.goto('/admin/users/new');
  await waitForHydration(page);
  await page.getByLabel('User name').fill('e2e_user');
  await page.getByLabel('Full name').fill('E2E User');
  await page.getByLabel('Password').fill('a long password');
  await page.getByLabel('Sales', { exact: true }).check();
  await page.getByLabel('After-sales service').check();
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page).toHaveURL(/\/admin\/users\/\d+$/);
  const other = await browser.newContext({ locale: 'en-US' });
  const p2 = await other.newPage();
  await signIn(p2, 'e2e_user', 'a long password');
  await expect(navOf(p2).getByRole('link', { name: 'Customers' })).toBeVisible();
  await other.close();
  await context.close();
});
