// The recording pipeline with real parts: a GStreamer RTSP server on 127.0.0.1 serving real footage looped at real
// speed, real ffmpeg recording and decoding, the motion detector, both databases, the HTTP API. The footage is 22 s
// of ../shared/media/one-by-one-person-detection.mp4 chosen by looking at its frames (ffmpeg -ss T -frames:v 1):
//   0 – 6 s    empty room (still)
//   6 – 9 s    a woman walks in to the table, then stands there, nearly still, until 18 s
//  18 – 20 s   she walks out of the picture
//  20 – 22 s   empty room; the loop starts again at 0 with the same empty room (so 20 – 28 s is still)
// Waits are on bus events with time limits; nothing sleeps to synchronise.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { TestRuntime, ApiClient } from '../support/runtime.js';
import { DIALECTS, PASSWORD, startTestRuntime } from '../support/runtime.js';
import { WebSocket } from 'ws';
import { setupAdmin, uniqueEmail } from '../support/factories.js';
import { PushEndpoint, type TestSubscription } from '../support/push-endpoint.js';
import { RtspServer, rtspServerUnavailable } from '../support/rtsp-server.js';
import { childMediaProcesses, EventLog, meanGrey, prepareFootage, probeFile, until } from './helpers.js';

/** A recordings query for the day either side of the runtime's now (its clock), whatever day the test runs. */
const aroundNow = (rt: TestRuntime) =>
  `from=${new Date(rt.runtime.clock.now() - 86_400_000).toISOString()}&to=${new Date(rt.runtime.clock.now() + 86_400_000).toISOString()}`;

const unavailable = rtspServerUnavailable();
if (unavailable) throw new Error(unavailable);

interface EventView {
  id: string;
  cameraId: string;
  startedAt: string;
  endedAt: string | null;
  snapshotUrl: string | null;
  thumbnailUrl: string | null;
  alerted: boolean;
  clip: { status: string; url: string | null; sha256: string | null; sizeBytes: number | null };
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'porchlight-rec-'));
let server: RtspServer;
let authServer: RtspServer;

