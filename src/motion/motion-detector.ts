// Motion detection on grey frames (capability A2), pure and synchronous: no I/O, no timers, no per-pixel
// allocation or function calls. The steps are the classic ones (blur, running-average background, threshold,
// dilation, connected regions into boxes) with changes that keep a still scene still:
//
// 1. Change gating. A region counts as motion only if part of it is changing now, against an average of the
//    last ~200 ms. A plain running-average background leaves "ghosts" (where someone stood, where a car was)
//    that differ from the background for tens of seconds although nothing moves; they do not change from frame
//    to frame, so they are dropped at once instead of being reported until the average catches up.
// 2. Per-pixel learning rates. Pixels that match the background follow it quickly (slow light drift); pixels
//    that differ but have stopped changing are "settled" and absorbed within about a second, so ghosts and
//    stopped objects leave the model; pixels that are moving are learned very slowly, so a walker does not
//    smear into the background.
// 3. Global change compensation. The median difference between this frame and the background (and the recent
//    past), measured on a sparse grid, is a global brightness offset (auto-exposure, a cloud) and is removed
//    before thresholding. When that is not enough (a lamp switched on, an infrared switch), most of the frame
//    differs at once: the detector recalibrates (the background restarts from this frame) and reports
//    `calibrating` instead of motion.
// 4. Edge allowance. The threshold rises with the background's local slope, so a mount shaken by wind does not
//    turn every high-contrast edge (a kerb, a window frame) into motion.
//
// Thresholds adapt to the scene: as in frigate's improved motion detector, the threshold is given for a
// full-contrast picture and scaled to the frame's contrast (the span between its 4th and 96th percentile,
// averaged over seconds), never below a floor and never below a multiple of the measured frame-to-frame noise.
// Regions are found from runs of moving pixels per row, joined as if dilated, so a quiet frame costs nothing
// after the per-pixel pass.

import { rasterisePolygon, type MotionZone, type Polygon } from './polygon.js';

/** A box [x, y, w, h] in pixels, x and y of its top-left corner. */
export type Box = [x: number, y: number, w: number, h: number];

/** How readily the detector reports motion. */
export interface MotionSensitivity {
  /** Grey-level difference that counts as change on a full-contrast scene (0..255); lower is more sensitive. */
  threshold: number;
  /** Floor under the contrast-scaled threshold, so a flat, low-contrast scene does not turn codec noise into motion. */
  minThreshold: number;
  /** The threshold never drops below this multiple of the median frame-to-frame noise (night grain, rain). */
  noiseFactor: number;
  /** Smallest moving region that counts, as a fraction of the frame's pixels. */
  minRegionArea: number;
  /** Share of the (unmasked) frame that may differ from the background at once before the detector treats it as a lighting change and recalibrates. */
  recalibrateArea: number;
  /** Scale the threshold to the scene's contrast (frigate's "improve contrast"). */
  improveContrast: boolean;
  /**
   * Camera shake, in pixels of a 320-pixel-wide frame, that high-contrast edges may move by without counting
   * as change: the threshold rises with the background's local gradient (a shift of s pixels across a slope of
   * g levels per pixel changes a pixel by about s * g).
   */
  jitterPixels: number;
}

/** Defaults chosen for any camera, not for a clip; each is explained beside the field it sets. */
export const DEFAULT_SENSITIVITY: Readonly<MotionSensitivity> = Object.freeze({
  // frigate's default threshold (30) is also given on a contrast-stretched frame; it ignores codec noise and
  // the small flicker of lights while a person against a wall or floor differs by 60 or more.
  threshold: 30,
  // Codec ringing and grain on a blurred frame stay within a few grey levels; 10 keeps flat scenes quiet.
  minThreshold: 10,
  // A 3-sigma-like margin above the median absolute frame difference.
  noiseFactor: 3,
  // About 23 pixels at 320x180: a person far away still covers several times that, a moth or a raindrop not.
  minRegionArea: 0.0004,
  // A person filling most of a doorbell's view must still be motion; lights and day/night switches change more.
  recalibrateArea: 0.7,
  improveContrast: true,
  // Wind and passing traffic shake mounts by a fraction of a pixel at detect size; one pixel covers that.
  jitterPixels: 1,
});

/** The levels a settings screen offers. */
export type SensitivityLevel = 'low' | 'medium' | 'high';

