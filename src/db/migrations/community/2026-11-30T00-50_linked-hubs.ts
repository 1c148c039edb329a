import type { Kysely } from 'kysely';

// Frozen in time: a migration never imports application code or types, so it means the same forever.
/** Hub invitations and linked hubs; a linked hub is known only by its coarse cell and camera counts (P1). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('community_hub_invitations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('code_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();

  await db.schema
    .createTable('community_hubs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('cell', 'text', (c) => c.notNull())
    .addColumn('camera_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('accepting_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('linked_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('community_hubs_cell_idx').on('community_hubs').column('cell').execute();
}

/** Drop everything `up` created. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('community_hubs').execute();
  await db.schema.dropTable('community_hub_invitations').execute();
}
