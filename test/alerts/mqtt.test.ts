import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { WebSocket } from 'ws';
import { setupAdmin, uniqueEmail } from '../support/factories.js';
import fs from 'node:fs';
import {
  freePort,
  makeTestCa,
  MqttProbe,
  OwnMosquitto,
  TEST_MQTT_URL,
  uniquePrefix,
} from '../support/mqtt.js';
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
  eventId: string | null;
}

const until = async (what: string, cond: () => boolean | Promise<boolean>, ms = 10_000) => {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
};

const ENTITIES = [
  ['binary_sensor', 'motion'],
  ['event', 'doorbell'],
  ['image', 'snapshot'],
  ['binary_sensor', 'online'],
] as const;

for (const dialect of DIALECTS) {
  describe(`MQTT on ${dialect}: doorbell button, Home Assistant discovery, state and alerts`, () => {
    let t: TestRuntime;
    let base: string;
    let owner: ApiClient;
    let householdId: string;
    let probe: MqttProbe;
    const prefix = uniquePrefix('hub');
    const discovery = `${prefix}_ha`;
    const cams: Record<string, { id: string; token: string }> = {};

    async function addCamera(name: string, settings: Record<string, unknown> = {}) {
      const r = await owner.post<{ camera: { id: string }; deviceToken: string }>(
        `/api/v1/households/${householdId}/cameras`,
        { name, mainUrl: 'rtsp://192.0.2.10:554/stream1', enabled: false, settings },
      );
      assert.equal(r.status, 201, JSON.stringify(r.body));
      cams[name] = { id: r.body.camera.id, token: r.body.deviceToken };
      return cams[name];
    }

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

    before(async () => {
      probe = await MqttProbe.open([`${prefix}/#`, `${discovery}/#`]);
      t = await startTestRuntime(dialect, {
        config: {
          signinRateLimit: 10_000,
          timeZone: 'UTC',
          mqttUrl: TEST_MQTT_URL,
          mqttTopicPrefix: prefix,
          mqttDiscoveryPrefix: discovery,
        },
        // Presses in quick succession are one press for a real button; here each must count.
        overrides: { mqtt: { ringDebounceMs: 0 } },
      });
      await t.runtime.app.listen({ port: 0, host: '127.0.0.1' });
      base = `http://127.0.0.1:${(t.runtime.app.server.address() as AddressInfo).port}`;
      await setupAdmin(t);
      owner = t.client();
      await owner.post('/api/v1/auth/sign-up', {
        email: uniqueEmail('owner'),
        password: PASSWORD,
        displayName: 'Owner',
      });
      householdId = (await owner.post<{ id: string }>('/api/v1/households', { name: 'Home' })).body.id;
      await until('MQTT connected', () => t.runtime.mqtt!.status().state === 'connected');
    });

    after(async () => {
      await t.close();
      await probe.close();
    });

    test('the hub says it is online (retained) and /readyz and /metrics show the connection', async () => {
      const online = await probe.waitFor((m) => m.topic === `${prefix}/availability` && m.text === 'online');
      assert.ok(online);
      const fresh = await MqttProbe.open([`${prefix}/availability`]);
      const replayed = fresh.on(`${prefix}/availability`);
      await fresh.close();
      assert.deepEqual(
        replayed.map((m) => [m.text, m.retain]),
        [['online', true]],
        'availability is retained',
      );
      const ready = await t.client().get<{ status: string; mqtt: { state: string } }>('/readyz');
      assert.equal(ready.status, 200);
      assert.equal(ready.body.mqtt.state, 'connected');
      assert.ok(!JSON.stringify(ready.body).includes('127.0.0.1'), 'no broker address for anonymous callers');
      const metrics = await t.runtime.app.inject({ method: 'GET', url: '/metrics' });
      assert.match(metrics.body, /^porchlight_mqtt_connected 1$/m);
    });

    test('a button publishing to <prefix>/cameras/<id>/ring raises the ring alert a WebSocket client receives', async () => {
      const door = await addCamera('Front door');
      const { socket, messages } = await openSocket(owner);
      try {
        await probe.publish(`${prefix}/cameras/${door.id}/ring`, 'pressed');
        await until('ring alert', () => messages.some((m) => m.cameraId === door.id));
        const alert = messages.find((m) => m.cameraId === door.id)!;
        assert.equal(alert.kind, 'ring');
        assert.equal(alert.priority, 'high');
        assert.equal(alert.cameraName, 'Front door');

        // Home Assistant's doorbell event entity and the alert topics carry it too.
        const event = await probe.waitFor((m) => m.topic === `${prefix}/cameras/${door.id}/doorbell`);
        assert.equal((JSON.parse(event.text) as { event_type: string }).event_type, 'ring');
        const json = await probe.waitFor((m) => m.topic === `${prefix}/alerts` && m.text.includes(alert.id));
        assert.equal((JSON.parse(json.text) as AlertMessage).kind, 'ring');

        // A message with a device token must carry the right one; JSON without one is a plain press.
        await probe.publish(
          `${prefix}/cameras/${door.id}/ring`,
          JSON.stringify({ token: 'wrong-token-wrong-token' }),
        );
        await until('refused ring counted', async () =>
          /porchlight_mqtt_rings_total\{result="refused"\} 1/.test(
            (await t.runtime.app.inject({ method: 'GET', url: '/metrics' })).body,
          ),
        );
        await probe.publish(`${prefix}/cameras/${door.id}/ring`, JSON.stringify({ token: door.token }));
        await until('second ring', () => messages.filter((m) => m.cameraId === door.id).length === 2);
        // An unknown camera rings nothing and does not stop the bridge.
        await probe.publish(`${prefix}/cameras/${crypto.randomUUID()}/ring`, '');
        await until('unknown camera counted', async () =>
          /porchlight_mqtt_rings_total\{result="unknown-camera"\} 1/.test(
            (await t.runtime.app.inject({ method: 'GET', url: '/metrics' })).body,
          ),
        );
        await t.runtime.alerts!.drain();
        assert.equal(
          messages.filter((m) => m.cameraId === door.id).length,
          2,
          'the wrong token rang nothing',
        );
        const history = await owner.get<{ alerts: AlertMessage[] }>('/api/v1/alerts?limit=10');
        assert.equal(history.body.alerts.filter((a) => a.cameraId === door.id).length, 2);
      } finally {
        socket.terminate();
      }
    });

    test('each camera is announced by retained discovery configs under one device, and cleared on removal', async () => {
      const garden = await addCamera('Garden');
      const topics = ENTITIES.map(([component, entity]) => [
        `${discovery}/${component}/${prefix}/${garden.id}_${entity}/config`,
        entity,
      ]);
      for (const [topic] of topics) await probe.waitFor((m) => m.topic === topic && m.payload.length > 0);

      const fresh = await MqttProbe.open([`${discovery}/#`]);
      try {
        for (const [topic, entity] of topics) {
          const got = fresh.on(topic!);
          assert.equal(got.length, 1, `${topic} is retained`);
          assert.equal(got[0]!.retain, true);
          const config = JSON.parse(got[0]!.text) as Record<string, unknown> & {
            device: { identifiers: string[]; name: string };
            availability: { topic: string }[];
          };
          assert.equal(config.unique_id, `porchlight_${garden.id}_${entity}`);
          assert.deepEqual(config.device.identifiers, [`porchlight_${garden.id}`], 'one device per camera');
          assert.equal(config.device.name, 'Garden');
          assert.equal(config.availability[0]!.topic, `${prefix}/availability`);
          if (entity === 'motion') {
            assert.equal(config.device_class, 'motion');
            assert.equal(config.state_topic, `${prefix}/cameras/${garden.id}/motion`);
          }
          if (entity === 'doorbell') assert.deepEqual(config.event_types, ['ring']);
          if (entity === 'snapshot') {
            assert.equal(config.image_topic, `${prefix}/cameras/${garden.id}/snapshot`);
            assert.equal(config.content_type, 'image/jpeg');
          }
          if (entity === 'online') assert.equal(config.device_class, 'connectivity');
        }
      } finally {
        await fresh.close();
      }

      assert.equal((await owner.delete(`/api/v1/cameras/${garden.id}`)).status, 200);
      for (const [topic] of topics) await probe.waitFor((m) => m.topic === topic && m.payload.length === 0);
      const after = await MqttProbe.open([`${discovery}/#`, `${prefix}/cameras/${garden.id}/#`]);
      try {
        assert.deepEqual(
          after.messages.filter((m) => m.topic.includes(garden.id)),
          [],
          'nothing of the removed camera stays retained',
        );
      } finally {
        await after.close();
      }
    });

    test('motion and camera state are published retained; alert topics follow the alert rules', async () => {
      // Quiet all day: motion must not alert, but the motion sensor still shows it.
      const porch = await addCamera('Porch', {
        alerts: { cooldownSeconds: 0, quietHours: { start: '00:00', end: '00:00' } },
      });
      const topic = (leaf: string) => `${prefix}/cameras/${porch.id}/${leaf}`;
      await probe.waitFor((m) => m.topic === topic('motion') && m.text === 'OFF');
      const eventId = crypto.randomUUID();
      const at = new Date().toISOString();
      await t.runtime.bus.publish('camera.status', {
        cameraId: porch.id,
        householdId,
        state: 'online',
        at,
        error: null,
      });
      await t.runtime.bus.publish('motion.started', {
        eventId,
        cameraId: porch.id,
        householdId,
        at,
        zones: [],
        alert: true,
        detectedAtMs: Date.now(),
      });
      await probe.waitFor((m) => m.topic === topic('online') && m.text === 'ON');
      await probe.waitFor((m) => m.topic === topic('motion') && m.text === 'ON');
      await t.runtime.bus.publish('motion.ended', {
        eventId,
        cameraId: porch.id,
        householdId,
        at,
        peakArea: 0.1,
      });
      await until('motion ended', () =>
        probe
          .on(topic('motion'))
          .map((m) => m.text)
          .join(',')
          .endsWith('ON,OFF'),
      );

      // A ring always alerts; it reaches the alert topic after anything the motion would have sent.
      assert.equal((await owner.post(`/api/v1/cameras/${porch.id}/ring/test`)).status, 202);
      await probe.waitFor((m) => m.topic === topic('alert'));
      await probe.settle();
      assert.deepEqual(
        probe.on(topic('alert')).map((m) => (JSON.parse(m.text) as AlertMessage).kind),
        ['ring'],
        'quiet hours kept the motion alert off MQTT, as off Web Push',
      );

      const fresh = await MqttProbe.open([`${prefix}/cameras/${porch.id}/+`]);
      try {
        assert.deepEqual(
          fresh.messages
            .filter((m) => m.topic === topic('motion') || m.topic === topic('online'))
            .map((m) => [m.topic.split('/').pop(), m.text, m.retain])
            .sort(),
          [
            ['motion', 'OFF', true],
            ['online', 'ON', true],
          ],
        );
      } finally {
        await fresh.close();
      }
    });
  });
}

