import type { Kysely } from 'kysely';

// Frozen in time: a migration never imports application code or types, so it means the same forever.
/** Household webhooks (A5) and their deliveries, kept so retries survive a restart. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('hub_webhooks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('household_id', 'text', (c) => c.notNull().references('hub_households.id').onDelete('cascade'))
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    // The signing secret is needed to sign, so it is sealed (AES-GCM with the data dir's key), not hashed.
    .addColumn('secret_sealed', 'text', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('last_attempt_at', 'text')
    .addColumn('last_success_at', 'text')
    .addColumn('last_status', 'integer')
    .addColumn('last_error', 'text')
    .execute();
  await db.schema
    .createIndex('hub_webhooks_household_idx')
    .on('hub_webhooks')
    .column('household_id')
    .execute();

  await db.schema
    .createTable('hub_webhook_deliveries')
    // The Standard Webhooks message id (webhook-id header), the same on every retry.
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('webhook_id', 'text', (c) => c.notNull().references('hub_webhooks.id').onDelete('cascade'))
    .addColumn('event_type', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    // pending, delivered or failed (attempts used up).
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text')
    .addColumn('last_status', 'integer')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .execute();
  await db.schema
    .createIndex('hub_webhook_deliveries_due_idx')
    .on('hub_webhook_deliveries')
    .columns(['status', 'next_attempt_at'])
    .execute();
  await db.schema
    .createIndex('hub_webhook_deliveries_webhook_idx')
    .on('hub_webhook_deliveries')
    .columns(['webhook_id', 'created_at'])
    .execute();
}

/** Drop everything `up` created. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('hub_webhook_deliveries').execute();
  await db.schema.dropTable('hub_webhooks').execute();
}
