import type { AccountView } from '../accounts/accounts.service.js';
import type { Clock } from '../ports/clock.js';
import { AppError } from '../shared/errors.js';
import {
  COVERAGE_MAX_INTERVALS,
  COVERAGE_TOLERANCE_MS,
  CoverageMerger,
  coverageRangeProblem,
  uncovered,
} from './coverage.policy.js';
import type { RecordingRepository } from './recording.repository.js';
import type { CameraDirectory } from './recording.ports.js';

/** Rows read per page while merging. */
const PAGE = 2_000;

const iso = (ms: number) => new Date(ms).toISOString();

/** Where a camera has continuous recording in a range, as the timeline draws it. */
export interface CoverageView {
  cameraId: string;
  from: string;
  to: string;
  /** Covered intervals, oldest first, clipped to the range. */
  intervals: { startedAt: string; endedAt: string }[];
  /** Stretches of the range, up to now, without any segment. */
  gaps: { startedAt: string; endedAt: string }[];
  /** Total covered time. */
  coveredMs: number;
  /** Segments closer than this were drawn as one interval (grows when the answer would be too long). */
  toleranceMs: number;
  /** Segments found in the range. */
  segments: number;
}

/** Continuous-recording coverage (A6), read-only over stored segments; the same access as recordings. */
export class CoverageService {
  constructor(
    private readonly repo: RecordingRepository,
    private readonly cameras: CameraDirectory,
    private readonly clock: Clock,
    private readonly options: { toleranceMs?: number; maxIntervals?: number } = {},
  ) {}

  /** A camera's covered intervals and gaps in [from, to). */
  async coverage(
    user: AccountView,
    cameraId: string,
    range: { from: string; to: string },
  ): Promise<CoverageView> {
    await this.cameras.authorize(user, cameraId, 'view_recordings');
    const fromMs = Date.parse(range.from);
    const toMs = Date.parse(range.to);
    const problem = coverageRangeProblem(fromMs, toMs);
    if (problem)
      throw new AppError('ERR_VALIDATION', `The range cannot be used: ${problem}.`, [
        { in: 'querystring', path: '/to', problem },
      ]);
    const fromIso = iso(fromMs);
    const toIso = iso(toMs);
    const merger = new CoverageMerger(
      fromMs,
      toMs,
      this.options.toleranceMs ?? COVERAGE_TOLERANCE_MS,
      this.options.maxIntervals ?? COVERAGE_MAX_INTERVALS,
    );
    let after: { startedAt: string; id: string } | null = null;
    for (;;) {
      const rows = await this.repo.segmentSpansPage(cameraId, fromIso, toIso, after, PAGE);
      for (const r of rows) merger.add(Date.parse(r.started_at), Date.parse(r.ended_at));
      if (rows.length < PAGE) break;
      const last = rows[rows.length - 1]!;
      after = { startedAt: last.started_at, id: last.id };
    }
    const { intervals, toleranceMs, segments } = merger.result();
    const until = Math.min(toMs, this.clock.now());
    return {
      cameraId,
      from: fromIso,
      to: toIso,
      intervals: intervals.map((s) => ({ startedAt: iso(s.startMs), endedAt: iso(s.endMs) })),
      gaps: uncovered(intervals, fromMs, until).map((s) => ({
        startedAt: iso(s.startMs),
        endedAt: iso(s.endMs),
      })),
      coveredMs: intervals.reduce((n, s) => n + (s.endMs - s.startMs), 0),
      toleranceMs,
      segments,
    };
  }
}
