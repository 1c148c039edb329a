#!/usr/bin/env node
// `npm run bench` lists the benchmarks in bench/ with the first line of each one's header comment;
// `npm run bench -- <folder/name> [args…]` runs one (e.g. `npm run bench -- motion/speed --frames 300`).
// Benchmarks print their figures; they are never part of `npm test` (results live in docs/benchmarks.md).

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const benchDir = path.join(root, 'bench');
// Helpers that benchmarks start themselves, not benchmarks of their own.
const helpers = new Set(['alerts/clients.process', 'transparency/fixture', 'motion/nvr-baseline']);

function benchmarks() {
  const found = [];
  for (const group of fs.readdirSync(benchDir, { withFileTypes: true })) {
    if (!group.isDirectory()) continue;
    for (const f of fs.readdirSync(path.join(benchDir, group.name))) {
      if (!f.endsWith('.ts')) continue;
      const name = `${group.name}/${f.slice(0, -3)}`;
      if (helpers.has(name)) continue;
      const text = fs.readFileSync(path.join(benchDir, group.name, f), 'utf8');
      const first = /^\/\/\s*(.+)$/m.exec(text)?.[1] ?? '';
      found.push({ name, first });
    }
  }
  return found.sort((a, b) => a.name.localeCompare(b.name));
}

const [name, ...args] = process.argv.slice(2);
const all = benchmarks();
if (!name) {
  console.log(
    'Benchmarks (run one with `npm run bench -- <name> [args]`; figures go to docs/benchmarks.md):\n',
  );
  for (const b of all) console.log(`  ${b.name.padEnd(24)} ${b.first}`);
  process.exit(0);
}
if (!all.some((b) => b.name === name)) {
  console.error(`No benchmark "${name}". Known: ${all.map((b) => b.name).join(', ')}`);
  process.exit(2);
}
const r = spawnSync(
  process.execPath,
  ['--expose-gc', '--import', 'tsx', path.join(benchDir, `${name}.ts`), ...args],
  { stdio: 'inherit', cwd: root },
);
process.exit(r.status ?? 1);
