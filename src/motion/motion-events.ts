// Motion events from per-frame results, with hysteresis: a flicker shorter than minDurationMs never starts an
// event, and an event ends only after coolDownMs without motion, so a person pausing at the door stays one event
// instead of ten. Pure: the caller feeds samples in stream time and acts on what comes back.

/** One analysed frame as the event tracker sees it. */
export interface MotionSample {
  /** Stream time of the frame in milliseconds; samples must not go back in time. */
  tMs: number;
  motion: boolean;
  /** Moving share of the frame, 0..1. */
  area: number;
  /** Zones the motion fell in. */
  zones?: readonly string[];
}

/** Hysteresis settings. */
export interface MotionEventOptions {
  /** Motion must last this long (first to latest moving frame, no still frame between) before an event starts. */
  minDurationMs: number;
  /** An event ends once this long has passed without motion. */
  coolDownMs: number;
  /** While motion goes on, an update is emitted at most this often (and whenever a new zone is hit). */
  updateIntervalMs: number;
}

/** Defaults for a doorbell: three frames at 5 fps to start, five quiet seconds to end. */
export const DEFAULT_EVENT_OPTIONS: Readonly<MotionEventOptions> = Object.freeze({
  // Long enough to skip a single noisy frame or an insect crossing the lens, short enough to catch a passer-by.
  minDurationMs: 400,
  // People stop, turn, ring and wait; five seconds keeps a visit one event without gluing separate visits.
  coolDownMs: 5000,
  updateIntervalMs: 1000,
});

/** What the tracker reports; `startMs` identifies the event within one stream. */
export type MotionEvent =
  | { type: 'start'; startMs: number; tMs: number; area: number; zones: string[] }
  | { type: 'update'; startMs: number; tMs: number; peakArea: number; zones: string[] }
  | { type: 'end'; startMs: number; endMs: number; durationMs: number; peakArea: number; zones: string[] };

/** Hysteresis state machine turning per-frame motion into start / update / end events. */
export class MotionEventTracker {
  readonly options: Readonly<MotionEventOptions>;
  private pendingSince: number | null = null;
  private pendingPeak = 0;
  private readonly pendingZones = new Set<string>();
  private activeSince: number | null = null;
  private lastMotionMs = 0;
  private lastUpdateMs = 0;
  private peakArea = 0;
  private readonly zones = new Set<string>();
  private lastT = -Infinity;

  constructor(options: Partial<MotionEventOptions> = {}) {
    this.options = Object.freeze({ ...DEFAULT_EVENT_OPTIONS, ...options });
    if (this.options.minDurationMs < 0 || this.options.coolDownMs < 0) {
      throw new RangeError('event durations must not be negative');
    }
  }

  /** Whether an event is in progress. */
  get active(): boolean {
    return this.activeSince !== null;
  }

  /** Feed one sample; returns the events it causes (usually none). */
  update(sample: MotionSample): MotionEvent[] {
    if (sample.tMs < this.lastT) throw new RangeError('motion samples must not go back in time');
    this.lastT = sample.tMs;
    const t = sample.tMs;
    if (this.activeSince === null) return this.whileIdle(sample, t);
    return this.whileActive(sample, t);
  }

  /** End any event in progress (the stream stopped); returns its end event, if any. */
  finish(): MotionEvent[] {
    this.pendingSince = null;
    if (this.activeSince === null) return [];
    return [this.end()];
  }

  private whileIdle(sample: MotionSample, t: number): MotionEvent[] {
    if (!sample.motion) {
      this.pendingSince = null;
      return [];
    }
    if (this.pendingSince === null) {
      this.pendingSince = t;
      this.pendingPeak = 0;
      this.pendingZones.clear();
    }
    this.pendingPeak = Math.max(this.pendingPeak, sample.area);
    for (const z of sample.zones ?? []) this.pendingZones.add(z);
    if (t - this.pendingSince < this.options.minDurationMs) return [];
    // Confirmed: the event starts when the motion did, not when it was confirmed.
    this.activeSince = this.pendingSince;
    this.pendingSince = null;
    this.lastMotionMs = t;
    this.lastUpdateMs = t;
    this.peakArea = this.pendingPeak;
    this.zones.clear();
    for (const z of this.pendingZones) this.zones.add(z);
    return [
      { type: 'start', startMs: this.activeSince, tMs: t, area: this.peakArea, zones: [...this.zones] },
    ];
  }

  private whileActive(sample: MotionSample, t: number): MotionEvent[] {
    if (!sample.motion) {
      return t - this.lastMotionMs >= this.options.coolDownMs ? [this.end()] : [];
    }
    this.lastMotionMs = t;
    this.peakArea = Math.max(this.peakArea, sample.area);
    let newZone = false;
    for (const z of sample.zones ?? []) {
      if (!this.zones.has(z)) {
        this.zones.add(z);
        newZone = true;
      }
    }
    if (!newZone && t - this.lastUpdateMs < this.options.updateIntervalMs) return [];
    this.lastUpdateMs = t;
    return [
      {
        type: 'update',
        startMs: this.activeSince as number,
        tMs: t,
        peakArea: this.peakArea,
        zones: [...this.zones],
      },
    ];
  }

  private end(): MotionEvent {
    const startMs = this.activeSince as number;
    this.activeSince = null;
    const event: MotionEvent = {
      type: 'end',
      startMs,
      endMs: this.lastMotionMs,
      durationMs: this.lastMotionMs - startMs,
      peakArea: this.peakArea,
      zones: [...this.zones],
    };
    this.zones.clear();
    this.peakArea = 0;
    return event;
  }
}
