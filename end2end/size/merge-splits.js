// `make build`, after `cargo leptos build --split`: one WebAssembly file per lazy page instead
// of one per set of pages sharing code.
//
// wasm-split cuts the program into a file for every set of pages that share some code: 990
// files, and a page fetched 110–350 of them on a first load, many only a few hundred bytes
// (each with its own imports, table entries and gzip header) and 93 of them empty. Here each
// page's own file becomes that page's code and every shared file it needs, merged with
// binaryen's wasm-merge, so a first load fetches one file for the page and gzip sees all of
// its code at once.
//
// Why copying shared code into several pages is safe: a shared file holds functions and the
// table entries that point at them (at fixed slots), nothing else. Loading a second page
// writes the same functions into the same slots again. A shared file with anything more (data
// written into memory when it loads, a start function) could undo what the program did since,
// so it is not copied: it stays its own file, loaded once, as before. A page's own file is
// merged whatever it holds: only that page loads it, once.
//
// The split files arrive unoptimised (`make build` keeps cargo-leptos's wasm-opt off them, see
// bin/wasm-opt): each merged file is optimised here once, with the options cargo-leptos uses.
//
// Also: the tool's `producers` and `target_features` sections are dropped from every file
// (browsers ignore them), and the loader script and the server's preload list
// (`__wasm_split_manifest.json`) are rewritten to the merged files.
const fs = require('fs');
const path = require('path');
const os = require('os');
const { execFileSync, execFile } = require('child_process');

const BIN = path.join(__dirname, '..', 'node_modules', '.bin');
const FEATURES = ['--enable-bulk-memory', '--enable-nontrapping-float-to-int', '--enable-reference-types',
  '--enable-mutable-globals', '--enable-sign-ext', '--enable-multivalue'];
// The module the split files import memory, table and stack pointer from, and a name of the same
// length for the merge's shim (patched back afterwards).
const SHARED = '__wasm_split';
const SHIM = '__wasm_splix';

function leb(buf, i) {
  let r = 0; let s = 0;
  for (;;) {
    const x = buf[i++];
    r += (x & 0x7f) * 2 ** s; s += 7;
    if (x < 0x80) return [r, i];
  }
}

/// The sections of a module: [{ id, name (custom only), start, end }] (start/end of the whole
/// section including its header).
function sections(buf) {
  const out = [];
  let i = 8;
  while (i < buf.length) {
    const start = i;
    const id = buf[i++];
    const [len, body] = leb(buf, i);
    let name = null;
    if (id === 0) {
      const [n, at] = leb(buf, body);
      name = buf.subarray(at, at + n).toString('utf8');
    }
    out.push({ id, name, start, end: body + len });
    i = body + len;
  }
  return out;
}

const CODE = 10; const DATA = 11; const START = 8; const ELEM = 9;

/// Whether a data section writes any byte when the module loads. wasm-split gives every file
/// the same few active segments of length zero (wasm-opt drops them): those write nothing.
function writesMemory(buf, section) {
  let [, i] = leb(buf, section.start + 1);
  let count;
  [count, i] = leb(buf, i);
  for (let k = 0; k < count; k++) {
    const flags = buf[i++];
    if (flags === 1) return true; // passive: kept for memory.init, treat as state
    if (flags === 2) [, i] = leb(buf, i); // memory index
    // the offset: a constant expression up to its `end` (0x0b); only i32.const is expected
    if (buf[i] !== 0x41) return true;
    [, i] = leb(buf, i + 1);
    if (buf[i++] !== 0x0b) return true;
    let size;
    [size, i] = leb(buf, i);
    if (size > 0) return true;
  }
  return false;
}

/// What a file holds: nothing that runs (empty), or something a second load could undo.
function kind(file) {
  const buf = fs.readFileSync(file);
  const all = sections(buf);
  const ids = new Set(all.map((s) => s.id));
  const data = all.find((s) => s.id === DATA);
  const writes = data !== undefined && writesMemory(buf, data);
  if (!ids.has(CODE) && !ids.has(ELEM) && !writes && !ids.has(START)) return 'empty';
  if (writes || ids.has(START)) return 'stateful';
  return 'code';
}

/// Drops the custom sections nobody reads in a browser (and, before merging, the function names
/// that wasm-opt would drop anyway).
function stripCustom(file, names = ['producers', 'target_features']) {
  const buf = fs.readFileSync(file);
  const keep = sections(buf).filter((s) => !(s.id === 0 && names.includes(s.name)));
  const parts = [buf.subarray(0, 8), ...keep.map((s) => buf.subarray(s.start, s.end))];
  const out = Buffer.concat(parts);
  if (out.length !== buf.length) fs.writeFileSync(file, out);
}

