import { sql, type Kysely } from 'kysely';

// Frozen in time: a migration never imports application code or types, so it means the same forever.

/** Tables whose rows, once written, the database itself refuses to change or remove. */
const APPEND_ONLY = ['transparency_leaves', 'transparency_nodes', 'transparency_checkpoints'] as const;

/**
 * Which engine runs this migration. Probing with a query that fails (`select sqlite_version()`) would abort
 * PostgreSQL's migration transaction, so this asks a question both engines answer: PostgreSQL returns a
 * boolean for `true`, SQLite the integer 1.
 */
async function dialectOf(db: Kysely<unknown>): Promise<'sqlite' | 'postgres'> {
  const r = await sql<{ probe: unknown }>`select true as probe`.execute(db);
  return typeof r.rows[0]?.probe === 'boolean' ? 'postgres' : 'sqlite';
}

/**
 * The public log (E1): leaves, complete-subtree node hashes, the head, signed checkpoints, witnesses and their
 * cosignatures. Leaves, nodes and checkpoints are append-only, enforced by triggers on both engines.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const dialect = await dialectOf(db);
  // On SQLite an `integer` primary key is the rowid itself (no second index); PostgreSQL needs 64 bits.
  const int8 = dialect === 'postgres' ? 'bigint' : 'integer';

  await db.schema
    .createTable('transparency_head')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('size', int8, (c) => c.notNull())
    .addColumn('frontier', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await sql`insert into transparency_head (id, size, frontier, updated_at) values (1, 0, '', '')`.execute(db);

  await db.schema
    .createTable('transparency_leaves')
    .addColumn('idx', int8, (c) => c.primaryKey())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('time', 'text', (c) => c.notNull())
    .addColumn('entry', 'text', (c) => c.notNull())
    .addColumn('leaf_hash', 'text', (c) => c.notNull())
    .execute();

  // Proofs look nodes up by (level, idx); on SQLite a table without rowid is stored in that key's order.
  let nodes = db.schema
    .createTable('transparency_nodes')
    .addColumn('level', 'integer', (c) => c.notNull())
    .addColumn('idx', int8, (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('transparency_nodes_pk', ['level', 'idx']);
  if (dialect === 'sqlite') nodes = nodes.modifyEnd(sql`without rowid`);
  await nodes.execute();

  await db.schema
    .createTable('transparency_checkpoints')
    .addColumn('size', int8, (c) => c.primaryKey())
    .addColumn('root_hash', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('transparency_witnesses')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('key_id', 'text', (c) => c.notNull())
    .addColumn('verifier_key', 'text', (c) => c.notNull().unique())
    .addColumn('registered_by', 'text', (c) => c.notNull())
    .addColumn('registered_at', 'text', (c) => c.notNull())
    .addColumn('entry_index', int8, (c) => c.notNull())
    .addUniqueConstraint('transparency_witnesses_name_key_id', ['name', 'key_id'])
    .execute();

  await db.schema
    .createTable('transparency_cosignatures')
    .addColumn('witness_id', 'text', (c) => c.notNull().references('transparency_witnesses.id'))
    .addColumn('size', int8, (c) => c.notNull())
    .addColumn('signature', 'text', (c) => c.notNull())
    .addColumn('timestamp', int8, (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('transparency_cosignatures_pk', ['witness_id', 'size'])
    .execute();

  if (dialect === 'sqlite') {
    for (const table of APPEND_ONLY) {
      for (const op of ['update', 'delete'] as const) {
        await sql
          .raw(
            `create trigger ${table}_no_${op} before ${op} on ${table} ` +
              `begin select raise(abort, '${table} is append-only'); end`,
          )
          .execute(db);
      }
    }
  } else {
    await sql
      .raw(
        `create function transparency_refuse_change() returns trigger language plpgsql as $$ ` +
          `begin raise exception '% is append-only', TG_TABLE_NAME using errcode = 'restrict_violation'; end $$`,
      )
      .execute(db);
    for (const table of APPEND_ONLY) {
      await sql
        .raw(
          `create trigger ${table}_append_only before update or delete on ${table} ` +
            `for each row execute function transparency_refuse_change()`,
        )
        .execute(db);
      // TRUNCATE skips row triggers, so it gets its own.
      await sql
        .raw(
          `create trigger ${table}_no_truncate before truncate on ${table} ` +
            `for each statement execute function transparency_refuse_change()`,
        )
        .execute(db);
    }
  }
}

/** Drop everything `up` created. */
export async function down(db: Kysely<unknown>): Promise<void> {
  const dialect = await dialectOf(db);
  for (const table of [
    'transparency_cosignatures',
    'transparency_witnesses',
    'transparency_checkpoints',
    'transparency_nodes',
    'transparency_leaves',
    'transparency_head',
  ]) {
    await db.schema.dropTable(table).execute();
  }
  if (dialect === 'postgres') await sql`drop function transparency_refuse_change()`.execute(db);
}
