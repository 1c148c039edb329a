// One camera's ingest (A1, A2, A4): ffmpeg records the main stream into segments without re-encoding and decodes
// the detect stream to small grey frames and JPEGs; frames go through the motion detector and the event tracker;
// finished segments, motion events and state changes go to a sink (the recording service stores and publishes
// them). A process that exits or stalls is restarted with backoff, and every outage is reported as a gap. The
// pipeline starts processes only through the ProcessRunner port and touches no files itself.

import type { CameraStatus } from '../cameras/camera-runner.js';
import type { CameraSpec } from '../cameras/camera-settings.js';
import { detectSizeFor, type FrameSize } from '../motion/ffmpeg-frames.js';
import { MotionDetector, SENSITIVITY_PRESETS } from '../motion/motion-detector.js';
import { MotionEventTracker, type MotionEvent } from '../motion/motion-events.js';
import type { Clock } from '../ports/clock.js';
import type { ManagedProcess, ProcessRunner } from '../ports/process-runner.js';
import { failuresAfterRun, restartDelayMs, stateWhileDown, RESTART_BACKOFF } from './camera-health.js';
import { ingestCommands, JPEG_FD, SEGMENT_LIST_FD, type IngestPlan } from './ffmpeg-args.js';
import { privacyRects } from './privacy.js';
import { describeFailure } from './probe.js';
import type { Logger, MediaTools, RecordingFiles } from './recording.ports.js';
import {
  FrameAssembler,
  JpegSplitter,
  LineSplitter,
  parseSegmentListLine,
  WallAnchor,
} from './stream-parsers.js';

/** A finished segment, with wall-clock times. */
export interface SegmentReport {
  key: string;
  startMs: number;
  endMs: number;
  sizeBytes: number;
}

/** Motion passed hysteresis. */
export interface MotionStartReport {
  /** Wall time of the first moving frame. */
  startMs: number;
  /** Wall time at which the confirming frame reached the detector (alert latency is measured from here). */
  detectedAtMs: number;
  area: number;
  zones: string[];
  /** JPEG of the confirming frame (privacy zones already black), if one arrived. */
  jpeg: Buffer | null;
}

/** Motion ended (or the stream stopped during an event). */
export interface MotionEndReport {
  startMs: number;
  endMs: number;
  peakArea: number;
  peakAtMs: number;
  zones: string[];
  peakJpeg: Buffer | null;
}

/** Where the pipeline reports to; calls are in order and must not throw. */
export interface PipelineSink {
  status(status: CameraStatus): void;
  segment(segment: SegmentReport): void;
  motionStart(event: MotionStartReport): void;
  motionEnd(event: MotionEndReport): void;
  /** The stream was lost at `startMs`; a gap is open. */
  gapOpened(startMs: number, reason: string): void;
  /** Frames flow again from `endMs`; the open gap closes. */
  gapClosed(endMs: number): void;
  /** Every segment of a run that ended has been reported (pending clips may now be built). */
  runEnded(): void;
}

/** Settings of the pipeline that come from configuration. */
export interface PipelineOptions {
  ffmpegPath: string;
  segmentSeconds: number;
  /** Network timeout given to ffmpeg and ffprobe. */
  timeoutSeconds: number;
  /** Restart a run whose frames stop for this long (ffmpeg's own timeout normally ends it first). */
  stallMs: number;
  /** Width of live/alert JPEGs (never upscaled). */
  jpegWidth: number;
  /** Restart backoff (tests shorten it). */
  backoff?: { initialMs: number; maxMs: number };
}

/** Figures for the status route and the benchmark. */
export interface PipelineStats {
  runs: number;
  frames: number;
  /** How far the newest frame trails real time. */
  lagMs: number;
  /** CPU time of this process while the motion detector ran, in ms. */
  detectMs: number;
  segments: number;
}

/** What the pipeline needs. */
export interface PipelineDeps {
  runner: ProcessRunner;
  media: MediaTools;
  files: RecordingFiles;
  clock: Clock;
  log: Logger;
  sink: PipelineSink;
  options: PipelineOptions;
}

interface Run {
  id: string;
  procs: ManagedProcess[];
  startedAt: number;
  firstFrameAt: number | null;
  lastFrameAt: number | null;
  lastFrameWall: number | null;
  reportedFiles: Set<string>;
  stalled: boolean;
  frameAnchor: WallAnchor;
  segmentAnchor: WallAnchor;
}

