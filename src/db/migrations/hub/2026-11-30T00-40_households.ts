import type { Kysely } from 'kysely';

// Frozen in time: a migration never imports application code or types, so it means the same forever.
/** Households, members with per-capability expiring access, invitations, and the hub's community link. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('hub_households')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('owner_user_id', 'text', (c) => c.notNull().unique().references('users.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('latitude', 'double precision')
    .addColumn('longitude', 'double precision')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('hub_household_members')
    .addColumn('household_id', 'text', (c) => c.notNull().references('hub_households.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('capabilities', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('hub_household_members_pk', ['household_id', 'user_id'])
    .execute();
  await db.schema
    .createIndex('hub_household_members_user_idx')
    .on('hub_household_members')
    .column('user_id')
    .execute();

  await db.schema
    .createTable('hub_household_invitations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('household_id', 'text', (c) => c.notNull().references('hub_households.id').onDelete('cascade'))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('capabilities', 'text', (c) => c.notNull())
    .addColumn('access_expires_at', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();

  await db.schema
    .createTable('hub_link')
    .addColumn('household_id', 'text', (c) =>
      c.primaryKey().references('hub_households.id').onDelete('cascade'),
    )
    .addColumn('hub_id', 'text', (c) => c.notNull())
    .addColumn('token', 'text', (c) => c.notNull())
    .addColumn('cell', 'text', (c) => c.notNull())
    .addColumn('linked_at', 'text', (c) => c.notNull())
    .execute();
}

/** Drop everything `up` created. */
export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['hub_link', 'hub_household_invitations', 'hub_household_members', 'hub_households']) {
    await db.schema.dropTable(t).execute();
  }
}
