import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CoverageMerger,
  coverageRangeProblem,
  mergeCoverage,
  uncovered,
  type Span,
} from '../../src/recording/coverage.policy.js';

const s = (startMs: number, endMs: number): Span => ({ startMs, endMs });

describe('coverage policy', () => {
  test('segments within the tolerance merge; overlapping and contained ones too', () => {
    const r = mergeCoverage([s(0, 10), s(11, 20), s(15, 18), s(40, 50), s(45, 60), s(100, 110)], 0, 200, 1);
    assert.deepEqual(r.intervals, [s(0, 20), s(40, 60), s(100, 110)]);
    assert.equal(r.segments, 6);
    assert.equal(r.toleranceMs, 1);
  });

  test('input order does not matter to mergeCoverage; spans are clipped to the range', () => {
    const r = mergeCoverage([s(100, 110), s(-5, 10), s(10, 20), s(190, 250)], 0, 200, 0);
    assert.deepEqual(r.intervals, [s(0, 20), s(100, 110), s(190, 200)]);
  });

  test('segments outside the range, empty or unreadable ones are ignored', () => {
    const m = new CoverageMerger(0, 100, 0);
    m.add(-20, -10);
    m.add(5, 5);
    m.add(Number.NaN, 50);
    m.add(100, 120);
    assert.deepEqual(m.result(), { intervals: [], toleranceMs: 0, segments: 0 });
  });

  test('over the cap the tolerance doubles, as if the raw segments had been merged with it', () => {
    const spans = Array.from({ length: 50 }, (_, i) => s(i * 10 + (i % 3), i * 10 + 5));
    const capped = mergeCoverage(spans, 0, 1000, 1, 8);
    assert.ok(capped.intervals.length <= 8);
    assert.deepEqual(capped.intervals, mergeCoverage(spans, 0, 1000, capped.toleranceMs, 1e9).intervals);
    assert.ok(capped.toleranceMs > 1);
  });

  test('uncovered: the complement up to a limit', () => {
    assert.deepEqual(uncovered([s(10, 20), s(30, 40)], 0, 100), [s(0, 10), s(20, 30), s(40, 100)]);
    assert.deepEqual(uncovered([s(10, 20), s(30, 40)], 0, 35), [s(0, 10), s(20, 30)]);
    assert.deepEqual(uncovered([s(0, 100)], 0, 100), []);
    assert.deepEqual(uncovered([], 50, 10), []);
  });

  test('range problems', () => {
    assert.equal(coverageRangeProblem(0, 1), null);
    assert.match(coverageRangeProblem(1, 1)!, /later/);
    assert.match(coverageRangeProblem(0, 32 * 24 * 3600_000)!, /31 days/);
    assert.match(coverageRangeProblem(Number.NaN, 1)!, /date-times/);
  });
});
