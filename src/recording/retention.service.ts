import type { BlobStore } from '../ports/blob-store.js';
import type { Bus } from '../ports/bus.js';
import type { Clock } from '../ports/clock.js';
import type { EventRow, RecordingRepository, SegmentRow } from './recording.repository.js';
import type { Logger, RecordingFiles } from './recording.ports.js';
import {
  decideRetention,
  EVENT_ONLY_GRACE_MS,
  type CameraFact,
  type PurgeReason,
  type RetentionDecision,
  type RetentionSettings,
} from './retention.policy.js';

/** What one pass did. */
export interface PurgeReport {
  segments: number;
  clips: number;
  bytes: number;
  byReason: Record<PurgeReason, number>;
  freeBytesAfter: number | null;
  shortBytes: number;
}

/** Where retention learns which cameras run and which segments unfinished clips still need. */
export interface RetentionSource {
  runningCameras(): Map<string, CameraFact>;
  heldWindows(cameraId: string): { fromMs: number; toMs: number }[];
}

const DAY_MS = 24 * 3600_000;

/** A purge that deleted nothing yet. */
function emptyReport(): PurgeReport {
  return {
    segments: 0,
    clips: 0,
    bytes: 0,
    byReason: { age: 0, 'not-continuous': 0, disk: 0, 'camera-removed': 0 },
    freeBytesAfter: null,
    shortBytes: 0,
  };
}
// One pass looks at this many candidates per query; a backlog is worked off over several passes.
const BATCH = 5000;

/**
 * Retention (A4): gathers the facts, lets the pure policy decide, deletes the blobs and rows, and logs every
 * deletion (debug, one line each) and every pass that deleted anything (info, with counts per reason). Totals
 * since start are kept for metrics.
 */
export class RetentionService {
  private readonly totals: PurgeReport = emptyReport();

  constructor(
    private readonly repo: RecordingRepository,
    private readonly blobs: BlobStore,
    private readonly files: RecordingFiles,
    private readonly source: RetentionSource,
    private readonly clock: Clock,
    private readonly bus: Bus,
    private readonly log: Logger,
    private readonly settings: RetentionSettings,
  ) {}

  /** Totals since start. */
  stats(): PurgeReport {
    return { ...this.totals, byReason: { ...this.totals.byReason } };
  }

  private inFlight: Promise<PurgeReport> | null = null;
  /** Passes and camera purges run one at a time: both delete rows and files the other may have listed. */
  private queue: Promise<unknown> = Promise.resolve();

  private serially<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** One retention pass; a call while one is queued or runs (the schedule and a manual call) joins it. */
  run(): Promise<PurgeReport> {
    this.inFlight ??= this.serially(() => this.pass()).finally(() => {
      this.inFlight = null;
    });
    return this.inFlight;
  }

  /**
   * Delete every segment, event clip, snapshot and thumbnail of a removed camera at once (its ingest has
   * stopped), in batches, and log it like any purge. Called on `camera.removed`; safe to call again.
   */
  purgeCamera(cameraId: string): Promise<PurgeReport> {
    return this.serially(async () => {
      const report = emptyReport();
      for (;;) {
        const segments = await this.repo.cameraSegments(cameraId, BATCH);
        for (const s of segments) {
          await this.blobs.delete(s.blob_key);
          report.bytes += s.size_bytes;
        }
        await this.repo.deleteSegments(segments.map((s) => s.id));
        report.segments += segments.length;
        if (segments.length < BATCH) break;
      }
      for (;;) {
        const events = await this.repo.cameraEvents(cameraId, BATCH);
        for (const e of events) {
          await this.deleteEventFiles(e);
          report.bytes += e.clip_size ?? 0;
        }
        await this.repo.deleteEvents(events.map((e) => e.id));
        report.clips += events.length;
        if (events.length < BATCH) break;
      }
      report.byReason['camera-removed'] = report.segments + report.clips;
      this.log.info({ ...report, cameraId }, 'purged the footage of a removed camera');
      await this.count(report);
      return report;
    });
  }

  /** An event's clip, snapshot and thumbnail. */
  private async deleteEventFiles(e: EventRow): Promise<void> {
    for (const key of [e.clip_key, e.snapshot_key, e.thumbnail_key]) if (key) await this.blobs.delete(key);
  }

