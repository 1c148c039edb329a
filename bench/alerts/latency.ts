// Alert latency (A5): from the moment motion is detected to the alert arriving at a WebSocket client of the web app
// and at a Web Push service. Run: node --import tsx bench/alerts/latency.ts [--events 200] [--real-seconds 0] [--real-cameras 2]
//
// Published mode (always): a household of three people (owner and two members), each with one open alert WebSocket
// (the `ws` client, as the web app's connection) and one Web Push subscription on the loopback push service
// (test/support/push-endpoint.ts, which decrypts every message and checks its VAPID signature, as a real push
// service and browser would). The clients and the push service run in a child process (clients.process.ts), as they
// would run elsewhere in real life, so their arrival times are read without waiting for the hub's event loop. For each event the benchmark publishes `motion.started` on the hub's bus, stamped
// with `detectedAtMs`, exactly as the recording pipeline does when a frame crosses the motion threshold, and times
// the arrival at every socket and at the push endpoint. Events are spaced 20 to 60 ms apart, so each one is timed
// on its own rather than behind a queue.
//
// Real mode (--real-seconds N > 0): --real-cameras cameras (default 2) whose sources are real footage (../shared/media, played in real
// time and looped by the recording pipeline's ffmpeg, which also records them), so `detectedAtMs` is when the frame
// that started the event reached the motion detector; runs for N seconds and reports however many events the
// footage produced, with the time split between the pipeline and the alerts domain.

import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { fork } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { setupAdmin } from '../../test/support/factories.js';
import { PASSWORD, startTestRuntime, type ApiClient, type TestRuntime } from '../../test/support/runtime.js';
import type { FromClients, ToClients } from './clients.process.js';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '200' },
    warmup: { type: 'string', default: '20' },
    'real-seconds': { type: 'string', default: '0' },
    'real-cameras': { type: 'string', default: '2' },
  },
});
const EVENTS = Number(values.events);
const WARMUP = Number(values.warmup);
const REAL_SECONDS = Number(values['real-seconds']);
// Cameras in real mode, taking the two clips in turn (a household with several cameras sees more events a minute).
const REAL_CAMERAS = Math.max(1, Number(values['real-cameras']));
const here = path.dirname(fileURLToPath(import.meta.url));
const MEDIA = process.env.PORCHLIGHT_MEDIA ?? path.resolve(here, '../../../shared/media');
const PEOPLE = ['owner', 'member1', 'member2'];

const nowMs = () => performance.timeOrigin + performance.now();

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

function row(label: string, samples: number[]): string {
  const s = [...samples].sort((a, b) => a - b);
  const f = (v: number) => v.toFixed(1);
  return `| ${label} | ${s.length} | ${f(percentile(s, 50))} | ${f(percentile(s, 95))} | ${f(percentile(s, 99))} | ${f(s.at(-1) ?? NaN)} |`;
}

/** The process with the clients, and the arrivals it reported, per event. */
class Clients {
  readonly arrivals = new Map<string, { ws: number[]; push: number[] }>();
  private readonly child = fork(fileURLToPath(new URL('./clients.process.ts', import.meta.url)), [], {
    execArgv: ['--import', 'tsx'],
  });
  private readonly waiting: { match: (m: FromClients) => boolean; resolve: (m: FromClients) => void }[] = [];

  constructor() {
    this.child.on('message', (m: FromClients) => {
      if (m.type === 'arrival') {
        let a = this.arrivals.get(m.eventId);
        if (!a) this.arrivals.set(m.eventId, (a = { ws: [], push: [] }));
        a[m.via].push(m.atMs);
      }
      for (const w of [...this.waiting])
        if (w.match(m)) {
          this.waiting.splice(this.waiting.indexOf(w), 1);
          w.resolve(m);
        }
    });
  }

  /** Send a command and wait for the answer that matches. */
  ask<T extends FromClients>(command: ToClients | null, match: (m: FromClients) => m is T): Promise<T> {
    const p = new Promise<T>((resolve) => this.waiting.push({ match, resolve: (m) => resolve(m as T) }));
    if (command) this.child.send(command);
    return p;
  }

  /** Wait until every recipient's socket and push subscription got the event. */
  async complete(eventId: string, timeoutMs = 5000): Promise<{ ws: number[]; push: number[] }> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const a = this.arrivals.get(eventId);
      if (a && a.ws.length >= PEOPLE.length && a.push.length >= PEOPLE.length) return a;
      if (Date.now() > end) throw new Error(`event ${eventId} incomplete: ${JSON.stringify(a)}`);
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
  }
}

