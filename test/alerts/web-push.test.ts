import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadOrCreateVapidKeys, WebPushSender } from '../../src/alerts/web-push-sender.js';
import {
  decryptWebPush,
  PushEndpoint,
  verifyVapid,
  type TestSubscription,
} from '../support/push-endpoint.js';

/** The hub's view of a browser subscription. */
const target = (sub: TestSubscription) => ({ endpoint: sub.endpoint, ...sub.keys });

describe('Web Push sender against the loopback push service', () => {
  let endpoint: PushEndpoint;
  let dataDir: string;
  before(async () => {
    endpoint = await PushEndpoint.start();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'porchlight-vapid-'));
  });
  after(async () => {
    await endpoint.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test('VAPID keys are made once, kept in <dataDir>/keys with mode 0600, and the public key matches', () => {
    const first = loadOrCreateVapidKeys(dataDir);
    const again = loadOrCreateVapidKeys(dataDir);
    assert.deepEqual(again, first, 'the same key pair on every start');
    const file = path.join(dataDir, 'keys', 'vapid-p256.key');
    assert.equal(fs.statSync(file).mode & 0o777, 0o600);
    assert.equal(Buffer.from(first.publicKey, 'base64url').length, 65);
    assert.equal(Buffer.from(first.privateKey, 'base64url').length, 32);
  });

  test('a message arrives encrypted (RFC 8291), decrypts to the payload, and carries a valid VAPID JWT', async () => {
    const keys = loadOrCreateVapidKeys(dataDir);
    endpoint.expectVapidKey(keys.publicKey);
    const sender = new WebPushSender(keys, 'mailto:ops@example.org');
    const sub = endpoint.newSubscription();
    const payload = JSON.stringify({ hello: 'door', n: 1, text: 'é'.repeat(300) });
    const outcome = await sender.send(target(sub), payload, {
      ttlSeconds: 300,
      urgency: 'high',
      topic: 'abc123',
    });
    assert.deepEqual(outcome, { delivered: true, status: 201 });
    assert.deepEqual(endpoint.errors, []);
    const [msg] = endpoint.messagesFor(sub.id);
    assert.deepEqual(msg?.payload, JSON.parse(payload));
    assert.equal(msg?.headers.urgency, 'high');
    assert.equal(msg?.headers.ttl, '300');
    assert.equal(msg?.headers.topic, 'abc123');
    assert.equal(msg?.vapid.aud, endpoint.origin);
    assert.equal(msg?.vapid.sub, 'mailto:ops@example.org');
  });

  test('the decryptor and verifier refuse tampered messages (they would catch a broken hub)', async () => {
    const keys = loadOrCreateVapidKeys(dataDir);
    const sub = endpoint.newSubscription();
    const sender = new WebPushSender(keys, 'mailto:ops@example.org');
    // Capture one real request body by answering it ourselves.
    const body = await new Promise<Buffer>((resolve) => {
      const chunks: Buffer[] = [];
      void import('node:http').then(({ createServer }) => {
        const s = createServer((req, res) => {
          req.on('data', (c: Buffer) => chunks.push(c));
          req.on('end', () => {
            res.writeHead(201).end();
            s.close();
            resolve(Buffer.concat(chunks));
          });
        }).listen(0, '127.0.0.1', () => {
          const port = (s.address() as { port: number }).port;
          void sender.send({ ...target(sub), endpoint: `http://127.0.0.1:${port}/x` }, '{"a":1}', {
            ttlSeconds: 60,
            urgency: 'normal',
            topic: undefined,
          });
        });
      });
    });
    assert.equal(decryptWebPush(body, sub.ecdh, sub.authSecret).toString(), '{"a":1}');
    const flipped = Buffer.from(body);
    flipped[flipped.length - 20]! ^= 1;
    assert.throws(() => decryptWebPush(flipped, sub.ecdh, sub.authSecret));
    const other = endpoint.newSubscription();
    assert.throws(() => decryptWebPush(body, other.ecdh, other.authSecret), 'another browser cannot read it');
    assert.throws(() => verifyVapid('vapid t=a.b.c, k=AAAA', endpoint.origin, 0));
  });

  test('404 and 410 from the push service mean the subscription is gone; 500 does not', async () => {
    const sender = new WebPushSender(loadOrCreateVapidKeys(dataDir), 'mailto:ops@example.org');
    for (const [status, gone] of [
      [410, true],
      [404, true],
      [500, false],
      [429, false],
    ] as const) {
      const sub = endpoint.newSubscription();
      endpoint.respondWith(sub.id, status);
      const outcome = await sender.send(target(sub), '{}', {
        ttlSeconds: 60,
        urgency: 'normal',
        topic: undefined,
      });
      assert.deepEqual(outcome, {
        delivered: false,
        gone,
        status,
        reason: `push service answered ${status}`,
      });
    }
  });

  test('an unreachable push service is a failure, not an exception', async () => {
    const sender = new WebPushSender(loadOrCreateVapidKeys(dataDir), 'mailto:ops@example.org', {
      timeoutMs: 500,
    });
    const sub = endpoint.newSubscription();
    const outcome = await sender.send({ ...target(sub), endpoint: 'http://127.0.0.1:1/push/x' }, '{}', {
      ttlSeconds: 60,
      urgency: 'normal',
      topic: undefined,
    });
    assert.equal(outcome.delivered, false);
    assert.equal(!outcome.delivered && outcome.gone, false);
  });

  test('an endpoint whose name resolves to this machine gets no request: the address is checked when connecting', async () => {
    const sender = new WebPushSender(loadOrCreateVapidKeys(dataDir), 'mailto:ops@example.org');
    const sub = endpoint.newSubscription();
    // `localhost` resolves to 127.0.0.1 or ::1: a name pointed at the hub itself (DNS rebinding) is refused.
    const byName = sub.endpoint.replace('127.0.0.1', 'localhost');
    const outcome = await sender.send({ ...target(sub), endpoint: byName }, '{}', {
      ttlSeconds: 60,
      urgency: 'normal',
      topic: undefined,
    });
    assert.equal(outcome.delivered, false);
    assert.match(!outcome.delivered ? outcome.reason : '', /this machine/);
    assert.equal(endpoint.messagesFor(sub.id).length, 0, 'the push service got nothing');
  });
});
