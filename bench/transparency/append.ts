// Durable appends per second to the public log, through the real service and repository, on SQLite and on
// PostgreSQL side by side: one entry per transaction (how a domain logs one action), batches of entries per
// transaction, and concurrent appenders (which the head row's lock serializes).
// Run: node --import tsx bench/transparency/append.ts [--single 2000] [--batches 200] [--batch 100] [--pg URL]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import pg from 'pg';
import { openDatabase } from '../../src/adapters/database.js';
import { InProcessBus } from '../../src/adapters/in-process-bus.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import type { Database } from '../../src/ports/database.js';
import { systemClock } from '../../src/ports/clock.js';
import { sha256Hex, type NewLogEntry } from '../../src/transparency/entries.js';
import { generateNoteKey, parseSignerKey } from '../../src/transparency/note.js';
import { TransparencyRepository } from '../../src/transparency/transparency.repository.js';
import { TransparencyService } from '../../src/transparency/transparency.service.js';

const { values } = parseArgs({
  options: {
    single: { type: 'string', default: '2000' },
    batches: { type: 'string', default: '200' },
    batch: { type: 'string', default: '100' },
    concurrency: { type: 'string', default: '8' },
    pg: {
      type: 'string',
      default: process.env.PORCHLIGHT_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
    },
  },
});
const SINGLE = Number(values.single);
const BATCHES = Number(values.batches);
const BATCH = Number(values.batch);
const CONCURRENCY = Number(values.concurrency);

function entry(i: number): NewLogEntry {
  return {
    type: 'clip.accessed',
    actor: { class: 'agency', organisation: 'Metro Police' },
    refs: { clip: sha256Hex(`clip ${i}`), request: sha256Hex(`request ${i >> 4}`) },
    access: i % 3 ? 'view' : 'download',
  };
}

interface Row {
  db: string;
  mode: string;
  entries: number;
  seconds: number;
}

async function run(label: string, database: Database): Promise<Row[]> {
  await migrateToLatest(database, ['core', 'community']);
  const log = new TransparencyService(
    new TransparencyRepository(database.db),
    parseSignerKey(generateNoteKey('bench.example/log').signerKey),
    systemClock,
    new InProcessBus(),
    { origin: 'bench.example/log' },
  );
  const rows: Row[] = [];
  const time = async (mode: string, entries: number, work: () => Promise<void>) => {
    const t0 = process.hrtime.bigint();
    await work();
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    rows.push({ db: label, mode, entries, seconds });
    console.log(`  ${label.padEnd(28)} ${mode.padEnd(34)} ${fmt(entries / seconds).padStart(9)} entries/s`);
  };
  let n = 0;
  // Warm the connection, the prepared statements and the JIT.
  for (let i = 0; i < 50; i++) await database.db.transaction().execute((trx) => log.append(trx, entry(n++)));

  await time('single (1 per transaction)', SINGLE, async () => {
    for (let i = 0; i < SINGLE; i++)
      await database.db.transaction().execute((trx) => log.append(trx, entry(n++)));
  });
  await time(`batched (${BATCH} per transaction)`, BATCHES * BATCH, async () => {
    for (let b = 0; b < BATCHES; b++) {
      const batch = Array.from({ length: BATCH }, () => entry(n++));
      await database.db.transaction().execute((trx) => log.appendMany(trx, batch));
    }
  });
  await time(`single, ${CONCURRENCY} concurrent appenders`, SINGLE, async () => {
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < SINGLE) {
          next++;
          await database.db.transaction().execute((trx) => log.append(trx, entry(n++)));
        }
      }),
    );
  });
  // The tree must still be whole: sign a checkpoint over everything (it checks nodes against the head).
  const cp = await log.checkpointNow();
  if (cp.size !== n) throw new Error(`expected ${n} entries, checkpoint has ${cp.size}`);
  return rows;
}

function fmt(n: number): string {
  return n >= 100 ? Math.round(n).toLocaleString('en') : n.toFixed(1);
}

console.log(
  `Public log appends — ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, node ${process.version}, ${new Date().toISOString()}`,
);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'porchlight-bench-append-'));
const results: Row[] = [];
try {
  // The adapter's own settings: WAL with synchronous=NORMAL (a commit survives a process crash; the last ones
  // may be lost to a power cut). synchronous=FULL also survives a power cut, at the cost of an fsync per commit.
  const sqliteNormal = await openDatabase({ sqlitePath: path.join(dir, 'normal.db') });
  results.push(...(await run('SQLite WAL synchronous=NORMAL', sqliteNormal)));
  await sqliteNormal.close();
  const sqliteFull = await openDatabase({ sqlitePath: path.join(dir, 'full.db') });
  await sql`pragma synchronous = full`.execute(sqliteFull.db);
  results.push(...(await run('SQLite WAL synchronous=FULL', sqliteFull)));
  await sqliteFull.close();
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}

const schema = `bench_transparency_${process.pid}`;
let pgDb: Database | undefined;
try {
  pgDb = await openDatabase({ url: values.pg, sqlitePath: '', pgSchema: schema });
  const s = await sql<{ synchronous_commit: string }>`show synchronous_commit`.execute(pgDb.db);
  results.push(...(await run(`PostgreSQL sync_commit=${s.rows[0]?.synchronous_commit}`, pgDb)));
} catch (e) {
  console.log(`  PostgreSQL skipped: ${(e as Error).message}`);
} finally {
  await pgDb?.close();
  const c = new pg.Client({ connectionString: values.pg });
  await c.connect().then(
    async () => {
      await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await c.end();
    },
    () => {},
  );
}

console.log('\n| database | mode | entries | entries/s |\n|---|---|---:|---:|');
for (const r of results)
  console.log(`| ${r.db} | ${r.mode} | ${r.entries} | ${fmt(r.entries / r.seconds)} |`);
