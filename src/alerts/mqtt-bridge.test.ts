import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InProcessBus } from '../adapters/in-process-bus.js';
import type { MqttConnection, MqttMessage, MqttStatus } from '../ports/mqtt.js';
import { AppError } from '../shared/errors.js';
import type { Alert, AlertSink } from './alerts.service.js';
import { MqttBridge } from './mqtt-bridge.js';

const p = { topic: 'pl', discovery: 'ha' };
const CAM = '0b9a4a4e-6f0e-4b7e-9d3c-2f1c9b1e7a10';
const GONE = '1c8b5b5f-7a1f-4c8f-8e4d-3a2d0c2f8b21';

/** An in-memory broker connection that records what is published. */
class FakeConnection implements MqttConnection {
  published: { topic: string; payload: string | Buffer; retain: boolean }[] = [];
  subscribed: string[] = [];
  private messageHandler: ((m: MqttMessage) => void) | undefined;
  private connectHandler: (() => void) | undefined;
  publish(topic: string, payload: string | Buffer, options: { retain?: boolean } = {}): boolean {
    this.published.push({ topic, payload, retain: options.retain ?? false });
    return true;
  }
  subscribe(filter: string): void {
    this.subscribed.push(filter);
  }
  onMessage(h: (m: MqttMessage) => void) {
    this.messageHandler = h;
    return () => undefined;
  }
  onConnect(h: () => void) {
    this.connectHandler = h;
    return () => undefined;
  }
  status(): MqttStatus {
    return { state: 'connected', broker: 'mqtt://x', since: '', lastError: null, connects: 1 };
  }
  async close(): Promise<void> {}
  connect(): void {
    this.connectHandler?.();
  }
  deliver(m: MqttMessage): void {
    this.messageHandler?.(m);
  }
  on(topic: string) {
    return this.published.filter((m) => m.topic === topic);
  }
}

const tick = () => new Promise((r) => setTimeout(r, 0));

function setup(options: { debounceMs?: number; requireToken?: boolean } = {}) {
  const conn = new FakeConnection();
  const bus = new InProcessBus();
  const rings: { cameraId: string; token: string | undefined; requireToken: boolean }[] = [];
  let sink: AlertSink | undefined;
  const results: string[] = [];
  const bridge = new MqttBridge(
    conn,
    {
      ringFromBroker: async (cameraId, token, requireToken) => {
        if (cameraId !== CAM) throw new AppError('ERR_NOT_FOUND');
        if (token === 'wrong') throw new AppError('ERR_DEVICE_TOKEN_INVALID');
        rings.push({ cameraId, token, requireToken });
        return { ringId: 'r' };
      },
      addSink: (s) => {
        sink = s;
        return () => undefined;
      },
    },
    {
      all: async () => [{ id: CAM, name: 'Front door' }],
      get: async (id) => (id === CAM ? { id: CAM, name: 'Front door' } : undefined),
    },
    {
      latest: (id) => (id === CAM ? Buffer.from('live-jpeg') : null),
      eventSnapshot: async (eventId) => (eventId === 'e1' ? Buffer.from('event-jpeg') : null),
      online: () => true,
    },
    bus,
    {
      prefixes: p,
      discovery: true,
      version: 'test',
      requireRingToken: options.requireToken ?? false,
      ringDebounceMs: options.debounceMs ?? 0,
      onRing: (r) => results.push(r),
      onError: (e) => {
        throw e;
      },
      onWarn: () => undefined,
    },
  );
  bridge.start();
  return { conn, bus, rings, results, sink: () => sink!, bridge };
}

const alert = (over: Partial<Alert>): Alert => ({
  id: 'a1',
  kind: 'ring',
  priority: 'high',
  cameraId: CAM,
  cameraName: 'Front door',
  householdId: 'h',
  at: '2026-06-15T10:00:00.000Z',
  snapshotUrl: '/x',
  eventId: null,
  ...over,
});

test('on connect: four retained discovery configs and the retained state of every camera', async () => {
  const { conn } = setup();
  assert.deepEqual(conn.subscribed, ['pl/cameras/+/ring', 'ha/+/pl/+/config']);
  conn.connect();
  await tick();
  const retained = conn.published.filter((m) => m.retain).map((m) => m.topic);
  assert.deepEqual(retained, [
    `ha/binary_sensor/pl/${CAM}_motion/config`,
    `ha/event/pl/${CAM}_doorbell/config`,
    `ha/image/pl/${CAM}_snapshot/config`,
    `ha/binary_sensor/pl/${CAM}_online/config`,
    `pl/cameras/${CAM}/motion`,
    `pl/cameras/${CAM}/online`,
  ]);
});

