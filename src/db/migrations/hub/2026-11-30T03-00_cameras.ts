import type { Kysely } from 'kysely';

// Frozen in time: a migration never imports application code or types, so it means the same forever.
/** Cameras (stream URLs sealed at rest), recorded gaps, per-camera member scoping, household modes. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('hub_cameras')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('household_id', 'text', (c) => c.notNull().references('hub_households.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('main_url_sealed', 'text', (c) => c.notNull())
    .addColumn('main_url_display', 'text', (c) => c.notNull())
    .addColumn('detect_url_sealed', 'text')
    .addColumn('detect_url_display', 'text')
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('accepts_requests', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('device_token_hash', 'text', (c) => c.notNull())
    .addColumn('settings', 'text', (c) => c.notNull())
    .addColumn('snooze_until', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('hub_cameras_household_idx').on('hub_cameras').column('household_id').execute();

  await db.schema
    .createTable('hub_camera_gaps')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('camera_id', 'text', (c) => c.notNull().references('hub_cameras.id').onDelete('cascade'))
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('ended_at', 'text')
    .addColumn('reason', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('hub_camera_gaps_camera_idx')
    .on('hub_camera_gaps')
    .columns(['camera_id', 'started_at'])
    .execute();

  // Null: the member's capabilities apply to every camera of the household; otherwise a JSON array of camera ids.
  await db.schema.alterTable('hub_household_members').addColumn('camera_ids', 'text').execute();
  await db.schema.alterTable('hub_household_invitations').addColumn('camera_ids', 'text').execute();
  // Household-wide motion mode (home / away / disarmed) and weekly schedule (JSON).
  await db.schema
    .alterTable('hub_households')
    .addColumn('mode', 'text', (c) => c.notNull().defaultTo('home'))
    .execute();
  await db.schema.alterTable('hub_households').addColumn('schedule', 'text').execute();
}

/** Drop everything `up` created. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('hub_households').dropColumn('schedule').execute();
  await db.schema.alterTable('hub_households').dropColumn('mode').execute();
  await db.schema.alterTable('hub_household_invitations').dropColumn('camera_ids').execute();
  await db.schema.alterTable('hub_household_members').dropColumn('camera_ids').execute();
  await db.schema.dropTable('hub_camera_gaps').execute();
  await db.schema.dropTable('hub_cameras').execute();
}
