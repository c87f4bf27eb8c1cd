// Where the WebAssembly's bytes go: code size per crate (per module for our own `app` and
// `frontend` crates), plus data, read from the function names the Rust build leaves in the
// module (the `name` section of the file before wasm-bindgen and wasm-opt).
//
//   node end2end/size/wasm-breakdown.js target/front/wasm32-unknown-unknown/wasm-release/frontend.wasm [top]
const fs = require('fs');

function leb(buf, pos) {
  let result = 0, shift = 0, byte;
  do {
    byte = buf[pos++];
    result += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte & 0x80);
  return [result, pos];
}

function str(buf, pos) {
  const [len, p] = leb(buf, pos);
  return [buf.toString('utf8', p, p + len), p + len];
}

/// Sections, imported function count, function body sizes, function names.
function parse(buf) {
  if (buf.readUInt32LE(0) !== 0x6d736100) throw new Error('not a WebAssembly file');
  let pos = 8;
  const out = { sections: {}, importedFuncs: 0, bodies: [], names: new Map(), data: 0 };
  while (pos < buf.length) {
    const id = buf[pos];
    let size;
    [size, pos] = leb(buf, pos + 1);
    const end = pos + size;
    if (id === 2) {
      let n, p;
      [n, p] = leb(buf, pos);
      for (let i = 0; i < n; i++) {
        [, p] = str(buf, p);
        [, p] = str(buf, p);
        const kind = buf[p++];
        if (kind === 0) { [, p] = leb(buf, p); out.importedFuncs++; }
        else if (kind === 1) { p += 1; const flags = buf[p++]; [, p] = leb(buf, p); if (flags & 1) [, p] = leb(buf, p); }
        else if (kind === 2) { const flags = buf[p++]; [, p] = leb(buf, p); if (flags & 1) [, p] = leb(buf, p); }
        else if (kind === 3) { p += 2; }
        else if (kind === 4) { p += 1; [, p] = leb(buf, p); }
      }
    } else if (id === 10) {
      let n, p;
      [n, p] = leb(buf, pos);
      for (let i = 0; i < n; i++) {
        let len;
        [len, p] = leb(buf, p);
        out.bodies.push(len);
        p += len;
      }
    } else if (id === 11) {
      out.data += size;
    } else if (id === 0) {
      const [name, p0] = str(buf, pos);
      if (name === 'name') {
        let p = p0;
        while (p < end) {
          const sub = buf[p];
          let len;
          [len, p] = leb(buf, p + 1);
          if (sub === 1) {
            let n, q;
            [n, q] = leb(buf, p);
            for (let i = 0; i < n; i++) {
              let idx, nm;
              [idx, q] = leb(buf, q);
              [nm, q] = str(buf, q);
              out.names.set(idx, nm);
            }
          }
          p += len;
        }
      }
      const key = `custom:${name}`;
      out.sections[key] = (out.sections[key] || 0) + size;
    }
    if (id !== 0) out.sections[id] = (out.sections[id] || 0) + size;
    pos = end;
  }
  return out;
}

/// Rust's legacy mangling (`_ZN3app5pages6orders...17h…E`) or v0 mangling to a readable path.
function demangle(name) {
  let s = name;
  if (s.startsWith('_ZN')) {
    const segs = [];
    let p = 3;
    while (p < s.length && s[p] !== 'E') {
      let n = 0;
      while (s[p] >= '0' && s[p] <= '9') n = n * 10 + (s.charCodeAt(p++) - 48);
      if (!n) break;
      segs.push(s.slice(p, p + n));
      p += n;
    }
    s = segs.join('::').replace(/\$LT\$/g, '<').replace(/\$GT\$/g, '>').replace(/\$u20\$/g, ' ')
      .replace(/\$RF\$/g, '&').replace(/\$C\$/g, ',').replace(/\.\./g, '::').replace(/^_</, '<');
  }
  if (s.startsWith('_R')) s = v0Path(s);
  return s.replace(/::h[0-9a-f]{16}$/, '');
}

