// Continuous recording played from any moment (A6) on both databases, with real segments: the real footage cut
// into MPEG-TS segments as the pipeline writes them, joined into an MP4 that ffprobe reads, starting at the
// keyframe at or before the asked moment; nothing for a moment without recording or for deleted files; the
// same access as recordings; the temporary file removed once the answer is sent.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  DIALECTS,
  PASSWORD,
  startTestRuntime,
  type ApiClient,
  type TestRuntime,
} from '../support/runtime.js';
import { setupAdmin, uniqueEmail } from '../support/factories.js';
import { cutSegments, FOOTAGE, probeFile, until } from './helpers.js';
import { ManualClock } from '../../src/ports/clock.js';

const iso = (ms: number) => new Date(ms).toISOString();
const BASE = Date.parse('2026-11-29T08:00:00Z');
/** The runtime's time: an hour after the footage, so retention keeps it whatever day the suite runs on. */
const NOW = BASE + 3600_000;

/** The footage cut into ~10 s MPEG-TS segments as the pipeline writes them, with their lengths. */
function makeSegments(dir: string): { file: string; durationMs: number }[] {
  return cutSegments(dir, 30).map((file) => ({
    file,
    durationMs: Math.round(probeFile(file).duration * 1000),
  }));
}

for (const dialect of DIALECTS) {
  describe(`continuous footage on ${dialect}`, { skip: !fs.existsSync(FOOTAGE) && 'no test footage' }, () => {
    let t: TestRuntime;
    let owner: ApiClient;
    let householdId: string;
    let cameraId: string;
    let work: string;
    const spans: { key: string; startMs: number; endMs: number }[] = [];

    before(async () => {
      t = await startTestRuntime(dialect, {
        config: { signinRateLimit: 1000 },
        overrides: { clock: new ManualClock(NOW) },
      });
      await setupAdmin(t);
      owner = t.client();
      await owner.post('/api/v1/auth/sign-up', {
        email: uniqueEmail('footage-owner'),
        password: PASSWORD,
        displayName: 'Owner',
      });
      householdId = (await owner.post<{ id: string }>('/api/v1/households', { name: 'Home' })).body.id;
      const cam = await owner.post<{ camera: { id: string } }>(`/api/v1/households/${householdId}/cameras`, {
        name: 'Front door',
        mainUrl: 'rtsp://192.0.2.10:554/stream1',
        enabled: false,
      });
      cameraId = cam.body.camera.id;
      work = fs.mkdtempSync(path.join(os.tmpdir(), 'porchlight-footage-'));
      let at = BASE;
      for (const [i, s] of makeSegments(work).entries()) {
        const key = `segments/${cameraId}/${i}.ts`;
        const dest = path.join(t.dataDir, 'blobs', key);
        fs.mkdirSync(path.dirname(dest), { recursive: true });
        fs.copyFileSync(s.file, dest);
        spans.push({ key, startMs: at, endMs: at + s.durationMs });
        await t.runtime.database.db
          .insertInto('hub_recording_segments')
          .values({
            id: `seg-${i}`,
            camera_id: cameraId,
            started_at: iso(at),
            ended_at: iso(at + s.durationMs),
            duration_ms: s.durationMs,
            blob_key: key,
            size_bytes: fs.statSync(dest).size,
            kept_for_event: 0,
            created_at: iso(at + s.durationMs),
          })
          .execute();
        at += s.durationMs;
      }
      assert.ok(spans.length >= 2, `${spans.length} segments`);
    });
    after(async () => {
      await t.close();
      fs.rmSync(work, { recursive: true, force: true });
    });

    const footage = (client: ApiClient, fromMs: number, seconds?: number, camera = cameraId) =>
      client.get(
        `/api/v1/cameras/${camera}/footage?from=${encodeURIComponent(iso(fromMs))}${seconds ? `&seconds=${seconds}` : ''}`,
      );

    test('footage from a moment spans segments, starts at the keyframe before it, and plays', async () => {
      const from = spans[0]!.endMs - 3000;
      const r = await footage(owner, from, 8);
      assert.equal(r.status, 200, String(r.raw.body).slice(0, 300));
      assert.match(String(r.headers['content-type']), /^video\/mp4/);
      const body = r.raw.rawPayload;
      assert.equal(Number(r.headers['content-length']), body.length);
      assert.equal(r.headers['x-content-sha256'], createHash('sha256').update(body).digest('hex'));
      const start = Date.parse(String(r.headers['x-footage-start']));
      const end = Date.parse(String(r.headers['x-footage-end']));
      assert.ok(start <= from && start > from - 2000, `starts ${from - start} ms before the moment`);
      assert.equal(end, from + 8000);
      const file = path.join(work, 'got.mp4');
      fs.writeFileSync(file, body);
      const probed = probeFile(file);
      assert.equal(probed.codec, 'h264');
      assert.equal(probed.width, 320);
      assert.ok(probed.duration > 7 && probed.duration < 11, `${probed.duration} s`);
      // The assembled file lives only as long as the answer.
      await until(() => fs.readdirSync(path.join(t.dataDir, 'tmp')).length === 0, 10_000);
    });

    test('nothing recorded, or the files gone: not found', async () => {
      assert.equal((await footage(owner, spans.at(-1)!.endMs + 60_000)).status, 404);
      assert.equal((await footage(owner, BASE - 3600_000, 60)).status, 404);
      const gone = spans.at(-1)!;
      fs.renameSync(path.join(t.dataDir, 'blobs', gone.key), path.join(work, 'moved.ts'));
      try {
        const r = await footage(owner, gone.startMs + 1000, 5);
        assert.equal(r.status, 404);
        assert.equal((r.body as { code?: string }).code, 'ERR_NOT_FOUND');
      } finally {
        fs.renameSync(path.join(work, 'moved.ts'), path.join(t.dataDir, 'blobs', gone.key));
      }
      assert.equal((await footage(owner, BASE, 400)).status, 400);
    });

    test('the same access as recordings', async () => {
      async function member(capabilities: string[], cameraIds: string[] | null) {
        const inv = await owner.post<{ token: string }>(`/api/v1/households/${householdId}/invitations`, {
          email: uniqueEmail('footage-member'),
          capabilities,
          cameraIds,
        });
        const c = t.client();
        await c.post('/api/v1/household-invitations/accept', {
          token: inv.body.token,
          displayName: 'Member',
          password: PASSWORD,
        });
        return c;
      }
      const liveOnly = await member(['view_live'], null);
      assert.equal((await footage(liveOnly, BASE, 5)).status, 403);
      const back = await owner.post<{ camera: { id: string } }>(`/api/v1/households/${householdId}/cameras`, {
        name: 'Back yard',
        mainUrl: 'rtsp://192.0.2.11:554/stream1',
        enabled: false,
      });
      const other = await member(['view_recordings'], [back.body.camera.id]);
      assert.equal((await footage(other, BASE, 5)).status, 404);
      const viewer = await member(['view_recordings'], [cameraId]);
      assert.equal((await footage(viewer, BASE, 5)).status, 200);
      assert.equal((await footage(t.client(), BASE, 5)).status, 401);
    });
  });
}
