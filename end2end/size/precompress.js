// Precompresses the site's static files at the strongest settings: gzip level 9 and brotli
// quality 11, written beside each file as `.gz` and `.br` (the server sends them to browsers that
// accept them). cargo-leptos's own `--precompress` gzip is about 15 % larger on our WebAssembly.
//   node end2end/size/precompress.js target/site/pkg
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

const dir = process.argv[2] || 'target/site/pkg';
let raw = 0, gz = 0, br = 0, n = 0;
for (const f of fs.readdirSync(dir)) {
  if (!/\.(wasm|js|css|json)$/.test(f)) continue;
  const file = path.join(dir, f);
  const data = fs.readFileSync(file);
  const g = zlib.gzipSync(data, { level: 9, memLevel: 9 });
  const b = zlib.brotliCompressSync(data, {
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
      [zlib.constants.BROTLI_PARAM_LGWIN]: 24,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length,
    },
  });
  fs.writeFileSync(`${file}.gz`, g);
  fs.writeFileSync(`${file}.br`, b);
  raw += data.length; gz += g.length; br += b.length; n++;
}
const kb = (x) => `${(x / 1024).toFixed(0)} KB`;
console.log(`precompressed ${n} files in ${dir}: ${kb(raw)} raw, ${kb(gz)} gzip, ${kb(br)} brotli`);
