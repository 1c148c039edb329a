import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRange } from '../../src/recording/http-range.js';

describe('byte ranges', () => {
  test('no header or one we do not serve: the whole body', () => {
    for (const h of [undefined, 'bytes=', 'bytes=-', 'items=0-1', 'bytes=0-1,4-5', 'bytes=5-2', 'garbage'])
      assert.equal(parseRange(h, 100), null, String(h));
  });
  test('start-end, open end, suffix, end past the size', () => {
    assert.deepEqual(parseRange('bytes=0-9', 100), { start: 0, end: 9 });
    assert.deepEqual(parseRange('bytes=90-', 100), { start: 90, end: 99 });
    assert.deepEqual(parseRange('bytes=-10', 100), { start: 90, end: 99 });
    assert.deepEqual(parseRange('bytes=-500', 100), { start: 0, end: 99 });
    assert.deepEqual(parseRange('bytes=50-5000', 100), { start: 50, end: 99 });
    assert.deepEqual(parseRange(' BYTES = 1 - 2 ', 100), { start: 1, end: 2 });
  });
  test('a range past the end cannot be satisfied', () => {
    assert.equal(parseRange('bytes=100-', 100), 'unsatisfiable');
    assert.equal(parseRange('bytes=-0', 100), 'unsatisfiable');
    assert.equal(parseRange('bytes=0-0', 0), 'unsatisfiable');
  });
  test('huge numbers do not turn into wrong ranges', () => {
    assert.equal(parseRange('bytes=99999999999999999999-', 100), null);
  });
});
