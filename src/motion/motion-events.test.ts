import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { MotionEventTracker, type MotionEvent, type MotionSample } from './motion-events.js';

/** Samples at 5 fps from a string: '#' motion, '.' none; area and zones optional per index. */
function samples(pattern: string, area = 0.1, zones: (k: number) => string[] = () => []): MotionSample[] {
  return [...pattern].map((c, k) => ({
    tMs: k * 200,
    motion: c === '#',
    area: c === '#' ? area : 0,
    zones: c === '#' ? zones(k) : [],
  }));
}

function feed(tracker: MotionEventTracker, input: MotionSample[]): MotionEvent[] {
  return input.flatMap((s) => tracker.update(s));
}

describe('MotionEventTracker', () => {
  it('ignores motion shorter than the minimum duration', () => {
    const t = new MotionEventTracker({ minDurationMs: 400, coolDownMs: 1000 });
    assert.deepEqual(feed(t, samples('..##..#.##...')), []);
    assert.equal(t.active, false);
  });

  it('starts an event when motion lasts long enough, dated from its first frame', () => {
    const t = new MotionEventTracker({ minDurationMs: 400, coolDownMs: 1000 });
    const events = feed(t, samples('..###'));
    assert.deepEqual(events, [{ type: 'start', startMs: 400, tMs: 800, area: 0.1, zones: [] }]);
    assert.equal(t.active, true);
  });

  it('bridges pauses shorter than the cool-down and ends after it, at the last moving frame', () => {
    const t = new MotionEventTracker({ minDurationMs: 0, coolDownMs: 1000, updateIntervalMs: 60_000 });
    const events = feed(t, samples('###....##......'));
    assert.deepEqual(
      events.map((e) => e.type),
      ['start', 'end'],
    );
    const end = events[1] as Extract<MotionEvent, { type: 'end' }>;
    assert.equal(end.startMs, 0);
    assert.equal(end.endMs, 8 * 200);
    assert.equal(end.durationMs, 1600);
  });

  it('splits visits separated by more than the cool-down', () => {
    const t = new MotionEventTracker({ minDurationMs: 0, coolDownMs: 600, updateIntervalMs: 60_000 });
    const events = feed(t, samples('##.....##.....'));
    assert.deepEqual(
      events.map((e) => `${e.type}@${e.type === 'end' ? e.endMs : e.startMs}`),
      ['start@0', 'end@200', 'start@1400', 'end@1600'],
    );
  });

  it('tracks the peak area and every zone hit, updating when a new zone appears', () => {
    const t = new MotionEventTracker({ minDurationMs: 0, coolDownMs: 400, updateIntervalMs: 60_000 });
    const input: MotionSample[] = [
      { tMs: 0, motion: true, area: 0.05, zones: ['path'] },
      { tMs: 200, motion: true, area: 0.2, zones: ['path'] },
      { tMs: 400, motion: true, area: 0.1, zones: ['porch'] },
      { tMs: 600, motion: false, area: 0 },
      { tMs: 800, motion: false, area: 0 },
    ];
    const events = feed(t, input);
    assert.deepEqual(events, [
      { type: 'start', startMs: 0, tMs: 0, area: 0.05, zones: ['path'] },
      { type: 'update', startMs: 0, tMs: 400, peakArea: 0.2, zones: ['path', 'porch'] },
      { type: 'end', startMs: 0, endMs: 400, durationMs: 400, peakArea: 0.2, zones: ['path', 'porch'] },
    ]);
  });

  it('emits periodic updates while motion goes on', () => {
    const t = new MotionEventTracker({ minDurationMs: 0, coolDownMs: 5000, updateIntervalMs: 1000 });
    const events = feed(t, samples('#'.repeat(16)));
    assert.deepEqual(
      events.map((e) => `${e.type}@${e.type === 'end' ? e.endMs : e.tMs}`),
      ['start@0', 'update@1000', 'update@2000', 'update@3000'],
    );
  });

  it('ends a running event when the stream finishes', () => {
    const t = new MotionEventTracker({ minDurationMs: 0 });
    feed(t, samples('###'));
    const [end] = t.finish();
    assert.equal(end?.type, 'end');
    assert.deepEqual(t.finish(), []);
    assert.equal(t.active, false);
  });

  it('refuses samples that go back in time and negative durations', () => {
    const t = new MotionEventTracker();
    t.update({ tMs: 1000, motion: false, area: 0 });
    assert.throws(() => t.update({ tMs: 900, motion: false, area: 0 }), RangeError);
    assert.throws(() => new MotionEventTracker({ coolDownMs: -1 }), RangeError);
  });

  it('always alternates start and end, and every event lasts at least the minimum (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.boolean(), { maxLength: 200 }),
        fc.integer({ min: 0, max: 1000 }),
        (bits, minDurationMs) => {
          const t = new MotionEventTracker({ minDurationMs, coolDownMs: 800, updateIntervalMs: 60_000 });
          const events = [
            ...feed(
              t,
              bits.map((motion, k) => ({ tMs: k * 200, motion, area: motion ? 0.1 : 0 })),
            ),
            ...t.finish(),
          ];
          const kinds = events.map((e) => e.type).filter((k) => k !== 'update');
          const alternates = kinds.every((k, i) => k === (i % 2 === 0 ? 'start' : 'end'));
          const longEnough = events.every((e) => e.type !== 'end' || e.durationMs >= minDurationMs);
          return alternates && kinds.length % 2 === 0 && longEnough;
        },
      ),
    );
  });
});