test('rings: any payload rings; a JSON token is passed on; retained and unknown-camera messages ring nothing', async () => {
  const { conn, rings, results } = setup();
  conn.deliver({ topic: `pl/cameras/${CAM}/ring`, payload: Buffer.from('ON'), retained: false });
  conn.deliver({ topic: `pl/cameras/${CAM}/ring`, payload: Buffer.from('{"token":"t0k"}'), retained: false });
  conn.deliver({
    topic: `pl/cameras/${CAM}/ring`,
    payload: Buffer.from('{"token":"wrong"}'),
    retained: false,
  });
  conn.deliver({ topic: `pl/cameras/${CAM}/ring`, payload: Buffer.from('old'), retained: true });
  conn.deliver({ topic: `pl/cameras/${GONE}/ring`, payload: Buffer.from(''), retained: false });
  await tick();
  assert.deepEqual(
    rings.map((r) => r.token),
    [undefined, 't0k'],
  );
  assert.deepEqual(results.sort(), ['accepted', 'accepted', 'refused', 'unknown-camera']);
});

test('a bouncing button rings once within the debounce window', async () => {
  const { conn, rings, results } = setup({ debounceMs: 60_000 });
  for (let i = 0; i < 3; i++)
    conn.deliver({ topic: `pl/cameras/${CAM}/ring`, payload: Buffer.from('ON'), retained: false });
  await tick();
  assert.equal(rings.length, 1);
  assert.deepEqual(results.sort(), ['accepted', 'debounced', 'debounced']);
});

test('alerts: JSON on both alert topics, the doorbell event for a ring, the live picture; the event snapshot replaces it', async () => {
  const { conn, bus, sink } = setup();
  await sink().deliver(alert({}));
  assert.equal(conn.on('pl/alerts').length, 1);
  assert.equal(conn.on(`pl/cameras/${CAM}/alert`).length, 1);
  const event = JSON.parse(String(conn.on(`pl/cameras/${CAM}/doorbell`)[0]!.payload)) as {
    event_type: string;
  };
  assert.equal(event.event_type, 'ring');
  assert.deepEqual(
    conn.on(`pl/cameras/${CAM}/snapshot`).map((m) => [String(m.payload), m.retain]),
    [['live-jpeg', true]],
  );

  await sink().deliver(alert({ id: 'a2', kind: 'motion', priority: 'normal', eventId: 'e1' }));
  assert.equal(conn.on(`pl/cameras/${CAM}/doorbell`).length, 1, 'motion is no doorbell event');
  await bus.publish('event.snapshot.ready', { eventId: 'e1', cameraId: CAM, householdId: 'h' });
  // A snapshot of an event that did not alert (quiet hours, cooldown) is never published.
  await bus.publish('event.snapshot.ready', { eventId: 'e9', cameraId: CAM, householdId: 'h' });
  await tick();
  assert.deepEqual(
    conn.on(`pl/cameras/${CAM}/snapshot`).map((m) => String(m.payload)),
    ['live-jpeg', 'live-jpeg', 'event-jpeg'],
  );
});

test('removed cameras: cleared on camera.removed, and stale retained configs swept once on connect', async () => {
  const { conn, bus } = setup();
  await bus.publish('camera.removed', { cameraId: CAM, householdId: 'h', at: '' });
  const cleared = conn.published.filter((m) => m.retain && String(m.payload) === '').map((m) => m.topic);
  assert.equal(cleared.length, 7, 'four configs and three retained state topics');

  conn.published = [];
  for (const entity of ['motion', 'doorbell'])
    conn.deliver({
      topic: `ha/binary_sensor/pl/${GONE}_${entity}/config`,
      payload: Buffer.from('{}'),
      retained: true,
    });
  // A live (not retained) config, e.g. the echo of our own publish, is not swept; nor is a current camera's.
  conn.deliver({
    topic: `ha/binary_sensor/pl/${GONE}_online/config`,
    payload: Buffer.from('{}'),
    retained: false,
  });
  conn.deliver({
    topic: `ha/binary_sensor/pl/${CAM}_motion/config`,
    payload: Buffer.from('{}'),
    retained: true,
  });
  await tick();
  await tick();
  const swept = conn.published.filter((m) => String(m.payload) === '').map((m) => m.topic);
  assert.equal(swept.length, 7, 'the removed camera is cleared once');
  assert.ok(swept.every((t) => t.includes(GONE)));
});
