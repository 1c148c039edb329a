import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  failuresAfterRun,
  OFFLINE_AFTER_MS,
  restartDelayMs,
  stateWhileDown,
  STABLE_AFTER_MS,
} from '../../src/recording/camera-health.js';

describe('restart backoff and camera state', () => {
  test('a failing stream is retried after 1 s, doubling up to 30 s', () => {
    assert.deepEqual(
      [1, 2, 3, 4, 5, 6, 7, 50, 10_000].map((n) => restartDelayMs(n)),
      [1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000, 30_000],
    );
    assert.equal(restartDelayMs(0), 1000);
    assert.equal(restartDelayMs(3, { initialMs: 100, maxMs: 250 }), 250);
  });
  test('a run that stayed up long enough resets the backoff; a short one does not', () => {
    assert.equal(failuresAfterRun(5, STABLE_AFTER_MS), 1);
    assert.equal(failuresAfterRun(5, STABLE_AFTER_MS - 1), 6);
    assert.equal(failuresAfterRun(5, null), 6);
    assert.equal(failuresAfterRun(0, null), 1);
  });
  test('down for a short while is reconnecting; longer is offline', () => {
    assert.equal(stateWhileDown(0, OFFLINE_AFTER_MS - 1), 'reconnecting');
    assert.equal(stateWhileDown(0, OFFLINE_AFTER_MS), 'offline');
    assert.equal(stateWhileDown(0, 10, 5), 'offline');
  });
});
