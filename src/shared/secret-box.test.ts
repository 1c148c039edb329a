import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { SecretBox } from './secret-box.js';

test('sealed secrets open with the same key and differ each time', () => {
  const box = new SecretBox(randomBytes(32));
  fc.assert(
    fc.property(fc.string(), (s) => {
      const a = box.seal(s);
      assert.equal(box.open(a), s);
      assert.notEqual(box.seal(s), a);
      assert.ok(!a.includes(Buffer.from(s).toString('base64url')) || s.length < 4);
    }),
    { numRuns: 200 },
  );
});

test('a tampered or foreign sealed value does not open', () => {
  const box = new SecretBox(randomBytes(32));
  const sealed = box.seal('camera-password');
  const parts = sealed.split('.');
  const ct = Buffer.from(parts[3]!, 'base64url');
  ct[0] = ct[0]! ^ 1;
  assert.throws(() => box.open([parts[0], parts[1], parts[2], ct.toString('base64url')].join('.')));
  assert.throws(() => new SecretBox(randomBytes(32)).open(sealed));
  assert.throws(() => box.open('v2.x.y.z'));
});
