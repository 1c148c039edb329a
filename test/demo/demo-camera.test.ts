import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { PASSWORD, startTestRuntime, type TestRuntime } from '../support/runtime.js';
import { setupAdmin } from '../support/factories.js';

interface Camera {
  id: string;
  mainUrl: string;
  status: { state: string };
}

let t: TestRuntime;
before(async () => {
  t = await startTestRuntime('sqlite', {
    config: { demoRtspPort: 0, segmentSeconds: 4, signinRateLimit: 1000 },
    overrides: { recording: { backoff: { initialMs: 500, maxMs: 2000 }, clipWaitMs: 5000 } },
  });
});
after(() => t.close());

async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

test(
  '"add a demo camera" streams a synthetic scene over RTSP through the normal ingest and produces a motion event',
  { timeout: 120_000 },
  async () => {
    await setupAdmin(t);
    const owner = t.client();
    await owner.post('/api/v1/auth/sign-up', {
      email: 'demo@example.test',
      password: PASSWORD,
      displayName: 'Demo',
    });
    const household = (await owner.post<{ id: string }>('/api/v1/households', { name: 'Demo home' })).body.id;
    const stranger = t.client();
    await stranger.post('/api/v1/auth/sign-up', {
      email: 'other@example.test',
      password: PASSWORD,
      displayName: 'Other',
    });
    assert.equal(
      (await stranger.post(`/api/v1/households/${household}/cameras/demo`)).status,
      404,
      'no demo on someone else’s household',
    );

    const r = await owner.post<{ camera: Camera }>(`/api/v1/households/${household}/cameras/demo`);
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.match(
      r.body.camera.mainUrl,
      /^rtsp:\/\/127\.0\.0\.1:\d+\/porchlight-demo$/,
      'the same path a real RTSP camera takes',
    );
    const id = r.body.camera.id;
    await until('the demo camera online', 30_000, async () => {
      const c = await owner.get<Camera>(`/api/v1/cameras/${id}`);
      return c.body.status.state === 'online' ? true : undefined;
    });
    const events = await until('a motion event', 60_000, async () => {
      const e = await owner.get<{ events: { id: string }[] }>(`/api/v1/cameras/${id}/events`);
      return e.body.events.length ? e.body.events : undefined;
    });
    assert.ok(events.length >= 1);
  },
);
