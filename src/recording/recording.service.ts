import { Readable } from 'node:stream';
import type { AccountView } from '../accounts/accounts.service.js';
import type { CameraRunner, CameraStatus, ProbeResult } from '../cameras/camera-runner.js';
import type { CameraSpec } from '../cameras/camera-settings.js';
import type { BlobStore } from '../ports/blob-store.js';
import type { Bus, EventMap, EventName } from '../ports/bus.js';
import type { Clock } from '../ports/clock.js';
import type { ProcessRunner } from '../ports/process-runner.js';
import { AppError } from '../shared/errors.js';
import { newId } from '../shared/tokens.js';
import type { Backoff } from './camera-health.js';
import {
  CameraPipeline,
  segmentPrefix,
  type MotionEndReport,
  type MotionStartReport,
  type PipelineSink,
  type PipelineStats,
  type SegmentReport,
} from './camera-pipeline.js';
import { parseRange, type ByteRange } from './http-range.js';
import { clipWindow, motionActionsAt, offsetInClip, overlaps, planClip } from './recording.policy.js';
import type { EventRow, RecordingRepository, SegmentRow } from './recording.repository.js';
import type { CameraDirectory, Logger, MediaTools, RecordingFiles } from './recording.ports.js';

/** Settings of the recording pipeline, from configuration. */
export interface RecordingOptions {
  ffmpegPath: string;
  segmentSeconds: number;
  /** Network timeout for ffmpeg and ffprobe. */
  timeoutSeconds: number;
  /** Restart a stream that delivers no frame for this long. */
  stallMs: number;
  /** Width of live and alert JPEGs. */
  jpegWidth: number;
  /** Width of the stored event snapshot (cut from the recorded main stream). */
  snapshotWidth: number;
  thumbnailWidth: number;
  /** How long past a clip's window (plus one segment) to wait for the segment that covers it. */
  clipWaitMs: number;
  backoff?: Backoff;
}

/** Defaults for everything but the executables. */
export const DEFAULT_RECORDING_OPTIONS: Omit<RecordingOptions, 'ffmpegPath'> = {
  segmentSeconds: 10,
  timeoutSeconds: 10,
  stallMs: 30_000,
  jpegWidth: 640,
  snapshotWidth: 1280,
  thumbnailWidth: 320,
  clipWaitMs: 15_000,
};

/** What the recording service needs. */
export interface RecordingDeps {
  repo: RecordingRepository;
  blobs: BlobStore;
  files: RecordingFiles;
  media: MediaTools;
  runner: ProcessRunner;
  cameras: CameraDirectory;
  clock: Clock;
  bus: Bus;
  log: Logger;
}

/** An event as the API shows it. */
export interface EventView {
  id: string;
  cameraId: string;
  kind: string;
  startedAt: string;
  endedAt: string | null;
  peakArea: number;
  peakAt: string | null;
  zones: string[];
  alerted: boolean;
  snapshotUrl: string | null;
  thumbnailUrl: string | null;
  clip: {
    status: string;
    url: string | null;
    sha256: string | null;
    sizeBytes: number | null;
    durationMs: number | null;
  };
}

/** Live state of a camera for the status route. */
export interface CameraLiveStatus extends CameraStatus {
  cameraId: string;
  running: boolean;
  latestJpegAt: string | null;
  stats: PipelineStats | null;
}

/** A blob to send, whole or in part. */
export interface BlobResponse {
  stream: Readable;
  /** Size of the whole object. */
  size: number;
  range: ByteRange | null;
  contentType: string;
  sha256: string | null;
}

interface ActiveEvent {
  /** Null when the mode neither records nor alerts: the motion is not an event. */
  eventId: string | null;
  /** The mode records: a clip follows and the pre-roll segments are held. */
  record: boolean;
  startMs: number;
  preRollMs: number;
}

