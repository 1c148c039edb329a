import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import type { Runtime } from '../../src/main.js';
import { sha256Hex, type NewLogEntry } from '../../src/transparency/entries.js';
import { rootNodes } from '../../src/transparency/merkle.js';
import type { AppendedEntry } from '../../src/transparency/public-log.js';

/** A valid entry, different for each `i`, as an agency's clip access would be logged. */
export function sampleEntry(i: number): NewLogEntry {
  return {
    type: 'clip.accessed',
    actor: { class: 'agency', organisation: 'Metro Police' },
    refs: { clip: sha256Hex(`clip ${i}`), request: sha256Hex(`request ${i % 7}`) },
    access: i % 2 ? 'view' : 'download',
  };
}

/** Append `count` entries, `batch` per transaction, the way a domain would. */
export async function appendEntries(
  runtime: Runtime,
  count: number,
  batch = 1,
  from = 0,
): Promise<AppendedEntry[]> {
  const log = runtime.transparency!;
  const out: AppendedEntry[] = [];
  for (let i = 0; i < count; i += batch) {
    const entries = Array.from({ length: Math.min(batch, count - i) }, (_, j) => sampleEntry(from + i + j));
    out.push(...(await runtime.database.db.transaction().execute((trx) => log.appendMany(trx, entries))));
  }
  return out;
}

/** Listen on a free loopback port; the runtime's close() stops it. Returns the base URL. */
export async function listen(runtime: Runtime): Promise<string> {
  await runtime.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = runtime.app.server.address() as AddressInfo;
  return `http://127.0.0.1:${port}`;
}

/** Drop the append-only triggers, as an attacker with direct database access would before editing the log. */
export async function dropAppendOnlyTriggers(runtime: Runtime): Promise<void> {
  const db = runtime.database.db;
  for (const table of ['transparency_leaves', 'transparency_nodes', 'transparency_checkpoints']) {
    if (runtime.database.dialect === 'sqlite') {
      await sql.raw(`drop trigger if exists ${table}_no_update`).execute(db);
      await sql.raw(`drop trigger if exists ${table}_no_delete`).execute(db);
    } else {
      await sql.raw(`drop trigger if exists ${table}_append_only on ${table}`).execute(db);
      await sql.raw(`drop trigger if exists ${table}_no_truncate on ${table}`).execute(db);
    }
  }
}

/**
 * Roll the log back to `size` entries behind the server's back: leaves, nodes, checkpoints and head, all made
 * consistent again, as restoring an older copy of the database would. The server then signs the shorter log.
 */
export async function truncateLog(runtime: Runtime, size: number): Promise<void> {
  await dropAppendOnlyTriggers(runtime);
  const db = runtime.database.db;
  await sql`delete from transparency_leaves where idx >= ${size}`.execute(db);
  // A node of 2^level leaves starting at idx * 2^level survives only if it ends at or before `size`.
  const nodes = await sql<{
    level: number;
    idx: number | string;
  }>`select level, idx from transparency_nodes`.execute(db);
  for (const n of nodes.rows)
    if ((Number(n.idx) + 1) * 2 ** n.level > size)
      await sql`delete from transparency_nodes where level = ${n.level} and idx = ${Number(n.idx)}`.execute(
        db,
      );
  await sql`delete from transparency_checkpoints where size > ${size}`.execute(db);
  const frontier: string[] = [];
  for (const id of rootNodes(size)) {
    const r = await sql<{
      hash: string;
    }>`select hash from transparency_nodes where level = ${id.level} and idx = ${id.index}`.execute(db);
    frontier.push(r.rows[0]!.hash);
  }
  await sql`update transparency_head set size = ${size}, frontier = ${frontier.join('')} where id = 1`.execute(
    db,
  );
  await runtime.transparency!.checkpointNow();
}
