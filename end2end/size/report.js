// `make size`: starts the release server on a fresh demo database, measures the first load of
// every route group (gzip and brotli bytes on the wire, by kind of resource), then shows where
// the WebAssembly's bytes go.
const { spawn } = require('child_process');
const fs = require('fs');
const path = require('path');
const { chromium } = require('playwright-core');
const { firstLoad, signedInContext, kb } = require('./first-load');
const { ROUTES, budgetOf } = require('./routes');
const { CHROMIUM, CHROMIUM_ARGS } = require('../chromium');
const { breakdown } = require('./wasm-breakdown');

const ROOT = path.resolve(__dirname, '..', '..');
const TARGET = process.env.CARGO_TARGET_DIR || path.join(ROOT, 'target');
const SITE = process.env.LEPTOS_SITE_ROOT || path.join(ROOT, 'target', 'site');
const PORT = process.env.SIZE_PORT || '3125';
const BASE = `http://127.0.0.1:${PORT}`;

async function waitReady() {
  for (let i = 0; i < 120; i++) {
    try {
      const res = await fetch(`${BASE}/readyz`);
      if (res.ok) return;
    } catch (_) { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('server did not become ready');
}

function byType(load) {
  const t = {};
  for (const r of load.resources) {
    const k = /\.wasm(\?|$)/.test(r.url) ? 'wasm' : r.type;
    t[k] = (t[k] || 0) + r.gzip;
  }
  return t;
}

async function main() {
  const dir = fs.mkdtempSync('/tmp/sales-size-');
  const server = spawn(path.join(TARGET, 'release', 'server'),
    ['serve', '--demo', '--addr', `127.0.0.1:${PORT}`, '--database-url', `sqlite://${dir}/app.db`],
    { cwd: ROOT, env: { ...process.env, LEPTOS_SITE_ROOT: SITE }, stdio: ['ignore', 'ignore', 'inherit'] });
  try {
    await waitReady();
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    console.log('First load of each route group (a fresh cache; gzip and brotli bytes on the wire):\n');
    console.log('| page | as | requests | document | script | wasm | css | other | gzip total | brotli total | budget |');
    console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|');
    let over = 0;
    for (const r of ROUTES) {
      const ctx = await signedInContext(browser, BASE, r.user);
      const load = await firstLoad(ctx, BASE, r.path, { hydrates: !r.phone });
      await ctx.close();
      const t = byType(load);
      const other = load.gzip - (t.document || 0) - (t.script || 0) - (t.wasm || 0) - (t.stylesheet || 0);
      const budget = budgetOf(r);
      const ok = load.gzip <= budget;
      if (!ok) over++;
      console.log(`| ${r.path} | ${r.user || '—'} | ${load.resources.length} | ${kb(t.document || 0)} | ${kb(t.script || 0)} | ${kb(t.wasm || 0)} | ${kb(t.stylesheet || 0)} | ${kb(other)} | **${kb(load.gzip)}** | ${kb(load.br)} | ${ok ? 'ok' : 'OVER'} ${kb(budget)} |`);
    }
    await browser.close();

    const pkg = path.join(SITE, 'pkg');
    const files = fs.readdirSync(pkg).filter((f) => /\.(wasm|js|css)$/.test(f)).sort();
    console.log('\nFiles served from pkg/ (raw, and the precompressed copies when present):\n');
    console.log('| file | raw | .gz | .br |');
    console.log('|---|---:|---:|---:|');
    const size = (f) => (fs.existsSync(f) ? kb(fs.statSync(f).size) : '—');
    for (const f of files) console.log(`| ${f} | ${size(path.join(pkg, f))} | ${size(path.join(pkg, f + '.gz'))} | ${size(path.join(pkg, f + '.br'))} |`);

    const unsplit = path.join(TARGET, 'front', 'wasm32-unknown-unknown', 'wasm-release', 'frontend.wasm');
    if (fs.existsSync(unsplit)) {
      const b = breakdown(unsplit);
      console.log(`\nThe WebAssembly before wasm-bindgen, wasm-opt and splitting (${kb(b.total)}; code ${kb(b.code)}, data ${kb(b.data)}), by crate:\n`);
      console.log('| crate or module | code | share |');
      console.log('|---|---:|---:|');
      for (const [g, n] of [...b.groups.entries()].sort((a, c) => c[1] - a[1]).slice(0, 30)) {
        console.log(`| ${g} | ${kb(n)} | ${(100 * n / b.code).toFixed(1)} % |`);
      }
    }
    if (over) process.exitCode = 1;
  } finally {
    server.kill('SIGTERM');
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