/// The imports every split file may take from the main module, declared once and re-exported,
/// so that wasm-merge links all of the merged files' imports to one memory, table and global.
const VALTYPES = { 0x7f: 'i32', 0x7e: 'i64', 0x7d: 'f32', 0x7c: 'f64', 0x70: 'funcref', 0x6f: 'externref' };

/// A module's imports from the main module: { name, what (its kind), type (in the text format) }.
function importsOf(file) {
  const buf = fs.readFileSync(file);
  const imp = sections(buf).find((s) => s.id === 2);
  if (!imp) return [];
  let [, i] = leb(buf, imp.start + 1);
  const str = () => {
    const [n, at] = leb(buf, i);
    i = at + n;
    return buf.subarray(at, at + n).toString('utf8');
  };
  const limits = () => {
    const flags = buf[i++];
    let min; let max;
    [min, i] = leb(buf, i);
    if (flags & 1) [max, i] = leb(buf, i);
    if (flags & ~1) throw new Error(`merge-splits: unexpected limits ${flags} in ${file}`);
    return max === undefined ? `${min}` : `${min} ${max}`;
  };
  let count;
  [count, i] = leb(buf, i);
  const out = [];
  for (let k = 0; k < count; k++) {
    const module = str(); const name = str(); const kindByte = buf[i++];
    let what; let type;
    if (kindByte === 0) throw new Error(`merge-splits: ${file} imports a function (${module}.${name})`);
    if (kindByte === 1) { const ref = VALTYPES[buf[i++]]; what = 'table'; type = `${limits()} ${ref}`; }
    else if (kindByte === 2) { what = 'memory'; type = limits(); }
    else if (kindByte === 3) {
      const t = VALTYPES[buf[i++]]; const mutable = buf[i++] === 1;
      what = 'global'; type = mutable ? `(mut ${t})` : t;
    } else throw new Error(`merge-splits: unexpected import kind ${kindByte} in ${file}`);
    if (module !== SHARED) throw new Error(`merge-splits: ${file} imports from ${module}`);
    out.push({ name, what, type });
  }
  return out;
}

function shimFor(files, dir) {
  const imports = new Map();
  for (const f of files) {
    for (const { name, what, type } of importsOf(f)) {
      const prev = imports.get(name);
      if (what === 'table' || what === 'memory') {
        // the largest minimum satisfies every file
        const min = Number(type.split(' ')[0]);
        if (!prev || min > prev.min) imports.set(name, { what, type, min });
      } else if (!prev) imports.set(name, { what, type, min: 0 });
    }
  }
  const decls = []; const exports = [];
  [...imports].forEach(([name, { what, type }], k) => {
    decls.push(`(import "${SHIM}" "${name}" (${what} $i${k} ${type}))`);
    exports.push(`(export "${name}" (${what} $i${k}))`);
  });
  const wat = path.join(dir, 'shim.wat');
  fs.writeFileSync(wat, `(module\n${[...decls, ...exports].join('\n')}\n)\n`);
  const wasm = path.join(dir, 'shim.wasm');
  execFileSync(path.join(BIN, 'wasm-as'), [wat, '-o', wasm, ...FEATURES]);
  return wasm;
}

/// Merges `files` into `out`: their imports from the main module become one set.
function merge(files, out, tmp) {
  const shim = shimFor(files, tmp);
  const args = [shim, SHARED];
  files.forEach((f, i) => args.push(f, `m${i}`));
  execFileSync(path.join(BIN, 'wasm-merge'), [...args, '-o', out, ...FEATURES], { maxBuffer: 1 << 30 });
  // the shim's imports come from the same module as before: patch the name back (same length)
  const buf = fs.readFileSync(out);
  const imp = sections(buf).find((s) => s.id === 2);
  const from = Buffer.from(SHIM); const to = Buffer.from(SHARED);
  for (let i = imp.start; i < imp.end - from.length; i++) {
    if (buf.compare(from, 0, from.length, i, i + from.length) === 0) to.copy(buf, i);
  }
  fs.writeFileSync(out, buf);
}

/// The loader's fetcher of one file, as wasm-split writes it.
function fetcherOf(stem) {
  return `() => {\n    const src = fetch(new URL("./${stem}.wasm", import.meta.url));\n    return async (imports) => (WebAssembly.instantiateStreaming(src, imports));\n}\n`;
}