/** Ready-made sensitivity levels: low ignores small and faint changes (busy street), high catches a cat. */
export const SENSITIVITY_PRESETS: Readonly<Record<SensitivityLevel, Readonly<MotionSensitivity>>> =
  Object.freeze({
    low: Object.freeze({ ...DEFAULT_SENSITIVITY, threshold: 40, minThreshold: 14, minRegionArea: 0.0015 }),
    medium: DEFAULT_SENSITIVITY,
    high: Object.freeze({ ...DEFAULT_SENSITIVITY, threshold: 22, minThreshold: 7, minRegionArea: 0.0001 }),
  });

/** Time constants of the background model, in milliseconds of stream time (so they hold at any frame rate). */
export interface MotionTiming {
  /** A pixel that has not changed for this long is settled: whatever is there now is scenery, not motion. */
  settleMs: number;
  /** Time constant with which settled pixels are learned into the background. */
  absorbMs: number;
  /** Time constant with which pixels that match the background follow it (slow light changes). */
  idleMs: number;
  /** Time constant with which pixels that are moving leak into the background. */
  movingMs: number;
  /** Time constant of the contrast span used to scale the threshold. */
  contrastMs: number;
  /** Time constant of the recent past a frame is compared with to decide what is changing now. */
  changeMs: number;
  /** Time constant of the noise estimate. */
  noiseMs: number;
}

/** Defaults: about a second to accept a change as new scenery, a minute before motion leaks in. */
export const DEFAULT_TIMING: Readonly<MotionTiming> = Object.freeze({
  // A person pausing mid-stride is still for well under a second; a parcel left on the step stays for good.
  settleMs: 1000,
  // Once settled, the new scenery should be background within a couple of seconds, before the next visitor.
  absorbMs: 1000,
  // Light drifts over minutes; two seconds follows it without learning a slow walker.
  idleMs: 2000,
  // Someone loitering in view for a minute starts to fade into the background, not before.
  movingMs: 60_000,
  // Contrast follows day and night, not a dark coat walking through the frame.
  contrastMs: 10_000,
  // One frame at the default 5 fps; at higher rates a few frames, so slow movement still adds up.
  changeMs: 200,
  noiseMs: 2000,
});

/** Everything the detector is configured with; only the frame size is required. */
export interface MotionDetectorOptions {
  /** Width of the frames given to `process`, in pixels. */
  width: number;
  /** Height of the frames given to `process`, in pixels. */
  height: number;
  sensitivity?: Partial<MotionSensitivity>;
  timing?: Partial<MotionTiming>;
  /** When given, only motion inside at least one zone counts (normalised polygons). */
  zones?: readonly MotionZone[];
  /** Areas where motion never counts (normalised polygons): a road, a tree, a timestamp overlay. */
  masks?: readonly Polygon[];
  /** Box blur radius in pixels; default scales with width (1 at 320 px) so settings behave alike at any size. */
  blurRadius?: number;
  /** Moving pixels closer than 2 * mergeRadius + 1 join one region (the dilation); default 2 at 320 px, scaled. */
  mergeRadius?: number;
  /** Frame interval assumed before two frames have been seen; default 200 ms (5 fps). */
  frameIntervalMs?: number;
}

/** What the detector found in one frame. */
export interface MotionResult {
  /** True when at least one region counts as motion (never while calibrating). */
  motion: boolean;
  /** Moving pixels in counted regions as a fraction of the frame (0..1). */
  area: number;
  /** Tight boxes around counted regions, in detect-frame pixels, largest first. */
  boxes: Box[];
  /** True on the first frame and on frames where the background restarted after a global change. */
  calibrating: boolean;
  /** Names of the zones that moving pixels fell in. */
  zones: string[];
}

// What is changing now is measured against the recent past (about changeMs), where noise and drift are smallest,
// so half the background threshold is enough there; the floor and the noise margin still apply.
const CHANGE_RATIO = 0.5;
// Region flags per pixel.
const ACTIVE = 1; // not masked: takes part in the global-change measure
const COUNTED = 2; // active and inside a zone (or no zones configured): may be motion

