// The driver's service worker: the driver pages and their script are served from the network
// when there is one (and kept), and from the phone when there is none. Receipts are not
// handled here: the page queues them itself and sends them with an Idempotency-Key.
const PAGES = 'driver-pages-v2';
const SHELL = ['/driver', '/driver.js', '/pages.css'];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(PAGES).then((c) => c.addAll(SHELL)).catch(() => {}).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => event.waitUntil(
  caches.keys().then((keys) => Promise.all(keys.filter((k) => k.startsWith('driver-pages-') && k !== PAGES).map((k) => caches.delete(k))))
    .then(() => self.clients.claim()),
));

function driverPage(url) {
  return url.pathname === '/driver' || url.pathname.startsWith('/driver/') || url.pathname === '/driver.js' || url.pathname === '/pages.css';
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin || !driverPage(url)) return;
  event.respondWith(
    fetch(request)
      .then((response) => {
        if (response.ok && !response.redirected) {
          const copy = response.clone();
          caches.open(PAGES).then((c) => c.put(url.pathname, copy));
        }
        return response;
      })
      .catch(() => caches.open(PAGES).then((c) => c.match(url.pathname)).then((hit) => hit || caches.match('/driver'))
        .then((hit) => hit || new Response('offline', { status: 503, headers: { 'Content-Type': 'text/plain' } }))),
  );
});
