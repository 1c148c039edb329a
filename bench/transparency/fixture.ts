// Bulk-loads a public log of N entries into a real SQLite data dir (the real schema, migrated by the real
// migrator), writing leaves, complete-subtree nodes and the head directly instead of appending one by one:
// what `append` would have written, in a fraction of the time. Fixtures are cached between runs.
//
// The node rows come from the pure core's appendToFrontier, exactly as the service computes them.
//
// Also what the benchmarks share around a fixture: a statement and row counter, a fixed-seed generator,
// percentiles, the service over a handle, and a community server on loopback over a fixture.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import type {
  Kysely,
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from 'kysely';
import { openDatabase } from '../../src/adapters/database.js';
import { InProcessBus } from '../../src/adapters/in-process-bus.js';
import { loadConfig } from '../../src/config/config.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import type { DB } from '../../src/db/schema.js';
import { createRuntime } from '../../src/main.js';
import { systemClock } from '../../src/ports/clock.js';
import { encodeEntry, sha256Hex } from '../../src/transparency/entries.js';
import { appendToFrontier, hashLeaf } from '../../src/transparency/merkle.js';
import { generateNoteKey, parseSignerKey } from '../../src/transparency/note.js';
import { TransparencyRepository } from '../../src/transparency/transparency.repository.js';
import { TransparencyService } from '../../src/transparency/transparency.service.js';

/** Where cached fixtures live (override with PORCHLIGHT_BENCH_DIR). */
export const BENCH_DIR = process.env.PORCHLIGHT_BENCH_DIR ?? path.join(os.tmpdir(), 'porchlight-bench');

/** The canonical text of synthetic entry `i`: a valid clip.accessed entry, as an evidence-locker view logs. */
export function fixtureEntry(i: number): string {
  return encodeEntry({
    type: 'clip.accessed',
    time: new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString(),
    actor: { class: 'agency', organisation: 'Metro Police' },
    refs: { clip: sha256Hex(`clip ${i}`), request: sha256Hex(`request ${i >> 4}`) },
    access: i % 3 ? 'view' : 'download',
  });
}

/**
 * A data dir whose porchlight.db holds a log of `size` entries. With `leaves: false` only nodes and the head
 * are written (proofs read nothing else), which keeps a 10M-entry fixture to about 2 GB.
 */
export async function logFixture(size: number, leaves: boolean): Promise<{ dir: string; reused: boolean }> {
  const dir = path.join(BENCH_DIR, `log-${size}${leaves ? '-leaves' : ''}`);
  const file = path.join(dir, 'porchlight.db');
  const done = path.join(dir, 'complete');
  if (fs.existsSync(done)) return { dir, reused: true };
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });

  const database = await openDatabase({ sqlitePath: file });
  await migrateToLatest(database, ['core', 'community']);
  await database.close();

  const db = new SqliteDatabase(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  const insertLeaf = db.prepare(
    'insert into transparency_leaves (idx, type, time, entry, leaf_hash) values (?, ?, ?, ?, ?)',
  );
  const insertNode = db.prepare('insert into transparency_nodes (level, idx, hash) values (?, ?, ?)');
  const started = Date.now();
  let frontier: Uint8Array[] = [];
  const CHUNK = 100_000;
  for (let from = 0; from < size; from += CHUNK) {
    db.transaction(() => {
      for (let i = from; i < Math.min(size, from + CHUNK); i++) {
        let leafHash: Uint8Array;
        if (leaves) {
          const text = fixtureEntry(i);
          leafHash = hashLeaf(Buffer.from(text));
          const time = (JSON.parse(text) as { time: string }).time;
          insertLeaf.run(i, 'clip.accessed', time, text, Buffer.from(leafHash).toString('hex'));
        } else {
          // Any 32-byte leaf hashes do for proofs; these are cheap and distinct.
          leafHash = hashLeaf(Buffer.from(`leaf ${i}`));
        }
        const step = appendToFrontier(frontier, i, leafHash);
        frontier = step.frontier;
        for (const c of step.completed)
          insertNode.run(c.id.level, c.id.index, Buffer.from(c.hash).toString('hex'));
      }
    })();
    if ((from / CHUNK) % 10 === 9)
      process.stderr.write(
        `  loaded ${from + CHUNK} of ${size} (${((Date.now() - started) / 1000).toFixed(0)} s)\n`,
      );
  }
  db.prepare('update transparency_head set size = ?, frontier = ?, updated_at = ? where id = 1').run(
    size,
    frontier.map((h) => Buffer.from(h).toString('hex')).join(''),
    new Date().toISOString(),
  );
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  fs.writeFileSync(done, `${new Date().toISOString()}\n`);
  process.stderr.write(`  fixture of ${size} built in ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
  return { dir, reused: false };
}

/** Counts the statements sent and the rows read back. */
export class Counter implements KyselyPlugin {
  queries = 0;
  rows = 0;
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    this.queries++;
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    this.rows += args.result.rows.length;
    return args.result;
  }
}

/** A fixed-seed generator, so every run asks for the same proofs and tiles. */
export function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** The real transparency service and repository over `db`, with a throwaway signing key. */
export function benchService(db: Kysely<DB>): TransparencyService {
  return new TransparencyService(
    new TransparencyRepository(db),
    parseSignerKey(generateNoteKey('bench.example/log').signerKey),
    systemClock,
    new InProcessBus(),
    { origin: 'bench.example/log' },
  );
}

/**
 * A real server (community role) on loopback over the fixture in `dir`, with a fresh checkpoint: its runtime
 * (close it when done), its address and the key that verifies its checkpoints.
 */
export async function serveFixture(dir: string) {
  const runtime = await createRuntime({
    ...loadConfig({}),
    dataDir: dir,
    roles: ['community'],
    logLevel: 'silent',
    webDir: dir,
    port: 0,
  });
  try {
    await runtime.transparency!.checkpointNow();
    await runtime.app.listen({ port: 0, host: '127.0.0.1' });
  } catch (err) {
    await runtime.close();
    throw err;
  }
  const { port } = runtime.app.server.address() as import('node:net').AddressInfo;
  return { runtime, server: `http://127.0.0.1:${port}`, key: runtime.transparency!.verifierKey() };
}
