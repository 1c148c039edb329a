// What the recording pipeline needs from the outside world, as interfaces: local paths for ffmpeg, media tools
// (ffprobe/ffmpeg one-shot runs), the camera directory and a logger. Adapters implement them; the service and the
// pipeline see only these.

import type { Readable } from 'node:stream';
import type { AccountView } from '../accounts/accounts.service.js';
import type { ProbeResult } from '../cameras/camera-runner.js';
import type { CameraSpec } from '../cameras/camera-settings.js';
import type { Capability } from '../households/households.policy.js';
import type { ConcatEntry } from './ffmpeg-args.js';

/** A structured logger (pino's shape). */
export interface Logger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** A logger that drops everything. */
export const silentLogger: Logger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

/** A file under the blob store's folder. */
export interface LocalFile {
  key: string;
  size: number;
  mtimeMs: number;
}

/**
 * Segments are written by ffmpeg straight into the local blob store's folder (ffmpeg needs paths, and copying
 * every segment would double the disk writes); this maps blob keys to those paths.
 */
export interface RecordingFiles {
  /** Absolute local path of a blob key. */
  pathOf(key: string): string;
  /** Create the folder a key prefix names (ffmpeg's segment muxer does not create folders). */
  ensureDir(prefix: string): Promise<void>;
  /** Size and modification time of a key's file, or undefined. */
  stat(key: string): Promise<LocalFile | undefined>;
  /** Files directly under a folder prefix (e.g. `segments/<camera>/`). */
  list(prefix: string): Promise<LocalFile[]>;
  /** Free bytes on the disk holding the recordings, or null when it cannot be read. */
  freeBytes(): Promise<number | null>;
}

/** A clip assembled into a temporary file, with its SHA-256; dispose() removes the file. */
export interface AssembledClip {
  path: string;
  sha256: string;
  size: number;
  durationMs: number | null;
  open(): Readable;
  dispose(): Promise<void>;
}

/** One-shot ffprobe/ffmpeg work. */
export interface MediaTools {
  /** Probe a source and classify the result ("test connection", and before starting a camera). */
  probe(
    input: string,
    timeoutSeconds: number,
    signal?: AbortSignal,
  ): Promise<ProbeResult & { fps?: number | null }>;
  /** Keyframe times (seconds) of a local file. */
  keyframes(path: string): Promise<number[]>;
  /** Duration (seconds) of a local file, or null when unreadable. */
  duration(path: string): Promise<number | null>;
  /** Join segments into an MP4 without re-encoding; throws with ffmpeg's reason on failure. */
  assembleClip(entries: readonly ConcatEntry[], codec: string): Promise<AssembledClip>;
  /** One JPEG of a local video at a time offset, or null. */
  frameJpeg(path: string, seconds: number, maxWidth: number): Promise<Buffer | null>;
  /** A smaller copy of a JPEG, or null. */
  thumbnail(jpeg: Uint8Array, width: number): Promise<Buffer | null>;
}

/** The cameras domain as the recording pipeline uses it (CamerasService provides exactly this). */
export interface CameraDirectory {
  /** The camera, if the user may use `capability` on it; otherwise throws 404 (cannot see it) or 403. */
  authorize(user: AccountView, cameraId: string, capability: Capability): Promise<CameraSpec>;
  /** Every enabled camera, for start-up. */
  enabledSpecs(): Promise<CameraSpec[]>;
}
