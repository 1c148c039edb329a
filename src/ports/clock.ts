/** Time, behind a port so tests can move it. */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}

/** The machine's wall clock. */
export const systemClock: Clock = { now: () => Date.now() };

/** A clock tests can set and advance. */
export class ManualClock implements Clock {
  constructor(private ms: number = Date.parse('2026-01-01T00:00:00Z')) {}
  /** Current time in ms. */
  now(): number {
    return this.ms;
  }
  /** Move time forward. */
  advance(ms: number): void {
    this.ms += ms;
  }
  /** Jump to a given time. */
  set(ms: number): void {
    this.ms = ms;
  }
}

/** ISO-8601 UTC text for a clock reading; the database stores times in this form on every dialect. */
export function isoAt(clock: Clock, offsetMs = 0): string {
  return new Date(clock.now() + offsetMs).toISOString();
}