/** The segment folder of a camera. */
export function segmentPrefix(cameraId: string): string {
  return `segments/${cameraId}/`;
}

function even(v: number): number {
  return Math.max(8, 2 * Math.round(v / 2));
}

/** A camera's ingest; start() once, stop() to end it. */
export class CameraPipeline {
  private stopped = true;
  private loopDone: Promise<void> = Promise.resolve();
  private run: Run | null = null;
  private wake: (() => void) | null = null;
  private probing: AbortController | null = null;
  private failures = 0;
  private downSince: number | null = null;
  private gapOpen = false;
  private state: CameraStatus;
  private latest: { jpeg: Buffer; atMs: number } | null = null;
  private mainInfo: { size: FrameSize; codec: string } | null = null;
  private detectInfo: { size: FrameSize } | null = null;
  private readonly stats: PipelineStats = { runs: 0, frames: 0, lagMs: 0, detectMs: 0, segments: 0 };

  constructor(
    readonly spec: CameraSpec,
    private readonly deps: PipelineDeps,
  ) {
    this.state = { state: 'starting', lastFrameAt: null, lastError: null, since: this.iso(deps.clock.now()) };
  }

  private iso(ms: number): string {
    return new Date(ms).toISOString();
  }

  /** Current status. */
  status(): CameraStatus {
    return { ...this.state };
  }

  /** Counters since start. */
  statistics(): PipelineStats {
    return { ...this.stats };
  }

  /** Codec of the recorded stream (h264 after re-encoding), once known. */
  recordedCodec(): string | null {
    if (!this.mainInfo) return null;
    return this.transcodes(this.mainInfo.codec) ? 'h264' : this.mainInfo.codec;
  }

  /** The newest JPEG of the live picture, if any. */
  latestJpeg(): { jpeg: Buffer; atMs: number } | null {
    return this.latest;
  }

