// One-shot ffprobe/ffmpeg work for the recording pipeline: probing sources, keyframes and durations of segments,
// assembling clips, cutting snapshots and thumbnails. Runs the argument arrays built in ffmpeg-args.ts through the
// ProcessRunner port (so shutdown can stop them) and keeps temporary files in one folder.

import { createHash } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ProcessRunner } from '../ports/process-runner.js';
import {
  clipArgs,
  concatList,
  durationArgs,
  frameJpegArgs,
  keyframeArgs,
  probeArgs,
  thumbnailArgs,
  type ConcatEntry,
} from './ffmpeg-args.js';
import { classifyProbe, describeFailure } from './probe.js';
import type { AssembledClip, MediaTools } from './recording.ports.js';

/** Where the executables are and where temporary files go. */
export interface FfmpegMediaOptions {
  ffmpegPath: string;
  ffprobePath: string;
  /** Folder for clip temporaries (default: the system's temp folder). */
  tempDir?: string;
}

/** MediaTools on real ffmpeg and ffprobe. */
export class FfmpegMedia implements MediaTools {
  private readonly tempDir: string;

  constructor(
    private readonly runner: ProcessRunner,
    private readonly options: FfmpegMediaOptions,
  ) {
    this.tempDir = options.tempDir ?? os.tmpdir();
  }

  /** Probe with a hard time limit a little past ffprobe's own socket timeout. */
  async probe(input: string, timeoutSeconds: number, signal?: AbortSignal) {
    const r = await this.runner.run(this.options.ffprobePath, probeArgs(input, timeoutSeconds), {
      timeoutMs: timeoutSeconds * 1000 + 3000,
      maxStdoutBytes: 1024 * 1024,
      ...(signal ? { signal } : {}),
    });
    return classifyProbe({
      code: r.code,
      stdout: r.stdout.toString('utf8'),
      stderr: r.stderr,
      timedOut: r.timedOut,
    });
  }

  /** Keyframe times of a file. */
  async keyframes(file: string): Promise<number[]> {
    const r = await this.runner.run(this.options.ffprobePath, keyframeArgs(file), { timeoutMs: 30_000 });
    if (r.code !== 0) return [];
    const out: number[] = [];
    for (const line of r.stdout.toString('utf8').split('\n')) {
      const [pts, flags] = line.split(',');
      if (flags?.includes('K') && pts && Number.isFinite(Number(pts))) out.push(Number(pts));
    }
    return out;
  }

  /** Duration of a file. */
  async duration(file: string): Promise<number | null> {
    const r = await this.runner.run(this.options.ffprobePath, durationArgs(file), { timeoutMs: 30_000 });
    const v = Number(r.stdout.toString('utf8').trim());
    return r.code === 0 && Number.isFinite(v) && v > 0 ? v : null;
  }

  /** Concat the entries into a temporary MP4 and hash it. */
  async assembleClip(entries: readonly ConcatEntry[], codec: string): Promise<AssembledClip> {
    await fsp.mkdir(this.tempDir, { recursive: true });
    const dir = await fsp.mkdtemp(path.join(this.tempDir, 'porchlight-clip-'));
    const dispose = () => fsp.rm(dir, { recursive: true, force: true });
    try {
      const list = path.join(dir, 'list.ffconcat');
      const out = path.join(dir, 'clip.mp4');
      await fsp.writeFile(list, concatList(entries));
      const r = await this.runner.run(this.options.ffmpegPath, clipArgs(list, out, codec), {
        timeoutMs: 120_000,
      });
      if (r.code !== 0)
        throw new Error(`clip assembly failed: ${describeFailure(r.stderr).message} ${r.stderr.slice(-300)}`);
      const hash = createHash('sha256');
      let size = 0;
      for await (const chunk of fs.createReadStream(out)) {
        hash.update(chunk as Buffer);
        size += (chunk as Buffer).length;
      }
      const seconds = await this.duration(out);
      return {
        path: out,
        sha256: hash.digest('hex'),
        size,
        durationMs: seconds === null ? null : Math.round(seconds * 1000),
        open: () => fs.createReadStream(out),
        dispose,
      };
    } catch (e) {
      await dispose();
      throw e;
    }
  }

  /** A JPEG of one frame. */
  async frameJpeg(file: string, seconds: number, maxWidth: number): Promise<Buffer | null> {
    const r = await this.runner.run(this.options.ffmpegPath, frameJpegArgs(file, seconds, maxWidth), {
      timeoutMs: 30_000,
    });
    return r.code === 0 && r.stdout.length > 0 ? r.stdout : null;
  }

  /** A scaled-down JPEG. */
  async thumbnail(jpeg: Uint8Array, width: number): Promise<Buffer | null> {
    const r = await this.runner.run(this.options.ffmpegPath, thumbnailArgs(width), {
      timeoutMs: 30_000,
      input: jpeg,
    });
    return r.code === 0 && r.stdout.length > 0 ? r.stdout : null;
  }
}
