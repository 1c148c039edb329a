import type { CameraSpec } from './camera-settings.js';

/** Live state of a camera's stream as the recording pipeline sees it (A1). */
export interface CameraStatus {
  state: 'starting' | 'online' | 'reconnecting' | 'offline' | 'disabled';
  /** ISO time of the last decoded frame, or null before the first. */
  lastFrameAt: string | null;
  /** Readable reason for the last failure (from ffmpeg's stderr), or null. */
  lastError: string | null;
  /** ISO time the current state began. */
  since: string;
}

/** The answer to "test connection" (A1). */
export interface ProbeResult {
  ok: boolean;
  problem: 'unreachable' | 'unauthorized' | 'no-video' | 'unsupported-codec' | 'timeout' | null;
  message: string;
  video: { codec: string; width: number; height: number } | null;
}

/** What the cameras domain needs from the recording pipeline; the hub wires the real one in. */
export interface CameraRunner {
  /** Start (or restart with new settings) a camera's ingest. */
  start(spec: CameraSpec): Promise<void>;
  /** Stop a camera's ingest; resolves when its processes have exited. */
  stop(cameraId: string): Promise<void>;
  /** Current status, or undefined when the camera is not running. */
  status(cameraId: string): CameraStatus | undefined;
  /** Try a stream URL once and classify what is wrong with it. */
  probe(input: string): Promise<ProbeResult>;
}

/** Used when this process runs no recording pipeline (tests of the cameras domain alone, a web-only process). */
export const idleRunner: CameraRunner = {
  start: async () => {},
  stop: async () => {},
  status: () => undefined,
  probe: async () => ({
    ok: false,
    problem: 'unreachable',
    message: 'This process does not run camera ingest.',
    video: null,
  }),
};
