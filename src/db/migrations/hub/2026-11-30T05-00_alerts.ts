import type { Kysely } from 'kysely';

// Frozen in time: a migration never imports application code or types, so it means the same forever.
/** Sent alerts with their recipients (the alert history), and Web Push subscriptions per account. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('hub_alerts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('household_id', 'text', (c) => c.notNull().references('hub_households.id').onDelete('cascade'))
    .addColumn('camera_id', 'text', (c) => c.notNull().references('hub_cameras.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('priority', 'text', (c) => c.notNull())
    .addColumn('event_id', 'text')
    .addColumn('zones', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  // The cooldown looks up a camera's latest alert after a restart.
  await db.schema
    .createIndex('hub_alerts_camera_at_idx')
    .on('hub_alerts')
    .columns(['camera_id', 'at'])
    .execute();

  await db.schema
    .createTable('hub_alert_recipients')
    .addColumn('alert_id', 'text', (c) => c.notNull().references('hub_alerts.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('hub_alert_recipients_pk', ['alert_id', 'user_id'])
    .execute();
  await db.schema
    .createIndex('hub_alert_recipients_user_idx')
    .on('hub_alert_recipients')
    .column('user_id')
    .execute();

  await db.schema
    .createTable('hub_push_subscriptions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    // One row per browser subscription: the endpoint URL is the push service's name for it.
    .addColumn('endpoint', 'text', (c) => c.notNull().unique())
    .addColumn('p256dh', 'text', (c) => c.notNull())
    .addColumn('auth', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_success_at', 'text')
    .execute();
  await db.schema
    .createIndex('hub_push_subscriptions_user_idx')
    .on('hub_push_subscriptions')
    .column('user_id')
    .execute();
}

/** Drop everything `up` created. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('hub_push_subscriptions').execute();
  await db.schema.dropTable('hub_alert_recipients').execute();
  await db.schema.dropTable('hub_alerts').execute();
}
