import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import type { Database } from '../ports/database.js';
import * as accounts from './migrations/core/2026-11-30T00-30_accounts.js';
import * as households from './migrations/hub/2026-11-30T00-40_households.js';
import * as cameras from './migrations/hub/2026-11-30T03-00_cameras.js';
import * as recordings from './migrations/hub/2026-11-30T04-00_recordings.js';
import * as alerts from './migrations/hub/2026-11-30T05-00_alerts.js';
import * as webhooks from './migrations/hub/2026-11-30T06-00_webhooks.js';
import * as linkedHubs from './migrations/community/2026-11-30T00-50_linked-hubs.js';
import * as transparencyLog from './migrations/community/2026-12-01T00-00_transparency-log.js';
import * as publicRecord from './migrations/community/2026-12-02T00-00_public-record.js';
import * as oversightRegisters from './migrations/community/2026-12-03T00-00_oversight-registers.js';

/** A set of migrations owned by one part of the system; each set keeps its own history table. */
export type MigrationSet = 'core' | 'hub' | 'community';

// Listed explicitly (not read from disk) so the compiled and the tsx-run code find the same migrations.
const SETS: Record<MigrationSet, Record<string, Migration>> = {
  core: { '2026-11-30T00-30_accounts': accounts },
  hub: {
    '2026-11-30T00-40_households': households,
    '2026-11-30T03-00_cameras': cameras,
    '2026-11-30T04-00_recordings': recordings,
    '2026-11-30T05-00_alerts': alerts,
    '2026-11-30T06-00_webhooks': webhooks,
  },
  community: {
    '2026-11-30T00-50_linked-hubs': linkedHubs,
    '2026-12-01T00-00_transparency-log': transparencyLog,
    '2026-12-02T00-00_public-record': publicRecord,
    '2026-12-03T00-00_oversight-registers': oversightRegisters,
  },
};

class StaticProvider implements MigrationProvider {
  constructor(private readonly migrations: Record<string, Migration>) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    return this.migrations;
  }
}

/** Apply every pending migration of the given sets, in order; throws with the failing migration's name. */
export async function migrateToLatest(database: Database, sets: MigrationSet[]): Promise<string[]> {
  const applied: string[] = [];
  for (const set of sets) {
    const migrator = new Migrator({
      db: database.db,
      provider: new StaticProvider(SETS[set]),
      migrationTableName: `porchlight_migrations_${set}`,
      migrationLockTableName: `porchlight_migrations_${set}_lock`,
      // Kysely looks for its tables across all schemas unless told which one is ours.
      ...(database.schema ? { migrationTableSchema: database.schema } : {}),
    });
    const { error, results } = await migrator.migrateToLatest();
    const reason = error instanceof Error ? error.message : JSON.stringify(error);
    for (const r of results ?? []) {
      if (r.status === 'Error') throw new Error(`migration ${set}/${r.migrationName} failed: ${reason}`);
      if (r.status === 'Success') applied.push(`${set}/${r.migrationName}`);
    }
    if (error) throw error instanceof Error ? error : new Error(reason);
  }
  return applied;
}