  /** Begin ingesting; returns at once. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.loopDone = this.loop().catch((e: unknown) => {
      this.deps.log.error({ err: e, cameraId: this.spec.id }, 'camera pipeline failed');
    });
  }

  /** Stop: ffmpeg is asked to finish (the segment being written is completed), then killed if it does not. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    this.probing?.abort();
    const run = this.run;
    if (run) await Promise.all(run.procs.map((p) => p.stop(5000)));
    await this.loopDone;
  }

  private setState(state: CameraStatus['state'], lastError: string | null = this.state.lastError): void {
    if (state === this.state.state && lastError === this.state.lastError) return;
    const changed = state !== this.state.state;
    this.state = {
      state,
      lastFrameAt: this.state.lastFrameAt,
      lastError,
      since: changed ? this.iso(this.deps.clock.now()) : this.state.since,
    };
    this.deps.sink.status(this.status());
  }

  private transcodes(codec: string): boolean {
    return this.spec.settings.privacyZones.length > 0 || codec === 'mjpeg';
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      const upForMs = await this.runOnce();
      if (this.stopped) break;
      this.failures = failuresAfterRun(this.failures, upForMs);
      const now = this.deps.clock.now();
      this.downSince ??= now;
      this.setState(stateWhileDown(this.downSince, now));
      const delay = restartDelayMs(this.failures, this.deps.options.backoff ?? RESTART_BACKOFF);
      this.deps.log.info(
        { cameraId: this.spec.id, delayMs: delay, failures: this.failures, lastError: this.state.lastError },
        'camera stream down; restarting',
      );
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delay);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = null;
      if (this.downSince !== null) {
        // Reconnecting turns into offline while we wait, without a frame to trigger it.
        this.setState(stateWhileDown(this.downSince, this.deps.clock.now()));
      }
    }
  }

  /** Probe, spawn, consume until the processes exit; returns how long frames flowed (null if never). */
  private async runOnce(): Promise<number | null> {
    const { options, log } = this.deps;
    const spec = this.spec;
    const runStart = this.deps.clock.now();
    const probing = new AbortController();
    this.probing = probing;
    try {
      if (!this.mainInfo) {
        const p = await this.deps.media.probe(spec.mainUrl, options.timeoutSeconds, probing.signal);
        if (!p.ok || !p.video) return this.failedBeforeFrames(runStart, p.message);
        this.mainInfo = { size: { width: p.video.width, height: p.video.height }, codec: p.video.codec };
      }
      if (spec.detectUrl && !this.detectInfo) {
        const p = await this.deps.media.probe(spec.detectUrl, options.timeoutSeconds, probing.signal);
        if (!p.ok || !p.video) return this.failedBeforeFrames(runStart, `Detect stream: ${p.message}`);
        this.detectInfo = { size: { width: p.video.width, height: p.video.height } };
      }
    } catch (e) {
      return this.failedBeforeFrames(runStart, (e as Error).message);
    } finally {
      this.probing = null;
    }
    if (this.stopped) return null;

    const source = this.detectInfo?.size ?? this.mainInfo.size;
    const detectSize = detectSizeFor(source, spec.settings.motion.detectWidth);
    const jpegWidth = even(Math.min(options.jpegWidth, source.width));
    const jpegSize = { width: jpegWidth, height: even((source.height * jpegWidth) / source.width) };
    const runId = String(this.deps.clock.now());
    const prefix = segmentPrefix(spec.id);
    try {
      await this.deps.files.ensureDir(prefix);
    } catch (e) {
      return this.failedBeforeFrames(
        runStart,
        `The recordings folder cannot be written: ${(e as Error).message}`,
      );
    }
    const plan: IngestPlan = {
      mainUrl: spec.mainUrl,
      detectUrl: spec.detectUrl && spec.detectUrl !== spec.mainUrl ? spec.detectUrl : null,
      segmentSeconds: options.segmentSeconds,
      // The sequence placeholder is not a valid key character, so it is appended to the folder's path.
      segmentPattern: `${this.deps.files.pathOf(prefix)}${runId}-%06d.ts`,
      transcode: this.transcodes(this.mainInfo.codec),
      privacy: privacyRects(spec.settings.privacyZones),
      audio: spec.settings.recording.audio,
      detectFps: spec.settings.motion.detectFps,
      detectSize,
      jpegSize,
      jpegQuality: 5,
      timeoutSeconds: options.timeoutSeconds,
    };
    let commands: ReturnType<typeof ingestCommands>;
    let detector: MotionDetector;
    try {
      commands = ingestCommands(plan);
      detector = new MotionDetector({
        width: detectSize.width,
        height: detectSize.height,
        sensitivity: SENSITIVITY_PRESETS[spec.settings.motion.sensitivity],
        zones: spec.settings.motion.zones.map((z) => ({ name: z.name, points: z.points })),
        masks: spec.settings.motion.masks,
        frameIntervalMs: 1000 / plan.detectFps,
      });
    } catch (e) {
      // Settings the stream cannot satisfy (a picture smaller than the detector accepts): retried, never fatal.
      return this.failedBeforeFrames(
        runStart,
        `This camera's stream cannot be processed: ${(e as Error).message}`,
      );
    }
    const record = this.deps.runner.spawn(options.ffmpegPath, commands.record, { extraOutputs: 2 });
    const detect = commands.detect
      ? this.deps.runner.spawn(options.ffmpegPath, commands.detect, { extraOutputs: 2 })
      : null;
    const run: Run = {
      id: runId,
      procs: detect ? [record, detect] : [record],
      startedAt: runStart,
      firstFrameAt: null,
      lastFrameAt: null,
      lastFrameWall: null,
      reportedFiles: new Set(),
      stalled: false,
      frameAnchor: new WallAnchor(),
      segmentAnchor: new WallAnchor(),
    };
    this.run = run;
    this.stats.runs++;
    log.debug({ cameraId: spec.id, runId, pid: record.pid, detectPid: detect?.pid }, 'camera run started');
    if (this.stopped) await Promise.all(run.procs.map((p) => p.stop(5000)));

    const tracker = new MotionEventTracker();
    const frameSource = detect ?? record;
    const consumed = Promise.all([
      this.consumeFrames(run, frameSource, detector, tracker, plan),
      this.consumeJpegs(run, frameSource),
      this.consumeSegments(run, record, prefix),
    ]);

    // Watchdog: frames must keep coming; ffmpeg's socket timeout usually ends a dead stream first.
    const watchdog = setInterval(() => {
      const now = this.deps.clock.now();
      const since = run.lastFrameAt ?? run.startedAt;
      if (!run.stalled && now - since > options.stallMs) {
        run.stalled = true;
        log.warn({ cameraId: spec.id, silentMs: now - since }, 'camera stream stalled; restarting ffmpeg');
        for (const p of run.procs) void p.stop(3000);
      }
    }, 1000);
    // When one process of a pair ends, the camera restarts as a whole.
    await Promise.race(run.procs.map((p) => p.exited));
    await Promise.all(run.procs.map((p) => p.stop(5000)));
    clearInterval(watchdog);
    await consumed.catch((e: unknown) =>
      log.error({ err: e, cameraId: spec.id }, 'reading ffmpeg output failed'),
    );

    // The stream ended during an event: it ends at the last motion seen.
    for (const ev of tracker.finish()) this.onTrackerEvent(run, ev);
    this.endPeak();
    await this.recoverUnlisted(run, prefix);
    this.run = null;
    const upFor = run.firstFrameAt === null ? null : (run.lastFrameAt ?? run.firstFrameAt) - run.firstFrameAt;
    if (!this.stopped) {
      const stderr = run.procs.map((p) => p.stderrTail()).join('\n');
      const reason = run.stalled
        ? 'The camera stopped sending video.'
        : stderr.trim()
          ? describeFailure(stderr).message
          : 'The stream ended.';
      this.state = { ...this.state, lastError: reason };
      this.openGap(run.lastFrameWall ?? runStart, reason);
      log.warn({ cameraId: spec.id, reason, upForMs: upFor }, 'camera stream lost');
    }
    this.deps.sink.runEnded();
    return upFor;
  }

