import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  decideRetention,
  EVENT_ONLY_GRACE_MS,
  type ClipFact,
  type RetentionInput,
  type SegmentFact,
} from '../../src/recording/retention.policy.js';

const DAY = 24 * 3600_000;
const NOW = Date.parse('2026-11-30T12:00:00Z');
const MB = 1024 * 1024;

const seg = (id: string, ageMs: number, over: Partial<SegmentFact> = {}): SegmentFact => ({
  id,
  cameraId: 'cam',
  endMs: NOW - ageMs,
  sizeBytes: MB,
  keptForEvent: false,
  ...over,
});
const clip = (id: string, ageMs: number, over: Partial<ClipFact> = {}): ClipFact => ({
  eventId: id,
  cameraId: 'cam',
  endMs: NOW - ageMs,
  sizeBytes: 5 * MB,
  ...over,
});
const input = (over: Partial<RetentionInput> = {}): RetentionInput => ({
  nowMs: NOW,
  settings: { continuousDays: 3, eventDays: 30, minFreeBytes: 100 * MB },
  freeBytes: 10_000 * MB,
  segments: [],
  clips: [],
  cameras: new Map([['cam', { continuous: true, preRollMs: 5000 }]]),
  ...over,
});
const ids = (d: ReturnType<typeof decideRetention>) =>
  d.deletions.map((x) => `${x.kind}:${x.id}:${x.reason}`);

describe('retention by age', () => {
  test('continuous segments older than N days go; younger ones stay', () => {
    const d = decideRetention(
      input({ segments: [seg('old', 3 * DAY + 1), seg('edge', 3 * DAY), seg('new', 1000)] }),
    );
    assert.deepEqual(ids(d), ['segment:old:age']);
  });
  test('event clips older than M days go (with their event); younger ones stay', () => {
    const d = decideRetention(input({ clips: [clip('e-old', 30 * DAY + 1), clip('e-new', 29 * DAY)] }));
    assert.deepEqual(ids(d), ['clip:e-old:age']);
  });
  test('a segment an unfinished clip needs is kept past N days, but not past M days', () => {
    const d = decideRetention(
      input({
        segments: [
          seg('held', 10 * DAY, { keptForEvent: true }),
          seg('stale', 31 * DAY, { keptForEvent: true }),
        ],
      }),
    );
    assert.deepEqual(ids(d), ['segment:stale:age']);
  });
  test('a camera that records only events keeps segments just long enough to be pre-roll', () => {
    const cameras = new Map([['cam', { continuous: false, preRollMs: 5000 }]]);
    const limit = 5000 + EVENT_ONLY_GRACE_MS;
    const d = decideRetention(
      input({
        cameras,
        segments: [
          seg('gone', limit + 1),
          seg('kept', limit - 1),
          seg('held', limit + 10_000, { keptForEvent: true }),
        ],
      }),
    );
    assert.deepEqual(ids(d), ['segment:gone:not-continuous']);
  });
  test('footage of a camera that no longer runs is kept by age like continuous footage', () => {
    const d = decideRetention(
      input({
        cameras: new Map(),
        segments: [seg('a', 2 * DAY, { cameraId: 'removed' }), seg('b', 4 * DAY, { cameraId: 'removed' })],
      }),
    );
    assert.deepEqual(ids(d), ['segment:b:age']);
  });
  test('0 continuous days keeps no continuous footage beyond this moment', () => {
    const d = decideRetention(
      input({ settings: { continuousDays: 0, eventDays: 30, minFreeBytes: 0 }, segments: [seg('a', 1)] }),
    );
    assert.deepEqual(ids(d), ['segment:a:age']);
  });
});

describe('retention by free disk', () => {
  test('under the threshold the oldest continuous segments go first, only as many as needed', () => {
    const d = decideRetention(
      input({
        freeBytes: 97 * MB,
        segments: [seg('s3', 1000), seg('s1', 3000), seg('s2', 2000), seg('s4', 500)],
        clips: [clip('e1', 10 * DAY)],
      }),
    );
    assert.deepEqual(ids(d), ['segment:s1:disk', 'segment:s2:disk', 'segment:s3:disk']);
    assert.equal(d.freeBytesAfter, 100 * MB);
    assert.equal(d.shortBytes, 0);
  });
  test('then event clips, oldest first, then held segments last', () => {
    const d = decideRetention(
      input({
        freeBytes: 80 * MB,
        segments: [seg('s1', 2000), seg('h1', 9000, { keptForEvent: true })],
        clips: [clip('e2', 1 * DAY), clip('e1', 2 * DAY), clip('e3', 1000)],
      }),
    );
    assert.deepEqual(ids(d), [
      'segment:s1:disk',
      'clip:e1:disk',
      'clip:e2:disk',
      'clip:e3:disk',
      'segment:h1:disk',
    ]);
    assert.equal(d.shortBytes, 100 * MB - (80 + 1 + 15 + 1) * MB);
  });
  test('age deletions count towards the free space before anything young is purged', () => {
    const d = decideRetention(
      input({ freeBytes: 99 * MB, segments: [seg('old', 4 * DAY), seg('young', 1000)] }),
    );
    assert.deepEqual(ids(d), ['segment:old:age']);
  });
  test('events without a clip free nothing and are not purged for space', () => {
    const d = decideRetention(input({ freeBytes: 99 * MB, clips: [clip('noclip', 1000, { sizeBytes: 0 })] }));
    assert.deepEqual(ids(d), []);
    assert.equal(d.shortBytes, MB);
  });
  test('unknown free space: only the age rules apply', () => {
    const d = decideRetention(
      input({ freeBytes: null, segments: [seg('young', 1000), seg('old', 4 * DAY)] }),
    );
    assert.deepEqual(ids(d), ['segment:old:age']);
    assert.equal(d.freeBytesAfter, null);
  });
});

