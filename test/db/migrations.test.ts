import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openDatabase } from '../../src/adapters/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { DIALECTS, TEST_PG_URL } from '../support/runtime.js';

for (const dialect of DIALECTS) {
  describe(`migrations on ${dialect}`, () => {
    test('apply once in order per set, then are a no-op; each set can run alone', async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'porchlight-mig-'));
      const schema = `m_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
      const database = await openDatabase({
        url: dialect === 'postgres' ? TEST_PG_URL : undefined,
        sqlitePath: path.join(dir, 'db.sqlite'),
        pgSchema: dialect === 'postgres' ? schema : undefined,
      });
      try {
        const core = await migrateToLatest(database, ['core']);
        assert.ok(core.length >= 1 && core.every((m) => m.startsWith('core/')));
        const rest = await migrateToLatest(database, ['core', 'hub', 'community']);
        assert.ok(rest.some((m) => m.startsWith('hub/')) && rest.some((m) => m.startsWith('community/')));
        assert.ok(!rest.some((m) => m.startsWith('core/')), 'core not applied twice');
        assert.deepEqual(await migrateToLatest(database, ['core', 'hub', 'community']), []);
        const tables = (await database.db.introspection.getTables()).map((t) => t.name);
        for (const t of ['users', 'sessions', 'hub_households', 'hub_household_members', 'community_hubs'])
          assert.ok(tables.includes(t), t);
        // P1 by construction: no community table has a column that could hold coordinates or an address.
        // Coordinates are matched as whole words of the name, so `violations` (which contains "lat") is not one.
        for (const t of await database.db.introspection.getTables()) {
          if (!t.name.startsWith('community_')) continue;
          for (const c of t.columns)
            assert.doesNotMatch(
              c.name,
              /(^|_)(lat|lon|lng|latitude|longitude|latlng|lnglat|coords?|point|geom)(_|$)|address|street|postcode|footage|clip_path/,
              `${t.name}.${c.name}`,
            );
        }
        // P8 for the public registers: they name public bodies and count, never a person — no column for a
        // complainant, a resident, an owner or their contact details.
        const registers = [
          'community_complaints',
          'community_audits',
          'community_violations',
          'community_breaches',
        ];
        for (const name of registers) assert.ok(tables.includes(name), name);
        for (const t of await database.db.introspection.getTables()) {
          if (!t.name.startsWith('community_')) continue;
          for (const c of t.columns)
            assert.doesNotMatch(
              c.name,
              /complainant|resident|person|email|phone|display_name|birth|owner_(id|name|contact)/,
              `${t.name}.${c.name}`,
            );
        }
      } finally {
        await database.close();
        fs.rmSync(dir, { recursive: true, force: true });
        if (dialect === 'postgres') {
          const c = new pg.Client({ connectionString: TEST_PG_URL });
          await c.connect();
          await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
          await c.end();
        }
      }
    });
  });
}
