import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

const SRC = path.resolve('src');

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? files(p) : e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [p] : [];
  });
}

function imports(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  return [...text.matchAll(/^\s*(?:import|export)[^'"]*from\s+['"]([^'"]+)['"]/gm)].map((m) => m[1]!);
}

function resolveImport(from: string, spec: string): string {
  return spec.startsWith('.') ? path.relative(SRC, path.resolve(path.dirname(from), spec)) : spec;
}

test('the hub reaches the community only through the CommunityLink port', () => {
  for (const f of files(path.join(SRC, 'households'))) {
    for (const spec of imports(f)) {
      const target = resolveImport(f, spec);
      assert.ok(!target.startsWith('community'), `${path.relative(SRC, f)} imports ${target}`);
    }
  }
  for (const f of files(path.join(SRC, 'community'))) {
    for (const spec of imports(f)) {
      const target = resolveImport(f, spec);
      assert.ok(!target.startsWith('households'), `${path.relative(SRC, f)} imports ${target}`);
    }
  }
});

test('services and policies see ports, never fastify, SQL drivers, the filesystem or child processes', () => {
  const forbidden = [
    'fastify',
    '@fastify/',
    'better-sqlite3',
    'pg',
    'node:fs',
    'node:child_process',
    'fs',
    'child_process',
  ];
  const checked = files(SRC).filter((f) => /\.(service|policy)\.ts$/.test(f));
  assert.ok(checked.length >= 3);
  for (const f of checked) {
    for (const spec of imports(f)) {
      assert.ok(
        !forbidden.some((x) => spec === x || (x.endsWith('/') && spec.startsWith(x))),
        `${path.relative(SRC, f)} imports ${spec}`,
      );
    }
  }
});

test('routes call services, never repositories or the database directly', () => {
  for (const f of files(SRC).filter((x) => x.endsWith('.routes.ts'))) {
    for (const spec of imports(f)) {
      assert.ok(
        !/repository|adapters\/database|kysely/.test(spec),
        `${path.relative(SRC, f)} imports ${spec}`,
      );
    }
  }
});

test('migrations are frozen: they import nothing from the application', () => {
  const dir = path.join(SRC, 'db', 'migrations');
  for (const f of files(dir)) {
    for (const spec of imports(f)) assert.equal(spec, 'kysely', `${path.relative(SRC, f)} imports ${spec}`);
    assert.match(path.basename(f), /^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}_[a-z0-9-]+\.ts$/, 'timestamped name');
  }
});
