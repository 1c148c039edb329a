// Frame source adapter: ffmpeg decodes any input it understands (a file, RTSP/RTSPS, HTTP) to raw grey frames
// at the detect rate and size, so the motion core only ever sees width x height bytes per frame. The argument
// arrays are built by pure functions (tested on the exact arrays); spawning and reading the pipe live here too
// but stay thin.

import { spawn } from 'node:child_process';

/** A frame size in pixels. */
export interface FrameSize {
  width: number;
  height: number;
}

/** What to decode and how. */
export interface GreyFrameOptions {
  /** A file path or a URL (rtsp://, rtsps://, http(s)://). */
  input: string;
  /** Frames per second to analyse; ffmpeg drops or repeats source frames to reach it. */
  fps: number;
  /** Size of the frames handed to the detector. */
  size: FrameSize;
  /** The ffmpeg executable; default `ffmpeg` on the PATH. */
  ffmpegPath?: string;
}

/** One decoded grey frame. */
export interface GreyFrame {
  /** width x height bytes, row-major. */
  data: Uint8Array;
  /** Milliseconds from the start of the input (frame index / fps). */
  tMs: number;
  index: number;
}

/** Reject inputs ffmpeg would read as an option, and rates it would refuse. */
function checkInput(input: string): void {
  if (input.length === 0) throw new RangeError('no input given');
  if (input.startsWith('-')) throw new RangeError('input must not start with "-"');
}

/** The ffmpeg arguments that decode `input` to raw grey frames of `size` at `fps` on stdout. */
export function ffmpegGreyFrameArgs(options: GreyFrameOptions): string[] {
  checkInput(options.input);
  const { fps, size } = options;
  if (!(fps > 0 && fps <= 120)) throw new RangeError('fps must be between 0 and 120');
  if (!Number.isInteger(size.width) || !Number.isInteger(size.height) || size.width < 8 || size.height < 8) {
    throw new RangeError('frame size must be whole pixels, at least 8x8');
  }
  const isRtsp = /^rtsps?:\/\//i.test(options.input);
  return [
    '-hide_banner',
    '-loglevel',
    'error',
    '-nostdin',
    // UDP loses packets on busy home networks and smears frames into false motion.
    ...(isRtsp ? ['-rtsp_transport', 'tcp'] : []),
    '-i',
    options.input,
    '-an',
    '-sn',
    '-dn',
    // Rate first so only the kept frames are scaled; area averaging is the cleanest downscale for differencing.
    '-vf',
    `fps=${fps},scale=${size.width}:${size.height}:flags=area`,
    '-pix_fmt',
    'gray',
    '-f',
    'rawvideo',
    'pipe:1',
  ];
}

/** The ffprobe arguments that print the first video stream's size as JSON. */
export function ffprobeSizeArgs(input: string): string[] {
  checkInput(input);
  const isRtsp = /^rtsps?:\/\//i.test(input);
  return [
    '-v',
    'error',
    ...(isRtsp ? ['-rtsp_transport', 'tcp'] : []),
    '-select_streams',
    'v:0',
    '-show_entries',
    'stream=width,height',
    '-of',
    'json',
    input,
  ];
}

/** Read the video size out of ffprobe's JSON answer. */
export function parseProbeSize(json: string): FrameSize {
  const parsed = JSON.parse(json) as { streams?: { width?: unknown; height?: unknown }[] };
  const stream = parsed.streams?.[0];
  const width = stream?.width;
  const height = stream?.height;
  if (typeof width !== 'number' || typeof height !== 'number' || width <= 0 || height <= 0) {
    throw new Error('ffprobe found no video stream');
  }
  return { width, height };
}

/** The detect size for a source: `detectWidth` wide (never upscaled), aspect kept, both sides even. */
export function detectSizeFor(source: FrameSize, detectWidth: number): FrameSize {
  const even = (v: number): number => Math.max(8, 2 * Math.round(v / 2));
  const width = even(Math.min(detectWidth, source.width));
  const height = even((source.height * width) / source.width);
  return { width, height };
}

/** Run a process to completion and collect its stdout; rejects with the stderr tail on failure. */
function runForOutput(command: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr = (stderr + d).slice(-2000)));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(stdout);
      else reject(new Error(`${command} exited with ${String(code)}: ${stderr.trim()}`));
    });
  });
}

/** Ask ffprobe for the size of the input's first video stream. */
export async function probeVideoSize(input: string, ffprobePath = 'ffprobe'): Promise<FrameSize> {
  return parseProbeSize(await runForOutput(ffprobePath, ffprobeSizeArgs(input)));
}

/**
 * Decode the input to grey frames; stops ffmpeg when the consumer stops early and throws when ffmpeg fails.
 * Each frame is a fresh buffer the consumer may keep.
 */
export async function* readGreyFrames(options: GreyFrameOptions): AsyncGenerator<GreyFrame> {
  const args = ffmpegGreyFrameArgs(options);
  const frameBytes = options.size.width * options.size.height;
  const child = spawn(options.ffmpegPath ?? 'ffmpeg', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr = (stderr + d).slice(-2000)));
  const exited = new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve(code));
  });
  // Keep a spawn failure from surfacing as an unhandled rejection when the loop below ends first.
  exited.catch(() => undefined);
  let finished = false;
  try {
    let frame = new Uint8Array(frameBytes);
    let filled = 0;
    let index = 0;
    for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
      let offset = 0;
      while (offset < chunk.length) {
        const take = Math.min(frameBytes - filled, chunk.length - offset);
        frame.set(chunk.subarray(offset, offset + take), filled);
        filled += take;
        offset += take;
        if (filled === frameBytes) {
          yield { data: frame, tMs: (index * 1000) / options.fps, index };
          index++;
          frame = new Uint8Array(frameBytes);
          filled = 0;
        }
      }
    }
    const code = await exited;
    finished = true;
    if (code !== 0)
      throw new Error(`ffmpeg exited with ${String(code)}: ${stderr.trim() || 'no error output'}`);
  } finally {
    if (!finished && child.exitCode === null) child.kill('SIGKILL');
  }
}