  private failedBeforeFrames(runStart: number, message: string): null {
    this.state = { ...this.state, lastError: message };
    if (!this.stopped) this.openGap(runStart, message);
    return null;
  }

  private openGap(atMs: number, reason: string): void {
    this.downSince ??= atMs;
    if (this.gapOpen) return;
    this.gapOpen = true;
    this.deps.sink.gapOpened(atMs, reason);
  }

  // Motion state of the run in progress: the frame with the largest moving area and its JPEG.
  private peak: { area: number; atMs: number; index: number; jpeg: Buffer | null } | null = null;
  private jpegs = new Map<number, Buffer>();
  private jpegIndex = 0;

  private async consumeFrames(
    run: Run,
    proc: ManagedProcess,
    detector: MotionDetector,
    tracker: MotionEventTracker,
    plan: IngestPlan,
  ): Promise<void> {
    const frames = new FrameAssembler(plan.detectSize.width * plan.detectSize.height);
    const interval = 1000 / plan.detectFps;
    let index = 0;
    for await (const chunk of proc.stdout as AsyncIterable<Buffer>) {
      for (const frame of frames.push(chunk)) {
        const arrival = this.deps.clock.now();
        const tMs = index * interval;
        const wall = run.frameAnchor.observe(tMs, arrival);
        this.onFrameArrived(run, arrival, wall);
        // CPU time, not wall time: on a busy machine the thread may wait for a core mid-frame.
        const before = process.cpuUsage();
        const result = detector.process(frame, tMs);
        const used = process.cpuUsage(before);
        this.stats.detectMs += (used.user + used.system) / 1000;
        this.stats.frames++;
        this.stats.lagMs = run.frameAnchor.lagMs(tMs, arrival);
        if (tracker.active && result.motion && (this.peak === null || result.area > this.peak.area)) {
          this.peak = { area: result.area, atMs: wall, index, jpeg: this.jpegs.get(index) ?? null };
        }
        const events = tracker.update({ tMs, motion: result.motion, area: result.area, zones: result.zones });
        for (const ev of events) {
          if (ev.type === 'start') {
            this.peak = { area: result.area, atMs: wall, index, jpeg: this.jpegs.get(index) ?? null };
            const jpeg = this.jpegs.get(index) ?? this.jpegs.get(index - 1) ?? this.latest?.jpeg ?? null;
            this.deps.sink.motionStart({
              startMs: run.frameAnchor.wallOf(ev.startMs) ?? wall,
              detectedAtMs: arrival,
              area: ev.area,
              zones: ev.zones,
              jpeg,
            });
          } else this.onTrackerEvent(run, ev);
        }
        index++;
      }
    }
  }