describe('MQTT broker down at start: the hub runs, then connects when the broker appears', () => {
  let t: TestRuntime | undefined;
  let broker: OwnMosquitto | undefined;
  const prefix = uniquePrefix('down');

  after(async () => {
    await t?.close();
    await broker?.stop();
  });

  test('no broker: the hub serves and is ready; the broker starts: it connects and says online', async () => {
    const port = await freePort();
    const logs: string[] = [];
    const hub = await startTestRuntime('sqlite', {
      config: {
        mqttUrl: `mqtt://hub:secret-password@127.0.0.1:${port}`,
        mqttTopicPrefix: prefix,
        logLevel: 'info',
      },
      overrides: {
        mqtt: { minBackoffMs: 20, maxBackoffMs: 200 },
        logStream: new Writable({
          write(chunk: Buffer, _enc, done) {
            logs.push(chunk.toString('utf8'));
            done();
          },
        }),
      },
    });
    t = hub;
    const ready = await hub.client().get<{ status: string; mqtt: { state: string } }>('/readyz');
    assert.equal(ready.status, 200, 'a broker that is down does not make the hub unready');
    assert.notEqual(ready.body.mqtt.state, 'connected');
    await setupAdmin(hub);
    assert.ok(
      !JSON.stringify(hub.runtime.mqtt!.status()).includes('secret-password'),
      'no password in the status',
    );

    broker = await OwnMosquitto.start(port);
    await until(
      'connected after the broker appeared',
      () => hub.runtime.mqtt!.status().state === 'connected',
    );
    await until('connected is logged', () => logs.some((l) => l.includes('MQTT connected')));
    assert.ok(
      logs.some((l) => l.includes('MQTT not connected') && l.includes('mqtt://127.0.0.1')),
      'the outage is logged with the broker address',
    );
    assert.ok(!logs.some((l) => l.includes('secret-password')), 'the password is never logged');
    const probe = await MqttProbe.open([`${prefix}/availability`], broker.url);
    try {
      await probe.waitFor((m) => m.text === 'online');
      t = undefined;
      await hub.close();
      await probe.waitFor((m) => m.text === 'offline');
    } finally {
      await probe.close();
    }
  });
});

