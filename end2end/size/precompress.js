// Precompresses the site's static files at the strongest settings, written beside each file as
// `.gz` and `.br` (the server sends them to browsers that accept them):
// - gzip by Zopfli (`@gfx/zopfli`, five iterations): a gzip stream every browser reads, 4 % smaller
//   than zlib's level 9 on our WebAssembly (333.6 → 319.5 KB for the first chunk), in about a
//   second per megabyte;
// - brotli at quality 11.
// cargo-leptos's own `--precompress` gzip is about 15 % larger than zlib's level 9 here.
//   node end2end/size/precompress.js target/site/pkg
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
const { gzipAsync } = require('@gfx/zopfli');

async function main(dir) {
  let raw = 0, gz = 0, br = 0, n = 0;
  for (const f of fs.readdirSync(dir)) {
    if (!/\.(wasm|js|css|json)$/.test(f)) continue;
    const file = path.join(dir, f);
    const data = fs.readFileSync(file);
    const g = Buffer.from(await gzipAsync(data, { numiterations: 5 }));
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
}

main(process.argv[2] || 'target/site/pkg').catch((e) => {
  console.error(e);
  process.exit(1);
});
