// Where a camera has continuous recording (A6): stored segments merged into covered intervals in one streaming
// pass over segments ordered by start, clipped to the asked range, with the uncovered stretches between them.
// Segments that almost touch (ffmpeg's cut points and rounding leave a few milliseconds) are one interval.
// The answer stays small for any range: when a flapping camera would produce more intervals than the cap, the
// tolerance doubles and the intervals already found are merged again (merging is monotone in the tolerance, so
// that equals merging the raw segments with the larger tolerance), and the answer says which tolerance it used.

/** Segments closer than this are one covered interval. */
export const COVERAGE_TOLERANCE_MS = 2_000;
/** At most this many intervals in one answer. */
export const COVERAGE_MAX_INTERVALS = 1_000;
/** The longest range one request may ask for. */
export const COVERAGE_MAX_RANGE_MS = 31 * 24 * 3600_000;

/** A span of time in epoch milliseconds, end exclusive. */
export interface Span {
  startMs: number;
  endMs: number;
}

/** Merges segments, fed in order of their start, into covered intervals within [fromMs, toMs). */
export class CoverageMerger {
  private readonly spans: Span[] = [];
  private tolerance: number;
  private segments = 0;

  constructor(
    private readonly fromMs: number,
    private readonly toMs: number,
    toleranceMs = COVERAGE_TOLERANCE_MS,
    private readonly maxIntervals = COVERAGE_MAX_INTERVALS,
  ) {
    if (!(maxIntervals >= 1)) throw new RangeError('maxIntervals must be at least 1');
    this.tolerance = Math.max(0, toleranceMs);
  }

  /** Add one segment; segments must come in order of their start (equal starts in any order). */
  add(startMs: number, endMs: number): void {
    if (!Number.isFinite(startMs) || !Number.isFinite(endMs)) return;
    const start = Math.max(startMs, this.fromMs);
    const end = Math.min(endMs, this.toMs);
    if (end <= start) return;
    this.segments++;
    const last = this.spans[this.spans.length - 1];
    if (last && start <= last.endMs + this.tolerance) {
      if (end > last.endMs) last.endMs = end;
      return;
    }
    this.spans.push({ startMs: start, endMs: end });
    if (this.spans.length > this.maxIntervals) this.coarsen();
  }

  private coarsen(): void {
    while (this.spans.length > this.maxIntervals) {
      this.tolerance = Math.max(1, this.tolerance * 2);
      let w = 0;
      for (let r = 1; r < this.spans.length; r++) {
        const cur = this.spans[r]!;
        const keep = this.spans[w]!;
        if (cur.startMs <= keep.endMs + this.tolerance) keep.endMs = Math.max(keep.endMs, cur.endMs);
        else this.spans[++w] = cur;
      }
      this.spans.length = w + 1;
    }
  }

  /** The covered intervals, the tolerance finally used and how many segments fell in the range. */
  result(): { intervals: Span[]; toleranceMs: number; segments: number } {
    return {
      intervals: this.spans.map((s) => ({ ...s })),
      toleranceMs: this.tolerance,
      segments: this.segments,
    };
  }
}

/** Merge segments (in any order) into covered intervals within [fromMs, toMs). */
export function mergeCoverage(
  segments: readonly Span[],
  fromMs: number,
  toMs: number,
  toleranceMs = COVERAGE_TOLERANCE_MS,
  maxIntervals = COVERAGE_MAX_INTERVALS,
): { intervals: Span[]; toleranceMs: number; segments: number } {
  const merger = new CoverageMerger(fromMs, toMs, toleranceMs, maxIntervals);
  for (const s of [...segments].sort((a, b) => a.startMs - b.startMs)) merger.add(s.startMs, s.endMs);
  return merger.result();
}

/**
 * The stretches of [fromMs, untilMs) that no interval covers; `untilMs` is the end of the range or now,
 * whichever is earlier (the future is not missing footage). Intervals must be sorted and disjoint.
 */
export function uncovered(intervals: readonly Span[], fromMs: number, untilMs: number): Span[] {
  const out: Span[] = [];
  let at = fromMs;
  for (const s of intervals) {
    if (s.startMs >= untilMs) break;
    if (s.startMs > at) out.push({ startMs: at, endMs: s.startMs });
    at = Math.max(at, s.endMs);
  }
  if (at < untilMs) out.push({ startMs: at, endMs: untilMs });
  return out;
}

/** Why a range cannot be answered, or null when it can. */
export function coverageRangeProblem(fromMs: number, toMs: number): string | null {
  if (!Number.isFinite(fromMs) || !Number.isFinite(toMs)) return '"from" and "to" must be date-times';
  if (toMs <= fromMs) return '"to" must be later than "from"';
  if (toMs - fromMs > COVERAGE_MAX_RANGE_MS) return 'the range may be at most 31 days';
  return null;
}