before(async () => {
  const main = prepareFootage(path.join(dir, 'main.mp4'), { start: 0, duration: 22 });
  const sub = prepareFootage(path.join(dir, 'sub.mp4'), { start: 0, duration: 22, width: 384, height: 216 });
  server = await RtspServer.start({ mounts: { '/cam': main, '/sub': sub } });
  authServer = await RtspServer.start({ mounts: { '/cam': sub }, user: 'admin', password: 'right horse' });
});
after(async () => {
  await server?.stop();
  await authServer?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

for (const dialect of DIALECTS) {
  describe(`camera pipeline on ${dialect}: RTSP footage → segments, motion events, clips, reconnects`, () => {
    let t: TestRuntime;
    let log: EventLog;
    let owner: ApiClient;
    let householdId: string;
    let cam1: string;
    let cam2: string;
    let originMs: number;
    let push: PushEndpoint;
    let pushSub: TestSubscription;
    let socket: WebSocket;
    const live: { kind: string; cameraId: string; eventId: string | null; snapshotUrl: string }[] = [];
    const handedAt = new Map<string, number>();
    const sec = (iso: string) => (Date.parse(iso) - originMs) / 1000;

    before(async () => {
      if (!server.running) await server.restart();
      push = await PushEndpoint.start();
      t = await startTestRuntime(dialect, {
        config: { segmentSeconds: 4, signinRateLimit: 1000, pushAllowLoopback: true },
        overrides: { recording: { backoff: { initialMs: 500, maxMs: 2000 }, clipWaitMs: 5000 } },
      });
      log = new EventLog(t.runtime.bus, [
        'camera.status',
        'camera.gap',
        'recording.segment',
        'motion.started',
        'motion.ended',
        'event.snapshot.ready',
        'event.clip.ready',
      ]);
      // When the pipeline hands motion.started to the bus; subscribers (alert delivery) run after that.
      const bus = t.runtime.bus;
      const publish = bus.publish.bind(bus);
      bus.publish = ((name: string, payload: { eventId: string }) => {
        if (name === 'motion.started') handedAt.set(payload.eventId, Date.now());
        return publish(name as never, payload as never);
      }) as typeof bus.publish;
      await setupAdmin(t);
      owner = t.client();
      await owner.post('/api/v1/auth/sign-up', {
        email: uniqueEmail('owner'),
        password: PASSWORD,
        displayName: 'Owner',
      });
      householdId = (await owner.post<{ id: string }>('/api/v1/households', { name: 'Door test' })).body.id;
      // The owner's phone: an open alert WebSocket (as the web app keeps) and a Web Push subscription at the
      // loopback push service, which checks the VAPID signature and decrypts every message (RFC 8291).
      await t.runtime.app.listen({ port: 0, host: '127.0.0.1' });
      const base = `http://127.0.0.1:${(t.runtime.app.server.address() as AddressInfo).port}`;
      push.expectVapidKey((await owner.get<{ publicKey: string }>('/api/v1/push/key')).body.publicKey);
      pushSub = push.newSubscription();
      const saved = await owner.post('/api/v1/push/subscriptions', {
        endpoint: pushSub.endpoint,
        keys: pushSub.keys,
      });
      assert.equal(saved.status, 201, JSON.stringify(saved.body));
      socket = new WebSocket(`${base.replace('http', 'ws')}/api/v1/alerts/ws`, {
        headers: { cookie: `pl_session=${owner.cookie('pl_session')}` },
      });
      socket.on('message', (data: Buffer) =>
        live.push(JSON.parse(data.toString('utf8')) as (typeof live)[0]),
      );
      await new Promise<void>((resolve, reject) => {
        socket.once('open', () => resolve());
        socket.once('error', reject);
      });
      // Away: motion records and alerts.
      await t.runtime.database.db
        .updateTable('hub_households')
        .set({ mode: 'away' })
        .where('id', '=', householdId)
        .execute();
      const a = await owner.post<{ camera: { id: string } }>(`/api/v1/households/${householdId}/cameras`, {
        name: 'Front door',
        mainUrl: server.url('/cam'),
      });
      assert.equal(a.status, 201, JSON.stringify(a.body));
      cam1 = a.body.camera.id;
      // A second camera: separate detect sub-stream, and a privacy zone over the top-left quarter.
      const b = await owner.post<{ camera: { id: string } }>(`/api/v1/households/${householdId}/cameras`, {
        name: 'Side',
        mainUrl: server.url('/cam'),
        detectUrl: server.url('/sub'),
        settings: {
          privacyZones: [
            [
              [0, 0],
              [0.5, 0],
              [0.5, 0.5],
              [0, 0.5],
            ],
          ],
        },
      });
      assert.equal(b.status, 201, JSON.stringify(b.body));
      cam2 = b.body.camera.id;
    });
    after(async () => {
      log?.close();
      socket?.close();
      await t?.close();
      await push?.close();
      assert.deepEqual(childMediaProcesses(), [], 'no ffmpeg or ffprobe outlives the runtime');
    });

    test('the main stream is recorded into ~4 s MPEG-TS segments without re-encoding, back to back', async () => {
      await log.waitFor('recording.segment', (s) => s.cameraId === cam1, 30_000);
      const second = await log.waitFor(
        'recording.segment',
        (s) => s.cameraId === cam1,
        20_000,
        log.events.indexOf(log.all('recording.segment', (s) => s.cameraId === cam1)[0]!) + 1,
      );
      const segs = log.all('recording.segment', (s) => s.cameraId === cam1).map((e) => e.payload);
      originMs = Date.parse(segs[0]!.startedAt);
      const rec = await owner.get<{
        segments: { id: string; startedAt: string; endedAt: string; durationMs: number }[];
      }>(`/api/v1/cameras/${cam1}/recordings?${aroundNow(t)}`);
      assert.ok(rec.body.segments.length >= 2);
      const rows = await t.runtime.database.db
        .selectFrom('hub_recording_segments')
        .selectAll()
        .where('camera_id', '=', cam1)
        .orderBy('started_at')
        .execute();
      for (const r of rows.slice(0, 2)) {
        const file = path.join(t.dataDir, 'blobs', r.blob_key);
        const p = probeFile(file);
        assert.deepEqual([p.codec, p.width, p.height], ['h264', 768, 432], 'copied, not re-encoded');
        assert.ok(p.duration > 3 && p.duration < 6.5, `segment of ${p.duration} s`);
        assert.equal(Number(r.size_bytes), fs.statSync(file).size);
      }
      assert.ok(
        Math.abs(Date.parse(second.payload.startedAt) - Date.parse(segs[0]!.endedAt)) < 300,
        'no hole between segments',
      );
    });

    test('motion events where she walks in and out; none while the room is still; alert published at once', async () => {
      const first = await log.waitFor('motion.started', (e) => e.cameraId === cam1, 30_000);
      const second = await log.waitFor(
        'motion.started',
        (e) => e.cameraId === cam1 && e.eventId !== first.payload.eventId,
        30_000,
      );
      // Wait until the still stretch after she leaves (20 – 26 s of stream time) has passed.
      await log.waitFor('recording.segment', (s) => s.cameraId === cam1 && sec(s.endedAt) > 27, 30_000);
      const starts = log.all('motion.started', (e) => e.cameraId === cam1).map((e) => sec(e.payload.at));
      assert.ok(
        starts[0]! >= 5 && starts[0]! <= 8.5,
        `walk-in event starts at ${starts[0]} s (expected 6 – 8)`,
      );
      assert.ok(
        starts[1]! >= 16 && starts[1]! <= 20.5,
        `walk-out event starts at ${starts[1]} s (expected 17 – 19)`,
      );
      for (const s of starts)
        assert.ok(!(s < 5) && !(s > 21 && s < 27), `no event in a still stretch (one at ${s} s)`);
      for (const e of [first, second]) {
        assert.equal(e.payload.alert, true, 'away mode alerts');
        // Ordering, and a guard against a stuck pipeline; latency itself is measured in bench/alerts, not here.
        const latency = e.atMs - e.payload.detectedAtMs;
        assert.ok(
          latency >= 0 && latency < 10_000,
          `motion.started ${latency} ms after the frame reached the detector`,
        );
      }
      // The first event reaches the owner's phone live over the WebSocket and by Web Push, decrypted at the push
      // service; the second, 11 s later, falls within the default 60 s cooldown: recorded, not alerted again.
      await until(() => live.some((m) => m.eventId === first.payload.eventId), 10_000);
      const pushed = await push.waitFor(
        (r) => r.subscriptionId === pushSub.id && r.payload.eventId === first.payload.eventId,
        10_000,
      );
      assert.equal(pushed.payload.kind, 'motion');
      assert.equal(pushed.payload.url, `/cameras/${cam1}?event=${first.payload.eventId}`);
      assert.equal(pushed.payload.snapshotUrl, `/api/v1/events/${first.payload.eventId}/snapshot`);
      await t.runtime.alerts!.drain();
      assert.ok(
        !live.some((m) => m.eventId === second.payload.eventId),
        'the second event is within the cooldown',
      );
      assert.equal(
        push.messagesFor(pushSub.id).filter((r) => r.payload.eventId === second.payload.eventId).length,
        0,
      );
      const alert = live.find((m) => m.eventId === first.payload.eventId)!;
      assert.equal(alert.kind, 'motion');
      assert.equal(alert.cameraId, cam1);
      assert.deepEqual(push.errors, [], 'every push decrypted and its VAPID signature verified');
      // The snapshot link works as soon as the alert is out.
      const ev = await owner.get<EventView>(`/api/v1/events/${first.payload.eventId}`);
      assert.ok(ev.body.snapshotUrl);
      const snap = await owner.request('GET', ev.body.snapshotUrl);
      assert.equal(snap.status, 200);
      assert.equal(snap.headers['content-type'], 'image/jpeg');
    });

    test('an ended event gets a clip (ffprobe reads it), hashed, served with Range, plus snapshot and thumbnail', async () => {
      const first = log.all('motion.started', (e) => e.cameraId === cam1)[0]!.payload;
      const ready = await log.waitFor('event.clip.ready', (e) => e.eventId === first.eventId, 40_000);
      const ev = (await owner.get<EventView>(`/api/v1/events/${first.eventId}`)).body;
      assert.equal(ev.clip.status, 'ready');
      const clip = await owner.request('GET', ev.clip.url!);
      assert.equal(clip.status, 200);
      assert.equal(clip.headers['content-type'], 'video/mp4');
      const body = clip.raw.rawPayload;
      const sha = createHash('sha256').update(body).digest('hex');
      assert.equal(sha, ready.payload.sha256);
      assert.equal(clip.headers['x-content-sha256'], sha);
      assert.equal(clip.headers.digest, `sha-256=${Buffer.from(sha, 'hex').toString('base64')}`);
      assert.equal(Number(clip.headers['content-length']), body.length);
      const file = path.join(dir, `${dialect}-clip.mp4`);
      fs.writeFileSync(file, body);
      const p = probeFile(file);
      const eventS = (Date.parse(ev.endedAt!) - Date.parse(ev.startedAt)) / 1000;
      // Pre-roll 5 s + event + post-roll 5 s, cut at keyframes (one a second): never shorter, at most a GOP longer.
      assert.equal(p.codec, 'h264');
      assert.ok(
        p.duration >= eventS + 10 - 0.5 && p.duration <= eventS + 10 + 1.5,
        `clip ${p.duration} s for an event of ${eventS} s`,
      );

      const part = await owner.request('GET', ev.clip.url!, undefined, {
        headers: { range: 'bytes=100-299' },
      });
      assert.equal(part.status, 206);
      assert.equal(part.headers['content-range'], `bytes 100-299/${body.length}`);
      assert.deepEqual(part.raw.rawPayload, body.subarray(100, 300));
      const tail = await owner.request('GET', ev.clip.url!, undefined, { headers: { range: 'bytes=-16' } });
      assert.deepEqual(tail.raw.rawPayload, body.subarray(body.length - 16));
      const past = await owner.request('GET', ev.clip.url!, undefined, {
        headers: { range: `bytes=${body.length}-` },
      });
      assert.equal(past.status, 416);
      assert.equal((past.body as { code: string }).code, 'ERR_RANGE_NOT_SATISFIABLE');
      assert.equal(past.headers['content-range'], `bytes */${body.length}`);

      for (const [url, width] of [
        [ev.snapshotUrl!, 768],
        [ev.thumbnailUrl!, 320],
      ] as const) {
        const img = await owner.request('GET', url);
        assert.equal(img.status, 200);
        const f = path.join(dir, `${dialect}-img.jpg`);
        fs.writeFileSync(f, img.raw.rawPayload);
        assert.equal(probeFile(f).width, width, url);
      }
      const list = await owner.get<{ events: EventView[] }>(`/api/v1/cameras/${cam1}/events`);
      assert.ok(list.body.events.some((e) => e.id === first.eventId));
    });

    test('live picture and status: online, last frame a moment ago', async () => {
      const live = await owner.request('GET', `/api/v1/cameras/${cam1}/live.jpg`);
      assert.equal(live.status, 200);
      assert.equal(live.headers['content-type'], 'image/jpeg');
      assert.deepEqual([...live.raw.rawPayload.subarray(0, 2)], [0xff, 0xd8]);
      const status = await owner.get<{
        state: string;
        lastFrameAt: string;
        running: boolean;
        stats: { frames: number };
      }>(`/api/v1/cameras/${cam1}/status`);
      assert.equal(status.body.state, 'online');
      assert.ok(Date.now() - Date.parse(status.body.lastFrameAt) < 3000);
      assert.ok(status.body.stats.frames > 50);
      // Renaming or snoozing the camera must not restart its ffmpeg (that would cut the recording).
      const runs = (await owner.get<{ stats: { runs: number } }>(`/api/v1/cameras/${cam1}/status`)).body.stats
        .runs;
      const patched = await owner.patch(`/api/v1/cameras/${cam1}`, {
        name: 'Front door (porch)',
        snoozeUntil: new Date(Date.now() + 60_000).toISOString(),
      });
      assert.equal(patched.status, 200);
      const again = await owner.get<{ state: string; stats: { runs: number } }>(
        `/api/v1/cameras/${cam1}/status`,
      );
      assert.deepEqual([again.body.state, again.body.stats.runs], ['online', runs]);
      await owner.patch(`/api/v1/cameras/${cam1}`, { snoozeUntil: null });
    });

    test('a privacy zone is black in the re-encoded recording and in the live picture (separate detect stream)', async () => {
      const seg = await log.waitFor('recording.segment', (s) => s.cameraId === cam2, 30_000);
      const row = await t.runtime.database.db
        .selectFrom('hub_recording_segments')
        .select('blob_key')
        .where('id', '=', seg.payload.segmentId)
        .executeTakeFirstOrThrow();
      const file = path.join(t.dataDir, 'blobs', row.blob_key);
      assert.equal(probeFile(file).width, 768);
      // Inside the zone (away from its edge) black; the white wall beside it is not.
      assert.ok(meanGrey(file, [0.05, 0.05, 0.4, 0.4], 1) < 20, 'zone blacked out in the recording');
      assert.ok(meanGrey(file, [0.55, 0.05, 0.4, 0.4], 1) > 60, 'the rest is kept');
      const live = await owner.request('GET', `/api/v1/cameras/${cam2}/live.jpg`);
      const jpg = path.join(dir, `${dialect}-live2.jpg`);
      fs.writeFileSync(jpg, live.raw.rawPayload);
      assert.ok(meanGrey(jpg, [0.05, 0.05, 0.4, 0.4]) < 20, 'zone blacked out in the live picture');
      assert.ok(meanGrey(jpg, [0.55, 0.05, 0.4, 0.4]) > 60);
    });

    test('members need the capability; people of other households do not see the camera at all', async () => {
      const first = log.all('motion.started', (e) => e.cameraId === cam1)[0]!.payload;
      const inv = await owner.post<{ token: string }>(`/api/v1/households/${householdId}/invitations`, {
        email: uniqueEmail('member'),
        capabilities: ['view_live'],
      });
      const member = t.client();
      await member.post('/api/v1/household-invitations/accept', {
        token: inv.body.token,
        displayName: 'Member',
        password: PASSWORD,
      });
      assert.equal((await member.request('GET', `/api/v1/cameras/${cam1}/live.jpg`)).status, 200);
      assert.equal((await member.get(`/api/v1/events/${first.eventId}`)).status, 403);
      assert.equal((await member.get(`/api/v1/events/${first.eventId}/clip`)).status, 403);
      const stranger = t.client();
      await stranger.post('/api/v1/auth/sign-up', {
        email: uniqueEmail('x'),
        password: PASSWORD,
        displayName: 'X',
      });
      await stranger.post('/api/v1/households', { name: 'Elsewhere' });
      for (const url of [
        `/api/v1/events/${first.eventId}`,
        `/api/v1/cameras/${cam1}/live.jpg`,
        `/api/v1/cameras/${cam1}/status`,
      ])
        assert.equal((await stranger.get(url)).status, 404, url);
    });

    test('test connection tells wrong credentials from a working stream', async () => {
      const wrong = await t.runtime.recording!.probe(
        authServer.url('/cam', { user: 'admin', password: 'wrong' }),
      );
      assert.deepEqual([wrong.ok, wrong.problem], [false, 'unauthorized']);
      assert.doesNotMatch(wrong.message, /wrong/);
      const right = await t.runtime.recording!.probe(
        authServer.url('/cam', { user: 'admin', password: 'right horse' }),
      );
      assert.deepEqual([right.ok, right.video], [true, { codec: 'h264', width: 384, height: 216 }]);
      const nothing = await t.runtime.recording!.probe('rtsp://127.0.0.1:1/none');
      assert.equal(nothing.problem, 'unreachable');
    });

    test('ffmpeg killed mid-segment: the unfinished segment is still indexed and playable, and ffmpeg restarts', async () => {
      const ps = spawnSync('ps', ['-o', 'pid=,args=', '--ppid', String(process.pid)], {
        encoding: 'utf8',
      }).stdout;
      const line = ps.split('\n').find((l) => l.includes('ffmpeg') && l.includes(`segments/${cam1}/`));
      assert.ok(line, 'the recording ffmpeg of the camera is running');
      // Kill it well inside a segment: once the file being written holds some video.
      const dirOf = path.join(t.dataDir, 'blobs', 'segments', cam1);
      const newest = () => fs.readdirSync(dirOf).sort().pop()!;
      await until(() => fs.statSync(path.join(dirOf, newest())).size > 40_000, 10_000);
      const from = log.events.length;
      const killedAt = Date.now();
      process.kill(Number(line.trim().split(/\s+/)[0]), 'SIGKILL');
      const recovered = await log.waitFor(
        'recording.segment',
        (s) => s.cameraId === cam1 && Math.abs(Date.parse(s.endedAt) - killedAt) < 1500,
        15_000,
        from,
      );
      const row = await t.runtime.database.db
        .selectFrom('hub_recording_segments')
        .selectAll()
        .where('id', '=', recovered.payload.segmentId)
        .executeTakeFirstOrThrow();
      const p = probeFile(path.join(t.dataDir, 'blobs', row.blob_key));
      assert.equal(p.codec, 'h264');
      assert.ok(p.duration > 0, `recovered segment plays for ${p.duration} s`);
      assert.ok(Number(row.size_bytes) > 40_000);
      await log.waitFor('camera.status', (s) => s.cameraId === cam1 && s.state === 'online', 20_000, from);
    });

    test('the stream drops: the segment being written is kept, status reconnecting, a gap, then it comes back', async () => {
      const before = log.events.length;
      const stoppedAt = Date.now();
      await server.stop();
      const last = await log.waitFor('recording.segment', (s) => s.cameraId === cam1, 15_000, before);
      assert.ok(
        Date.parse(last.payload.endedAt) > stoppedAt - 2000,
        'the segment cut short by the drop was indexed',
      );
      await log.waitFor(
        'camera.status',
        (s) => s.cameraId === cam1 && s.state === 'reconnecting',
        15_000,
        before,
      );
      const gap = await log.waitFor(
        'camera.gap',
        (g) => g.cameraId === cam1 && g.endedAt === null,
        15_000,
        before,
      );
      const status = await owner.get<{ state: string; lastError: string }>(`/api/v1/cameras/${cam1}/status`);
      assert.ok(['reconnecting', 'offline'].includes(status.body.state));
      assert.ok(status.body.lastError, 'a readable reason');

      // Everything recorded before the drop is intact: readable, contiguous, each file as long as its row says.
      const rows = await t.runtime.database.db
        .selectFrom('hub_recording_segments')
        .selectAll()
        .where('camera_id', '=', cam1)
        .orderBy('started_at')
        .execute();
      const gaps = await t.runtime.database.db
        .selectFrom('hub_camera_gaps')
        .selectAll()
        .where('camera_id', '=', cam1)
        .execute();
      for (let i = 0; i < rows.length; i++) {
        const r = rows[i]!;
        const p = probeFile(path.join(t.dataDir, 'blobs', r.blob_key));
        assert.ok(
          Math.abs(p.duration * 1000 - r.duration_ms) < 600,
          `${r.blob_key}: ${p.duration} s vs ${r.duration_ms} ms`,
        );
        if (i === 0) continue;
        const hole = [Date.parse(rows[i - 1]!.ended_at), Date.parse(r.started_at)] as const;
        const explained = gaps.some(
          (g) =>
            Date.parse(g.started_at) <= hole[1] && (g.ended_at === null || Date.parse(g.ended_at) >= hole[0]),
        );
        assert.ok(
          hole[1] - hole[0] < 300 || explained,
          `footage is contiguous or the hole is a recorded gap (${hole[1] - hole[0]} ms)`,
        );
      }

      const back = log.events.length;
      await server.restart();
      await log.waitFor('camera.status', (s) => s.cameraId === cam1 && s.state === 'online', 30_000, back);
      const closed = await log.waitFor(
        'camera.gap',
        (g) => g.gapId === gap.payload.gapId && g.endedAt !== null,
        10_000,
        back,
      );
      assert.ok(Date.parse(closed.payload.endedAt!) > Date.parse(gap.payload.startedAt));
      const rec = await owner.get<{ gaps: { id: string; endedAt: string | null; reason: string }[] }>(
        `/api/v1/cameras/${cam1}/recordings?${aroundNow(t)}`,
      );
      const stored = rec.body.gaps.find((g) => g.id === gap.payload.gapId)!;
      assert.ok(stored.endedAt && stored.reason);
      await log.waitFor('recording.segment', (s) => s.cameraId === cam1, 20_000, back);
      assert.equal((await t.client().get('/readyz')).status, 200);
    });
  });
}
