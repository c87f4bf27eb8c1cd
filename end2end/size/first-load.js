// What a first load of a page costs on the wire: the page is opened in Chromium with an empty
// cache (signed in as the given user), every resource it fetches until it is hydrated and the
// network is idle is recorded, and each is fetched again outside the browser, once accepting
// gzip only and once brotli only, counting the body bytes as they arrive (still compressed).
// Live-update streams (Server-Sent Events) never end and are left out.
const http = require('http');
const { waitForHydration } = require('../tests/helpers');

/// The bytes of one GET, as they arrive (no decompression), for one Accept-Encoding.
function wireBytes(url, cookie, encoding) {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers: { 'Accept-Encoding': encoding, Cookie: cookie, Accept: '*/*' } }, (res) => {
      let n = 0;
      res.on('data', (c) => { n += c.length; });
      res.on('end', () => resolve({ bytes: n, encoding: res.headers['content-encoding'] || 'identity', status: res.statusCode }));
    });
    req.on('error', reject);
    req.setTimeout(30_000, () => req.destroy(new Error(`timeout: ${url}`)));
  });
}

// The site's static files (`/pkg/…`) are the same for everyone: measured once per process.
const staticSizes = new Map();

async function measure(url, cookie) {
  const isStatic = new URL(url).pathname.startsWith('/pkg/');
  if (isStatic && staticSizes.has(url)) return staticSizes.get(url);
  const [gz, br] = await Promise.all([wireBytes(url, cookie, 'gzip'), wireBytes(url, cookie, 'br')]);
  const m = { gzip: gz.bytes, br: br.bytes, status: gz.status };
  if (isStatic && m.status === 200) staticSizes.set(url, m);
  return m;
}

/// Signs in through the API so that the measured page is the first one the browser opens.
async function signedInContext(browser, baseURL, user, password = 'demo') {
  const context = await browser.newContext({ baseURL });
  if (user) {
    const res = await context.request.post('/api/v1/session', { data: { username: user, password } });
    if (!res.ok()) throw new Error(`sign-in as ${user}: ${res.status()}`);
  }
  return context;
}

/// Opens `path` in a fresh page and returns its resources with gzip and brotli sizes. The desk
/// app is waited for until hydrated; the phone pages are plain HTML with one script.
async function firstLoad(context, baseURL, path, { hydrates = true } = {}) {
  const page = await context.newPage();
  const seen = [];
  page.on('request', (r) => {
    if (r.resourceType() === 'eventsource') return;
    seen.push({ url: r.url(), method: r.method(), type: r.resourceType() });
  });
  await page.goto(path, { waitUntil: 'load' });
  if (hydrates) {
    await waitForHydration(page);
  }
  await page.waitForLoadState('networkidle');
  const cookie = (await context.cookies(baseURL)).map((c) => `${c.name}=${c.value}`).join('; ');
  await page.close();
  const resources = [];
  // six at a time, as a browser would
  for (let i = 0; i < seen.length; i += 6) {
    const batch = seen.slice(i, i + 6);
    const sizes = await Promise.all(batch.map((r) => (r.method === 'GET' && r.url.startsWith(baseURL) ? measure(r.url, cookie) : null)));
    batch.forEach((r, k) => resources.push(sizes[k] ? { ...r, ...sizes[k] } : { ...r, gzip: 0, br: 0, note: 'not measured' }));
  }
  const sum = (k) => resources.reduce((a, r) => a + r[k], 0);
  return { path, resources, gzip: sum('gzip'), br: sum('br') };
}

function kb(n) {
  return `${(n / 1024).toFixed(1)} KB`;
}

/// One line per resource, for a failure message or the report.
function describe(load) {
  return load.resources
    .map((r) => `  ${r.type.padEnd(10)} ${kb(r.gzip).padStart(10)} gzip ${kb(r.br).padStart(10)} br  ${r.url.replace(/^https?:\/\/[^/]+/, '')}`)
    .join('\n');
}

module.exports = { firstLoad, signedInContext, describe, kb };