  private onTrackerEvent(run: Run, ev: MotionEvent): void {
    if (ev.type !== 'end') return;
    const peak = this.peak;
    const startMs = run.frameAnchor.wallOf(ev.startMs) ?? this.deps.clock.now();
    const endMs = run.frameAnchor.wallOf(ev.endMs) ?? startMs;
    this.deps.sink.motionEnd({
      startMs,
      endMs,
      peakArea: ev.peakArea,
      peakAtMs: peak?.atMs ?? startMs,
      zones: ev.zones,
      peakJpeg: peak?.jpeg ?? this.latest?.jpeg ?? null,
    });
    this.peak = null;
  }

  private endPeak(): void {
    this.peak = null;
    this.jpegs.clear();
    this.jpegIndex = 0;
  }

  private onFrameArrived(run: Run, arrival: number, wall: number): void {
    if (run.firstFrameAt === null) {
      run.firstFrameAt = arrival;
      this.downSince = null;
      if (this.gapOpen) {
        this.gapOpen = false;
        this.deps.sink.gapClosed(wall);
      }
      run.lastFrameAt = arrival;
      run.lastFrameWall = wall;
      this.state = { ...this.state, lastFrameAt: this.iso(wall) };
      this.setState('online', null);
      this.deps.log.info({ cameraId: this.spec.id, runId: run.id }, 'camera online');
      return;
    }
    run.lastFrameAt = arrival;
    run.lastFrameWall = wall;
    this.state.lastFrameAt = this.iso(wall);
  }

  private async consumeJpegs(run: Run, proc: ManagedProcess): Promise<void> {
    const pipe = proc.outputs[JPEG_FD - 3];
    if (!pipe) return;
    const splitter = new JpegSplitter();
    const keep = Math.max(8, 3 * this.spec.settings.motion.detectFps);
    for await (const chunk of pipe as AsyncIterable<Buffer>) {
      for (const jpeg of splitter.push(chunk)) {
        const index = this.jpegIndex++;
        this.jpegs.set(index, jpeg);
        this.jpegs.delete(index - keep);
        this.latest = { jpeg, atMs: run.lastFrameWall ?? this.deps.clock.now() };
        // The peak frame's JPEG may arrive just after its grey frame.
        if (this.peak && this.peak.index === index && this.peak.jpeg === null) this.peak.jpeg = jpeg;
      }
    }
  }

  private async consumeSegments(run: Run, proc: ManagedProcess, prefix: string): Promise<void> {
    const pipe = proc.outputs[SEGMENT_LIST_FD - 3];
    if (!pipe) return;
    const lines = new LineSplitter();
    pipe.setEncoding('utf8');
    for await (const text of pipe as AsyncIterable<string>) {
      for (const line of lines.push(text)) {
        const entry = parseSegmentListLine(line);
        if (!entry) continue;
        const file = entry.file.split('/').pop()!;
        run.reportedFiles.add(file);
        const arrival = this.deps.clock.now();
        const endMs = run.segmentAnchor.observe(entry.end * 1000, arrival);
        const startMs = run.segmentAnchor.wallOf(entry.start * 1000) ?? endMs;
        const key = `${prefix}${file}`;
        const stat = await this.deps.files.stat(key);
        if (!stat) continue;
        this.stats.segments++;
        this.deps.sink.segment({ key, startMs, endMs, sizeBytes: stat.size });
      }
    }
  }

  /**
   * Segments of this run that ffmpeg never listed (it was killed mid-segment) are still playable MPEG-TS: they
   * are reported with times from their duration, ending at the last frame seen.
   */
  private async recoverUnlisted(run: Run, prefix: string): Promise<void> {
    const files = await this.deps.files.list(prefix);
    for (const f of files) {
      const name = f.key.slice(prefix.length);
      if (!name.startsWith(`${run.id}-`) || run.reportedFiles.has(name) || f.size === 0) continue;
      const seconds = await this.deps.media.duration(this.deps.files.pathOf(f.key));
      if (seconds === null) continue;
      const endMs = run.lastFrameWall ?? f.mtimeMs;
      this.stats.segments++;
      this.deps.sink.segment({ key: f.key, startMs: endMs - seconds * 1000, endMs, sizeBytes: f.size });
      this.deps.log.info({ cameraId: this.spec.id, key: f.key }, 'recovered an unlisted segment');
    }
  }
}
