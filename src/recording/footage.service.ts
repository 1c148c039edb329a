import type { Readable } from 'node:stream';
import type { AccountView } from '../accounts/accounts.service.js';
import { AppError } from '../shared/errors.js';
import { planClip } from './recording.policy.js';
import type { RecordingRepository } from './recording.repository.js';
import type { CameraDirectory, MediaTools, RecordingFiles } from './recording.ports.js';

/** Footage played from a moment when no length is asked for. */
export const FOOTAGE_DEFAULT_SECONDS = 60;
/** The longest stretch one request assembles. */
export const FOOTAGE_MAX_SECONDS = 300;

const iso = (ms: number) => new Date(ms).toISOString();

/** A stretch of continuous recording, assembled into one MP4; the stream removes its file when closed. */
export interface Footage {
  stream: Readable;
  size: number;
  sha256: string;
  /** Where the footage really starts (the keyframe at or before the asked moment) and ends. */
  startedAt: string;
  endedAt: string;
}

/**
 * Continuous recording played from any moment (A6): the stored segments of a window joined into an MP4
 * without re-encoding, cut at the keyframe at or before the asked moment, exactly as event clips are made
 * (planClip); the same access as recordings. Nothing is stored: the file lives as long as its response.
 */
export class FootageService {
  constructor(
    private readonly deps: {
      repo: RecordingRepository;
      cameras: CameraDirectory;
      files: RecordingFiles;
      media: MediaTools;
      timeoutSeconds: number;
    },
  ) {}

  /** Up to `seconds` of a camera's recording from `from`. */
  async footage(
    user: AccountView,
    cameraId: string,
    range: { from: string; seconds?: number | undefined },
  ): Promise<Footage> {
    await this.deps.cameras.authorize(user, cameraId, 'view_recordings');
    const fromMs = Date.parse(range.from);
    const seconds = Math.min(FOOTAGE_MAX_SECONDS, Math.max(1, range.seconds ?? FOOTAGE_DEFAULT_SECONDS));
    const window = { fromMs, toMs: fromMs + seconds * 1000 };
    const { repo, files, media } = this.deps;
    const rows = await repo.segmentsOverlapping(cameraId, iso(window.fromMs), iso(window.toMs));
    const spans = rows.map((s) => ({
      id: s.id,
      key: s.blob_key,
      startMs: Date.parse(s.started_at),
      endMs: Date.parse(s.ended_at),
    }));
    // Footage starts where recording resumes when the moment itself fell in a gap.
    const first = spans[0];
    if (!first) throw new AppError('ERR_NOT_FOUND', 'Nothing was recorded at that time.');
    let clip;
    let plan;
    try {
      const firstPath = files.pathOf(first.key);
      const keyframes = window.fromMs > first.startMs ? await media.keyframes(firstPath) : undefined;
      plan = planClip(spans, window, keyframes);
      if (!plan) throw new AppError('ERR_NOT_FOUND', 'Nothing was recorded at that time.');
      const probed = await media.probe(firstPath, this.deps.timeoutSeconds);
      clip = await media.assembleClip(
        plan.entries.map((e) => ({
          path: files.pathOf(e.segment.key),
          ...(e.inpoint !== undefined ? { inpoint: e.inpoint } : {}),
          ...(e.outpoint !== undefined ? { outpoint: e.outpoint } : {}),
        })),
        probed.video?.codec ?? 'h264',
      );
    } catch (e) {
      if (e instanceof AppError) throw e;
      // Retention may have removed the files since the rows were read.
      throw new AppError('ERR_NOT_FOUND', 'That footage is no longer stored.');
    }
    const stream = clip.open();
    const done = clip;
    stream.once('close', () => void done.dispose());
    return {
      stream,
      size: clip.size,
      sha256: clip.sha256,
      startedAt: iso(plan.startMs),
      endedAt: iso(plan.endMs),
    };
  }
}
