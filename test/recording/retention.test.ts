// Retention on both databases with real files in the blob store: what goes by age, what an unfinished clip
// holds, what goes when the disk is short; every pass is logged with counts and published on the bus.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { ManualClock } from '../../src/ports/clock.js';
import { DIALECTS, PASSWORD, startTestRuntime, type TestRuntime } from '../support/runtime.js';
import { setupAdmin } from '../support/factories.js';
import { EventLog } from './helpers.js';

const DAY = 24 * 3600_000;
const NOW = Date.parse('2026-11-30T12:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();

/** Structured log lines written by the runtime. */
class LogLines extends Writable {
  readonly lines: Record<string, unknown>[] = [];
  override _write(chunk: Buffer, _enc: string, done: () => void): void {
    for (const l of chunk.toString('utf8').split('\n'))
      if (l.trim()) this.lines.push(JSON.parse(l) as Record<string, unknown>);
    done();
  }
}

for (const dialect of DIALECTS) {
  describe(`retention on ${dialect}`, () => {
    let t: TestRuntime;
    const logs = new LogLines();
    const clock = new ManualClock(NOW);

    before(async () => {
      t = await startTestRuntime(dialect, {
        config: { logLevel: 'debug', retentionContinuousDays: 3, retentionEventDays: 30 },
        overrides: { clock, logStream: logs },
      });
    });
    after(() => t.close());

    async function segment(id: string, ageMs: number, kept = false, cameraId = 'cam-r') {
      const key = `segments/${cameraId}/${id}.ts`;
      await t.runtime.blobs.put(key, Buffer.alloc(1000, 1));
      await t.runtime.database.db
        .insertInto('hub_recording_segments')
        .values({
          id,
          camera_id: cameraId,
          started_at: iso(NOW - ageMs - 10_000),
          ended_at: iso(NOW - ageMs),
          duration_ms: 10_000,
          blob_key: key,
          size_bytes: 1000,
          kept_for_event: kept ? 1 : 0,
          created_at: iso(NOW - ageMs),
        })
        .execute();
      return key;
    }
    async function event(id: string, ageMs: number, cameraId = 'cam-r') {
      const base = `events/${cameraId}/${id}`;
      for (const f of ['clip.mp4', 'snapshot.jpg', 'thumbnail.jpg'])
        await t.runtime.blobs.put(`${base}/${f}`, Buffer.alloc(500, 2));
      await t.runtime.database.db
        .insertInto('hub_events')
        .values({
          id,
          camera_id: cameraId,
          household_id: 'h',
          kind: 'motion',
          started_at: iso(NOW - ageMs - 5000),
          ended_at: iso(NOW - ageMs),
          peak_area: 0.1,
          peak_at: iso(NOW - ageMs - 2000),
          zones: '[]',
          alerted: 0,
          snapshot_key: `${base}/snapshot.jpg`,
          thumbnail_key: `${base}/thumbnail.jpg`,
          clip_status: 'ready',
          clip_key: `${base}/clip.mp4`,
          clip_sha256: 'ab'.repeat(32),
          clip_size: 500,
          clip_duration_ms: 15_000,
          created_at: iso(NOW - ageMs),
          updated_at: iso(NOW - ageMs),
        })
        .execute();
      return base;
    }
    const exists = (key: string) => fs.existsSync(path.join(t.dataDir, 'blobs', key));
    const segmentIds = async () =>
      (
        await t.runtime.database.db.selectFrom('hub_recording_segments').select('id').orderBy('id').execute()
      ).map((r) => r.id);
    const eventIds = async () =>
      (await t.runtime.database.db.selectFrom('hub_events').select('id').orderBy('id').execute()).map(
        (r) => r.id,
      );

    test('by age: old continuous segments and old events go with their files; held and young footage stays', async () => {
      const bus = new EventLog(t.runtime.bus, ['recording.purged']);
      const oldSeg = await segment('s-old', 3 * DAY + 60_000);
      const youngSeg = await segment('s-young', 2 * DAY);
      const heldSeg = await segment('s-held', 5 * DAY, true);
      const oldEvent = await event('e-old', 31 * DAY);
      const youngEvent = await event('e-young', 10 * DAY);
      await t.runtime.retention!.run();
      // The schedule may have run a pass too; the totals count every pass.
      const totals = t.runtime.retention!.stats();
      assert.deepEqual([totals.segments, totals.clips, totals.byReason.age], [1, 1, 2]);
      assert.deepEqual(await segmentIds(), ['s-held', 's-young']);
      assert.deepEqual(await eventIds(), ['e-young']);
      assert.equal(exists(oldSeg), false);
      for (const f of ['clip.mp4', 'snapshot.jpg', 'thumbnail.jpg']) {
        assert.equal(exists(`${oldEvent}/${f}`), false, f);
        assert.equal(exists(`${youngEvent}/${f}`), true, f);
      }
      assert.ok(exists(youngSeg) && exists(heldSeg));
      const summaries = logs.lines.filter((l) => l.msg === 'retention purged footage');
      assert.ok(summaries.length > 0, 'a structured log line per purge');
      assert.equal(
        summaries.reduce((n, l) => n + (l.byReason as { age: number }).age, 0),
        2,
      );
      assert.equal(logs.lines.filter((l) => l.msg === 'purged').length, 2, 'one debug line per deletion');
      await bus.waitFor('recording.purged', () => true, 1000);
      const published = bus.all('recording.purged');
      assert.equal(
        published.reduce((n, e) => n + e.payload.segments + e.payload.clips, 0),
        2,
      );
      bus.close();
      // A second pass has nothing to do and says nothing.
      const again = await t.runtime.retention!.run();
      assert.equal(again.segments + again.clips, 0);
      assert.deepEqual(t.runtime.retention!.stats().byReason, {
        age: 2,
        'not-continuous': 0,
        disk: 0,
        'camera-removed': 0,
      });
    });

    test("removing a camera deletes all its footage at once, open events included, and no other camera's", async () => {
      await setupAdmin(t);
      const owner = t.client();
      await owner.post('/api/v1/auth/sign-up', {
        email: `removal-${dialect}@example.test`,
        password: PASSWORD,
        displayName: 'Owner',
      });
      const household = await owner.post<{ id: string }>('/api/v1/households', { name: 'Home' });
      const added = await owner.post<{ camera: { id: string } }>(
        `/api/v1/households/${household.body.id}/cameras`,
        { name: 'Gone soon', mainUrl: 'rtsp://192.0.2.10:554/stream1', enabled: false },
      );
      assert.equal(added.status, 201, JSON.stringify(added.body));
      const cameraId = added.body.camera.id;
      const bus = new EventLog(t.runtime.bus, ['recording.purged', 'camera.removed']);
      const keys = [
        await segment('rm-s1', 60_000, false, cameraId),
        await segment('rm-s2', 1 * DAY, true, cameraId),
      ];
      const events = [await event('rm-e1', 60_000, cameraId), await event('rm-e2', 2 * DAY, cameraId)];
      await t.runtime.database.db
        .updateTable('hub_events')
        .set({ ended_at: null })
        .where('id', '=', 'rm-e1')
        .execute();
      const kept = await segment('other-s1', 60_000, false, 'cam-other');
      const keptEvent = await event('other-e1', 60_000, 'cam-other');

      const removed = await owner.delete(`/api/v1/cameras/${cameraId}`);
      assert.equal(removed.status, 200, JSON.stringify(removed.body));
      for (const key of keys) assert.equal(exists(key), false, key);
      for (const base of events)
        for (const f of ['clip.mp4', 'snapshot.jpg', 'thumbnail.jpg'])
          assert.equal(exists(`${base}/${f}`), false);
      const left = await segmentIds();
      assert.ok(!left.includes('rm-s1') && !left.includes('rm-s2'));
      assert.ok(left.includes('other-s1') && exists(kept));
      const leftEvents = await eventIds();
      assert.ok(!leftEvents.includes('rm-e1') && !leftEvents.includes('rm-e2'));
      assert.ok(leftEvents.includes('other-e1') && exists(`${keptEvent}/clip.mp4`));
      const purged = bus.all('recording.purged').filter((e) => e.payload.byReason['camera-removed'] > 0);
      assert.equal(purged.length, 1);
      assert.deepEqual([purged[0]!.payload.segments, purged[0]!.payload.clips], [2, 2]);
      assert.equal(bus.all('camera.removed')[0]?.payload.cameraId, cameraId);
      assert.ok(
        logs.lines.some((l) => l.msg === 'purged the footage of a removed camera' && l.cameraId === cameraId),
      );
      bus.close();
      // Clean the other camera's rows so later tests start from what they expect.
      await t.runtime.database.db
        .deleteFrom('hub_recording_segments')
        .where('camera_id', '=', 'cam-other')
        .execute();
      await t.runtime.database.db.deleteFrom('hub_events').where('camera_id', '=', 'cam-other').execute();
    });

    test('a hold lapses with the event retention: a held segment older than M days goes', async () => {
      await segment('s-stale-hold', 31 * DAY, true);
      await t.runtime.retention!.run();
      assert.ok(!(await segmentIds()).includes('s-stale-hold'));
    });

    test('short of disk: the oldest footage goes first whatever its age, and the shortfall is reported', async () => {
      const t2 = await startTestRuntime(dialect, {
        // No disk has a million terabytes free: every pass is short of space.
        config: { logLevel: 'warn', minFreeDiskMb: 1_000_000_000 },
        overrides: { clock, logStream: logs },
      });
      try {
        const at = logs.lines.length;
        const put = async (id: string, ageMs: number) => {
          const key = `segments/c/${id}.ts`;
          await t2.runtime.blobs.put(key, Buffer.alloc(100));
          await t2.runtime.database.db
            .insertInto('hub_recording_segments')
            .values({
              id,
              camera_id: 'c',
              started_at: iso(NOW - ageMs - 1000),
              ended_at: iso(NOW - ageMs),
              duration_ms: 1000,
              blob_key: key,
              size_bytes: 100,
              kept_for_event: 0,
              created_at: iso(NOW),
            })
            .execute();
        };
        await put('young', 1000);
        await put('older', 60_000);
        const report = await t2.runtime.retention!.run();
        assert.equal(t2.runtime.retention!.stats().byReason.disk, 2);
        assert.ok(report.shortBytes > 0);
        assert.equal(
          (await t2.runtime.database.db.selectFrom('hub_recording_segments').select('id').execute()).length,
          0,
        );
        assert.ok(
          logs.lines
            .slice(at)
            .some((l) => l.msg === 'disk still below the free-space threshold after purging'),
        );
      } finally {
        await t2.close();
      }
    });
  });
}
