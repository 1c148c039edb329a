import { sql, type Kysely } from 'kysely';

// Frozen in time: a migration never imports application code or types, so it means the same forever.

/** PostgreSQL returns a boolean for `true`, SQLite the integer 1; neither fails, so the transaction stays usable. */
async function dialectOf(db: Kysely<unknown>): Promise<'sqlite' | 'postgres'> {
  const r = await sql<{ probe: unknown }>`select true as probe`.execute(db);
  return typeof r.rows[0]?.probe === 'boolean' ? 'postgres' : 'sqlite';
}

/**
 * The public registries (C3 agreements, C4 subsidy programmes and their disbursements per coarse cell, C5 official
 * communications), every version of each record as the canonical JSON its log entry hashes, and running tallies
 * of the public log for the dashboard and reports (E3, C6). No table here holds a buyer, an address or a person.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const int8 = (await dialectOf(db)) === 'postgres' ? 'bigint' : 'integer';

  await db.schema
    .createTable('community_agreements')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    // JSON array of { name, kind }.
    .addColumn('parties', 'text', (c) => c.notNull())
    .addColumn('signed_on', 'text', (c) => c.notNull())
    .addColumn('effective_on', 'text', (c) => c.notNull())
    .addColumn('expires_on', 'text')
    .addColumn('full_text', 'text', (c) => c.notNull())
    .addColumn('vendor_approval', 'integer', (c) => c.notNull())
    .addColumn('entered_by_user', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('community_subsidy_programmes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('funder', 'text', (c) => c.notNull())
    .addColumn('vendor', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('amount_cents', int8, (c) => c.notNull())
    .addColumn('discount_cents_per_unit', int8, (c) => c.notNull())
    .addColumn('units', int8, (c) => c.notNull())
    .addColumn('vendor_match_cents', int8, (c) => c.notNull())
    .addColumn('starts_on', 'text', (c) => c.notNull())
    .addColumn('ends_on', 'text')
    .addColumn('terms', 'text', (c) => c.notNull())
    .addColumn('entered_by_user', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  // One batch of disbursements as logged; `salt` keeps the logged commitment from being brute-forced and is never
  // served.
  await db.schema
    .createTable('community_subsidy_batches')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('programme_id', 'text', (c) => c.notNull().references('community_subsidy_programmes.id'))
    .addColumn('disbursed_on', 'text', (c) => c.notNull())
    .addColumn('salt', 'text', (c) => c.notNull())
    .addColumn('commitment', 'text', (c) => c.notNull())
    .addColumn('entry_index', int8, (c) => c.notNull())
    .addColumn('entered_by_user', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .execute();

  // Counts per coarse cell only: never a buyer, an address or a point.
  await db.schema
    .createTable('community_subsidy_disbursements')
    .addColumn('batch_id', 'text', (c) => c.notNull().references('community_subsidy_batches.id'))
    .addColumn('cell', 'text', (c) => c.notNull())
    .addColumn('units', int8, (c) => c.notNull())
    .addColumn('amount_cents', int8, (c) => c.notNull())
    .addPrimaryKeyConstraint('community_subsidy_disbursements_pk', ['batch_id', 'cell'])
    .execute();
  await db.schema
    .createIndex('community_subsidy_disbursements_cell_idx')
    .on('community_subsidy_disbursements')
    .column('cell')
    .execute();

  await db.schema
    .createTable('community_communications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('issued_on', 'text', (c) => c.notNull())
    .addColumn('medium', 'text', (c) => c.notNull())
    .addColumn('author_organisation', 'text', (c) => c.notNull())
    .addColumn('author_role', 'text', (c) => c.notNull())
    // JSON array of { organisation, role }.
    .addColumn('editors', 'text', (c) => c.notNull())
    .addColumn('vendor_involvement', 'text', (c) => c.notNull())
    .addColumn('vendor', 'text')
    .addColumn('entered_by_user', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  // Every version of every registry record: the exact canonical JSON whose SHA-256 the log entry refers to.
  await db.schema
    .createTable('community_registry_versions')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('record_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('canonical', 'text', (c) => c.notNull())
    .addColumn('record_hash', 'text', (c) => c.notNull())
    .addColumn('entry_index', int8, (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('community_registry_versions_pk', ['kind', 'record_id', 'version'])
    .execute();

  // Running counts of log entries, folded in as the log grows; '' stands for "none" so the key is never null.
  await db.schema
    .createTable('community_log_tallies')
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('actor_class', 'text', (c) => c.notNull())
    .addColumn('organisation', 'text', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull())
    .addColumn('entries', int8, (c) => c.notNull())
    .addColumn('quantity', int8, (c) => c.notNull())
    .addPrimaryKeyConstraint('community_log_tallies_pk', [
      'type',
      'month',
      'actor_class',
      'organisation',
      'detail',
    ])
    .execute();
  await db.schema
    .createTable('community_log_tally_cursor')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('next_index', int8, (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await sql`insert into community_log_tally_cursor (id, next_index, updated_at) values (1, 0, '')`.execute(
    db,
  );
}

/** Drop everything `up` created. */
export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'community_log_tally_cursor',
    'community_log_tallies',
    'community_registry_versions',
    'community_communications',
    'community_subsidy_disbursements',
    'community_subsidy_batches',
    'community_subsidy_programmes',
    'community_agreements',
  ])
    await db.schema.dropTable(table).execute();
}