async function person(t: TestRuntime, owner: ApiClient | null, householdId: string | null, name: string) {
  const client = t.client();
  if (!owner) {
    await client.post('/api/v1/auth/sign-up', {
      email: `${name}@bench.test`,
      password: PASSWORD,
      displayName: name,
    });
    return client;
  }
  const inv = await owner.post<{ token: string }>(`/api/v1/households/${householdId}/invitations`, {
    email: `${name}@bench.test`,
    capabilities: ['view_live', 'view_recordings'],
  });
  await client.post('/api/v1/household-invitations/accept', {
    token: inv.body.token,
    displayName: name,
    password: PASSWORD,
  });
  return client;
}

async function main(): Promise<void> {
  const clients = new Clients();
  await clients.ask(null, (m): m is Extract<FromClients, { type: 'ready' }> => m.type === 'ready');
  const t = await startTestRuntime('sqlite', {
    config: { signinRateLimit: 1_000_000, pushAllowLoopback: true, timeZone: 'UTC', fileCamerasDir: MEDIA },
  });
  try {
    await t.runtime.app.listen({ port: 0, host: '127.0.0.1' });
    const wsUrl = `ws://127.0.0.1:${(t.runtime.app.server.address() as AddressInfo).port}/api/v1/alerts/ws`;
    await setupAdmin(t);
    const owner = await person(t, null, null, PEOPLE[0]!);
    const householdId = (await owner.post<{ id: string }>('/api/v1/households', { name: 'Bench' })).body.id;
    const camera = await owner.post<{ camera: { id: string } }>(`/api/v1/households/${householdId}/cameras`, {
      name: 'Front door',
      mainUrl: 'rtsp://192.0.2.10:554/stream1',
      // Disabled: no ffmpeg runs in published mode; the alert rules do not look at it.
      enabled: false,
      settings: { alerts: { cooldownSeconds: 0 } },
    });
    const cameraId = camera.body.camera.id;
    const vapidKey = (await owner.get<{ publicKey: string }>('/api/v1/push/key')).body.publicKey;
    const accounts = [owner];
    for (const name of PEOPLE.slice(1)) accounts.push(await person(t, owner, householdId, name));
    for (const [i, client] of accounts.entries()) {
      const name = PEOPLE[i]!;
      const sub = await clients.ask(
        { type: 'subscribe', name, vapidKey },
        (m): m is Extract<FromClients, { type: 'subscription' }> =>
          m.type === 'subscription' && m.name === name,
      );
      await client.post('/api/v1/push/subscriptions', { endpoint: sub.endpoint, keys: sub.keys });
      await clients.ask(
        { type: 'connect', name, url: wsUrl, cookie: `pl_session=${client.cookie('pl_session')}` },
        (m): m is Extract<FromClients, { type: 'connected' }> => m.type === 'connected' && m.name === name,
      );
    }

    const firstWs: number[] = [];
    const allWs: number[] = [];
    const firstPush: number[] = [];
    const allPush: number[] = [];
    const held: number[] = [];
    for (let i = 0; i < WARMUP + EVENTS; i++) {
      const eventId = crypto.randomUUID();
      const detectedAtMs = nowMs();
      await t.runtime.bus.publish('motion.started', {
        eventId,
        cameraId,
        householdId,
        at: new Date(detectedAtMs).toISOString(),
        zones: [],
        alert: true,
        detectedAtMs,
      });
      const heldMs = nowMs() - detectedAtMs;
      const a = await clients.complete(eventId);
      if (i >= WARMUP) {
        firstWs.push(Math.min(...a.ws) - detectedAtMs);
        allWs.push(Math.max(...a.ws) - detectedAtMs);
        firstPush.push(Math.min(...a.push) - detectedAtMs);
        allPush.push(Math.max(...a.push) - detectedAtMs);
        held.push(heldMs);
      }
      await new Promise((resolve) => setTimeout(resolve, 20 + Math.random() * 40));
    }
    await t.runtime.alerts!.drain();

    const cpu = os.cpus();
    console.log(
      `Alert latency: ${EVENTS} motion events after ${WARMUP} warm-up; 3 recipients, each with 1 WebSocket and 1 Web ` +
        `Push subscription; SQLite; Node ${process.version}; ${cpu.length} cores (${cpu[0]?.model.trim() ?? '?'}); ` +
        `load average ${os
          .loadavg()
          .map((l) => l.toFixed(1))
          .join(' ')}`,
    );
    console.log('');
    console.log('| from `motion.started` (detectedAtMs) to | events | p50 ms | p95 ms | p99 ms | max ms |');
    console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
    console.log(row('the first WebSocket client', firstWs));
    console.log(row('all 3 WebSocket clients', allWs));
    console.log(row('the first push at the push service (decrypted)', firstPush));
    console.log(row('all 3 pushes at the push service', allPush));
    console.log(row('(the publisher held up by the alert handler)', held));

    if (REAL_SECONDS > 0) {
      const total: number[] = [];
      const pipeline: number[] = [];
      const toWs: number[] = [];
      const toPush: number[] = [];
      const totalPush: number[] = [];
      // Instrumentation only: note when the pipeline publishes each event, to split the time between the
      // pipeline (frame → event stored → published) and the alerts domain (published → delivered).
      const bus = t.runtime.bus;
      const publish = bus.publish.bind(bus) as (name: string, payload: unknown) => Promise<void>;
      const publishedAt = new Map<string, number>();
      bus.publish = (name: string, payload: unknown) => {
        if (name === 'motion.started') publishedAt.set((payload as { eventId: string }).eventId, nowMs());
        return publish(name, payload);
      };
      // Armed: at home motion records without alerting (the default meaning of "home").
      await owner.request('PUT', `/api/v1/households/${householdId}/mode`, { mode: 'away' });
      const footage = ['one-by-one-person-detection.mp4', 'car-detection.mp4'];
      const realIds = new Set<string>();
      for (let i = 0; i < REAL_CAMERAS; i++) {
        const file = footage[i % footage.length]!;
        const real = await owner.post<{ camera: { id: string } }>(
          `/api/v1/households/${householdId}/cameras`,
          {
            name: `${file} #${i + 1}`,
            mainUrl: path.join(MEDIA, file),
            settings: { alerts: { cooldownSeconds: 0 } },
          },
        );
        realIds.add(real.body.camera.id);
      }
      let events = 0;
      let unarmed = 0;
      const off = bus.subscribe('motion.started', (e) => {
        if (!realIds.has(e.cameraId)) return;
        if (!e.alert) return void unarmed++;
        events++;
        clients.complete(e.eventId, 10_000).then(
          (a) => {
            const published = publishedAt.get(e.eventId)!;
            total.push(Math.min(...a.ws) - e.detectedAtMs);
            pipeline.push(published - e.detectedAtMs);
            toWs.push(Math.min(...a.ws) - published);
            toPush.push(Math.max(...a.push) - published);
            totalPush.push(Math.max(...a.push) - e.detectedAtMs);
          },
          () => undefined,
        );
      });
      await new Promise((resolve) => setTimeout(resolve, REAL_SECONDS * 1000));
      off();
      console.log('');
      console.log(
        `Real footage: ${REAL_SECONDS} s of ${footage.join(' and ')} (${REAL_CAMERAS} cameras, taking them in turn) played in real time through ` +
          `the recording pipeline: ${events} alerting motion events` +
          (unarmed ? ` (and ${unarmed} that the mode did not arm)` : '') +
          `; load average ${os
            .loadavg()
            .map((l) => l.toFixed(1))
            .join(' ')}`,
      );
      console.log('');
      console.log('| real frames: from … to … | events | p50 ms | p95 ms | p99 ms | max ms |');
      console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
      console.log(row('frame at the detector → the first WebSocket client', total));
      console.log(row('frame at the detector → all 3 pushes at the push service', totalPush));
      console.log(row('frame at the detector → `motion.started` published (pipeline)', pipeline));
      console.log(row('`motion.started` published → the first WebSocket client (alerts)', toWs));
      console.log(row('`motion.started` published → all 3 pushes (alerts)', toPush));
    }
  } finally {
    await t.close();
    const closed = await clients.ask(
      { type: 'close' },
      (m): m is Extract<FromClients, { type: 'closed' }> => m.type === 'closed',
    );
    if (closed.errors.length) console.error(`push service refused messages: ${closed.errors.join('; ')}`);
  }
}

await main();
