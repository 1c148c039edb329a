// Motion quality benchmark: how much of the time something moves is reported as motion, and how much of the
// time nothing moves is wrongly reported, for our detector and for a typical NVR running-average detector on the
// same decoded frames. Run: node --import tsx bench/motion/quality.ts [--fps 5] [--width 320] [--sensitivity medium]
// [--noise 0] (adds uniform per-pixel noise of ±N grey levels, a stand-in for night-time sensor grain).
//
// Labels are hand-made and live only here; the detector never sees them.
//
// How they were derived. Each clip was cut into contact sheets (ffmpeg: 1 frame/s for an overview, then 5
// frames/s with frame numbers around every entry and exit) and read by eye. "moving" runs from the first frame
// in which a person, car or their shadow visibly changes to the last such frame; a person walking in counts as
// moving until they stand still at the table (their arms settle), a person leaving until they and their shadow
// are out of view. "still" is an empty scene: it starts 0.5 s after the last visible change and ends 0.4 s
// before the next one, which leaves room for the ±0.2 s the sheets can resolve. A per-frame difference curve
// (share of pixels changing between consecutive frames) was used only to place those boundaries to 0.1 s.
// Stretches where a person stands at the table, turning pages or shifting weight, are neither: they are
// reported separately as "standing" for information, since a detector may fairly call that motion or not.
// The first second of every clip is left out: the detector calibrates on its first frame.

import { resolve, dirname } from 'node:path';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  MotionDetector,
  SENSITIVITY_PRESETS,
  type SensitivityLevel,
} from '../../src/motion/motion-detector.js';
import { detectSizeFor, probeVideoSize, readGreyFrames } from '../../src/motion/ffmpeg-frames.js';
import { NvrBaselineDetector } from './nvr-baseline.js';

/** A labelled stretch [from, to) in seconds from the start of the clip. */
type Span = readonly [from: number, to: number];

interface ClipLabels {
  file: string;
  /** Where something moves. */
  moving: Span[];
  /** Where nothing moves: an empty scene. */
  still: Span[];
  /** A person present but standing (neither moving nor still; reported for information). */
  standing?: Span[];
  /** Clips outside the shared media folder are optional. */
  optional?: boolean;
}

const here = dirname(fileURLToPath(import.meta.url));
const media = process.env.PORCHLIGHT_MEDIA ?? resolve(here, '../../../shared/media');

const CLIPS: ClipLabels[] = [
  {
    // Indoor, camera above a standing table; six people in turn walk in, stand, walk out.
    file: resolve(media, 'one-by-one-person-detection.mp4'),
    moving: [
      [5.9, 8.5], // woman in grey walks in from the bottom
      [17.8, 20.5], // she leaves to the right, shadow last
      [22.7, 25.8], // man in black walks in
      [42.9, 45.4], // he leaves to the right
      [50.2, 53.0], // woman in black walks in
      [67.5, 70.6], // she turns and leaves
      [74.4, 77.0], // man in black T-shirt walks in
      [84.5, 87.5], // he leaves
      [92.1, 95.2], // woman with dark hair walks in
      [117.6, 120.9], // she leaves
      [123.4, 126.2], // man in grey shirt walks in
      [133.7, 136.8], // he leaves
    ],
    still: [
      [1.0, 5.5],
      [21.0, 22.3],
      [45.9, 49.8],
      [71.1, 74.0],
      [88.0, 91.7],
      [121.4, 123.0],
      [137.3, 139.4],
    ],
    standing: [
      [8.5, 17.8],
      [25.8, 42.9],
      [53.0, 67.5],
      [77.0, 84.5],
      [95.2, 117.6],
      [126.2, 133.7],
    ],
  },
  {
    // Car park from above; the camera's auto-exposure darkens the whole picture while a white car is in view
    // and brightens it again over about two seconds after it leaves, so "still" includes exposure drift.
    file: resolve(media, 'car-detection.mp4'),
    moving: [
      [4.4, 9.1], // white car enters at the bottom and leaves at the top
      [14.1, 19.5], // shadow, then a silver and a red car from the top
      [25.0, 28.0], // shadow, then a white car from the top
    ],
    still: [
      [1.0, 3.9],
      [9.6, 13.6],
      [20.0, 24.5],
      [28.5, 30.2],
    ],
  },
  {
    // Two people walk down a corridor towards the camera the whole time.
    file: resolve(media, 'people-walking-toward-camera.gif'),
    moving: [[0.2, 2.95]],
    still: [],
  },
  {
    // PETS 2009 campus scene from Debian's opencv-doc: pedestrians in view the whole time.
    file: '/usr/share/doc/opencv-doc/examples/data/vtest.avi',
    moving: [[1.0, 79.5]],
    still: [],
    optional: true,
  },
];

