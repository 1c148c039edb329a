import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { setupAdmin, uniqueEmail } from '../support/factories.js';
import {
  DIALECTS,
  PASSWORD,
  startTestRuntime,
  type ApiClient,
  type TestRuntime,
} from '../support/runtime.js';

/** One request the receiver got, with whether its Standard Webhooks signature verified. */
interface Received {
  path: string;
  id: string;
  timestamp: string;
  signature: string;
  body: string;
  verified: boolean;
  json: { type: string; timestamp: string; data: Record<string, unknown> };
}

/**
 * A webhook receiver on loopback that checks signatures the way the Standard Webhooks reference libraries do:
 * HMAC-SHA256 over `id.timestamp.body` with the base64 key after `whsec_`, any `v1,` entry matching, and the
 * timestamp within five minutes. It answers with the statuses queued for a path (then 200).
 */
class Receiver {
  readonly received: Received[] = [];
  readonly secrets = new Map<string, string>();
  readonly statuses = new Map<string, number[]>();
  private constructor(private readonly server: http.Server) {}

  static async start(): Promise<Receiver> {
    const server = http.createServer();
    const r = new Receiver(server);
    server.on('request', (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const path = req.url ?? '';
        const id = String(req.headers['webhook-id'] ?? '');
        const timestamp = String(req.headers['webhook-timestamp'] ?? '');
        const signature = String(req.headers['webhook-signature'] ?? '');
        r.received.push({
          path,
          id,
          timestamp,
          signature,
          body,
          verified: r.verify(path, id, timestamp, signature, body),
          json: JSON.parse(body) as Received['json'],
        });
        const status = r.statuses.get(path)?.shift() ?? 200;
        res.writeHead(status).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return r;
  }

  url(path: string): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}${path}`;
  }

  private verify(path: string, id: string, timestamp: string, signature: string, body: string): boolean {
    const secret = this.secrets.get(path);
    if (!secret?.startsWith('whsec_') || !id || !/^\d+$/.test(timestamp)) return false;
    if (Math.abs(Date.now() / 1000 - Number(timestamp)) > 300) return false;
    const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
    const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest();
    return signature.split(' ').some((part) => {
      const [version, sig] = part.split(',');
      const given = Buffer.from(sig ?? '', 'base64');
      return version === 'v1' && given.length === expected.length && timingSafeEqual(given, expected);
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

interface Webhook {
  id: string;
  url: string;
  lastStatus: number | null;
  lastError: string | null;
  health: string;
}

for (const dialect of DIALECTS) {
  describe(`webhooks on ${dialect}: signed, retried, status visible, only for the household's own cameras`, () => {
    let t: TestRuntime;
    let receiver: Receiver;
    const homes: Record<string, { client: ApiClient; householdId: string; cameraId: string }> = {};
    let member: ApiClient;

    async function resident(name: string) {
      const client = t.client();
      await client.post('/api/v1/auth/sign-up', {
        email: uniqueEmail(name),
        password: PASSWORD,
        displayName: name,
      });
      const householdId = (await client.post<{ id: string }>('/api/v1/households', { name })).body.id;
      const cam = await client.post<{ camera: { id: string } }>(`/api/v1/households/${householdId}/cameras`, {
        name: `${name} door`,
        mainUrl: 'rtsp://192.0.2.10:554/stream1',
        enabled: false,
      });
      assert.equal(cam.status, 201, JSON.stringify(cam.body));
      homes[name] = { client, householdId, cameraId: cam.body.camera.id };
    }

    const settled = async () => {
      await t.runtime.alerts!.drain();
      await t.runtime.webhooks!.idle();
    };

    before(async () => {
      receiver = await Receiver.start();
      t = await startTestRuntime(dialect, {
        config: { signinRateLimit: 10_000, webhookAllowLoopback: true, timeZone: 'UTC' },
        overrides: { webhookRetryDelaysMs: [0, 0] },
      });
      await setupAdmin(t);
      await resident('Ada');
      await resident('Bea');
      const inv = await homes.Ada!.client.post<{ token: string }>(
        `/api/v1/households/${homes.Ada!.householdId}/invitations`,
        { email: uniqueEmail('member'), capabilities: ['view_live', 'manage_cameras'] },
      );
      member = t.client();
      await member.post('/api/v1/household-invitations/accept', {
        token: inv.body.token,
        displayName: 'Member',
        password: PASSWORD,
      });
    });

    after(async () => {
      await t.close();
      await receiver.close();
    });

    test('only the owner manages webhooks; the secret is shown once; unusable URLs are refused', async () => {
      const ada = homes.Ada!;
      const base = `/api/v1/households/${ada.householdId}/webhooks`;
      const created = await ada.client.post<{ webhook: Webhook; secret: string }>(base, {
        url: receiver.url('/ada'),
        description: 'Home Assistant',
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      assert.match(created.body.secret, /^whsec_[A-Za-z0-9+/]{43}=$/);
      receiver.secrets.set('/ada', created.body.secret);
      const list = await ada.client.get<{ webhooks: Webhook[] }>(base);
      assert.equal(list.body.webhooks.length, 1);
      assert.equal(list.body.webhooks[0]!.health, 'unused');
      assert.ok(
        !JSON.stringify(list.body).includes(created.body.secret.slice(6)),
        'the secret is never listed',
      );

      assert.equal((await member.get(base)).status, 403, 'a member is not the owner');
      assert.equal((await homes.Bea!.client.get(base)).status, 404, 'another household sees nothing');
      assert.equal((await member.post(base, { url: receiver.url('/member') })).status, 403);

      for (const url of [
        'http://169.254.169.254/latest/meta-data',
        'http://localhost:8123/api/webhook/x',
        'http://[::1]:8123/x',
        'ftp://example.org/x',
        'https://user:pass@example.org/x',
      ]) {
        const r = await ada.client.post<{ code: string }>(base, { url });
        assert.ok(r.status === 422 || r.status === 400, `${url} → ${r.status}`);
      }
      const local = await ada.client.post<{ webhook: Webhook }>(base, {
        url: 'http://homeassistant.local:8123/api/webhook/porchlight',
        enabled: false,
      });
      assert.equal(local.status, 201, 'the local network is allowed by default (Home Assistant)');
      assert.equal((await ada.client.delete(`${base}/${local.body.webhook.id}`)).status, 200);
    });

    test('an alert is POSTed signed; a 500 is retried with the same webhook-id; the status shows the outcome', async () => {
      const ada = homes.Ada!;
      receiver.statuses.set('/ada', [500]);
      const rung = await ada.client.post(`/api/v1/cameras/${ada.cameraId}/ring/test`);
      assert.equal(rung.status, 202);
      await settled();
      const got = receiver.received.filter((r) => r.path === '/ada');
      assert.equal(got.length, 2, 'the first attempt answered 500, the retry 200');
      assert.equal(got[0]!.id, got[1]!.id, 'a retry keeps its webhook-id');
      assert.equal(got[0]!.body, got[1]!.body);
      for (const r of got) assert.ok(r.verified, `signature verifies: ${r.signature}`);
      const msg = got[1]!.json;
      assert.equal(msg.type, 'alert.ring');
      assert.equal(msg.data.cameraId, ada.cameraId);
      assert.equal(msg.data.kind, 'ring');
      assert.equal(msg.data.priority, 'high');
      assert.equal(typeof msg.data.snapshotUrl, 'string');
      assert.ok(!('snapshot' in msg.data) && got[1]!.body.length < 4096, 'no picture bytes in the body');

      const base = `/api/v1/households/${ada.householdId}/webhooks`;
      const [hook] = (await ada.client.get<{ webhooks: Webhook[] }>(base)).body.webhooks;
      assert.equal(hook!.lastStatus, 200);
      assert.equal(hook!.health, 'ok');
      const deliveries = await ada.client.get<{
        deliveries: { status: string; attempts: number; id: string }[];
      }>(`${base}/${hook!.id}/deliveries`);
      assert.equal(deliveries.status, 200);
      assert.deepEqual(
        deliveries.body.deliveries.map((d) => [d.id, d.status, d.attempts]),
        [[got[0]!.id, 'delivered', 2]],
      );
    });

    test("a receiver that keeps failing: attempts are bounded and the error is shown; another household's camera sends nothing", async () => {
      const ada = homes.Ada!;
      const before = receiver.received.length;
      receiver.statuses.set('/ada', [503, 503, 503, 503]);
      await ada.client.post(`/api/v1/cameras/${ada.cameraId}/ring/test`);
      await settled();
      assert.equal(receiver.received.length - before, 3, 'one attempt and two retries, then it gives up');
      const base = `/api/v1/households/${ada.householdId}/webhooks`;
      const [hook] = (await ada.client.get<{ webhooks: Webhook[] }>(base)).body.webhooks;
      assert.equal(hook!.health, 'failing');
      assert.equal(hook!.lastStatus, 503);
      assert.match(hook!.lastError ?? '', /503/);
      const deliveries = await ada.client.get<{ deliveries: { status: string; attempts: number }[] }>(
        `${base}/${hook!.id}/deliveries`,
      );
      assert.deepEqual(
        [deliveries.body.deliveries[0]!.status, deliveries.body.deliveries[0]!.attempts],
        ['failed', 3],
      );
      receiver.statuses.delete('/ada');

      const count = receiver.received.length;
      const bea = homes.Bea!;
      assert.equal((await bea.client.post(`/api/v1/cameras/${bea.cameraId}/ring/test`)).status, 202);
      await settled();
      assert.equal(receiver.received.length, count, "Bea's ring goes to none of Ada's webhooks");

      const test = await ada.client.post<{ deliveryId: string }>(`${base}/${hook!.id}/test`);
      assert.equal(test.status, 202);
      await settled();
      const last = receiver.received.at(-1)!;
      assert.equal(last.id, test.body.deliveryId);
      assert.equal(last.json.type, 'webhook.test');
      assert.ok(last.verified);
      assert.ok(receiver.received.every((r) => r.json.data.cameraId !== bea.cameraId));

      const rotated = await ada.client.post<{ secret: string }>(`${base}/${hook!.id}/secret`);
      assert.equal(rotated.status, 200);
      assert.notEqual(rotated.body.secret, receiver.secrets.get('/ada'));
      await ada.client.post(`${base}/${hook!.id}/test`);
      await settled();
      assert.equal(receiver.received.at(-1)!.verified, false, 'the old secret no longer verifies');
      receiver.secrets.set('/ada', rotated.body.secret);
      await ada.client.post(`${base}/${hook!.id}/test`);
      await settled();
      assert.equal(receiver.received.at(-1)!.verified, true);
    });

    test('deliveries are stored before they are sent: queued while the worker is down, sent when it starts', async () => {
      const ada = homes.Ada!;
      const webhooks = t.runtime.webhooks!;
      // What a restart looks like to the worker: it stops, alerts are queued in the database, it starts again.
      await webhooks.stop();
      const before = receiver.received.length;
      assert.equal((await ada.client.post(`/api/v1/cameras/${ada.cameraId}/ring/test`)).status, 202);
      await settled();
      assert.equal(receiver.received.length, before, 'nothing is sent while the worker is stopped');
      webhooks.start();
      await settled();
      assert.equal(receiver.received.length, before + 1);
      const last = receiver.received.at(-1)!;
      assert.equal(last.json.type, 'alert.ring');
      assert.ok(last.verified);
    });
  });
}