interface PendingClip {
  eventId: string;
  cameraId: string;
  householdId: string;
  window: { fromMs: number; toMs: number };
  peakAtMs: number;
  timer: NodeJS.Timeout | null;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** Whether two specs run the same ffmpeg commands and detector (only then can a running pipeline keep going). */
function sameIngest(a: CameraSpec, b: CameraSpec): boolean {
  const ingest = (s: CameraSpec) =>
    JSON.stringify([
      s.mainUrl,
      s.detectUrl,
      s.settings.motion,
      s.settings.privacyZones,
      s.settings.recording.audio,
    ]);
  return ingest(a) === ingest(b);
}
const parseIso = (s: string) => Date.parse(s);

/**
 * The recording pipeline's use cases (A1, A2, A4, A6): runs one CameraPipeline per enabled camera (it is the
 * cameras domain's CameraRunner), stores what they report (segments, events with snapshots and clips, gaps),
 * publishes it on the bus, and serves events, images, clips and live pictures to the routes.
 */
export class RecordingService implements CameraRunner {
  private readonly pipelines = new Map<string, CameraPipeline>();
  private readonly specs = new Map<string, CameraSpec>();
  private readonly queues = new Map<string, Promise<void>>();
  private readonly active = new Map<string, ActiveEvent>();
  private readonly pending = new Map<string, PendingClip>();
  private readonly openGaps = new Map<string, { id: string; startedAt: string; reason: string }>();
  private readonly lastSegmentEnd = new Map<string, number>();
  private readonly tasks = new Set<Promise<unknown>>();
  /** Snapshots announced with their event and not yet written to the blob store, by key. */
  private readonly unstored = new Map<string, Buffer>();
  private closed = false;

  constructor(
    private readonly deps: RecordingDeps,
    private readonly options: RecordingOptions,
  ) {}

  // ---- CameraRunner: what the cameras domain calls ----

  /** Start a camera's ingest, or restart it with a new spec. */
  async start(spec: CameraSpec): Promise<void> {
    if (this.closed) return;
    const old = this.pipelines.get(spec.id);
    if (old && sameIngest(old.spec, spec)) {
      // A new name, snooze or pre/post-roll changes nothing ffmpeg does: keep recording, without a gap.
      this.specs.set(spec.id, spec);
      return;
    }
    if (old) {
      this.pipelines.delete(spec.id);
      await old.stop();
      await this.drain(spec.id);
    } else {
      await this.deps.repo.closeOpenGaps(spec.id, iso(this.deps.clock.now()));
      this.track(this.resumeAfterRestart(spec));
    }
    this.specs.set(spec.id, spec);
    const pipeline = new CameraPipeline(spec, {
      runner: this.deps.runner,
      media: this.deps.media,
      files: this.deps.files,
      clock: this.deps.clock,
      log: this.deps.log,
      sink: this.sinkFor(spec),
      options: {
        ffmpegPath: this.options.ffmpegPath,
        segmentSeconds: this.options.segmentSeconds,
        timeoutSeconds: this.options.timeoutSeconds,
        stallMs: this.options.stallMs,
        jpegWidth: this.options.jpegWidth,
        ...(this.options.backoff ? { backoff: this.options.backoff } : {}),
      },
    });
    this.pipelines.set(spec.id, pipeline);
    pipeline.start();
  }

  /** Stop a camera's ingest; resolves when its ffmpeg processes have exited and its last clips are built. */
  async stop(cameraId: string): Promise<void> {
    const pipeline = this.pipelines.get(cameraId);
    this.pipelines.delete(cameraId);
    if (pipeline) await pipeline.stop();
    await this.drain(cameraId);
    // No more footage will come: clips still waiting for post-roll are built from what there is.
    await Promise.all(
      [...this.pending.values()].filter((p) => p.cameraId === cameraId).map((p) => this.buildClip(p)),
    );
    this.specs.delete(cameraId);
  }

  /** Current status of a running camera. */
  status(cameraId: string): CameraStatus | undefined {
    return this.pipelines.get(cameraId)?.status();
  }

  /** Counters of a running camera (frames, detector time, lag), for status and benchmarks. */
  statistics(cameraId: string): PipelineStats | undefined {
    return this.pipelines.get(cameraId)?.statistics();
  }

