#!/usr/bin/env node
// The README's test command. `npm test` = type check, lint, format check, web build, then every test on node's
// runner; `npm test -- unit` runs only the unit tests beside the code; extra arguments are test file filters.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const unitOnly = args[0] === 'unit';
const filters = unitOnly ? args.slice(1) : args;

function run(cmd, cmdArgs, label) {
  console.log(`\n▶ ${label}`);
  const r = spawnSync(cmd, cmdArgs, { stdio: 'inherit', cwd: root, env: process.env });
  if (r.status !== 0) {
    console.error(`✖ ${label} failed`);
    process.exit(r.status ?? 1);
  }
}

function find(dir, out = []) {
  if (!fs.existsSync(dir)) return out;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory() && e.name !== 'node_modules') find(p, out);
    else if (e.isFile() && e.name.endsWith('.test.ts')) out.push(path.relative(root, p));
  }
  return out;
}

const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
if (!unitOnly && filters.length === 0) {
  run(npx, ['tsc', '-p', 'tsconfig.json', '--noEmit'], 'type check');
  run(npx, ['eslint', '.'], 'lint');
  run(npx, ['prettier', '--check', '.', '--log-level', 'warn'], 'format check');
}
if (!unitOnly) {
  run(npx, ['tsc', '-p', 'tsconfig.build.json'], 'server build');
  run(npx, ['vite', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], 'web build');
}

let files = unitOnly
  ? find(path.join(root, 'src'))
  : [...find(path.join(root, 'src')), ...find(path.join(root, 'test'))];
if (filters.length) files = files.filter((f) => filters.some((x) => f.includes(x)));
files.sort();
if (!process.env.PORCHLIGHT_TEST_DATABASE_URL) {
  console.log(
    '\nPORCHLIGHT_TEST_DATABASE_URL is not set: integration tests run on SQLite only (CI runs PostgreSQL too).',
  );
}
console.log(`\n▶ ${files.length} test files`);
const r = spawnSync(
  process.execPath,
  [
    '--import',
    'tsx',
    '--test',
    '--test-reporter=spec',
    `--test-concurrency=${process.env.TEST_CONCURRENCY ?? 2}`,
    ...files,
  ],
  // The CLI tests run the freshly built dist/ when this script built it, the TypeScript sources otherwise.
  {
    stdio: 'inherit',
    cwd: root,
    env: { ...process.env, NODE_ENV: 'test', ...(unitOnly ? {} : { PORCHLIGHT_TEST_USE_DIST: '1' }) },
  },
);
process.exit(r.status ?? 1);
