// When to restart a failed camera and what to call its state meanwhile. Pure, so the schedule is tested without
// waiting for it.

/** Restart delays: 1 s after the first failure, doubling up to 30 s. */
export const RESTART_BACKOFF: Readonly<Backoff> = Object.freeze({ initialMs: 1000, maxMs: 30_000 });

/** A doubling backoff's first delay and cap. */
export interface Backoff {
  initialMs: number;
  maxMs: number;
}

/** A stream that has stayed up this long is healthy again: the next failure starts the backoff from 1 s. */
export const STABLE_AFTER_MS = 30_000;

/** A camera down for longer than this is "offline" rather than "reconnecting". */
export const OFFLINE_AFTER_MS = 30_000;

/** Delay before restart number `failures` (1 for the first failure in a row). */
export function restartDelayMs(failures: number, backoff: Readonly<Backoff> = RESTART_BACKOFF): number {
  if (failures <= 1) return backoff.initialMs;
  // Past 2^30 the multiplication would overflow into Infinity long after the cap applies.
  return Math.min(backoff.maxMs, backoff.initialMs * 2 ** Math.min(failures - 1, 30));
}

/** The state of a camera whose stream has been down since `downSinceMs`. */
export function stateWhileDown(
  downSinceMs: number,
  nowMs: number,
  offlineAfterMs = OFFLINE_AFTER_MS,
): 'reconnecting' | 'offline' {
  return nowMs - downSinceMs >= offlineAfterMs ? 'offline' : 'reconnecting';
}

/** Failures in a row after a run that ended: reset when the run had been up long enough to count as healthy. */
export function failuresAfterRun(
  previous: number,
  upForMs: number | null,
  stableAfterMs = STABLE_AFTER_MS,
): number {
  return upForMs !== null && upForMs >= stableAfterMs ? 1 : previous + 1;
}