  /** "Test connection": probe a stream URL once and classify the problem. */
  async probe(input: string): Promise<ProbeResult> {
    const r = await this.deps.media.probe(input, this.options.timeoutSeconds);
    return { ok: r.ok, problem: r.problem, message: r.message, video: r.video };
  }

  // ---- lifecycle ----

  /** Start every enabled camera (at boot). */
  async startAll(): Promise<void> {
    for (const spec of await this.deps.cameras.enabledSpecs()) await this.start(spec);
  }

  /** Stop every camera and finish pending work; no ffmpeg is left running. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.pipelines.keys()].map((id) => this.stop(id)));
    await Promise.all([...this.pending.values()].map((p) => this.buildClip(p)));
    while (this.tasks.size > 0) await Promise.allSettled([...this.tasks]);
    // Anything still running (a probe started by a request) must not outlive the process's services.
    this.deps.runner.killAll();
  }

  /** Ids of running cameras, with their retention-relevant settings. */
  runningCameras(): Map<string, { continuous: boolean; preRollMs: number }> {
    const out = new Map<string, { continuous: boolean; preRollMs: number }>();
    for (const [id, spec] of this.specs)
      out.set(id, {
        continuous: spec.settings.recording.continuous,
        preRollMs: spec.settings.recording.preRollSeconds * 1000,
      });
    return out;
  }

  /** Pending clip windows (their segments are held from retention). */
  heldWindows(cameraId: string): { fromMs: number; toMs: number }[] {
    const out = [...this.pending.values()].filter((p) => p.cameraId === cameraId).map((p) => p.window);
    const a = this.active.get(cameraId);
    if (a?.record) out.push({ fromMs: a.startMs - a.preRollMs, toMs: Number.POSITIVE_INFINITY });
    return out;
  }

  // ---- queries for the routes ----

  /** A camera's events overlapping a time range, newest first. */
  async listEvents(
    user: AccountView,
    cameraId: string,
    range: { from?: string; to?: string; limit?: number },
  ): Promise<EventView[]> {
    await this.deps.cameras.authorize(user, cameraId, 'view_recordings');
    const now = this.deps.clock.now();
    const rows = await this.deps.repo.listEvents(
      cameraId,
      range.from ?? iso(now - 24 * 3600_000),
      range.to ?? iso(now + 60_000),
      range.limit ?? 100,
    );
    return rows.map((r) => this.present(r));
  }

  /** One event. */
  async event(user: AccountView, eventId: string): Promise<EventView> {
    return this.present(await this.authorizedEvent(user, eventId));
  }

  /** An event's snapshot or thumbnail JPEG. */
  async eventImage(
    user: AccountView,
    eventId: string,
    which: 'snapshot' | 'thumbnail',
  ): Promise<BlobResponse> {
    const e = await this.authorizedEvent(user, eventId);
    const key = which === 'snapshot' ? e.snapshot_key : e.thumbnail_key;
    if (!key) throw new AppError('ERR_NOT_FOUND', 'This event has no picture yet.');
    return this.blob(key, 'image/jpeg', undefined, null);
  }

  /** An event's clip, whole or the byte range asked for. */
  async eventClip(
    user: AccountView,
    eventId: string,
    rangeHeader: string | undefined,
  ): Promise<BlobResponse> {
    const e = await this.authorizedEvent(user, eventId);
    if (e.clip_status !== 'ready' || !e.clip_key)
      throw new AppError(
        'ERR_NOT_FOUND',
        e.clip_status === 'pending' ? 'The clip is not ready yet.' : 'This event has no clip.',
      );
    return this.blob(e.clip_key, 'video/mp4', rangeHeader, e.clip_sha256);
  }

  /** The newest picture of a camera. */
  async liveJpeg(user: AccountView, cameraId: string): Promise<{ jpeg: Buffer; at: string }> {
    await this.deps.cameras.authorize(user, cameraId, 'view_live');
    const latest = this.pipelines.get(cameraId)?.latestJpeg();
    if (!latest) throw new AppError('ERR_UNAVAILABLE', 'There is no picture from this camera yet.');
    return { jpeg: latest.jpeg, at: iso(latest.atMs) };
  }