async function main(pkg) {
  const jsName = fs.readdirSync(pkg).find((f) => /^__wasm_split\..*\.js$/.test(f));
  const manifestPath = path.join(pkg, '__wasm_split_manifest.json');
  if (!jsName || !fs.existsSync(manifestPath)) {
    console.log('merge-splits: no split build in', pkg);
    return;
  }
  const js = fs.readFileSync(path.join(pkg, jsName), 'utf8');
  // the runtime (imports, makeLoad, …) comes before the first loader
  const firstLoader = js.search(/^(\/\* |const __chunk_|export const __wasm_split_load_)/m);
  const runtime = js.slice(0, firstLoader);
  // each page's loader names the shared files it needs: `__chunk_N` → chunk_N.wasm
  const loaders = [...js.matchAll(/^export const __wasm_split_load_(\S+) = wrapAsyncCb\(makeLoad\(([\s\S]*?), \[([^\]]*)\]\)\);$/gm)];
  if (loaders.length === 0) throw new Error('merge-splits: no loaders found in ' + jsName);

  for (const f of fs.readdirSync(pkg)) {
    if (/^(chunk|split)_.*\.wasm$/.test(f)) stripCustom(path.join(pkg, f), ['name', 'producers', 'target_features']);
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'merge-splits-'));
  const fileOf = (stem) => path.join(pkg, `${stem}.wasm`);
  const kinds = new Map();
  const kindOf = (stem) => {
    if (!kinds.has(stem)) kinds.set(stem, fs.existsSync(fileOf(stem)) ? kind(fileOf(stem)) : 'empty');
    return kinds.get(stem);
  };

  const manifest = {};
  const keptChunks = new Set();
  const out = [runtime];
  const loaderLines = [];
  let before = 0; let after = 0;
  for (const [, split, , depList] of loaders) {
    const deps = depList.split(',').map((d) => d.trim()).filter(Boolean).map((d) => d.replace(/^__chunk_/, 'chunk_'));
    const own = `split_${split}`;
    const all = [...deps, own];
    before += all.filter((s) => kindOf(s) !== 'empty').length;
    // the page's own file is loaded once (its loader remembers it, and no other page has it), so
    // it is merged even when it writes memory (the load state of the `#[lazy]` forms it opens)
    const mergeable = [...deps.filter((s) => kindOf(s) === 'code'), ...(kindOf(own) === 'empty' ? [] : [own])];
    const stateful = deps.filter((s) => kindOf(s) === 'stateful');
    stateful.forEach((s) => keptChunks.add(s));
    const target = path.join(tmp, `${own}.wasm`);
    if (mergeable.length === 1) fs.copyFileSync(fileOf(mergeable[0]), target);
    else if (mergeable.length > 1) merge(mergeable.map(fileOf), target, tmp);
    const stems = [...stateful];
    if (mergeable.length > 0) stems.push(own);
    after += stems.length;
    manifest[split] = stems;
    const fetcher = mergeable.length > 0 ? fetcherOf(own) : '() => async (_imp) => ({})';
    loaderLines.push(`export const __wasm_split_load_${split} = wrapAsyncCb(makeLoad(${fetcher}, [${stateful.map((s) => s.replace(/^chunk_/, '__chunk_')).join(', ')}]));`);
  }
  for (const stem of [...keptChunks].sort()) {
    out.push(`const ${stem.replace(/^chunk_/, '__chunk_')} = makeLoad(${fetcherOf(stem)}, []);`);
  }
  out.push(...loaderLines);

  // replace the split files: remove every chunk and split file, then move the merged ones in
  for (const f of fs.readdirSync(pkg)) {
    if (/^(chunk|split)_.*\.wasm(\.gz|\.br)?$/.test(f) && !keptChunks.has(f.replace(/\.wasm.*$/, ''))) fs.unlinkSync(path.join(pkg, f));
  }
  for (const f of fs.readdirSync(tmp)) {
    if (f.endsWith('.wasm') && f !== 'shim.wasm') fs.renameSync(path.join(tmp, f), path.join(pkg, f));
  }
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.writeFileSync(path.join(pkg, jsName), out.join('\n') + '\n');
  fs.writeFileSync(manifestPath, JSON.stringify(manifest, null, 1));
  const pages = fs.readdirSync(pkg).filter((f) => /^(chunk|split)_.*\.wasm$/.test(f)).map((f) => path.join(pkg, f));
  await optimise(pages);
  for (const f of fs.readdirSync(pkg)) if (f.endsWith('.wasm')) stripCustom(path.join(pkg, f));
  console.log(`merge-splits: ${loaders.length} pages; files a page fetches: ${before} → ${after} in all; ${keptChunks.size} shared files kept (they write memory when loaded)`);
}

/// wasm-opt -Oz on each file in place, as many at once as there are cores.
async function optimise(files) {
  const queue = [...files];
  const run = (file) => new Promise((resolve, reject) => {
    execFile(path.join(BIN, 'wasm-opt'), ['-Oz', ...FEATURES, file, '-o', file], { maxBuffer: 1 << 30 },
      (err, _out, stderr) => (err ? reject(new Error(`wasm-opt ${file}: ${stderr || err.message}`)) : resolve()));
  });
  const worker = async () => { while (queue.length > 0) await run(queue.shift()); };
  await Promise.all(Array.from({ length: Math.max(1, os.cpus().length) }, worker));
}

main(process.argv[2] || path.join(__dirname, '..', '..', 'target', 'site', 'pkg')).catch((e) => {
  console.error(e);
  process.exit(1);
});
