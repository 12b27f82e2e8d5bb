// The SPA's runtime packages (what ships to browsers) carry permissive licences
// compatible with EUPL-1.2. Development tools are not shipped and are not checked here.
import { execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const allowed = new Set(['MIT', 'Apache-2.0', 'BSD-2-Clause', 'BSD-3-Clause', 'ISC', 'Zlib', 'MPL-2.0', '0BSD', 'CC0-1.0', 'Unlicense']);
const ok = (expr) =>
  expr
    .replace(/[()]/g, '')
    .split(/\s+OR\s+/)
    .some((alt) => alt.split(/\s+AND\s+/).every((p) => allowed.has(p.trim())));

const tree = JSON.parse(execSync('npm ls --omit=dev --all --json', { encoding: 'utf8' }));
const seen = new Map();
const walk = (deps) => {
  for (const [name, info] of Object.entries(deps ?? {})) {
    if (seen.has(name) || !info.version) continue;
    const pkg = JSON.parse(readFileSync(join('node_modules', name, 'package.json'), 'utf8'));
    const lic = typeof pkg.license === 'string' ? pkg.license : (pkg.license?.type ?? '');
    seen.set(name, `${pkg.version} ${lic}`);
    walk(info.dependencies);
  }
};
walk(tree.dependencies);
const bad = [...seen].filter(([, v]) => !ok(v.split(' ').slice(1).join(' ')));
if (bad.length) {
  console.error('Runtime packages with licences outside the allowed list:');
  for (const [n, v] of bad) console.error(`  ${n} ${v}`);
  process.exit(1);
}
console.log(`licences OK: ${seen.size} runtime packages, all permissive`);
for (const [n, v] of seen) console.log(`  ${n} ${v}`);