  /** The newest picture of a camera without an access check (alert adapters, the pipeline's own use). */
  latestJpeg(cameraId: string): { jpeg: Buffer; atMs: number } | null {
    return this.pipelines.get(cameraId)?.latestJpeg() ?? null;
  }

  /** A camera's live status. */
  async cameraStatus(user: AccountView, cameraId: string): Promise<CameraLiveStatus> {
    await this.deps.cameras.authorize(user, cameraId, 'view_live');
    const p = this.pipelines.get(cameraId);
    const latest = p?.latestJpeg();
    const status: CameraStatus = p?.status() ?? {
      state: 'disabled',
      lastFrameAt: null,
      lastError: null,
      since: iso(this.deps.clock.now()),
    };
    return {
      ...status,
      cameraId,
      running: p !== undefined,
      latestJpegAt: latest ? iso(latest.atMs) : null,
      stats: p?.statistics() ?? null,
    };
  }

  /** Recorded segments and gaps of a camera in a time range (the timeline, A6). */
  async recordings(
    user: AccountView,
    cameraId: string,
    range: { from: string; to: string; limit?: number },
  ): Promise<{
    segments: { id: string; startedAt: string; endedAt: string; durationMs: number; sizeBytes: number }[];
    gaps: { id: string; startedAt: string; endedAt: string | null; reason: string }[];
  }> {
    await this.deps.cameras.authorize(user, cameraId, 'view_recordings');
    const limit = range.limit ?? 1000;
    const [segments, gaps] = await Promise.all([
      this.deps.repo.listSegments(cameraId, range.from, range.to, limit),
      this.deps.repo.listGaps(cameraId, range.from, range.to, limit),
    ]);
    return {
      segments: segments.map((s) => ({
        id: s.id,
        startedAt: s.started_at,
        endedAt: s.ended_at,
        durationMs: s.duration_ms,
        sizeBytes: s.size_bytes,
      })),
      gaps: gaps.map((g) => ({ id: g.id, startedAt: g.started_at, endedAt: g.ended_at, reason: g.reason })),
    };
  }

  private async authorizedEvent(user: AccountView, eventId: string): Promise<EventRow> {
    const e = await this.deps.repo.findEvent(eventId);
    if (!e) throw new AppError('ERR_NOT_FOUND');
    await this.deps.cameras.authorize(user, e.camera_id, 'view_recordings');
    return e;
  }

  private async blob(
    key: string,
    contentType: string,
    rangeHeader: string | undefined,
    sha256: string | null,
  ): Promise<BlobResponse> {
    const pending = this.unstored.get(key);
    if (pending)
      return { stream: Readable.from([pending]), size: pending.length, range: null, contentType, sha256 };
    const info = await this.deps.blobs.stat(key);
    if (!info) throw new AppError('ERR_NOT_FOUND');
    const range = parseRange(rangeHeader, info.size);
    if (range === 'unsatisfiable')
      throw new AppError(
        'ERR_RANGE_NOT_SATISFIABLE',
        undefined,
        { size: info.size },
        {
          'content-range': `bytes */${info.size}`,
        },
      );
    return {
      stream: await this.deps.blobs.get(key, range ?? undefined),
      size: info.size,
      range,
      contentType,
      sha256,
    };
  }

  private present(r: EventRow): EventView {
    let zones: string[] = [];
    try {
      const z: unknown = JSON.parse(r.zones);
      if (Array.isArray(z)) zones = z.filter((x): x is string => typeof x === 'string');
    } catch {
      zones = [];
    }
    const base = `/api/v1/events/${r.id}`;
    return {
      id: r.id,
      cameraId: r.camera_id,
      kind: r.kind,
      startedAt: r.started_at,
      endedAt: r.ended_at,
      peakArea: r.peak_area,
      peakAt: r.peak_at,
      zones,
      alerted: r.alerted === 1,
      snapshotUrl: r.snapshot_key ? `${base}/snapshot` : null,
      thumbnailUrl: r.thumbnail_key ? `${base}/thumbnail` : null,
      clip: {
        status: r.clip_status,
        url: r.clip_status === 'ready' ? `${base}/clip` : null,
        sha256: r.clip_sha256,
        sizeBytes: r.clip_size,
        durationMs: r.clip_duration_ms,
      },
    };
  }

