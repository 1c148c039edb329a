// Continuous-recording coverage for the timeline (A6) on both databases: segments stored as the pipeline stores
// them, merged into intervals (adjacent within the tolerance), clipped to the range, gaps up to now, a bounded
// answer for a flapping camera, and the same access rules as recordings.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../src/ports/clock.js';
import {
  DIALECTS,
  PASSWORD,
  startTestRuntime,
  type ApiClient,
  type TestRuntime,
} from '../support/runtime.js';
import { setupAdmin, uniqueEmail } from '../support/factories.js';

const NOW = Date.parse('2026-11-30T12:00:00Z');
const T = (hhmmss: string, ms = 0) => Date.parse(`2026-11-30T${hhmmss}Z`) + ms;
const iso = (ms: number) => new Date(ms).toISOString();

interface Coverage {
  cameraId: string;
  from: string;
  to: string;
  intervals: { startedAt: string; endedAt: string }[];
  gaps: { startedAt: string; endedAt: string }[];
  coveredMs: number;
  toleranceMs: number;
  segments: number;
}

for (const dialect of DIALECTS) {
  describe(`recording coverage on ${dialect}`, () => {
    let t: TestRuntime;
    let owner: ApiClient;
    let householdId: string;
    let cameraId: string;
    let otherCameraId: string;
    let seq = 0;

    async function addCamera(name: string): Promise<string> {
      const r = await owner.post<{ camera: { id: string } }>(`/api/v1/households/${householdId}/cameras`, {
        name,
        mainUrl: 'rtsp://192.0.2.10:554/stream1',
        enabled: false,
      });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      return r.body.camera.id;
    }

    /** Store segments the way the pipeline does (rows only; coverage never reads the files). */
    async function segments(camera: string, spans: [number, number][]) {
      for (let i = 0; i < spans.length; i += 400) {
        await t.runtime.database.db
          .insertInto('hub_recording_segments')
          .values(
            spans.slice(i, i + 400).map(([s, e]) => {
              seq++;
              return {
                id: `seg-${String(seq).padStart(6, '0')}`,
                camera_id: camera,
                started_at: iso(s),
                ended_at: iso(e),
                duration_ms: e - s,
                blob_key: `segments/${camera}/${seq}.ts`,
                size_bytes: 1000,
                kept_for_event: 0,
                created_at: iso(e),
              };
            }),
          )
          .execute();
      }
    }

    const coverage = (client: ApiClient, camera: string, from: number, to: number) =>
      client.get<Coverage>(
        `/api/v1/cameras/${camera}/coverage?from=${encodeURIComponent(iso(from))}&to=${encodeURIComponent(iso(to))}`,
      );

    before(async () => {
      t = await startTestRuntime(dialect, {
        config: { signinRateLimit: 1000 },
        overrides: { clock: new ManualClock(NOW) },
      });
      await setupAdmin(t);
      owner = t.client();
      await owner.post('/api/v1/auth/sign-up', {
        email: uniqueEmail('cov-owner'),
        password: PASSWORD,
        displayName: 'Owner',
      });
      householdId = (await owner.post<{ id: string }>('/api/v1/households', { name: 'Home' })).body.id;
      cameraId = await addCamera('Front door');
      otherCameraId = await addCamera('Back yard');
      // 10:00:00–10:00:30 in three segments, the second 5 ms late (one interval); nothing until 10:05;
      // 10:05:00–10:05:10; overlapping segments 10:20:00–10:20:10 and 10:20:05–10:20:12; one at 11:30.
      await segments(cameraId, [
        [T('10:00:00'), T('10:00:10')],
        [T('10:00:10', 5), T('10:00:20')],
        [T('10:00:20'), T('10:00:30')],
        [T('10:05:00'), T('10:05:10')],
        [T('10:20:00'), T('10:20:10')],
        [T('10:20:05'), T('10:20:12')],
        [T('11:30:00'), T('11:30:10')],
      ]);
    });
    after(() => t.close());

    test('adjacent segments merge into one interval; the rest of the range is gaps', async () => {
      const r = await coverage(owner, cameraId, T('10:00:00'), T('11:00:00'));
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.deepEqual(r.body.intervals, [
        { startedAt: iso(T('10:00:00')), endedAt: iso(T('10:00:30')) },
        { startedAt: iso(T('10:05:00')), endedAt: iso(T('10:05:10')) },
        { startedAt: iso(T('10:20:00')), endedAt: iso(T('10:20:12')) },
      ]);
      assert.deepEqual(r.body.gaps, [
        { startedAt: iso(T('10:00:30')), endedAt: iso(T('10:05:00')) },
        { startedAt: iso(T('10:05:10')), endedAt: iso(T('10:20:00')) },
        { startedAt: iso(T('10:20:12')), endedAt: iso(T('11:00:00')) },
      ]);
      assert.equal(r.body.coveredMs, 30_000 + 10_000 + 12_000);
      assert.equal(r.body.segments, 6);
      assert.equal(r.body.toleranceMs, 2_000);
    });

    test('segments are clipped to the range, and gaps stop at now', async () => {
      const r = await coverage(owner, cameraId, T('10:00:15'), T('10:05:05'));
      assert.equal(r.status, 200);
      assert.deepEqual(r.body.intervals, [
        { startedAt: iso(T('10:00:15')), endedAt: iso(T('10:00:30')) },
        { startedAt: iso(T('10:05:00')), endedAt: iso(T('10:05:05')) },
      ]);
      assert.deepEqual(r.body.gaps, [{ startedAt: iso(T('10:00:30')), endedAt: iso(T('10:05:00')) }]);
      // A range reaching past now: the future is not a gap.
      const late = await coverage(owner, cameraId, T('11:29:00'), T('13:00:00'));
      assert.deepEqual(late.body.intervals, [{ startedAt: iso(T('11:30:00')), endedAt: iso(T('11:30:10')) }]);
      assert.deepEqual(late.body.gaps, [
        { startedAt: iso(T('11:29:00')), endedAt: iso(T('11:30:00')) },
        { startedAt: iso(T('11:30:10')), endedAt: iso(NOW) },
      ]);
      // Segments of another camera never count; an empty range is one gap.
      const other = await coverage(owner, otherCameraId, T('10:00:00'), T('11:00:00'));
      assert.deepEqual(other.body.intervals, []);
      assert.deepEqual(other.body.gaps, [{ startedAt: iso(T('10:00:00')), endedAt: iso(T('11:00:00')) }]);
    });

    test('an empty, reversed or too long range is refused', async () => {
      for (const [from, to] of [
        [T('11:00:00'), T('10:00:00')],
        [T('10:00:00'), T('10:00:00')],
        [T('10:00:00') - 32 * 24 * 3600_000, T('10:00:00')],
      ] as const) {
        const r = await coverage(owner, cameraId, from, to);
        assert.equal(r.status, 400);
        assert.equal((r.body as unknown as { code: string }).code, 'ERR_VALIDATION');
      }
      const missing = await owner.get(`/api/v1/cameras/${cameraId}/coverage?from=${iso(T('10:00:00'))}`);
      assert.equal(missing.status, 400);
    });

    test('a flapping camera still gets a bounded answer, with the tolerance it used', async () => {
      const camera = await addCamera('Flapping');
      const start = T('00:00:00');
      // 2,500 one-second segments three seconds apart: 2,500 intervals at the default tolerance.
      await segments(
        camera,
        Array.from(
          { length: 2500 },
          (_, i) => [start + i * 4000, start + i * 4000 + 1000] as [number, number],
        ),
      );
      const r = await coverage(owner, camera, start, start + 2500 * 4000);
      assert.equal(r.status, 200);
      assert.equal(r.body.segments, 2500);
      assert.ok(r.body.intervals.length <= 1000, `${r.body.intervals.length} intervals`);
      assert.ok(r.body.toleranceMs >= 3000, `tolerance ${r.body.toleranceMs}`);
      assert.equal(r.body.intervals[0]!.startedAt, iso(start));
      assert.equal(r.body.intervals.at(-1)!.endedAt, iso(start + 2499 * 4000 + 1000));
      // Everything the answer leaves out is at most one tolerance wide.
      for (const g of r.body.gaps.slice(0, -1))
        assert.ok(Date.parse(g.endedAt) - Date.parse(g.startedAt) > r.body.toleranceMs);
    });

    test('coverage follows the recordings access rules: camera scope and view_recordings', async () => {
      async function member(capabilities: string[], cameraIds: string[] | null) {
        const email = uniqueEmail('cov-member');
        const inv = await owner.post<{ token: string }>(`/api/v1/households/${householdId}/invitations`, {
          email,
          capabilities,
          cameraIds,
        });
        assert.equal(inv.status, 201, JSON.stringify(inv.body));
        const c = t.client();
        const acc = await c.post('/api/v1/household-invitations/accept', {
          token: inv.body.token,
          displayName: 'Member',
          password: PASSWORD,
        });
        assert.equal(acc.status, 200, JSON.stringify(acc.body));
        return c;
      }
      const range = [T('10:00:00'), T('11:00:00')] as const;
      const otherCamera = await member(['view_recordings'], [otherCameraId]);
      assert.equal((await coverage(otherCamera, cameraId, ...range)).status, 404);
      assert.equal((await coverage(otherCamera, otherCameraId, ...range)).status, 200);
      const liveOnly = await member(['view_live'], [cameraId]);
      assert.equal((await coverage(liveOnly, cameraId, ...range)).status, 403);
      const viewer = await member(['view_recordings'], [cameraId]);
      const seen = await coverage(viewer, cameraId, ...range);
      assert.equal(seen.status, 200);
      assert.equal(seen.body.intervals.length, 3);
      const stranger = t.client();
      await stranger.post('/api/v1/auth/sign-up', {
        email: uniqueEmail('cov-stranger'),
        password: PASSWORD,
        displayName: 'Stranger',
      });
      assert.equal((await coverage(stranger, cameraId, ...range)).status, 404);
      assert.equal((await coverage(t.client(), cameraId, ...range)).status, 401);
      assert.equal((await coverage(owner, crypto.randomUUID(), ...range)).status, 404);
    });
  });
}
