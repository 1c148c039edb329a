import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { CAPABILITIES, may, mayView, parseCapabilities, type Standing } from './households.policy.js';

const capArb = fc.subarray([...CAPABILITIES]);
const now = Date.parse('2026-06-01T12:00:00Z');

test('owners may do everything, always', () => {
  const owner: Standing = { isOwner: true, capabilities: [], expiresAt: '2000-01-01T00:00:00Z' };
  for (const c of CAPABILITIES) assert.equal(may(owner, c, now), true);
});

test('a member may use exactly the granted capabilities until the expiry instant, then nothing', () => {
  fc.assert(
    fc.property(
      capArb,
      fc.integer({ min: -10_000_000, max: 10_000_000 }),
      fc.boolean(),
      (caps, offset, hasExpiry) => {
        const expiresAt = hasExpiry ? new Date(now + offset).toISOString() : null;
        const s: Standing = { isOwner: false, capabilities: caps, expiresAt };
        const live = !hasExpiry || offset > 0;
        for (const c of CAPABILITIES) assert.equal(may(s, c, now), live && caps.includes(c));
        assert.equal(mayView(s, now), live && caps.length > 0);
      },
    ),
  );
});

test('no standing means no access', () => {
  for (const c of CAPABILITIES) assert.equal(may(undefined, c, now), false);
  assert.equal(mayView(undefined, now), false);
});

test('stored capabilities never grant unknown ones', () => {
  assert.deepEqual(parseCapabilities('["view_live","root","share_clips"]'), ['view_live', 'share_clips']);
  assert.deepEqual(parseCapabilities('not json'), []);
  assert.deepEqual(parseCapabilities('{"view_live":true}'), []);
});
