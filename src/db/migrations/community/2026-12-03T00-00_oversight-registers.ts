import type { Kysely } from 'kysely';

// Frozen in time: a migration never imports application code or types, so it means the same forever.

/**
 * Oversight's registers for the annual surveillance report (C6; Oakland Municipal Code 9.64.010 items E–G):
 * complaints about the technology's use, audits and the use policy violations they found, and data breaches.
 * Each version of each record is kept in `community_registry_versions` like the other registries. No table here
 * holds a complainant, a resident, an address or a location: a record names at most the public body it concerns,
 * and a breach counts the records it reached.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('community_complaints')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('received_on', 'text', (c) => c.notNull())
    .addColumn('agency', 'text')
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text')
    .addColumn('closed_on', 'text')
    .addColumn('entered_by_user', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('community_complaints_received_idx')
    .on('community_complaints')
    .column('received_on')
    .execute();

  await db.schema
    .createTable('community_audits')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('auditor', 'text', (c) => c.notNull())
    .addColumn('agency', 'text')
    .addColumn('period_from', 'text', (c) => c.notNull())
    .addColumn('period_to', 'text', (c) => c.notNull())
    .addColumn('audited_on', 'text', (c) => c.notNull())
    .addColumn('findings', 'integer', (c) => c.notNull())
    .addColumn('violations', 'integer', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('report_sha256', 'text')
    .addColumn('entered_by_user', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('community_violations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('audit_id', 'text', (c) => c.references('community_audits.id'))
    .addColumn('agency', 'text')
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('clause', 'text')
    .addColumn('occurred_on', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('corrective_action', 'text')
    .addColumn('corrected_on', 'text')
    .addColumn('entered_by_user', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('community_breaches')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('discovered_on', 'text', (c) => c.notNull())
    .addColumn('occurred_on', 'text')
    .addColumn('agency', 'text')
    .addColumn('system', 'text', (c) => c.notNull())
    .addColumn('records_affected', 'integer', (c) => c.notNull())
    .addColumn('owners_notified', 'integer', (c) => c.notNull())
    .addColumn('owners_notified_on', 'text')
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('remediation', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('entered_by_user', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

/** Drop everything `up` created. */
export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'community_breaches',
    'community_violations',
    'community_audits',
    'community_complaints',
  ])
    await db.schema.dropTable(table).execute();
}
