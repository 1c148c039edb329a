import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  clipWindow,
  keyframeAtOrBefore,
  modeSettingsFrom,
  motionActionsAt,
  offsetInClip,
  overlaps,
  planClip,
  type SegmentSpan,
} from '../../src/recording/recording.policy.js';

// 2026-11-30 is a Monday.
const MONDAY_NOON = Date.parse('2026-11-30T12:00:00Z');
const facts = (mode: string, schedule: unknown = null, snoozeUntil: string | null = null) => ({
  mode,
  schedule: schedule === null ? null : typeof schedule === 'string' ? schedule : JSON.stringify(schedule),
  snoozeUntil,
});

describe('motion mode from stored columns', () => {
  test('home records without alerting, away records and alerts, disarmed does neither', () => {
    assert.deepEqual(
      ['home', 'away', 'disarmed'].map((m) => {
        const d = motionActionsAt(facts(m), MONDAY_NOON);
        return [d.record, d.alert];
      }),
      [
        [true, false],
        [true, true],
        [false, false],
      ],
    );
  });
  test('an unknown mode falls back to away: a doorbell that silently stops is worse than an extra alert', () => {
    const d = motionActionsAt(facts('vacation'), MONDAY_NOON);
    assert.equal(d.mode, 'away');
    assert.equal(d.alert, true);
  });
  test('a weekly schedule (array or { rules, timeZone }) overrides the mode while it applies', () => {
    const rules = [{ days: [1], from: '09:00', to: '17:00', mode: 'away' }];
    assert.equal(motionActionsAt(facts('home', rules), MONDAY_NOON).mode, 'away');
    assert.equal(motionActionsAt(facts('home', rules), MONDAY_NOON).source, 'schedule');
    assert.equal(motionActionsAt(facts('home', rules), MONDAY_NOON + 6 * 3600_000).mode, 'home');
    // 12:00 UTC is 21:00 in Tokyo: outside 09:00-17:00 there.
    assert.equal(motionActionsAt(facts('home', { rules, timeZone: 'Asia/Tokyo' }), MONDAY_NOON).mode, 'home');
    assert.equal(motionActionsAt(facts('home', { schedule: rules }), MONDAY_NOON).mode, 'away');
  });
  test('a broken schedule (bad JSON, bad rule, unknown time zone) is ignored rather than trusted', () => {
    for (const s of [
      '{oops',
      [{ days: [1], from: '9am', to: '17:00', mode: 'away' }],
      [{ nope: 1 }],
      { rules: 'x' },
    ]) {
      const d = motionActionsAt(facts('home', s), MONDAY_NOON);
      assert.equal(d.mode, 'home');
      assert.equal(d.source, 'default');
    }
    const badZone = modeSettingsFrom(facts('home', { rules: [], timeZone: 'Mars/Olympus' }));
    assert.equal(badZone.timeZone, undefined);
  });
  test('a snooze silences alerts until it ends, and recording goes on', () => {
    const until = new Date(MONDAY_NOON + 60_000).toISOString();
    const during = motionActionsAt(facts('away', null, until), MONDAY_NOON);
    assert.deepEqual([during.record, during.alert, during.snoozed], [true, false, true]);
    const after = motionActionsAt(facts('away', null, until), MONDAY_NOON + 60_000);
    assert.deepEqual([after.alert, after.snoozed], [true, false]);
    assert.equal(modeSettingsFrom(facts('away', null, 'not a date')).snoozeUntilMs, null);
  });
});

const S = (id: string, startS: number, endS: number): SegmentSpan => ({
  id,
  key: `segments/c/${id}.ts`,
  startMs: startS * 1000,
  endMs: endS * 1000,
});
const segments = [S('a', 0, 10), S('b', 10, 20), S('c', 20, 30), S('d', 30, 40)];

describe('clip planning', () => {
  test('the window is pre-roll before the first motion to post-roll after the last', () => {
    assert.deepEqual(clipWindow(12_000, 18_000, 5, 5), { fromMs: 7000, toMs: 23_000 });
    assert.deepEqual(clipWindow(12_000, 18_000, 0, 0), { fromMs: 12_000, toMs: 18_000 });
  });
  test('the cut starts on the last keyframe at or before the window (never losing pre-roll)', () => {
    assert.equal(keyframeAtOrBefore([0, 2, 4, 6], 5.5), 4);
    assert.equal(keyframeAtOrBefore([0, 2, 4, 6], 4), 4);
    assert.equal(keyframeAtOrBefore([2, 4], 1), 0);
    assert.equal(keyframeAtOrBefore([], 7), 0);
  });
  test('segments overlapping the window, first cut at a keyframe, last cut at the window end', () => {
    const plan = planClip(segments, { fromMs: 7000, toMs: 23_500 }, [0, 2, 4, 6, 8]);
    assert.deepEqual(
      plan!.entries.map((e) => [e.segment.id, e.inpoint, e.outpoint]),
      [
        ['a', 6, undefined],
        ['b', undefined, undefined],
        ['c', undefined, 3.5],
      ],
    );
    assert.equal(plan!.startMs, 6000);
    assert.equal(plan!.endMs, 23_500);
  });
  test('without keyframe times the first segment is kept whole; a window inside one segment uses one entry', () => {
    const whole = planClip(segments, { fromMs: 7000, toMs: 9000 });
    assert.deepEqual(
      whole!.entries.map((e) => [e.segment.id, e.inpoint, e.outpoint]),
      [['a', undefined, 9]],
    );
    assert.equal(whole!.startMs, 0);
  });
  test('a window ending exactly on a boundary does not pull in the next segment', () => {
    const plan = planClip(segments, { fromMs: 10_000, toMs: 20_000 });
    assert.deepEqual(
      plan!.entries.map((e) => [e.segment.id, e.inpoint, e.outpoint]),
      [['b', undefined, undefined]],
    );
  });
  test('no footage in the window (the camera was down): no clip', () => {
    assert.equal(planClip(segments, { fromMs: 50_000, toMs: 60_000 }), null);
    assert.equal(planClip([], { fromMs: 0, toMs: 1 }), null);
  });
  test('segments in any order are joined in time order', () => {
    const plan = planClip([segments[2]!, segments[0]!, segments[1]!], { fromMs: 0, toMs: 30_000 });
    assert.deepEqual(
      plan!.entries.map((e) => e.segment.id),
      ['a', 'b', 'c'],
    );
  });
  test('the peak snapshot offset is inside the clip', () => {
    const plan = { startMs: 6000, endMs: 23_500 };
    assert.equal(offsetInClip(plan, 12_000), 6);
    assert.equal(offsetInClip(plan, 0), 0);
    assert.equal(offsetInClip(plan, 99_000), 17.5);
  });
  test('overlap is half-open: touching is not overlapping', () => {
    assert.equal(overlaps({ startMs: 0, endMs: 10 }, { fromMs: 10, toMs: 20 }), false);
    assert.equal(overlaps({ startMs: 0, endMs: 11 }, { fromMs: 10, toMs: 20 }), true);
    assert.equal(overlaps({ startMs: 5, endMs: 6 }, { fromMs: 0, toMs: Number.POSITIVE_INFINITY }), true);
  });
});