  // ---- what the pipelines report ----

  private sinkFor(spec: CameraSpec): PipelineSink {
    const cameraId = spec.id;
    const householdId = spec.householdId;
    return {
      status: (s) => {
        void this.publish('camera.status', {
          cameraId,
          householdId,
          state: s.state,
          at: s.since,
          error: s.lastError,
        });
      },
      // The latest spec: recording settings may change while the same pipeline runs.
      segment: (seg) => this.enqueue(cameraId, () => this.onSegment(this.specs.get(cameraId) ?? spec, seg)),
      motionStart: (e) =>
        this.enqueue(cameraId, () => this.onMotionStart(this.specs.get(cameraId) ?? spec, e)),
      motionEnd: (e) => this.enqueue(cameraId, () => this.onMotionEnd(this.specs.get(cameraId) ?? spec, e)),
      gapOpened: (startMs, reason) =>
        this.enqueue(cameraId, async () => {
          const gap = { id: newId(), startedAt: iso(startMs), reason };
          if (
            !(await this.deps.repo.openGap({
              id: gap.id,
              camera_id: cameraId,
              started_at: gap.startedAt,
              reason,
            }))
          )
            return;
          this.openGaps.set(cameraId, gap);
          await this.publish('camera.gap', {
            gapId: gap.id,
            cameraId,
            startedAt: gap.startedAt,
            endedAt: null,
            reason,
          });
        }),
      gapClosed: (endMs) =>
        this.enqueue(cameraId, async () => {
          const gap = this.openGaps.get(cameraId);
          if (!gap) return;
          this.openGaps.delete(cameraId);
          await this.deps.repo.closeGap(gap.id, iso(endMs));
          await this.publish('camera.gap', {
            gapId: gap.id,
            cameraId,
            startedAt: gap.startedAt,
            endedAt: iso(endMs),
            reason: gap.reason,
          });
        }),
      runEnded: () => {},
    };
  }

  /**
   * Work on one camera's reports runs in order (an event's end after its start); a failure is logged and the
   * queue goes on. Slow work (clip assembly, thumbnails) runs beside the queue so an alert never waits for it.
   */
  private enqueue(cameraId: string, work: () => Promise<void>): void {
    const prev = this.queues.get(cameraId) ?? Promise.resolve();
    const next = prev.then(work).catch((e: unknown) => {
      this.deps.log.error({ err: e, cameraId }, 'recording: storing a camera report failed');
    });
    this.queues.set(cameraId, next);
    this.track(next);
  }

  private async drain(cameraId: string): Promise<void> {
    let q = this.queues.get(cameraId);
    while (q) {
      await q;
      const again = this.queues.get(cameraId);
      if (again === q) break;
      q = again;
    }
  }

  private track<T>(p: Promise<T>): void {
    const tracked = p.catch((e: unknown) =>
      this.deps.log.error({ err: e }, 'recording: background work failed'),
    );
    this.tasks.add(tracked);
    void tracked.finally(() => this.tasks.delete(tracked));
  }

  /**
   * Hand an event to the bus without waiting for its subscribers: a slow consumer (alert delivery, push) must not
   * hold up this camera's next report. close() still waits for every delivery.
   */
  private async publish<K extends EventName>(name: K, payload: EventMap[K]): Promise<void> {
    this.track(
      Promise.resolve()
        .then(() => this.deps.bus.publish(name, payload))
        .catch((e: unknown) =>
          this.deps.log.error({ err: e, event: name }, 'recording: publishing an event failed'),
        ),
    );
  }