const inSpans = (t: number, spans: readonly Span[] | undefined): boolean =>
  (spans ?? []).some(([from, to]) => t >= from && t < to);

interface Tally {
  moving: number;
  caught: number;
  still: number;
  flagged: number;
  standing: number;
  standingFlagged: number;
}

const emptyTally = (): Tally => ({
  moving: 0,
  caught: 0,
  still: 0,
  flagged: 0,
  standing: 0,
  standingFlagged: 0,
});

function count(tally: Tally, clip: ClipLabels, t: number, motion: boolean): void {
  if (inSpans(t, clip.moving)) {
    tally.moving++;
    if (motion) tally.caught++;
  } else if (inSpans(t, clip.still)) {
    tally.still++;
    if (motion) tally.flagged++;
  } else if (inSpans(t, clip.standing)) {
    tally.standing++;
    if (motion) tally.standingFlagged++;
  }
}

/** Deterministic pseudo-random numbers, so a noisy run can be repeated exactly. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

function addNoise(frame: Uint8Array, amplitude: number, random: () => number): void {
  for (let i = 0; i < frame.length; i++) {
    const v = (frame[i] as number) + Math.round((random() * 2 - 1) * amplitude);
    frame[i] = v < 0 ? 0 : v > 255 ? 255 : v;
  }
}

const pct = (part: number, whole: number): string =>
  whole === 0 ? '   -  ' : `${((100 * part) / whole).toFixed(1)}%`.padStart(6);

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      fps: { type: 'string', default: '5' },
      width: { type: 'string', default: '320' },
      sensitivity: { type: 'string', default: 'medium' },
      noise: { type: 'string', default: '0' },
    },
  });
  const noise = Number(values.noise);
  const sensitivity = SENSITIVITY_PRESETS[values.sensitivity as SensitivityLevel];
  if (sensitivity === undefined) throw new Error('--sensitivity is low, medium or high');
  const fps = Number(values.fps);
  const detectWidth = Number(values.width);
  console.log(
    `Motion quality: frames analysed at ${fps} fps, ${detectWidth} px wide, sensitivity ${values.sensitivity}, ` +
      `added noise ±${noise}; labels by hand (see file).`,
  );
  console.log(
    'clip                                   | moving s | still s | ours caught | ours false | NVR caught | NVR false | standing flagged ours / NVR',
  );
  for (const clip of CLIPS) {
    if (!existsSync(clip.file)) {
      if (clip.optional) {
        console.log(`${clip.file}: not installed, skipped`);
        continue;
      }
      throw new Error(`missing footage ${clip.file}`);
    }
    const size = detectSizeFor(await probeVideoSize(clip.file), detectWidth);
    const ours = new MotionDetector({ width: size.width, height: size.height, sensitivity });
    const nvr = new NvrBaselineDetector({ width: size.width, height: size.height, alpha: 0.01 * (5 / fps) });
    const a = emptyTally();
    const b = emptyTally();
    const random = lcg(1);
    for await (const frame of readGreyFrames({ input: clip.file, fps, size })) {
      const t = frame.tMs / 1000;
      if (noise > 0) addNoise(frame.data, noise, random);
      const result = ours.process(frame.data, frame.tMs);
      const baseline = nvr.process(frame.data);
      count(a, clip, t, result.motion);
      count(b, clip, t, baseline);
    }
    const name = clip.file.split('/').pop() ?? clip.file;
    console.log(
      [
        name.padEnd(38),
        (a.moving / fps).toFixed(1).padStart(8),
        (a.still / fps).toFixed(1).padStart(7),
        pct(a.caught, a.moving).padStart(11),
        pct(a.flagged, a.still).padStart(10),
        pct(b.caught, b.moving).padStart(10),
        pct(b.flagged, b.still).padStart(9),
        a.standing > 0
          ? `${pct(a.standingFlagged, a.standing)} / ${pct(b.standingFlagged, b.standing)}`
          : '-',
      ].join(' | '),
    );
  }
}

await main();
