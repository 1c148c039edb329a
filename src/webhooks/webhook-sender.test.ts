import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpWebhookSender } from './webhook-sender.js';
import { webhookAddressProblem } from './webhooks.policy.js';

test('addresses: this machine, link-local and multicast never; private only when the local network is allowed', () => {
  const open = { allowLocal: true, allowLoopback: false };
  const shared = { allowLocal: false, allowLoopback: false };
  for (const ip of [
    '127.0.0.1',
    '127.3.2.1',
    '::1',
    '169.254.169.254',
    'fe80::1',
    '0.0.0.0',
    '::',
    '224.0.0.1',
  ])
    assert.ok(webhookAddressProblem(ip, open), ip);
  for (const ip of [
    '192.168.1.20',
    '10.0.0.5',
    '172.16.0.1',
    '100.64.0.1',
    'fd00::1',
    '::ffff:192.168.1.2',
  ]) {
    assert.equal(webhookAddressProblem(ip, open), null, ip);
    assert.ok(webhookAddressProblem(ip, shared), ip);
  }
  for (const ip of ['93.184.216.34', '2606:2800:220:1::1'])
    assert.equal(webhookAddressProblem(ip, shared), null, ip);
  assert.equal(webhookAddressProblem('127.0.0.1', { allowLocal: false, allowLoopback: true }), null);
  assert.ok(webhookAddressProblem('not-an-ip', open));
});

test('the sender checks the address a name resolves to when it connects (DNS rebinding), and posts otherwise', async () => {
  const bodies: string[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      bodies.push(body);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  try {
    // "localhost" passes no URL check here: the sender is called directly, as after a DNS change would.
    const refused = await new HttpWebhookSender({ allowLocal: true, allowLoopback: false }, 2000).post(
      `http://localhost:${port}/hook`,
      {},
      '{"n":1}',
    );
    assert.equal(refused.status, null);
    assert.match((refused as { error: string }).error, /resolves to .*this machine/);
    assert.deepEqual(bodies, [], 'nothing reached the receiver');

    const sent = await new HttpWebhookSender({ allowLocal: false, allowLoopback: true }, 2000).post(
      `http://127.0.0.1:${port}/hook`,
      { 'webhook-id': 'msg_1' },
      '{"n":2}',
    );
    assert.deepEqual(sent, { status: 204 });
    assert.deepEqual(bodies, ['{"n":2}']);

    const unreachable = await new HttpWebhookSender({ allowLocal: true, allowLoopback: true }, 2000).post(
      'http://127.0.0.1:1/hook',
      {},
      '{}',
    );
    assert.deepEqual(unreachable, { status: null, error: 'ECONNREFUSED' });
  } finally {
    await new Promise<void>((r) => server.close(() => r()));
  }
});