/** Scale boxes from one frame size to another (detect frame to source frame), rounding outwards. */
export function scaleBoxes(
  boxes: readonly Box[],
  from: { width: number; height: number },
  to: { width: number; height: number },
): Box[] {
  const sx = to.width / from.width;
  const sy = to.height / from.height;
  return boxes.map(([x, y, w, h]) => {
    const x0 = Math.max(0, Math.floor(x * sx));
    const y0 = Math.max(0, Math.floor(y * sy));
    const x1 = Math.min(to.width, Math.ceil((x + w) * sx));
    const y1 = Math.min(to.height, Math.ceil((y + h) * sy));
    return [x0, y0, x1 - x0, y1 - y0];
  });
}

function emptyResult(calibrating: boolean): MotionResult {
  return { motion: false, area: 0, boxes: [], calibrating, zones: [] };
}

function cloneResult(r: MotionResult): MotionResult {
  return { ...r, boxes: r.boxes.map((b): Box => [b[0], b[1], b[2], b[3]]), zones: [...r.zones] };
}

/** Whether the first n bytes of two frames are equal; word-wise when the buffers allow it. */
function sameBytes(a: Uint8Array, b: Uint8Array, n: number): boolean {
  let i = 0;
  if (a.byteOffset % 4 === 0 && b.byteOffset % 4 === 0) {
    const words = n >>> 2;
    const wa = new Uint32Array(a.buffer, a.byteOffset, words);
    const wb = new Uint32Array(b.buffer, b.byteOffset, words);
    for (let k = 0; k < words; k++) if (wa[k] !== wb[k]) return false;
    i = words << 2;
  }
  for (; i < n; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Per-frame rate for an exponential moving average with time constant tauMs. */
function rateFor(dtMs: number, tauMs: number): number {
  return tauMs <= 0 ? 1 : 1 - Math.exp(-dtMs / tauMs);
}

/** Value below which `fraction` of a histogram's mass lies. */
function histogramQuantile(hist: Uint32Array, total: number, fraction: number): number {
  const target = total * fraction;
  let seen = 0;
  for (let v = 0; v < hist.length; v++) {
    seen += hist[v] as number;
    if (seen > target) return v;
  }
  return hist.length - 1;
}

/** Motion detector over grey frames of a fixed size; one instance per camera stream. */
export class MotionDetector {
  readonly width: number;
  readonly height: number;
  readonly sensitivity: Readonly<MotionSensitivity>;
  readonly timing: Readonly<MotionTiming>;
  readonly blurRadius: number;
  readonly mergeRadius: number;

  private readonly zoneNames: string[];
  private readonly zoneBits: Uint32Array | null;
  private readonly region: Uint8Array;
  private readonly activeCount: number;
  private readonly minRegionPixels: number;
  private readonly minChangedPixels: number;

  // The background is stored minus a global shift, so a global brightness offset costs one addition per frame
  // and neighbouring pixels stay comparable while the pass updates them in place.
  private readonly bg: Float32Array;
  private bgShift = 0;
  // The recent past each pixel is compared with: an average over about changeMs of stream time rather than
  // the last frame alone, so the same movement registers alike at 2 or 25 frames per second.
  private readonly prev: Float32Array;
  private readonly lastRaw: Uint8Array;
  private lastResult: MotionResult = emptyResult(false);
  private readonly age: Uint8Array;
  private readonly ring: Uint16Array;
  private readonly ringRows: number;
  private readonly col: Int32Array;
  private readonly rowValues: Uint8Array;
  private readonly rowFlags: Uint8Array;

  // Sparse grid for global statistics (contrast, offsets, noise).
  private readonly sampleIndex: Uint32Array;
  private readonly prevSample: Float32Array;
  private readonly histValue = new Uint32Array(256);
  private readonly histBg = new Uint32Array(511);
  private readonly histPrev = new Uint32Array(511);

  // Runs of moving pixels found by the last pass: row, first x, last x, changed pixels.
  private runY = new Int32Array(1024);
  private runX0 = new Int32Array(1024);
  private runX1 = new Int32Array(1024);
  private runChanged = new Int32Array(1024);
  private runCount = 0;
  private readonly rowFirstRun: Int32Array;

  private frames = 0;
  private lastT = 0;
  private frameMs: number;
  private contrastSpan = 255;
  private noise = 0;

  constructor(options: MotionDetectorOptions) {
    const { width, height } = options;
    if (!Number.isInteger(width) || !Number.isInteger(height) || width < 8 || height < 8) {
      throw new RangeError('motion frames must be at least 8x8 pixels');
    }
    this.width = width;
    this.height = height;
    this.sensitivity = Object.freeze({ ...DEFAULT_SENSITIVITY, ...options.sensitivity });
    this.timing = Object.freeze({ ...DEFAULT_TIMING, ...options.timing });
    const scale = width / 320;
    this.blurRadius = Math.max(0, Math.round(options.blurRadius ?? Math.max(1, Math.round(scale))));
    this.mergeRadius = Math.max(0, Math.round(options.mergeRadius ?? Math.max(1, Math.round(2 * scale))));
    this.frameMs = options.frameIntervalMs ?? 200;

    const n = width * height;
    this.bg = new Float32Array(n);
    this.prev = new Float32Array(n);
    this.lastRaw = new Uint8Array(n);
    this.age = new Uint8Array(n);
    this.ringRows = 2 * this.blurRadius + 2;
    this.ring = new Uint16Array((this.ringRows + 1) * width);
    this.col = new Int32Array(width);
    this.rowValues = new Uint8Array(width);
    this.rowFlags = new Uint8Array(width);
    this.rowFirstRun = new Int32Array(height + 1);

    // Region flags: masks switch ACTIVE off; zones restrict COUNTED.
    const zones = options.zones ?? [];
    const masked = new Uint8Array(n);
    for (const mask of options.masks ?? []) rasterisePolygon(mask, width, height, masked, 1);
    this.zoneNames = zones.map((z) => z.name);
    if (zones.length > 32) throw new RangeError('at most 32 motion zones per camera');
    let zoneBits: Uint32Array | null = null;
    let inZone: Uint8Array | null = null;
    if (zones.length > 0) {
      zoneBits = new Uint32Array(n);
      inZone = new Uint8Array(n);
      const scratch = new Uint8Array(n);
      zones.forEach((zone, z) => {
        scratch.fill(0);
        rasterisePolygon(zone.points, width, height, scratch, 1);
        const bit = 2 ** z;
        for (let i = 0; i < n; i++) {
          if (scratch[i] === 1) {
            (zoneBits as Uint32Array)[i] = ((zoneBits as Uint32Array)[i] as number) | bit;
            (inZone as Uint8Array)[i] = 1;
          }
        }
      });
    }
    this.zoneBits = zoneBits;
    this.region = new Uint8Array(n);
    let active = 0;
    for (let i = 0; i < n; i++) {
      if (masked[i] === 1) continue;
      active++;
      this.region[i] = inZone === null || inZone[i] === 1 ? ACTIVE | COUNTED : ACTIVE;
    }
    this.activeCount = active;
    this.minRegionPixels = Math.max(1, Math.round(this.sensitivity.minRegionArea * n));
    // A region that barely changed (a few noisy pixels on a ghost) is not motion.
    this.minChangedPixels = Math.max(1, Math.ceil(this.minRegionPixels / 4));

    // About 16k grid samples whatever the frame size: enough for stable percentiles, cheap at any size.
    const step = Math.max(2, Math.floor(Math.sqrt(n / 16384)));
    const idx: number[] = [];
    for (let y = step >> 1; y < height; y += step) {
      for (let x = step >> 1; x < width; x += step) {
        const i = y * width + x;
        if (masked[i] !== 1) idx.push(i);
      }
    }
    this.sampleIndex = Uint32Array.from(idx);
    this.prevSample = new Float32Array(idx.length);
  }

  /** Frames processed since construction or the last `reset`. */
  get frameCount(): number {
    return this.frames;
  }

  /** Forget the background; the next frame starts a fresh calibration (after a PTZ move, say). */
  reset(): void {
    this.frames = 0;
  }

  /** Analyse one grey frame (width x height bytes, row-major) taken at tMs of stream time. */
  process(frame: Uint8Array, tMs: number): MotionResult {
    const w = this.width;
    const h = this.height;
    if (frame.length < w * h) throw new RangeError(`expected a ${w}x${h} grey frame`);
    const first = this.frames === 0;
    if (!first && sameBytes(frame, this.lastRaw, w * h)) {
      // A repeated frame (a source slower than the analysis rate, a stalled stream) carries no news: keep the
      // last answer for a moment, and after settleMs of identical frames report a still scene.
      if (tMs - this.lastT <= this.timing.settleMs) return cloneResult(this.lastResult);
      return emptyResult(false);
    }
    this.lastRaw.set(frame.subarray(0, w * h));
    if (!first) {
      const dt = tMs - this.lastT;
      if (dt > 0 && dt < 10_000)
        this.frameMs = this.frames === 1 ? dt : this.frameMs + (dt - this.frameMs) * 0.2;
    }
    const dt = this.frameMs;
    this.lastT = tMs;
    this.frames++;

    const { oBg, oPrev } = this.globalStats(frame, first, dt);
    const s = this.sensitivity;
    let threshold = s.improveContrast ? (s.threshold * this.contrastSpan) / 255 : s.threshold;
    threshold = Math.max(threshold, s.minThreshold, s.noiseFactor * this.noise);
    threshold = Math.min(threshold, 254);
    const changeThreshold = Math.min(
      threshold,
      Math.max(threshold * CHANGE_RATIO, s.minThreshold, s.noiseFactor * this.noise),
    );

    const t = this.timing;
    const settleFrames = Math.min(254, Math.max(1, Math.round(t.settleMs / dt)));
    const fgActive = first
      ? 0
      : this.mainPass(
          frame,
          oBg,
          oPrev,
          threshold,
          changeThreshold,
          s.jitterPixels * (w / 320) * 0.5,
          rateFor(dt, t.changeMs),
          settleFrames,
          rateFor(dt, t.idleMs),
          rateFor(dt, t.absorbMs),
          rateFor(dt, t.movingMs),
        );

    if (first || fgActive > s.recalibrateArea * this.activeCount) {
      this.calibrate(frame);
      this.lastResult = emptyResult(true);
    } else {
      this.lastResult = this.regions();
    }
    return cloneResult(this.lastResult);
  }

  /** Restart background and recent past from this (blurred) frame: after a global change the old ones mislead. */
  private calibrate(frame: Uint8Array): void {
    const w = this.width;
    for (let y = 0; y < this.height; y++) {
      const cur = this.blurredRow(frame, y);
      const row = y * w;
      for (let x = 0; x < w; x++) {
        const c = cur[x] as number;
        this.bg[row + x] = c;
        this.prev[row + x] = c;
      }
    }
    this.bgShift = 0;
    this.age.fill(255);
    this.runCount = 0;
    const idx = this.sampleIndex;
    for (let k = 0; k < idx.length; k++) this.prevSample[k] = frame[idx[k] as number] as number;
  }

  /** Contrast span, global offsets to the background and the recent past, and frame noise, on the sample grid. */
  private globalStats(frame: Uint8Array, first: boolean, dt: number): { oBg: number; oPrev: number } {
    const idx = this.sampleIndex;
    const m = idx.length;
    const hv = this.histValue;
    const hb = this.histBg;
    const hp = this.histPrev;
    hv.fill(0);
    hb.fill(0);
    hp.fill(0);
    const bg = this.bg;
    const shift = this.bgShift;
    const ps = this.prevSample;
    const aRecent = first ? 1 : rateFor(dt, this.timing.changeMs);
    for (let k = 0; k < m; k++) {
      const i = idx[k] as number;
      const v = frame[i] as number;
      hv[v] = (hv[v] as number) + 1;
      const db = Math.min(510, Math.max(0, Math.round(v - (bg[i] as number) - shift) + 255));
      hb[db] = (hb[db] as number) + 1;
      const p = ps[k] as number;
      const dp = Math.min(510, Math.max(0, Math.round(v - p) + 255));
      hp[dp] = (hp[dp] as number) + 1;
      ps[k] = p + (v - p) * aRecent;
    }
    if (m === 0) return { oBg: 0, oPrev: 0 };
    const span = Math.max(1, histogramQuantile(hv, m, 0.96) - histogramQuantile(hv, m, 0.04));
    if (first) {
      this.contrastSpan = span;
      this.noise = 0;
      return { oBg: 0, oPrev: 0 };
    }
    this.contrastSpan += (span - this.contrastSpan) * rateFor(dt, this.timing.contrastMs);
    const oBg = histogramQuantile(hb, m, 0.5) - 255;
    const oPrev = histogramQuantile(hp, m, 0.5) - 255;
    // Median absolute deviation of the frame difference around its median: grain, not motion (motion is sparse).
    const centre = oPrev + 255;
    let seen = hp[centre] as number;
    let radius = 0;
    while (seen <= m / 2 && radius < 255) {
      radius++;
      seen +=
        (centre - radius >= 0 ? (hp[centre - radius] as number) : 0) +
        (centre + radius < 511 ? (hp[centre + radius] as number) : 0);
    }
    this.noise += (radius - this.noise) * rateFor(dt, this.timing.noiseMs);
    return { oBg, oPrev };
  }

  /**
   * One streaming pass: separable box blur (running sums, rows kept in a small ring), difference to the
   * background and to the previous frame, per-pixel ages and learning, and runs of moving pixels.
   * Returns the number of unmasked pixels that differ from the background.
   */
  private mainPass(
    frame: Uint8Array,
    oBg: number,
    oPrev: number,
    threshold: number,
    changeThreshold: number,
    slopeFactor: number,
    aRecent: number,
    settleFrames: number,
    aIdle: number,
    aAbsorb: number,
    aMoving: number,
  ): number {
    const w = this.width;
    const h = this.height;
    const bg = this.bg;
    const prev = this.prev;
    const age = this.age;
    const region = this.region;
    const rowFirstRun = this.rowFirstRun;
    const readShift = this.bgShift + oBg;
    // Fold a large accumulated shift back into the pixels now and then so float precision never suffers.
    const fold = Math.abs(readShift) > 64;
    const writeShift = fold ? 0 : readShift;
    this.bgShift = writeShift;
    const lastRow = (h - 1) * w;
    let fgActive = 0;
    this.runCount = 0;

    const flags = this.rowFlags;
    const ring = this.ring;
    const col = this.col;
    const ringRows = this.ringRows;
    const r = this.blurRadius;
    const inv = Math.round(65536 / ((2 * r + 1) * (2 * r + 1)));
    const zeroRow = ringRows * w;
    for (let y = 0; y < h; y++) {
      let add = zeroRow;
      let sub = zeroRow;
      if (y === 0) this.blurredRow(frame, 0);
      else {
        const addRow = Math.min(y + r, h - 1);
        if (y + r <= h - 1) this.horizontalSums(frame, addRow);
        add = (addRow % ringRows) * w;
        sub = (Math.max(y - r - 1, 0) % ringRows) * w;
      }

      // Per-pixel model: differences, edge allowance for candidates, ages, learning. Branch-light on purpose.
      const rowStart = y * w;
      let rowFg = 0;
      for (let x = 0; x < w; x++) {
        const i = rowStart + x;
        const sum = (col[x] as number) + (ring[add + x] as number) - (ring[sub + x] as number);
        col[x] = sum;
        const c = (sum * inv + 32768) >>> 16;
        const b = (bg[i] as number) + readShift;
        const d = Math.abs(c - b);
        const p = (prev[i] as number) + oPrev;
        const dp = Math.abs(c - p);
        prev[i] = p + (c - p) * aRecent;
        let a = age[i] as number;
        let flag = 0;
        if (d > threshold || dp > changeThreshold) {
          // Only candidates pay for the edge test: the background's slope here, from its four neighbours.
          const gx = Math.abs((bg[x < w - 1 ? i + 1 : i] as number) - (bg[x > 0 ? i - 1 : i] as number));
          const gy = Math.abs((bg[i < lastRow ? i + w : i] as number) - (bg[i >= w ? i - w : i] as number));
          const slack = slopeFactor * (gx > gy ? gx : gy);
          if (dp > changeThreshold + slack) {
            a = 0;
            flag = 2;
          } else if (a < 255) a++;
          if (d > threshold + slack) {
            flag |= 1;
            rowFg++;
            bg[i] = b + (c - b) * (a >= settleFrames ? aAbsorb : aMoving) - writeShift;
          } else {
            bg[i] = b + (c - b) * aIdle - writeShift;
          }
        } else {
          if (a < 255) a++;
          bg[i] = b + (c - b) * aIdle - writeShift;
        }
        age[i] = a;
        flags[x] = flag;
      }

      // Runs of moving pixels, only for rows that have any.
      rowFirstRun[y] = this.runCount;
      if (rowFg === 0) continue;
      let runStart = -1;
      let runChanged = 0;
      for (let x = 0; x < w; x++) {
        const f = flags[x] as number;
        const reg = region[rowStart + x] as number;
        if ((f & 1) !== 0 && (reg & ACTIVE) !== 0) fgActive++;
        if ((f & 1) !== 0 && (reg & COUNTED) !== 0) {
          if (runStart < 0) runStart = x;
          if (f === 3) runChanged++;
        } else if (runStart >= 0) {
          this.pushRun(y, runStart, x - 1, runChanged);
          runStart = -1;
          runChanged = 0;
        }
      }
      if (runStart >= 0) this.pushRun(y, runStart, w - 1, runChanged);
    }
    rowFirstRun[h] = this.runCount;
    return fgActive;
  }

  /**
   * The box-blurred row y, from running sums: rows must be asked for in order 0, 1, ..., h - 1 within a frame.
   * Edges are replicated. Returns a buffer reused for the next row.
   */
  private blurredRow(frame: Uint8Array, y: number): Uint8Array {
    const w = this.width;
    const h = this.height;
    const r = this.blurRadius;
    const ring = this.ring;
    const ringRows = this.ringRows;
    const col = this.col;
    const cur = this.rowValues;
    // Integer division by the box area as a multiply and shift.
    const inv = Math.round(65536 / ((2 * r + 1) * (2 * r + 1)));
    if (y === 0) {
      for (let k = 0; k <= r && k < h; k++) this.horizontalSums(frame, k);
      for (let x = 0; x < w; x++) {
        let sum = (r + 1) * (ring[x] as number);
        for (let k = 1; k <= r; k++) sum += ring[(Math.min(k, h - 1) % ringRows) * w + x] as number;
        col[x] = sum;
        cur[x] = (sum * inv + 32768) >>> 16;
      }
      return cur;
    }
    const addRow = Math.min(y + r, h - 1);
    if (y + r <= h - 1) this.horizontalSums(frame, addRow);
    const add = (addRow % ringRows) * w;
    const sub = (Math.max(y - r - 1, 0) % ringRows) * w;
    for (let x = 0; x < w; x++) {
      const sum = (col[x] as number) + (ring[add + x] as number) - (ring[sub + x] as number);
      col[x] = sum;
      cur[x] = (sum * inv + 32768) >>> 16;
    }
    return cur;
  }

  /** Horizontal box sums of one source row (edges replicated) into its ring slot. */
  private horizontalSums(frame: Uint8Array, y: number): void {
    const w = this.width;
    const r = this.blurRadius;
    const ring = this.ring;
    const out = (y % this.ringRows) * w;
    const src = y * w;
    const last = src + w - 1;
    let sum = (r + 1) * (frame[src] as number);
    for (let k = 1; k <= r; k++) sum += frame[Math.min(src + k, last)] as number;
    ring[out] = sum;
    // Three stretches so the middle one, nearly the whole row, needs no bounds clamping.
    const headEnd = Math.min(w, r + 1);
    for (let x = 1; x < headEnd; x++) {
      sum += (frame[Math.min(src + x + r, last)] as number) - (frame[src] as number);
      ring[out + x] = sum;
    }
    const midEnd = w - r;
    for (let x = headEnd; x < midEnd; x++) {
      sum += (frame[src + x + r] as number) - (frame[src + x - r - 1] as number);
      ring[out + x] = sum;
    }
    for (let x = Math.max(headEnd, midEnd); x < w; x++) {
      sum += (frame[last] as number) - (frame[src + Math.max(x - r - 1, 0)] as number);
      ring[out + x] = sum;
    }
  }

  private pushRun(y: number, x0: number, x1: number, changed: number): void {
    const k = this.runCount;
    if (k === this.runY.length) {
      const grow = (a: Int32Array) => {
        const b = new Int32Array(a.length * 2);
        b.set(a);
        return b;
      };
      this.runY = grow(this.runY);
      this.runX0 = grow(this.runX0);
      this.runX1 = grow(this.runX1);
      this.runChanged = grow(this.runChanged);
    }
    this.runY[k] = y;
    this.runX0[k] = x0;
    this.runX1[k] = x1;
    this.runChanged[k] = changed;
    this.runCount = k + 1;
  }

  /**
   * Group runs into regions as if the moving pixels had been dilated by mergeRadius (a square element) and
   * then labelled with 8-connectivity: two runs join when their dilated rectangles touch.
   */
  private regions(): MotionResult {
    const count = this.runCount;
    const none = emptyResult(false);
    if (count === 0) return none;
    const runY = this.runY;
    const runX0 = this.runX0;
    const runX1 = this.runX1;
    const rowFirstRun = this.rowFirstRun;
    const reach = 2 * this.mergeRadius + 1;
    const parent = new Int32Array(count);
    for (let k = 0; k < count; k++) parent[k] = k;
    const find = (k: number): number => {
      let root = k;
      while (parent[root] !== root) root = parent[root] as number;
      while (parent[k] !== root) {
        const next = parent[k] as number;
        parent[k] = root;
        k = next;
      }
      return root;
    };
    const union = (a: number, b: number): void => {
      const ra = find(a);
      const rb = find(b);
      if (ra !== rb) parent[ra > rb ? ra : rb] = ra > rb ? rb : ra;
    };

    // One cursor per earlier row in reach: runs of a row come in x order, so runs that end too far left for
    // this run end too far left for the rest of the row too, and a busy frame (rain, snow) stays linear.
    const cursor = new Int32Array(reach);
    let cursorRow = -1;
    for (let j = 0; j < count; j++) {
      const y = runY[j] as number;
      const x0 = runX0[j] as number;
      const x1 = runX1[j] as number;
      if (y !== cursorRow) {
        cursorRow = y;
        for (let k = 1; k <= reach; k++) cursor[k - 1] = y - k >= 0 ? (rowFirstRun[y - k] as number) : 0;
      }
      // Previous run in the same row: horizontal dilation joins gaps up to 2r.
      if (j > 0 && runY[j - 1] === y && x0 <= (runX1[j - 1] as number) + reach) union(j, j - 1);
      for (let k = 1; k <= reach && y - k >= 0; k++) {
        const end = rowFirstRun[y - k + 1] as number;
        let q = cursor[k - 1] as number;
        while (q < end && (runX1[q] as number) + reach < x0) q++;
        cursor[k - 1] = q;
        for (; q < end && (runX0[q] as number) <= x1 + reach; q++) union(j, q);
      }
    }

    // Per-region statistics, indexed by root.
    const minX = new Int32Array(count).fill(this.width);
    const minY = new Int32Array(count).fill(this.height);
    const maxX = new Int32Array(count).fill(-1);
    const maxY = new Int32Array(count).fill(-1);
    const pixels = new Int32Array(count);
    const changed = new Int32Array(count);
    for (let k = 0; k < count; k++) {
      const root = find(k);
      const x0 = runX0[k] as number;
      const x1 = runX1[k] as number;
      const y = runY[k] as number;
      if (x0 < (minX[root] as number)) minX[root] = x0;
      if (x1 > (maxX[root] as number)) maxX[root] = x1;
      if (y < (minY[root] as number)) minY[root] = y;
      if (y > (maxY[root] as number)) maxY[root] = y;
      pixels[root] = (pixels[root] as number) + x1 - x0 + 1;
      changed[root] = (changed[root] as number) + (this.runChanged[k] as number);
    }

    const counted = new Uint8Array(count);
    const boxes: { box: Box; pixels: number }[] = [];
    let moving = 0;
    for (let k = 0; k < count; k++) {
      if (parent[k] !== k) continue;
      if ((pixels[k] as number) < this.minRegionPixels || (changed[k] as number) < this.minChangedPixels)
        continue;
      counted[k] = 1;
      moving += pixels[k] as number;
      const x = minX[k] as number;
      const y = minY[k] as number;
      boxes.push({
        box: [x, y, (maxX[k] as number) - x + 1, (maxY[k] as number) - y + 1],
        pixels: pixels[k] as number,
      });
    }
    if (boxes.length === 0) return none;
    boxes.sort((a, b) => b.pixels - a.pixels);

    const zones: string[] = [];
    const zoneBits = this.zoneBits;
    if (zoneBits !== null) {
      let hit = 0;
      for (let k = 0; k < count; k++) {
        if (counted[find(k)] !== 1) continue;
        const row = (runY[k] as number) * this.width;
        const end = row + (runX1[k] as number);
        for (let i = row + (runX0[k] as number); i <= end; i++) hit |= zoneBits[i] as number;
      }
      this.zoneNames.forEach((name, z) => {
        if ((hit & (2 ** z)) !== 0) zones.push(name);
      });
    }
    return {
      motion: true,
      area: moving / (this.width * this.height),
      boxes: boxes.map((b) => b.box),
      calibrating: false,
      zones,
    };
  }
}
