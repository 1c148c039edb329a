// Bulk-loads a public log of N entries into a real SQLite data dir (the real schema, migrated by the real
// migrator), writing leaves, complete-subtree nodes and the head directly instead of appending one by one:
// what `append` would have written, in a fraction of the time. Fixtures are cached between runs.
//
// The node rows come from the pure core's appendToFrontier, exactly as the service computes them.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { openDatabase } from '../../src/adapters/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { encodeEntry, sha256Hex } from '../../src/transparency/entries.js';
import { appendToFrontier, hashLeaf } from '../../src/transparency/merkle.js';

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