  /** Add a purge to the totals since start and publish it when it deleted anything. */
  private async count(report: PurgeReport): Promise<void> {
    this.totals.segments += report.segments;
    this.totals.clips += report.clips;
    this.totals.bytes += report.bytes;
    for (const r of Object.keys(report.byReason) as PurgeReason[])
      this.totals.byReason[r] += report.byReason[r];
    if (report.segments + report.clips > 0)
      await this.bus.publish('recording.purged', {
        segments: report.segments,
        clips: report.clips,
        bytes: report.bytes,
        byReason: report.byReason,
      });
  }

  private async pass(): Promise<PurgeReport> {
    const now = this.clock.now();
    const iso = (ms: number) => new Date(ms).toISOString();
    const cameras = this.source.runningCameras();
    const freeBytes = await this.files.freeBytes();
    const shortOfDisk = freeBytes !== null && freeBytes < this.settings.minFreeBytes;

    const segments = new Map<string, SegmentRow>();
    const add = (rows: SegmentRow[]) => rows.forEach((r) => segments.set(r.id, r));
    add(await this.repo.segmentsEndedBefore(iso(now - this.settings.continuousDays * DAY_MS), BATCH, false));
    add(await this.repo.segmentsEndedBefore(iso(now - this.settings.eventDays * DAY_MS), BATCH, true));
    for (const [id, c] of cameras)
      if (!c.continuous)
        add(
          await this.repo.segmentsEndedBefore(iso(now - c.preRollMs - EVENT_ONLY_GRACE_MS), BATCH, false, id),
        );
    if (shortOfDisk) add(await this.repo.oldestSegments(BATCH));
    const events = new Map(
      (await this.repo.eventsEndedBefore(iso(now - this.settings.eventDays * DAY_MS), BATCH)).map((e) => [
        e.id,
        e,
      ]),
    );
    if (shortOfDisk) for (const e of await this.repo.oldestClips(BATCH)) events.set(e.id, e);

    // Holds in memory are fresher than the column: a segment written this second may belong to an event's pre-roll.
    const held = (s: SegmentRow) => {
      const span = { startMs: Date.parse(s.started_at), endMs: Date.parse(s.ended_at) };
      return this.source.heldWindows(s.camera_id).some((w) => span.endMs > w.fromMs && span.startMs < w.toMs);
    };
    const decision: RetentionDecision = decideRetention({
      nowMs: now,
      settings: this.settings,
      freeBytes,
      segments: [...segments.values()].map((s) => ({
        id: s.id,
        cameraId: s.camera_id,
        endMs: Date.parse(s.ended_at),
        sizeBytes: s.size_bytes,
        keptForEvent: s.kept_for_event === 1 || held(s),
      })),
      clips: [...events.values()].map((e) => ({
        eventId: e.id,
        cameraId: e.camera_id,
        endMs: Date.parse(e.ended_at ?? e.started_at),
        sizeBytes: e.clip_size ?? 0,
      })),
      cameras,
    });

    const report: PurgeReport = {
      ...emptyReport(),
      freeBytesAfter: decision.freeBytesAfter,
      shortBytes: decision.shortBytes,
    };
    const segmentIds: string[] = [];
    const eventIds: string[] = [];
    for (const d of decision.deletions) {
      if (d.kind === 'segment') {
        const s = segments.get(d.id)!;
        await this.blobs.delete(s.blob_key);
        segmentIds.push(d.id);
        report.segments++;
      } else {
        await this.deleteEventFiles(events.get(d.id)!);
        eventIds.push(d.id);
        report.clips++;
      }
      report.bytes += d.bytes;
      report.byReason[d.reason]++;
      this.log.debug(
        { kind: d.kind, id: d.id, cameraId: d.cameraId, bytes: d.bytes, reason: d.reason },
        'purged',
      );
    }
    await this.repo.deleteSegments(segmentIds);
    await this.repo.deleteEvents(eventIds);

    this.totals.freeBytesAfter = report.freeBytesAfter;
    this.totals.shortBytes = report.shortBytes;
    if (report.segments + report.clips > 0)
      this.log.info({ ...report, freeBytesBefore: freeBytes }, 'retention purged footage');
    await this.count(report);
    if (report.shortBytes > 0)
      this.log.warn(
        { shortBytes: report.shortBytes, minFreeBytes: this.settings.minFreeBytes },
        'disk still below the free-space threshold after purging',
      );
    return report;
  }
}
