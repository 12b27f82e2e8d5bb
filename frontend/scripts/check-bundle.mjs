// Prints what the built SPA makes a browser download, and fails when the first screen's
// JavaScript (the entry script, what it preloads, and the largest language file, which
// loads before the first render) is above the budget, gzipped.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const BUDGET_KB = 200;
const dist = new URL('../dist/', import.meta.url).pathname;
const html = readFileSync(join(dist, 'index.html'), 'utf8');
const kb = (file) => gzipSync(readFileSync(join(dist, file))).length / 1024;

const initial = [
  ...html.matchAll(/<script[^>]+src="\/?([^"]+\.js)"/g),
  ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="\/?([^"]+\.js)"/g),
].map((m) => m[1]);
const chunks = readdirSync(join(dist, 'assets'))
  .filter((f) => f.endsWith('.js'))
  .map((f) => ({ file: `assets/${f}`, kb: kb(`assets/${f}`) }))
  .sort((a, b) => b.kb - a.kb);
const languages = chunks.filter((c) => /\/(et|fi|sv|lt|ka|nb)-[\w-]+\.js$/.test(c.file));
const largestLanguage = languages[0]?.kb ?? 0;
const shell = initial.reduce((sum, f) => sum + kb(f), 0);

console.log('JavaScript chunks (gzip):');
for (const c of chunks) {
  const mark = initial.includes(c.file) ? '  first screen' : languages.includes(c) ? '  language, on demand' : '';
  console.log(`  ${c.kb.toFixed(1).padStart(7)} KB  ${c.file}${mark}`);
}
const total = shell + largestLanguage;
console.log(
  `first screen: ${shell.toFixed(1)} KB + largest language ${largestLanguage.toFixed(1)} KB = ${total.toFixed(1)} KB of ${BUDGET_KB} KB`,
);
if (initial.length === 0 || total > BUDGET_KB) {
  console.error(initial.length === 0 ? 'no entry script found in dist/index.html' : `over the budget of ${BUDGET_KB} KB`);
  process.exit(1);
}
