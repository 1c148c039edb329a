import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import type { NodeId } from './merkle.js';

/** A stored leaf as the service reads it. */
export interface LeafRow {
  index: number;
  type: string;
  entry: string;
  leafHash: string;
}

/** A stored checkpoint. */
export interface CheckpointRow {
  size: number;
  rootHash: string;
  note: string;
  createdAt: string;
}

/** A registered witness. */
export interface WitnessRow {
  id: string;
  name: string;
  keyId: string;
  verifierKey: string;
  registeredAt: string;
  entryIndex: number;
}

// Both engines cap the parameters of one statement; inserts are split so a large batch never reaches the cap.
const INSERT_CHUNK = 1000;

/**
 * Kysely queries for the public log. Leaves, nodes and checkpoints are only ever inserted: no method here
 * updates or deletes them, the table types forbid it, and the database's triggers refuse it.
 */
export class TransparencyRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** The same queries bound to another handle, such as a caller's transaction. */
  withHandle(db: Kysely<DB>): TransparencyRepository {
    return new TransparencyRepository(db);
  }

  /** Whether this repository runs inside a transaction. */
  get inTransaction(): boolean {
    return this.db.isTransaction;
  }

  /** Run work in one transaction. */
  transaction<T>(work: (repo: TransparencyRepository, trx: Kysely<DB>) => Promise<T>): Promise<T> {
    return this.db.transaction().execute((trx) => work(new TransparencyRepository(trx), trx));
  }

  /**
   * Reserve `count` indices: the first statement of an append. Updating the head row takes its row lock, so on
   * PostgreSQL a concurrent appender waits here until this transaction ends and then sees the new size; on
   * SQLite the write takes the database's write lock. Returns the size before the reservation and the frontier.
   */
  async reserve(count: number): Promise<{ size: number; frontier: string }> {
    const row = await this.db
      .updateTable('transparency_head')
      .set({ size: sql<number>`size + ${count}` })
      .where('id', '=', 1)
      .returning(['size', 'frontier'])
      .executeTakeFirstOrThrow();
    return { size: Number(row.size) - count, frontier: row.frontier };
  }

  /** Store the frontier after an append (the head is the one log row that changes). */
  async setFrontier(frontier: string, nowIso: string): Promise<void> {
    await this.db
      .updateTable('transparency_head')
      .set({ frontier, updated_at: nowIso })
      .where('id', '=', 1)
      .execute();
  }

  /** The committed size and frontier. */
  async head(): Promise<{ size: number; frontier: string }> {
    const row = await this.db
      .selectFrom('transparency_head')
      .select(['size', 'frontier'])
      .where('id', '=', 1)
      .executeTakeFirstOrThrow();
    return { size: Number(row.size), frontier: row.frontier };
  }

  /** Insert leaves. */
  async insertLeaves(
    rows: { idx: number; type: string; time: string; entry: string; leaf_hash: string }[],
  ): Promise<void> {
    for (let i = 0; i < rows.length; i += INSERT_CHUNK)
      await this.db
        .insertInto('transparency_leaves')
        .values(rows.slice(i, i + INSERT_CHUNK))
        .execute();
  }

  /** Insert complete-subtree hashes. */
  async insertNodes(rows: { level: number; idx: number; hash: string }[]): Promise<void> {
    for (let i = 0; i < rows.length; i += INSERT_CHUNK)
      await this.db
        .insertInto('transparency_nodes')
        .values(rows.slice(i, i + INSERT_CHUNK))
        .execute();
  }

  /** Hex hashes of the given complete subtrees, in one query; missing nodes are absent from the map. */
  async nodes(ids: readonly NodeId[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    if (ids.length === 0) return out;
    // A join against a VALUES list is one primary-key lookup per node on both engines; PostgreSQL plans the
    // equivalent `(level, idx) in (...)` or a chain of ORs several times slower. VALUES columns are named
    // column1, column2 on both engines, and the casts give PostgreSQL the parameters' types.
    const wanted = sql.join(
      ids.map((id) => sql`(cast(${id.level} as integer), cast(${id.index} as bigint))`),
    );
    const rows = await sql<{ level: number; idx: number | string; hash: string }>`
      select n.level, n.idx, n.hash
      from (values ${wanted}) as v
      join transparency_nodes as n on n.level = v.column1 and n.idx = v.column2`.execute(this.db);
    for (const r of rows.rows) out.set(`${r.level}/${Number(r.idx)}`, r.hash);
    return out;
  }

  /**
   * Hex hashes of the complete subtrees at `level` with index in [start, end), in index order: one range scan of
   * the primary key, so a tile costs the same at any log size.
   */
  async nodeRange(level: number, start: number, end: number): Promise<{ index: number; hash: string }[]> {
    const rows = await this.db
      .selectFrom('transparency_nodes')
      .select(['idx', 'hash'])
      .where('level', '=', level)
      .where('idx', '>=', start)
      .where('idx', '<', end)
      .orderBy('idx')
      .execute();
    return rows.map((r) => ({ index: Number(r.idx), hash: r.hash }));
  }

  /** Canonical entry texts of the leaves with index in [start, end), in order (an entry bundle's contents). */
  async entryTexts(start: number, end: number): Promise<{ index: number; entry: string }[]> {
    const rows = await this.db
      .selectFrom('transparency_leaves')
      .select(['idx', 'entry'])
      .where('idx', '>=', start)
      .where('idx', '<', end)
      .orderBy('idx')
      .execute();
    return rows.map((r) => ({ index: Number(r.idx), entry: r.entry }));
  }

  /** Leaves with index in [start, end), in order. */
  async leaves(start: number, end: number): Promise<LeafRow[]> {
    const rows = await this.db
      .selectFrom('transparency_leaves')
      .select(['idx', 'type', 'entry', 'leaf_hash'])
      .where('idx', '>=', start)
      .where('idx', '<', end)
      .orderBy('idx')
      .execute();
    return rows.map((r) => ({ index: Number(r.idx), type: r.type, entry: r.entry, leafHash: r.leaf_hash }));
  }

  /** Every leaf hash below `size`, in order: what a proof would cost without the node table (benchmarks). */
  async leafHashes(size: number): Promise<string[]> {
    const rows = await this.db
      .selectFrom('transparency_leaves')
      .select('leaf_hash')
      .where('idx', '<', size)
      .orderBy('idx')
      .execute();
    return rows.map((r) => r.leaf_hash);
  }

  /** Insert a checkpoint unless one of that size exists (another process may have signed it first). */
  async insertCheckpoint(row: { size: number; root_hash: string; note: string; created_at: string }) {
    await this.db
      .insertInto('transparency_checkpoints')
      .values(row)
      .onConflict((oc) => oc.column('size').doNothing())
      .execute();
  }

  /** The checkpoint of the largest size. */
  async latestCheckpoint(): Promise<CheckpointRow | undefined> {
    const r = await this.db
      .selectFrom('transparency_checkpoints')
      .selectAll()
      .orderBy('size', 'desc')
      .limit(1)
      .executeTakeFirst();
    return r && toCheckpoint(r);
  }

  /** The checkpoint of one size. */
  async checkpoint(size: number): Promise<CheckpointRow | undefined> {
    const r = await this.db
      .selectFrom('transparency_checkpoints')
      .selectAll()
      .where('size', '=', size)
      .executeTakeFirst();
    return r && toCheckpoint(r);
  }

  /** Insert a witness. */
  async insertWitness(row: {
    id: string;
    name: string;
    key_id: string;
    verifier_key: string;
    registered_by: string;
    registered_at: string;
    entry_index: number;
  }): Promise<void> {
    await this.db.insertInto('transparency_witnesses').values(row).execute();
  }

  /** Whether a witness key is registered already (by key, or by name and key id). */
  async witnessExists(verifierKey: string, name: string, keyId: string): Promise<boolean> {
    const r = await this.db
      .selectFrom('transparency_witnesses')
      .select('id')
      .where((eb) =>
        eb.or([
          eb('verifier_key', '=', verifierKey),
          eb.and([eb('name', '=', name), eb('key_id', '=', keyId)]),
        ]),
      )
      .executeTakeFirst();
    return r !== undefined;
  }

  /** Every registered witness, oldest first. */
  async witnesses(): Promise<WitnessRow[]> {
    const rows = await this.db
      .selectFrom('transparency_witnesses')
      .selectAll()
      .orderBy('registered_at')
      .orderBy('id')
      .execute();
    return rows.map(toWitness);
  }

  /** The witness with a name and key id, as named on a signature line. */
  async witnessByKey(name: string, keyId: string): Promise<WitnessRow | undefined> {
    const r = await this.db
      .selectFrom('transparency_witnesses')
      .selectAll()
      .where('name', '=', name)
      .where('key_id', '=', keyId)
      .executeTakeFirst();
    return r && toWitness(r);
  }

  /** Store a cosignature; a witness's first cosignature of a checkpoint is kept. */
  async insertCosignature(row: {
    witness_id: string;
    size: number;
    signature: string;
    timestamp: number;
    received_at: string;
  }): Promise<void> {
    await this.db
      .insertInto('transparency_cosignatures')
      .values(row)
      .onConflict((oc) => oc.columns(['witness_id', 'size']).doNothing())
      .execute();
  }

  /** Cosignature lines of one checkpoint, in witness registration order. */
  async cosignatures(size: number): Promise<string[]> {
    const rows = await this.db
      .selectFrom('transparency_cosignatures as c')
      .innerJoin('transparency_witnesses as w', 'w.id', 'c.witness_id')
      .select('c.signature')
      .where('c.size', '=', size)
      .orderBy('w.registered_at')
      .orderBy('w.id')
      .execute();
    return rows.map((r) => r.signature);
  }

  /** Each witness's latest cosigned size and its time. */
  async latestCosignatures(): Promise<Map<string, { size: number; timestamp: number }>> {
    const rows = await this.db
      .selectFrom('transparency_cosignatures as c')
      .select(['c.witness_id', 'c.size', 'c.timestamp'])
      .where('c.size', '=', (eb) =>
        eb
          .selectFrom('transparency_cosignatures as d')
          .select((e) => e.fn.max('d.size').as('m'))
          .whereRef('d.witness_id', '=', 'c.witness_id'),
      )
      .execute();
    return new Map(rows.map((r) => [r.witness_id, { size: Number(r.size), timestamp: Number(r.timestamp) }]));
  }
}

function toCheckpoint(r: {
  size: number | string;
  root_hash: string;
  note: string;
  created_at: string;
}): CheckpointRow {
  return { size: Number(r.size), rootHash: r.root_hash, note: r.note, createdAt: r.created_at };
}

function toWitness(r: {
  id: string;
  name: string;
  key_id: string;
  verifier_key: string;
  registered_at: string;
  entry_index: number | string;
}): WitnessRow {
  return {
    id: r.id,
    name: r.name,
    keyId: r.key_id,
    verifierKey: r.verifier_key,
    registeredAt: r.registered_at,
    entryIndex: Number(r.entry_index),
  };
}
