import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEFAULT_RETRY_DELAYS_MS,
  newWebhookSecret,
  nextAttemptDelay,
  signWebhook,
  verifyWebhook,
  webhookUrlProblem,
} from './webhooks.policy.js';

test('signature: the Standard Webhooks example vector', () => {
  // From the Standard Webhooks specification's test vectors.
  const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
  const id = 'msg_p5jXN8AQM9LWM0D4loKWxJek';
  const ts = 1614265330;
  const body = '{"test": 2432232314}';
  assert.equal(signWebhook(secret, id, ts, body), 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  assert.ok(
    verifyWebhook(
      secret,
      { id, timestamp: String(ts), signature: `v1,bad v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=` },
      body,
      ts,
    ),
  );
  assert.ok(
    !verifyWebhook(
      secret,
      { id, timestamp: String(ts), signature: signWebhook(secret, id, ts, body) },
      body,
      ts + 301,
    ),
  );
  assert.ok(
    !verifyWebhook(
      newWebhookSecret(),
      { id, timestamp: String(ts), signature: signWebhook(secret, id, ts, body) },
      body,
      ts,
    ),
  );
});

test('secrets: whsec_ and 32 random bytes', () => {
  const s = newWebhookSecret();
  assert.match(s, /^whsec_/);
  assert.equal(Buffer.from(s.slice(6), 'base64').length, 32);
  assert.notEqual(s, newWebhookSecret());
});

test('URLs: http(s); never this machine or link-local; the local network only when allowed', () => {
  const open = { allowLocal: true, allowLoopback: false };
  const shared = { allowLocal: false, allowLoopback: false };
  for (const ok of [
    'https://hooks.example.org/porchlight',
    'http://192.168.1.20:1880/doorbell',
    'http://homeassistant.local:8123/api/webhook/abc',
    'http://10.0.0.5/x',
  ])
    assert.equal(webhookUrlProblem(ok, open), null, ok);
  for (const local of [
    'http://192.168.1.20:1880/doorbell',
    'http://homeassistant.local:8123/x',
    'http://nas/x',
    'http://[fd00::1]/x',
  ])
    assert.ok(webhookUrlProblem(local, shared), local);
  assert.equal(webhookUrlProblem('https://hooks.example.org/x', shared), null);
  for (const bad of [
    'http://127.0.0.1:8080/x',
    'http://localhost/x',
    'http://foo.localhost/x',
    'http://[::1]/x',
    'http://169.254.169.254/latest',
    'http://0.0.0.0/x',
    'http://[::ffff:127.0.0.1]/x',
    'ftp://example.org/x',
    'https://u:p@example.org/x',
    'not a url',
  ])
    assert.ok(webhookUrlProblem(bad, open), bad);
  assert.equal(
    webhookUrlProblem('http://127.0.0.1:8080/x', { allowLocal: false, allowLoopback: true }),
    null,
  );
});

test('retries: bounded, growing delays', () => {
  assert.equal(nextAttemptDelay(0, DEFAULT_RETRY_DELAYS_MS), null);
  assert.equal(nextAttemptDelay(1, DEFAULT_RETRY_DELAYS_MS), 5000);
  assert.equal(nextAttemptDelay(DEFAULT_RETRY_DELAYS_MS.length + 1, DEFAULT_RETRY_DELAYS_MS), null);
  for (let i = 1; i < DEFAULT_RETRY_DELAYS_MS.length; i++)
    assert.ok(DEFAULT_RETRY_DELAYS_MS[i]! > DEFAULT_RETRY_DELAYS_MS[i - 1]!);
});