  private async onSegment(spec: CameraSpec, seg: SegmentReport): Promise<void> {
    const cameraId = spec.id;
    const kept = this.heldWindows(cameraId).some((w) => overlaps(seg, w));
    const row: SegmentRow = {
      id: newId(),
      camera_id: cameraId,
      started_at: iso(seg.startMs),
      ended_at: iso(seg.endMs),
      duration_ms: Math.max(0, Math.round(seg.endMs - seg.startMs)),
      blob_key: seg.key,
      size_bytes: seg.sizeBytes,
      kept_for_event: kept ? 1 : 0,
      created_at: iso(this.deps.clock.now()),
    };
    await this.deps.repo.insertSegment(row);
    this.lastSegmentEnd.set(cameraId, Math.max(seg.endMs, this.lastSegmentEnd.get(cameraId) ?? 0));
    await this.publish('recording.segment', {
      segmentId: row.id,
      cameraId,
      startedAt: row.started_at,
      endedAt: row.ended_at,
      sizeBytes: seg.sizeBytes,
    });
    for (const p of [...this.pending.values()])
      if (p.cameraId === cameraId && p.window.toMs <= seg.endMs) this.track(this.buildClip(p));
  }

  private async onMotionStart(spec: CameraSpec, e: MotionStartReport): Promise<void> {
    const cameraId = spec.id;
    const facts = await this.deps.repo.modeFacts(cameraId);
    const decision = facts ? motionActionsAt(facts, e.startMs) : { record: true, alert: true };
    const preRollMs = spec.settings.recording.preRollSeconds * 1000;
    if (!decision.record && !decision.alert) {
      // Disarmed: the motion is not an event; its end is ignored too.
      this.active.set(cameraId, { eventId: null, record: false, startMs: e.startMs, preRollMs });
      return;
    }
    const eventId = newId();
    const now = iso(this.deps.clock.now());
    // The alert goes out right after the event row is committed: its snapshot is served from memory until the
    // file is written, and the pre-roll hold is recorded after, so neither delays the alert.
    const snapshotKey = e.jpeg ? `events/${cameraId}/${eventId}/snapshot.jpg` : null;
    await this.deps.repo.insertEvent({
      id: eventId,
      camera_id: cameraId,
      household_id: spec.householdId,
      kind: 'motion',
      started_at: iso(e.startMs),
      ended_at: null,
      peak_area: e.area,
      peak_at: iso(e.startMs),
      zones: JSON.stringify(e.zones),
      alerted: decision.alert ? 1 : 0,
      snapshot_key: snapshotKey,
      thumbnail_key: null,
      clip_status: decision.record ? 'pending' : 'none',
      clip_key: null,
      clip_sha256: null,
      clip_size: null,
      clip_duration_ms: null,
      created_at: now,
      updated_at: now,
    });
    this.active.set(cameraId, { eventId, record: decision.record, startMs: e.startMs, preRollMs });
    if (snapshotKey && e.jpeg) this.unstored.set(snapshotKey, e.jpeg);
    await this.publish('motion.started', {
      eventId,
      cameraId,
      householdId: spec.householdId,
      at: iso(e.startMs),
      zones: e.zones,
      alert: decision.alert,
      detectedAtMs: e.detectedAtMs,
    });
    // The event needs the segments of its pre-roll: hold them.
    if (decision.record) await this.deps.repo.markKept(cameraId, iso(e.startMs - preRollMs), null);
    if (snapshotKey && e.jpeg) {
      try {
        await this.deps.blobs.put(snapshotKey, e.jpeg);
      } finally {
        this.unstored.delete(snapshotKey);
      }
      await this.publish('event.snapshot.ready', { eventId, cameraId, householdId: spec.householdId });
    }
  }