describe('mqtts: a broker whose certificate a home CA signed', () => {
  const runtimes: TestRuntime[] = [];
  let broker: OwnMosquitto | undefined;
  let ca: ReturnType<typeof makeTestCa> | undefined;

  after(async () => {
    for (const r of runtimes) await r.close();
    await broker?.stop();
    if (ca) fs.rmSync(ca.dir, { recursive: true, force: true });
  });

  test('with PORCHLIGHT_MQTT_CA_FILE the hub connects over TLS; without it the certificate is refused', async () => {
    ca = makeTestCa();
    const port = await freePort();
    broker = await OwnMosquitto.start(port, [`cafile ${ca.ca}`, `certfile ${ca.cert}`, `keyfile ${ca.key}`]);
    const url = `mqtts://127.0.0.1:${port}`;
    const trusted = await startTestRuntime('sqlite', {
      config: { mqttUrl: url, mqttCaFile: ca.ca, mqttTopicPrefix: uniquePrefix('tls') },
    });
    runtimes.push(trusted);
    await until('TLS connection', () => trusted.runtime.mqtt!.status().state === 'connected');

    const untrusted = await startTestRuntime('sqlite', {
      config: { mqttUrl: url, mqttTopicPrefix: uniquePrefix('tls') },
      overrides: { mqtt: { minBackoffMs: 20, maxBackoffMs: 200 } },
    });
    runtimes.push(untrusted);
    await until('certificate refused', () =>
      /certificate/i.test(untrusted.runtime.mqtt!.status().lastError ?? ''),
    );
    assert.notEqual(untrusted.runtime.mqtt!.status().state, 'connected');
  });
});
