import type { Kysely } from 'kysely';

// Frozen in time: a migration never imports application code or types, so it means the same forever.
/**
 * Recorded segments and motion events with their snapshot, thumbnail and clip (A4). No foreign key to the camera:
 * footage of a removed camera stays until retention purges it, so nothing on disk is left without its row.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('hub_recording_segments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('camera_id', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('ended_at', 'text', (c) => c.notNull())
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .addColumn('blob_key', 'text', (c) => c.notNull().unique())
    .addColumn('size_bytes', 'bigint', (c) => c.notNull())
    // 1 while an event's clip still has to be built from this segment: retention keeps it.
    .addColumn('kept_for_event', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('hub_recording_segments_camera_idx')
    .on('hub_recording_segments')
    .columns(['camera_id', 'started_at'])
    .execute();
  await db.schema
    .createIndex('hub_recording_segments_end_idx')
    .on('hub_recording_segments')
    .column('ended_at')
    .execute();

  await db.schema
    .createTable('hub_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('camera_id', 'text', (c) => c.notNull())
    .addColumn('household_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('ended_at', 'text')
    .addColumn('peak_area', 'double precision', (c) => c.notNull().defaultTo(0))
    .addColumn('peak_at', 'text')
    .addColumn('zones', 'text', (c) => c.notNull())
    .addColumn('alerted', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('snapshot_key', 'text')
    .addColumn('thumbnail_key', 'text')
    // pending (waiting for post-roll), ready, failed, or none (the mode did not record).
    .addColumn('clip_status', 'text', (c) => c.notNull())
    .addColumn('clip_key', 'text')
    .addColumn('clip_sha256', 'text')
    .addColumn('clip_size', 'bigint')
    .addColumn('clip_duration_ms', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('hub_events_camera_idx')
    .on('hub_events')
    .columns(['camera_id', 'started_at'])
    .execute();
  await db.schema
    .createIndex('hub_events_clip_idx')
    .on('hub_events')
    .columns(['clip_status', 'ended_at'])
    .execute();
}

/** Drop everything `up` created. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('hub_events').execute();
  await db.schema.dropTable('hub_recording_segments').execute();
}