  private async onMotionEnd(spec: CameraSpec, e: MotionEndReport): Promise<void> {
    const cameraId = spec.id;
    const active = this.active.get(cameraId);
    this.active.delete(cameraId);
    const eventId = active?.eventId;
    if (!eventId) return;
    await this.deps.repo.updateEvent(eventId, {
      ended_at: iso(e.endMs),
      peak_area: e.peakArea,
      peak_at: iso(e.peakAtMs),
      zones: JSON.stringify(e.zones),
      updated_at: iso(this.deps.clock.now()),
    });
    await this.publish('motion.ended', {
      eventId,
      cameraId,
      householdId: spec.householdId,
      at: iso(e.endMs),
      peakArea: e.peakArea,
    });
    if (e.peakJpeg) this.track(this.storeImages(spec, eventId, e.peakJpeg));
    if (!active.record) return;
    const window = clipWindow(
      e.startMs,
      e.endMs,
      spec.settings.recording.preRollSeconds,
      spec.settings.recording.postRollSeconds,
    );
    const pending: PendingClip = {
      eventId,
      cameraId,
      householdId: spec.householdId,
      window,
      peakAtMs: e.peakAtMs,
      timer: null,
    };
    this.pending.set(eventId, pending);
    // Normally the segment covering the post-roll triggers the clip; if it never comes (camera gone), a timer does.
    const waitMs =
      window.toMs - this.deps.clock.now() + this.options.segmentSeconds * 1000 + this.options.clipWaitMs;
    pending.timer = setTimeout(() => this.track(this.buildClip(pending)), Math.max(0, waitMs));
    pending.timer.unref();
    if ((this.lastSegmentEnd.get(cameraId) ?? 0) >= window.toMs) this.track(this.buildClip(pending));
  }

  /** The peak frame as the event's snapshot, and a thumbnail of it. */
  private async storeImages(spec: CameraSpec, eventId: string, jpeg: Buffer): Promise<void> {
    const base = `events/${spec.id}/${eventId}`;
    const thumb = await this.deps.media.thumbnail(jpeg, this.options.thumbnailWidth);
    await this.deps.blobs.put(`${base}/snapshot.jpg`, jpeg);
    if (thumb) await this.deps.blobs.put(`${base}/thumbnail.jpg`, thumb);
    const row = await this.deps.repo.findEvent(eventId);
    // The clip may have replaced these with main-stream frames already; never overwrite those.
    if (!row || row.clip_status === 'ready') return;
    await this.deps.repo.updateEvent(eventId, {
      snapshot_key: `${base}/snapshot.jpg`,
      thumbnail_key: thumb ? `${base}/thumbnail.jpg` : row.thumbnail_key,
    });
    await this.publish('event.snapshot.ready', { eventId, cameraId: spec.id, householdId: spec.householdId });
  }