/// Rust's v0 mangling (`_RNvNtNtCs…_3app5pages7tickets…`, the compiler's default now): the path
/// that starts at the first crate root, far enough to group by (crate, then two modules). For an
/// `impl` that is the crate the impl is written in; for a generic function, its own crate.
function v0Path(name) {
  const root = name.match(/C(?:s[0-9A-Za-z]*_)?(\d+)/);
  if (!root) return name;
  const segs = [];
  let p = root.index + root[0].length - root[1].length;
  while (segs.length < 3 && p < name.length) {
    const len = name.slice(p).match(/^(?:s[0-9A-Za-z]*_)?(\d+)/);
    if (!len) break;
    const n = Number(len[1]);
    const start = p + len[0].length;
    // an identifier may carry a `_` separator when it starts with a digit or `_`
    const ident = name.slice(start, start + n).replace(/^_(?=[0-9_])/, '');
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(ident)) break;
    segs.push(ident);
    p = start + n;
  }
  return segs.length ? segs.join('::') : name;
}

/// The first path segments of a readable name (the implementing type's for `<X as Trait>`).
function segments(s) {
  // `<alloc::vec::Vec<T> as core::clone::Clone>::clone` belongs to the implementing type's crate
  // unless that is a std crate and the trait is ours.
  const m = s.match(/^<+(?:&|mut |dyn )*([A-Za-z_][A-Za-z0-9_]*)(?:::([A-Za-z_][A-Za-z0-9_]*))?(?:::([A-Za-z_][A-Za-z0-9_]*))?/)
    || s.match(/^([A-Za-z_][A-Za-z0-9_]*)(?:::([A-Za-z_][A-Za-z0-9_]*))?(?:::([A-Za-z_][A-Za-z0-9_]*))?/);
  return m ? m.slice(1).filter(Boolean) : [];
}

/// Code that the compiler wrote for a generic parameter (`<T as tachys::view::Render>::build`) is
/// counted where the trait lives; drop glue and closures' call shims where their type lives.
function unwrap(name) {
  let s = name;
  const drop = s.match(/^core::ptr::drop_in_place<(.*)>$/);
  if (drop) s = drop[1];
  const generic = s.match(/^<(?:&|mut )*[A-Z][A-Za-z0-9]{0,3} as (.*)$/);
  if (generic) s = generic[1];
  return s;
}

function group(name) {
  const segs = segments(unwrap(demangle(name || '')));
  if (!segs.length) return '(unnamed)';
  if (segs[0] === 'app' || segs[0] === 'frontend') return segs.slice(0, 3).join('::');
  return segs[0];
}

function breakdown(file) {
  const buf = fs.readFileSync(file);
  const w = parse(buf);
  const groups = new Map();
  let code = 0;
  w.bodies.forEach((len, i) => {
    const g = group(w.names.get(w.importedFuncs + i));
    groups.set(g, (groups.get(g) || 0) + len);
    code += len;
  });
  return { total: buf.length, code, data: w.data, functions: w.bodies.length, named: w.names.size, groups };
}

function kb(n) { return (n / 1024).toFixed(1); }

if (require.main === module) {
  const file = process.argv[2];
  const top = Number(process.argv[3] || 30);
  const b = breakdown(file);
  console.log(`${file}: ${kb(b.total)} KB raw; code ${kb(b.code)} KB in ${b.functions} functions (${b.named} named), data ${kb(b.data)} KB`);
  const rows = [...b.groups.entries()].sort((a, c) => c[1] - a[1]).slice(0, top);
  console.log('| crate or module | code KB | share |');
  console.log('|---|---:|---:|');
  for (const [g, n] of rows) console.log(`| ${g} | ${kb(n)} | ${(100 * n / b.code).toFixed(1)} % |`);
}

module.exports = { breakdown, parse, group };
