// What a first visit downloads: the entry chunk and every chunk it imports statically (lazy
// routes excluded), gzipped. `node scripts/bundle-size.mjs` after `vite build` prints it; the
// bundle-size test holds it under the budget.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

export const INITIAL_JS_BUDGET_BYTES = 250 * 1024;

export function initialBundle(distDir) {
  const manifest = JSON.parse(readFileSync(path.join(distDir, '.vite/manifest.json'), 'utf8'));
  const entry = Object.values(manifest).find((chunk) => chunk.isEntry);
  if (!entry) throw new Error('no entry chunk in the manifest');
  const js = new Set();
  const css = new Set();
  const visit = (chunk) => {
    if (js.has(chunk.file)) return;
    js.add(chunk.file);
    for (const file of chunk.css ?? []) css.add(file);
    for (const key of chunk.imports ?? []) visit(manifest[key]);
  };
  visit(entry);
  const gz = (file) => gzipSync(readFileSync(path.join(distDir, file)), { level: 9 }).length;
  const files = [...js].map((file) => ({ file, gzipBytes: gz(file) }));
  return {
    files,
    jsGzipBytes: files.reduce((sum, f) => sum + f.gzipBytes, 0),
    cssGzipBytes: [...css].reduce((sum, file) => sum + gz(file), 0),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const result = initialBundle(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../dist'));
  for (const f of result.files) console.log(`${(f.gzipBytes / 1024).toFixed(1).padStart(7)} KB  ${f.file}`);
  console.log(
    `initial JS: ${(result.jsGzipBytes / 1024).toFixed(1)} KB gzipped (budget ${INITIAL_JS_BUDGET_BYTES / 1024} KB)`,
  );
  console.log(`initial CSS: ${(result.cssGzipBytes / 1024).toFixed(1)} KB gzipped`);
}