  /** Assemble a pending clip from stored segments, store it with its hash, and cut the peak snapshot from it. */
  private async buildClip(p: PendingClip): Promise<void> {
    if (this.pending.get(p.eventId) !== p) return;
    this.pending.delete(p.eventId);
    if (p.timer) clearTimeout(p.timer);
    const { repo, media, files, blobs, log } = this.deps;
    // Reports queued before this point (the covering segment, the event end) are stored first.
    await this.drain(p.cameraId);
    const segments = await repo.segmentsOverlapping(p.cameraId, iso(p.window.fromMs), iso(p.window.toMs));
    const spans = segments.map((s) => ({
      id: s.id,
      key: s.blob_key,
      startMs: parseIso(s.started_at),
      endMs: parseIso(s.ended_at),
    }));
    const release = async () => {
      const others = [...this.pending.values()].filter((o) => o.cameraId === p.cameraId).map((o) => o.window);
      const a = this.active.get(p.cameraId);
      if (a?.record) others.push({ fromMs: a.startMs - a.preRollMs, toMs: Number.POSITIVE_INFINITY });
      await repo.releaseKept(spans.filter((s) => !others.some((w) => overlaps(s, w))).map((s) => s.id));
    };
    try {
      const first = spans[0];
      const keyframes =
        first && p.window.fromMs > first.startMs ? await media.keyframes(files.pathOf(first.key)) : undefined;
      const plan = planClip(spans, p.window, keyframes);
      if (!plan) {
        await repo.updateEvent(p.eventId, { clip_status: 'failed', updated_at: iso(this.deps.clock.now()) });
        log.warn({ eventId: p.eventId, cameraId: p.cameraId }, 'no recorded footage for an event clip');
        return;
      }
      const codec = this.pipelines.get(p.cameraId)?.recordedCodec() ?? 'h264';
      const clip = await media.assembleClip(
        plan.entries.map((e) => ({
          path: files.pathOf(e.segment.key),
          ...(e.inpoint !== undefined ? { inpoint: e.inpoint } : {}),
          ...(e.outpoint !== undefined ? { outpoint: e.outpoint } : {}),
        })),
        codec,
      );
      try {
        const base = `events/${p.cameraId}/${p.eventId}`;
        const stored = await blobs.put(`${base}/clip.mp4`, clip.open());
        const patch: Partial<EventRow> = {
          clip_status: 'ready',
          clip_key: stored.key,
          clip_sha256: clip.sha256,
          clip_size: stored.size,
          clip_duration_ms: clip.durationMs,
          updated_at: iso(this.deps.clock.now()),
        };
        // The snapshot from the recorded main stream at the peak: sharper than the detect stream's JPEG.
        const snapshot = await media.frameJpeg(
          clip.path,
          offsetInClip(plan, p.peakAtMs),
          this.options.snapshotWidth,
        );
        if (snapshot) {
          const thumb = await media.thumbnail(snapshot, this.options.thumbnailWidth);
          await blobs.put(`${base}/snapshot.jpg`, snapshot);
          patch.snapshot_key = `${base}/snapshot.jpg`;
          if (thumb) {
            await blobs.put(`${base}/thumbnail.jpg`, thumb);
            patch.thumbnail_key = `${base}/thumbnail.jpg`;
          }
        }
        await repo.updateEvent(p.eventId, patch);
        log.info(
          { eventId: p.eventId, cameraId: p.cameraId, bytes: stored.size, segments: plan.entries.length },
          'event clip stored',
        );
        await this.publish('event.clip.ready', {
          eventId: p.eventId,
          cameraId: p.cameraId,
          householdId: p.householdId,
          sha256: clip.sha256,
        });
      } finally {
        await clip.dispose();
      }
    } catch (e) {
      log.error({ err: e, eventId: p.eventId, cameraId: p.cameraId }, 'building an event clip failed');
      await repo.updateEvent(p.eventId, { clip_status: 'failed', updated_at: iso(this.deps.clock.now()) });
    } finally {
      await release();
    }
  }

  /**
   * After the hub restarts: segment files no row knows of (ffmpeg was killed with the hub) are indexed, and clips
   * of events that were waiting are built from what was recorded.
   */
  private async resumeAfterRestart(spec: CameraSpec): Promise<void> {
    const { repo, files, media } = this.deps;
    const known = await repo.segmentKeys(spec.id);
    for (const f of await files.list(segmentPrefix(spec.id))) {
      if (known.has(f.key) || f.size === 0) continue;
      // A file being written by the pipeline that just started is not a stray.
      if (this.deps.clock.now() - f.mtimeMs < this.options.segmentSeconds * 3000) continue;
      const seconds = await media.duration(files.pathOf(f.key));
      if (seconds === null) continue;
      await this.onSegment(spec, {
        key: f.key,
        startMs: f.mtimeMs - seconds * 1000,
        endMs: f.mtimeMs,
        sizeBytes: f.size,
      });
    }
    for (const e of await repo.pendingEvents(spec.id)) {
      if (this.pending.has(e.id)) continue;
      const startMs = parseIso(e.started_at);
      const endMs = e.ended_at ? parseIso(e.ended_at) : startMs;
      if (!e.ended_at)
        await repo.updateEvent(e.id, { ended_at: iso(endMs), updated_at: iso(this.deps.clock.now()) });
      const p: PendingClip = {
        eventId: e.id,
        cameraId: spec.id,
        householdId: spec.householdId,
        window: clipWindow(
          startMs,
          endMs,
          spec.settings.recording.preRollSeconds,
          spec.settings.recording.postRollSeconds,
        ),
        peakAtMs: e.peak_at ? parseIso(e.peak_at) : startMs,
        timer: null,
      };
      this.pending.set(e.id, p);
      await this.buildClip(p);
    }
  }
}
