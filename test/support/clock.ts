// Clocks and environments for tests that must not depend on the day they run on.
import type { Clock } from '../../src/ports/clock.js';

/**
 * A clock that starts at a fixed instant and then runs at the machine's pace. A test that writes literal dates
 * (a complaint received on 2026-03-10, a programme for 2026) gives its runtime this clock, so "now" is the same
 * day relative to those dates whenever the suite runs, while time still passes for sessions, log timestamps
 * and timeouts. Monotonic, so a wall-clock step (NTP, libfaketime) cannot move it backwards.
 */
export function clockFrom(iso: string): Clock {
  const start = Date.parse(iso);
  if (Number.isNaN(start)) throw new Error(`clockFrom: not a date: ${iso}`);
  const t0 = performance.now();
  return { now: () => start + Math.floor(performance.now() - t0) };
}

/**
 * The environment for a process that stands for another device (the test camera's RTSP server): this one's,
 * without libfaketime. When the suite runs under `faketime` to check that no test depends on the date, the
 * server, its ffmpeg and the browser all see the moved date; the camera keeps real time, as a camera would,
 * and because GStreamer's pipeline clock stalls under libfaketime (the stream never starts).
 */
export function realTimeEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined || k.startsWith('FAKETIME') || k === 'DONT_FAKE_MONOTONIC') continue;
    if (k === 'LD_PRELOAD') {
      const kept = v
        .split(/[:\s]+/)
        .filter((lib) => lib && !/faketime/i.test(lib))
        .join(':');
      if (kept) out[k] = kept;
      continue;
    }
    out[k] = v;
  }
  return out;
}
