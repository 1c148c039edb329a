// Motion detector speed: frames per second of the detector alone on pre-decoded 1280x720 grey frames of real
// footage, side by side in one run with the same steps written in OpenCV (opencv_reference.py, SIMD C++
// underneath). Run: node --import tsx bench/motion/speed.ts [--frames 300] [--rounds 2] [--python /usr/bin/python3]
//
// Both sides get the identical frames: they are decoded once here (the 768x432 clip scaled to 1280x720), written
// to a temporary raw file that the Python reference reads, and neither side's timing includes decoding. Each side
// is timed best-of-3 after a warm-up, and the sides alternate for --rounds rounds so a busy machine penalises
// both alike; the best round of each side is reported.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { MotionDetector } from '../../src/motion/motion-detector.js';
import { readGreyFrames, type FrameSize } from '../../src/motion/ffmpeg-frames.js';

const here = dirname(fileURLToPath(import.meta.url));
const media = process.env.PORCHLIGHT_MEDIA ?? resolve(here, '../../../shared/media');
const HD: FrameSize = { width: 1280, height: 720 };
const DETECT: FrameSize = { width: 320, height: 180 };

interface Timing {
  fps: number;
  motionFrames: number;
}

async function decode(file: string, fps: number, size: FrameSize, limit: number): Promise<Uint8Array[]> {
  const frames: Uint8Array[] = [];
  for await (const frame of readGreyFrames({ input: file, fps, size })) {
    frames.push(frame.data);
    if (frames.length >= limit) break;
  }
  return frames;
}

function timeOurs(frames: Uint8Array[], size: FrameSize, fps: number): Timing {
  const run = (): { seconds: number; motionFrames: number } => {
    const detector = new MotionDetector(size);
    let motionFrames = 0;
    const start = process.hrtime.bigint();
    frames.forEach((frame, i) => {
      if (detector.process(frame, (i * 1000) / fps).motion) motionFrames++;
    });
    return { seconds: Number(process.hrtime.bigint() - start) / 1e9, motionFrames };
  };
  run(); // warm-up: let the JIT compile the hot loops before timing
  let best = Infinity;
  let motionFrames = 0;
  for (let k = 0; k < 3; k++) {
    const r = run();
    best = Math.min(best, r.seconds);
    motionFrames = r.motionFrames;
  }
  return { fps: frames.length / best, motionFrames };
}

function timeReference(python: string, rawPath: string, count: number, fps: number, threads: number): Timing {
  const args = [join(here, 'opencv_reference.py'), rawPath, String(HD.width), String(HD.height)];
  args.push(String(count), String(fps), '--threads', String(threads));
  const result = spawnSync(python, args, { encoding: 'utf8' });
  if (result.status !== 0)
    throw new Error(`OpenCV reference failed: ${result.stderr || String(result.error)}`);
  const parsed = JSON.parse(result.stdout.trim().split('\n').pop() ?? '{}') as {
    fps: number;
    motion_frames: number;
  };
  return { fps: parsed.fps, motionFrames: parsed.motion_frames };
}

const best = (a: Timing | undefined, b: Timing): Timing => (a === undefined || b.fps > a.fps ? b : a);
const row = (label: string, t: Timing): string =>
  `  ${label.padEnd(36)} ${t.fps.toFixed(1).padStart(8)} frames/s   motion in ${t.motionFrames} frames`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      frames: { type: 'string', default: '300' },
      fps: { type: 'string', default: '5' },
      rounds: { type: 'string', default: '2' },
      python: { type: 'string', default: '/usr/bin/python3' },
    },
  });
  const limit = Number(values.frames);
  const fps = Number(values.fps);
  const rounds = Number(values.rounds);
  // One-by-one: walking, standing and empty stretches, so every code path is timed, not only still frames.
  const file = resolve(media, 'one-by-one-person-detection.mp4');
  const frames = await decode(file, fps, HD, limit);
  const small = await decode(file, fps, DETECT, limit);
  const cores = cpus().length;
  const threads = Math.max(1, cores);
  const dir = mkdtempSync(join(tmpdir(), 'porchlight-motion-'));
  const rawPath = join(dir, 'frames.gray');
  try {
    const all = new Uint8Array(frames.length * HD.width * HD.height);
    frames.forEach((f, i) => all.set(f, i * HD.width * HD.height));
    writeFileSync(rawPath, all);
    let ours: Timing | undefined;
    let cv1: Timing | undefined;
    let cvAll: Timing | undefined;
    for (let round = 0; round < rounds; round++) {
      ours = best(ours, timeOurs(frames, HD, fps));
      cv1 = best(cv1, timeReference(values.python, rawPath, frames.length, fps, 1));
      cvAll = best(cvAll, timeReference(values.python, rawPath, frames.length, fps, threads));
    }
    if (ours === undefined || cv1 === undefined || cvAll === undefined)
      throw new Error('--rounds must be at least 1');
    const detectSize = timeOurs(small, DETECT, fps);
    console.log(
      `Motion detector speed: ${frames.length} frames ${HD.width}x${HD.height} grey, ${cores} cores (${cpus()[0]?.model ?? 'unknown CPU'}), Node ${process.version}`,
    );
    console.log(row('ours (TypeScript, 1 thread)', ours));
    console.log(row('OpenCV reference, 1 thread', cv1));
    console.log(row(`OpenCV reference, ${threads} threads`, cvAll));
    console.log(
      `  ours / OpenCV: ${(ours.fps / cv1.fps).toFixed(2)} against 1 thread, ${(ours.fps / cvAll.fps).toFixed(2)} against ${threads} threads (target: at least 0.5)`,
    );
    console.log(row(`ours at the default ${DETECT.width}x${DETECT.height} detect size`, detectSize));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
