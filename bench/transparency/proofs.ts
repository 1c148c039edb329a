// Inclusion and consistency proof times (p50/p99) through the real service and repository, at 1M and 10M
// entries on SQLite and at 1M on PostgreSQL, counting the queries and rows each proof reads to show it is
// O(log n). Side by side, the reference a node table avoids: reading every leaf hash and recomputing the proof
// (MemoryTree), at growing sizes. Fixtures are bulk-loaded once and cached (see fixture.ts).
// Run: node --import tsx bench/transparency/proofs.ts [--sizes 1000000,10000000] [--samples 2000] [--pg URL|none]
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { openDatabase } from '../../src/adapters/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import type { DB } from '../../src/db/schema.js';
import { MemoryTree } from '../../src/transparency/memory-tree.js';
import { TransparencyRepository } from '../../src/transparency/transparency.repository.js';
import { benchService, Counter, logFixture, percentile, random } from './fixture.js';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '1000000,10000000' },
    samples: { type: 'string', default: '2000' },
    pg: {
      type: 'string',
      default: process.env.PORCHLIGHT_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
    },
    'pg-size': { type: 'string', default: '1000000' },
  },
});
const SIZES = values.sizes.split(',').map(Number);
const SAMPLES = Number(values.samples);

async function measure(
  samples: number,
  counter: Counter,
  work: (i: number) => Promise<unknown>,
): Promise<{ p50: number; p99: number; queries: number; rows: number }> {
  // Warm up (JIT, caches); the slow reference gets one round only.
  for (let i = 0; i < (samples >= 100 ? 100 : 1); i++) await work(i);
  const times: number[] = [];
  counter.queries = 0;
  counter.rows = 0;
  for (let i = 0; i < samples; i++) {
    const t0 = process.hrtime.bigint();
    await work(i);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  times.sort((a, b) => a - b);
  return {
    p50: percentile(times, 50),
    p99: percentile(times, 99),
    queries: counter.queries / samples,
    rows: counter.rows / samples,
  };
}

const lines: string[] = [];
function row(
  db: string,
  size: number,
  kind: string,
  r: { p50: number; p99: number; queries: number; rows: number },
) {
  const line = `| ${db} | ${size.toLocaleString('en')} | ${kind} | ${r.p50.toFixed(3)} | ${r.p99.toFixed(3)} | ${r.queries.toFixed(1)} | ${r.rows.toFixed(1)} |`;
  lines.push(line);
  // Progress goes to stderr; the table is printed once, whole, at the end.
  console.error(line);
}

async function proofsOn(label: string, db: Kysely<DB>, counter: Counter, size: number): Promise<void> {
  const log = benchService(db);
  const rnd = random(size);
  const idx = Array.from({ length: SAMPLES }, () => Math.floor(rnd() * size));
  const first = Array.from({ length: SAMPLES }, () => 1 + Math.floor(rnd() * (size - 1)));
  row(
    label,
    size,
    'inclusion (node table)',
    await measure(SAMPLES, counter, (i) => log.inclusionProof(idx[i]!, size)),
  );
  row(
    label,
    size,
    'consistency (node table)',
    await measure(SAMPLES, counter, (i) => log.consistencyProof(first[i]!, size)),
  );
}

console.log(
  `Public log proofs — ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, node ${process.version}, ${new Date().toISOString()}`,
);

for (const size of SIZES) {
  // Leaves are loaded only up to 1M (the verify benchmark and the reference need them; proofs never read them).
  const fixture = await logFixture(size, size <= 1_000_000);
  const counter = new Counter();
  const sqlite = new SqliteDatabase(path.join(fixture.dir, 'porchlight.db'));
  sqlite.pragma('journal_mode = WAL');
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: sqlite }), plugins: [counter] });
  await proofsOn('SQLite', db, counter, size);

  if (size === 1_000_000) {
    // The reference without a node table: read every leaf hash of the tree, rebuild it, then prove.
    const repo = new TransparencyRepository(db);
    for (const n of [1_000, 10_000, 100_000, 1_000_000]) {
      const samples = n >= 1_000_000 ? 3 : n >= 100_000 ? 10 : 50;
      const rnd = random(n);
      const log = benchService(db);
      row(
        'SQLite',
        n,
        'inclusion (node table)',
        await measure(200, counter, () => log.inclusionProof(Math.floor(rnd() * n), n)),
      );
      row(
        'SQLite',
        n,
        'inclusion (reference: all leaves)',
        await measure(samples, counter, async () => {
          const hashes = (await repo.leafHashes(n)).map((h) => Buffer.from(h, 'hex'));
          return MemoryTree.fromLeafHashes(hashes).inclusionProof(Math.floor(rnd() * n), n);
        }),
      );
    }
  }
  await db.destroy();
}

// PostgreSQL: the 1M fixture's nodes copied into a throwaway schema, then the same proofs.
const pgSize = Number(values['pg-size']);
if (values.pg !== 'none' && pgSize > 0) {
  const schema = `bench_proofs_${process.pid}`;
  const admin = new pg.Client({ connectionString: values.pg });
  try {
    await admin.connect();
    const database = await openDatabase({ url: values.pg, sqlitePath: '', pgSchema: schema });
    await migrateToLatest(database, ['core', 'community']);
    const fixture = await logFixture(pgSize, pgSize <= 1_000_000);
    const source = new SqliteDatabase(path.join(fixture.dir, 'porchlight.db'), { readonly: true });
    const t0 = Date.now();
    const batch: unknown[][] = [];
    const flush = async () => {
      if (!batch.length) return;
      const params = batch.flat();
      const tuples = batch.map((_, i) => `($${3 * i + 1}, $${3 * i + 2}, $${3 * i + 3})`).join(',');
      await admin.query(
        `insert into ${schema}.transparency_nodes (level, idx, hash) values ${tuples}`,
        params,
      );
      batch.length = 0;
    };
    for (const n of source.prepare('select level, idx, hash from transparency_nodes').iterate() as Iterable<{
      level: number;
      idx: number;
      hash: string;
    }>) {
      batch.push([n.level, n.idx, n.hash]);
      if (batch.length === 5000) await flush();
    }
    await flush();
    const head = source.prepare('select size, frontier from transparency_head where id = 1').get() as {
      size: number;
      frontier: string;
    };
    await admin.query(`update ${schema}.transparency_head set size = $1, frontier = $2 where id = 1`, [
      head.size,
      head.frontier,
    ]);
    await admin.query(`analyze ${schema}.transparency_nodes`);
    source.close();
    await database.close();
    console.error(`  PostgreSQL fixture loaded in ${((Date.now() - t0) / 1000).toFixed(0)} s`);

    const counter = new Counter();
    const pool = new pg.Pool({ connectionString: values.pg, max: 4, options: `-c search_path=${schema}` });
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }), plugins: [counter] });
    await proofsOn('PostgreSQL', db, counter, pgSize);
    await db.destroy();
  } catch (e) {
    console.log(`  PostgreSQL skipped: ${(e as Error).message}`);
  } finally {
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => {});
    await admin.end().catch(() => {});
  }
}

console.log('\n| database | tree size | proof | p50 ms | p99 ms | queries/proof | rows/proof |');
console.log('|---|---:|---|---:|---:|---:|---:|');
console.log(lines.join('\n'));