describe('retention invariants (generated cases)', () => {
  const arbSeg = fc.record({
    id: fc.uuid(),
    cameraId: fc.constantFrom('a', 'b', 'gone'),
    endMs: fc.integer({ min: NOW - 40 * DAY, max: NOW }),
    sizeBytes: fc.integer({ min: 0, max: 50 * MB }),
    keptForEvent: fc.boolean(),
  });
  const arbClip = fc.record({
    eventId: fc.uuid(),
    cameraId: fc.constantFrom('a', 'b'),
    endMs: fc.integer({ min: NOW - 40 * DAY, max: NOW }),
    sizeBytes: fc.integer({ min: 0, max: 50 * MB }),
  });
  const arbInput = fc.record({
    segments: fc.uniqueArray(arbSeg, { selector: (s) => s.id, maxLength: 40 }),
    clips: fc.uniqueArray(arbClip, { selector: (c) => c.eventId, maxLength: 20 }),
    freeBytes: fc.option(fc.integer({ min: 0, max: 500 * MB }), { nil: null }),
    continuousDays: fc.integer({ min: 0, max: 10 }),
    eventDays: fc.integer({ min: 1, max: 35 }),
    aContinuous: fc.boolean(),
  });

  test('nothing is deleted twice; young footage goes only when the disk is short; the threshold is met whenever it can be', () => {
    fc.assert(
      fc.property(arbInput, (g) => {
        const settings = { continuousDays: g.continuousDays, eventDays: g.eventDays, minFreeBytes: 200 * MB };
        const cameras = new Map([
          ['a', { continuous: g.aContinuous, preRollMs: 5000 }],
          ['b', { continuous: true, preRollMs: 5000 }],
        ]);
        const d = decideRetention({
          nowMs: NOW,
          settings,
          freeBytes: g.freeBytes,
          segments: g.segments,
          clips: g.clips,
          cameras,
        });
        const keys = d.deletions.map((x) => `${x.kind}:${x.id}`);
        assert.equal(new Set(keys).size, keys.length);
        const short = g.freeBytes !== null && g.freeBytes < settings.minFreeBytes;
        for (const x of d.deletions) {
          if (x.reason === 'disk') assert.ok(short, 'disk purges only when short of space');
          if (x.reason === 'age' && x.kind === 'clip') {
            const c = g.clips.find((c) => c.eventId === x.id)!;
            assert.ok(c.endMs < NOW - g.eventDays * DAY);
          }
          if (x.reason === 'age' && x.kind === 'segment') {
            const s = g.segments.find((s) => s.id === x.id)!;
            assert.ok(s.endMs < NOW - (s.keptForEvent ? g.eventDays : g.continuousDays) * DAY);
          }
        }
        if (g.freeBytes !== null) {
          const freed = d.deletions.reduce((n, x) => n + x.bytes, 0);
          assert.equal(d.freeBytesAfter, g.freeBytes + freed);
          const deletable = [
            ...g.segments.map((s) => `segment:${s.id}`),
            ...g.clips.map((c) => `clip:${c.eventId}`),
          ];
          const everythingWithBytesGone = deletable.every((k) => {
            const size = k.startsWith('segment')
              ? g.segments.find((s) => `segment:${s.id}` === k)!.sizeBytes
              : g.clips.find((c) => `clip:${c.eventId}` === k)!.sizeBytes;
            return size === 0 || keys.includes(k);
          });
          assert.ok(d.freeBytesAfter >= settings.minFreeBytes || everythingWithBytesGone);
          assert.equal(d.shortBytes, Math.max(0, settings.minFreeBytes - d.freeBytesAfter));
        }
      }),
      { numRuns: 500 },
    );
  });
});
