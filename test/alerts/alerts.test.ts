import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { WebSocket } from 'ws';
import { ManualClock } from '../../src/ports/clock.js';
import type { EventMap } from '../../src/ports/bus.js';
import { setupAdmin, uniqueEmail } from '../support/factories.js';
import { PushEndpoint, type ReceivedPush, type TestSubscription } from '../support/push-endpoint.js';
import {
  DIALECTS,
  PASSWORD,
  startTestRuntime,
  type ApiClient,
  type TestRuntime,
} from '../support/runtime.js';

interface AlertMessage {
  id: string;
  kind: 'ring' | 'motion';
  priority: 'high' | 'normal';
  cameraId: string;
  cameraName: string;
  householdId: string;
  at: string;
  snapshotUrl: string;
  eventId: string | null;
}

/** A signed-in person with an open alert WebSocket and a Web Push subscription on the loopback push service. */
interface Person {
  name: string;
  client: ApiClient;
  socket: WebSocket;
  messages: AlertMessage[];
  sub: TestSubscription;
}

const START = Date.parse('2026-06-15T10:00:00Z');

const until = async (what: string, cond: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
};

for (const dialect of DIALECTS) {
  describe(`alerts on ${dialect}: rings and motion reach exactly the right people, live and by Web Push`, () => {
    let t: TestRuntime;
    let clock: ManualClock;
    let push: PushEndpoint;
    let base: string;
    let householdId: string;
    const cams: Record<string, { id: string; token: string }> = {};
    const people: Record<string, Person> = {};

    async function openSocket(client: ApiClient): Promise<{ socket: WebSocket; messages: AlertMessage[] }> {
      const socket = new WebSocket(`${base.replace('http', 'ws')}/api/v1/alerts/ws`, {
        headers: { cookie: `pl_session=${client.cookie('pl_session')}` },
      });
      const messages: AlertMessage[] = [];
      socket.on('message', (data: Buffer) =>
        messages.push(JSON.parse(data.toString('utf8')) as AlertMessage),
      );
      await new Promise<void>((resolve, reject) => {
        socket.once('open', () => resolve());
        socket.once('error', reject);
      });
      return { socket, messages };
    }

    async function join(
      name: string,
      capabilities: string[],
      extra: { cameraIds?: string[]; accessExpiresAt?: string } = {},
    ): Promise<ApiClient> {
      const owner = people.owner!.client;
      const inv = await owner.post<{ token: string }>(`/api/v1/households/${householdId}/invitations`, {
        email: uniqueEmail(name),
        capabilities,
        ...extra,
      });
      assert.equal(inv.status, 201, JSON.stringify(inv.body));
      const client = t.client();
      const acc = await client.post('/api/v1/household-invitations/accept', {
        token: inv.body.token,
        displayName: name,
        password: PASSWORD,
      });
      assert.equal(acc.status, 200, JSON.stringify(acc.body));
      return client;
    }

    async function equip(name: string, client: ApiClient): Promise<void> {
      const sub = push.newSubscription();
      const saved = await client.post('/api/v1/push/subscriptions', {
        endpoint: sub.endpoint,
        keys: sub.keys,
      });
      assert.equal(saved.status, 201, JSON.stringify(saved.body));
      people[name] = { name, client, sub, ...(await openSocket(client)) };
    }

    async function addCamera(name: string, settings: Record<string, unknown> = {}) {
      const r = await people.owner!.client.post<{ camera: { id: string }; deviceToken: string }>(
        `/api/v1/households/${householdId}/cameras`,
        { name, mainUrl: 'rtsp://192.0.2.10:554/stream1', settings },
      );
      assert.equal(r.status, 201, JSON.stringify(r.body));
      cams[name] = { id: r.body.camera.id, token: r.body.deviceToken };
    }

    async function motion(camera: string, at: string, extra: Partial<EventMap['motion.started']> = {}) {
      const eventId = crypto.randomUUID();
      await t.runtime.bus.publish('motion.started', {
        eventId,
        cameraId: cams[camera]!.id,
        householdId,
        at,
        zones: [],
        alert: true,
        detectedAtMs: Date.now(),
        ...extra,
      });
      await t.runtime.alerts!.drain();
      return eventId;
    }

    const alertsFor = (p: string, cameraId: string) =>
      people[p]!.messages.filter((m) => m.cameraId === cameraId);

    const ring = (camera: string, token: string | undefined) =>
      fetch(`${base}/api/v1/cameras/${cams[camera]!.id}/ring`, {
        method: 'POST',
        headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
      });

    before(async () => {
      clock = new ManualClock(START);
      push = await PushEndpoint.start();
      t = await startTestRuntime(dialect, {
        config: { signinRateLimit: 10_000, pushAllowLoopback: true, timeZone: 'UTC' },
        overrides: { clock },
      });
      await t.runtime.app.listen({ port: 0, host: '127.0.0.1' });
      base = `http://127.0.0.1:${(t.runtime.app.server.address() as AddressInfo).port}`;
      await setupAdmin(t);

      const owner = t.client();
      await owner.post('/api/v1/auth/sign-up', {
        email: uniqueEmail('owner'),
        password: PASSWORD,
        displayName: 'Owner',
      });
      householdId = (await owner.post<{ id: string }>('/api/v1/households', { name: 'Home' })).body.id;
      people.owner = { name: 'owner', client: owner } as Person;
      await addCamera('Front door');
      await addCamera('Back yard');
      await addCamera('Garden', { alerts: { cooldownSeconds: 60 } });
      await addCamera('Night', {
        alerts: { cooldownSeconds: 0, quietHours: { start: '22:00', end: '07:00' } },
      });
      await addCamera('Zoned', {
        alerts: { cooldownSeconds: 0 },
        motion: {
          zones: [
            {
              name: 'Street',
              alert: false,
              points: [
                [0, 0],
                [1, 0],
                [1, 0.5],
              ],
            },
            {
              name: 'Path',
              points: [
                [0, 0.5],
                [1, 0.5],
                [1, 1],
              ],
            },
          ],
        },
      });

      const key = await t.client().get<{ publicKey: string }>('/api/v1/push/key');
      push.expectVapidKey(key.body.publicKey);

      const members: [string, ApiClient][] = [
        ['live', await join('live', ['view_live'])],
        [
          'recordings',
          await join('recordings', ['view_recordings'], { cameraIds: [cams['Front door']!.id] }),
        ],
        [
          'backOnly',
          await join('backOnly', ['view_live', 'view_recordings'], { cameraIds: [cams['Back yard']!.id] }),
        ],
        [
          'expired',
          await join('expired', ['view_live'], { accessExpiresAt: new Date(START + 3600_000).toISOString() }),
        ],
        ['manager', await join('manager', ['manage_cameras', 'share_clips'])],
      ];
      const stranger = t.client();
      await stranger.post('/api/v1/auth/sign-up', {
        email: uniqueEmail('stranger'),
        password: PASSWORD,
        displayName: 'Stranger',
      });
      await equip('owner', owner);
      for (const [name, client] of members) await equip(name, client);
      await equip('stranger', stranger);
      // The expiring member's access lapses; their socket and subscription stay, but alerts must not reach them.
      clock.set(START + 2 * 3600_000);
    });

    after(async () => {
      for (const p of Object.values(people)) p.socket?.terminate();
      await t.close();
      await push.close();
    });

    test('a doorbell press with the device token reaches the owner and viewing members, live and by push', async () => {
      const res = await ring('Front door', cams['Front door']!.token);
      assert.equal(res.status, 202);
      const { ringId } = (await res.json()) as { ringId: string };
      assert.ok(ringId);
      const front = cams['Front door']!.id;
      const recipients = ['owner', 'live', 'recordings'];
      await until('live alerts', () => recipients.every((p) => alertsFor(p, front).length === 1));
      const alert = alertsFor('owner', front)[0]!;
      assert.deepEqual(
        { ...alert, id: 'x', at: 'x' },
        {
          id: 'x',
          kind: 'ring',
          priority: 'high',
          cameraId: front,
          cameraName: 'Front door',
          householdId,
          at: 'x',
          snapshotUrl: `/api/v1/cameras/${front}/live.jpg`,
          eventId: null,
        },
      );
      assert.equal(alert.at, new Date(clock.now()).toISOString());
      for (const p of recipients)
        assert.equal(alertsFor(p, front)[0]!.id, alert.id, 'one alert, many sockets');

      const pushed: ReceivedPush[] = [];
      for (const p of recipients)
        pushed.push(
          await push.waitFor((r) => r.subscriptionId === people[p]!.sub.id && r.payload.id === alert.id),
        );
      for (const r of pushed) {
        assert.equal(r.headers.urgency, 'high');
        assert.equal(r.headers.ttl, '300');
        assert.equal(r.payload.title, 'Someone is at the door');
        assert.equal(r.payload.body, 'Front door');
        assert.equal(r.payload.url, `/cameras/${front}`, 'a click opens the camera page');
        assert.equal(r.payload.snapshotUrl, alert.snapshotUrl);
        assert.equal(r.payload.kind, 'ring');
      }
      await t.runtime.alerts!.drain();
      await new Promise((r) => setTimeout(r, 100));
      for (const p of ['backOnly', 'expired', 'manager', 'stranger']) {
        assert.deepEqual(people[p]!.messages, [], `${p} gets nothing live`);
        assert.deepEqual(push.messagesFor(people[p]!.sub.id), [], `${p} gets no push`);
      }
      assert.deepEqual(push.errors, [], 'every push decrypted and its VAPID signature verified');

      const history = await people.owner!.client.get<{ alerts: AlertMessage[] }>('/api/v1/alerts?limit=5');
      assert.equal(history.status, 200);
      assert.deepEqual(history.body.alerts[0], alert);
      for (const p of ['backOnly', 'expired', 'stranger']) {
        const h = await people[p]!.client.get<{ alerts: AlertMessage[] }>('/api/v1/alerts');
        assert.deepEqual(h.body.alerts, [], `${p} has no history of it`);
      }
    });

    test('a missing or wrong device token is refused with 401 and rings nothing', async () => {
      const before = people.owner!.messages.length;
      for (const token of [undefined, 'wrong-token-wrong-token-wrong-token', cams['Back yard']!.token]) {
        const res = await ring('Front door', token);
        assert.equal(res.status, 401);
        assert.equal(((await res.json()) as { code: string }).code, 'ERR_DEVICE_TOKEN_INVALID');
      }
      const unknown = await fetch(`${base}/api/v1/cameras/${crypto.randomUUID()}/ring`, {
        method: 'POST',
        headers: { authorization: `Bearer ${cams['Front door']!.token}` },
      });
      assert.equal(unknown.status, 401);
      await t.runtime.alerts!.drain();
      assert.equal(people.owner!.messages.length, before);
    });

    test('the ring button in the web app needs view_live on the camera', async () => {
      const front = cams['Front door']!.id;
      const before = alertsFor('owner', front).length;
      const ok = await people.live!.client.post(`/api/v1/cameras/${front}/ring/test`);
      assert.equal(ok.status, 202, JSON.stringify(ok.body));
      await until('ring-test alert', () => alertsFor('owner', front).length === before + 1);
      assert.equal(alertsFor('owner', front).at(-1)!.kind, 'ring');
      assert.equal((await people.backOnly!.client.post(`/api/v1/cameras/${front}/ring/test`)).status, 404);
      assert.equal((await people.manager!.client.post(`/api/v1/cameras/${front}/ring/test`)).status, 403);
      assert.equal((await people.stranger!.client.post(`/api/v1/cameras/${front}/ring/test`)).status, 404);
      const noCsrf = await people.live!.client.request(
        'POST',
        `/api/v1/cameras/${front}/ring/test`,
        {},
        { csrf: false },
      );
      assert.equal(noCsrf.status, 403, 'a session route keeps its CSRF check');
    });

    test('cooldown: a second motion alert on the same camera within the cooldown is suppressed', async () => {
      const garden = cams['Garden']!.id;
      const t0 = Date.parse('2026-06-15T12:00:00Z');
      const first = await motion('Garden', new Date(t0).toISOString());
      await motion('Garden', new Date(t0 + 10_000).toISOString());
      await motion('Garden', new Date(t0 + 59_999).toISOString());
      const third = await motion('Garden', new Date(t0 + 61_000).toISOString());
      await until('motion alerts', () => alertsFor('owner', garden).length === 2);
      await new Promise((r) => setTimeout(r, 50));
      const got = alertsFor('owner', garden);
      assert.deepEqual(
        got.map((a) => a.eventId),
        [first, third],
      );
      assert.equal(got[0]!.kind, 'motion');
      assert.equal(got[0]!.priority, 'normal');
      assert.equal(got[0]!.snapshotUrl, `/api/v1/events/${first}/snapshot`);
      const pushed = await push.waitFor(
        (r) => r.payload.eventId === first && r.subscriptionId === people.owner!.sub.id,
      );
      assert.equal(pushed.headers.urgency, 'normal');
      assert.equal(pushed.headers.topic, garden.replaceAll('-', ''));
      assert.equal(pushed.payload.title, 'Motion at Garden');
      assert.equal(pushed.payload.url, `/cameras/${garden}?event=${first}`, 'a click opens the event');

      // A ring starts the cooldown too: the motion of the visitor who just rang does not buzz again.
      clock.set(Date.parse('2026-06-15T13:00:00Z'));
      assert.equal((await people.owner!.client.post(`/api/v1/cameras/${garden}/ring/test`)).status, 202);
      await motion('Garden', '2026-06-15T13:00:30.000Z');
      await until('ring alert', () => alertsFor('owner', garden).length === 3);
      await new Promise((r) => setTimeout(r, 50));
      assert.deepEqual(
        alertsFor('owner', garden).map((a) => a.kind),
        ['motion', 'motion', 'ring'],
      );
    });

    test('motion the mode does not arm (alert: false) never alerts', async () => {
      const garden = cams['Garden']!.id;
      const before = alertsFor('owner', garden).length;
      await motion('Garden', '2026-06-15T14:00:00.000Z', { alert: false });
      await new Promise((r) => setTimeout(r, 50));
      assert.equal(alertsFor('owner', garden).length, before);
    });

    test('quiet hours (22:00-07:00 local) suppress motion but never a doorbell ring', async () => {
      const night = cams['Night']!.id;
      await motion('Night', '2026-06-15T23:30:00.000Z');
      await motion('Night', '2026-06-16T06:59:00.000Z');
      await new Promise((r) => setTimeout(r, 50));
      assert.equal(alertsFor('owner', night).length, 0, 'no motion alert at night');
      const day = await motion('Night', '2026-06-16T07:00:00.000Z');
      await until('day motion', () => alertsFor('owner', night).length === 1);
      assert.equal(alertsFor('owner', night)[0]!.eventId, day);

      clock.set(Date.parse('2026-06-16T23:30:00Z'));
      const res = await ring('Night', cams['Night']!.token);
      assert.equal(res.status, 202);
      await until('night ring', () => alertsFor('owner', night).length === 2);
      const rang = alertsFor('owner', night)[1]!;
      assert.equal(rang.kind, 'ring');
      assert.equal(rang.at, '2026-06-16T23:30:00.000Z');
      await push.waitFor((r) => r.payload.id === rang.id && r.subscriptionId === people.owner!.sub.id);
    });

    test('zone rules: motion only in a zone marked not to alert is silent; any alerting zone alerts', async () => {
      const zoned = cams['Zoned']!.id;
      await motion('Zoned', '2026-06-17T12:00:00.000Z', { zones: ['Street'] });
      await new Promise((r) => setTimeout(r, 50));
      assert.equal(alertsFor('owner', zoned).length, 0);
      const both = await motion('Zoned', '2026-06-17T12:00:05.000Z', { zones: ['Street', 'Path'] });
      const path = await motion('Zoned', '2026-06-17T12:00:10.000Z', { zones: ['Path'] });
      await until('zone alerts', () => alertsFor('owner', zoned).length === 2);
      assert.deepEqual(
        alertsFor('owner', zoned).map((a) => a.eventId),
        [both, path],
      );
    });

    test('a subscription the push service reports gone (410) is removed; the others keep working', async () => {
      const owner = people.owner!;
      const revoked = push.newSubscription();
      const saved = await owner.client.post('/api/v1/push/subscriptions', {
        endpoint: revoked.endpoint,
        keys: revoked.keys,
      });
      assert.equal(saved.status, 201);
      push.respondWith(revoked.id, 410);
      const front = cams['Front door']!.id;
      const res = await owner.client.post<{ ringId: string }>(`/api/v1/cameras/${front}/ring/test`);
      assert.equal(res.status, 202);
      await t.runtime.alerts!.drain();
      const rows = await t.runtime.database.db
        .selectFrom('hub_push_subscriptions')
        .select('endpoint')
        .where('endpoint', 'in', [revoked.endpoint, owner.sub.endpoint])
        .execute();
      assert.deepEqual(
        rows.map((r) => r.endpoint),
        [owner.sub.endpoint],
      );
      const latest = alertsFor('owner', front).at(-1)!;
      await push.waitFor((r) => r.payload.id === latest.id && r.subscriptionId === owner.sub.id);
    });

    test('signing out closes that session’s alert connection at once (4401); a password change closes the others', async () => {
      const closed = (socket: WebSocket) =>
        new Promise<number>((resolve) => socket.once('close', (code: number) => resolve(code)));
      const member = await join('leaving', ['view_live']);
      const other = t.client();
      const email = (await member.get<{ user: { email: string } }>('/api/v1/me')).body.user.email;
      await other.post('/api/v1/auth/sign-in', { email, password: PASSWORD });
      const a = await openSocket(member);
      const b = await openSocket(other);
      const aClosed = closed(a.socket);
      const started = performance.now();
      assert.equal((await member.post('/api/v1/auth/sign-out')).status, 200);
      assert.equal(await aClosed, 4401);
      // The keep-alive round (30 s) would also catch it; this must not wait for it.
      assert.ok(performance.now() - started < 5000, 'closed with the sign-out, not at the next round');
      assert.equal(b.socket.readyState, WebSocket.OPEN, 'the other session keeps its alerts');
      const third = t.client();
      await third.post('/api/v1/auth/sign-in', { email, password: PASSWORD });
      const c = await openSocket(third);
      const bClosed = closed(b.socket);
      const changed = await third.post('/api/v1/me/password', {
        currentPassword: PASSWORD,
        newPassword: PASSWORD + '2',
      });
      assert.equal(changed.status, 200, JSON.stringify(changed.body));
      assert.equal(await bClosed, 4401);
      assert.equal(c.socket.readyState, WebSocket.OPEN, 'the session that changed it stays');
      c.socket.close();
    });

    test('the WebSocket refuses anonymous and cross-site upgrades before upgrading, and a plain GET gets 426', async () => {
      const refused = (headers: Record<string, string>) =>
        new Promise<{ status: number; code: string }>((resolve, reject) => {
          const ws = new WebSocket(`${base.replace('http', 'ws')}/api/v1/alerts/ws`, { headers });
          ws.on('error', () => undefined);
          ws.once('unexpected-response', (req, res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => {
              req.destroy();
              const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { code: string };
              resolve({ status: res.statusCode ?? 0, code: body.code });
            });
          });
          ws.once('open', () => reject(new Error('upgraded')));
        });
      assert.deepEqual(await refused({}), { status: 401, code: 'ERR_UNAUTHENTICATED' });
      const cookie = `pl_session=${people.owner!.client.cookie('pl_session')}`;
      assert.deepEqual(await refused({ cookie, origin: 'https://evil.example' }), {
        status: 403,
        code: 'ERR_FORBIDDEN',
      });
      assert.deepEqual(
        await refused({ cookie: `pl_session=${people.manager!.client.cookie('pl_session')}x` }),
        {
          status: 401,
          code: 'ERR_UNAUTHENTICATED',
        },
      );
      const same = new WebSocket(`${base.replace('http', 'ws')}/api/v1/alerts/ws`, {
        headers: { cookie, origin: base },
      });
      await new Promise<void>((resolve, reject) => {
        same.once('open', () => resolve());
        same.once('error', reject);
      });
      same.terminate();
      const plain = await people.owner!.client.get('/api/v1/alerts/ws');
      assert.equal(plain.status, 426);
      assert.equal(plain.body.code, 'ERR_UPGRADE_REQUIRED');
      assert.equal((await t.client().get('/api/v1/alerts/ws')).status, 401);
    });

    test('push subscriptions are validated, and can be removed', async () => {
      const client = people.live!.client;
      const sub = push.newSubscription();
      const http = await client.post('/api/v1/push/subscriptions', {
        endpoint: 'http://push.example.org/x',
        keys: sub.keys,
      });
      assert.equal(http.status, 422);
      assert.equal(http.body.code, 'ERR_PUSH_SUBSCRIPTION');
      const badKey = await client.post('/api/v1/push/subscriptions', {
        endpoint: sub.endpoint,
        keys: { p256dh: Buffer.alloc(65, 4).toString('base64url'), auth: sub.keys.auth },
      });
      assert.equal(badKey.status, 422);
      assert.equal(
        (
          await client.request('DELETE', '/api/v1/push/subscriptions', {
            endpoint: people.live!.sub.endpoint,
          })
        ).status,
        200,
      );
      assert.equal(
        (
          await client.request('DELETE', '/api/v1/push/subscriptions', {
            endpoint: people.live!.sub.endpoint,
          })
        ).status,
        404,
      );
      // Someone else's subscription cannot be removed by endpoint.
      assert.equal(
        (
          await people.stranger!.client.request('DELETE', '/api/v1/push/subscriptions', {
            endpoint: people.owner!.sub.endpoint,
          })
        ).status,
        404,
      );
      // Nor taken over by saving it again from another account: it stays with the account that saved it first.
      const owned = people.owner!.sub;
      const takeover = await people.stranger!.client.post('/api/v1/push/subscriptions', {
        endpoint: owned.endpoint,
        keys: push.newSubscription().keys,
      });
      assert.equal(takeover.status, 409);
      assert.equal(takeover.body.code, 'ERR_PUSH_SUBSCRIPTION_TAKEN');
      const row = await t.runtime.database.db
        .selectFrom('hub_push_subscriptions')
        .select(['user_id', 'p256dh'])
        .where('endpoint', '=', owned.endpoint)
        .executeTakeFirstOrThrow();
      const ownerId = (await people.owner!.client.get<{ user: { id: string } }>('/api/v1/me')).body.user.id;
      assert.deepEqual(row, { user_id: ownerId, p256dh: owned.keys.p256dh }, 'owner and keys unchanged');
      // The owner renews their own as before.
      const renewed = await people.owner!.client.post('/api/v1/push/subscriptions', {
        endpoint: owned.endpoint,
        keys: owned.keys,
      });
      assert.equal(renewed.status, 201);
    });
  });
}
