// The "typical NVR" motion detector the quality benchmark compares against: a blurred frame against a plain
// running-average background (cv2.accumulateWeighted at a slow rate, every frame), a fixed threshold, a 3x3
// dilation twice, and connected regions above a minimum size: the running-average scheme of the OpenCV
// tutorials and of older NVR detectors (frigate's classic one learned its average the same way). Its background
// lags, so it reports "ghosts" where someone stood or a car passed long after the scene is still again.

/** Settings of the baseline; the learning rate is frigate's classic frame_alpha at 5 frames/s. */
export interface BaselineOptions {
  width: number;
  height: number;
  /** Fixed grey-level threshold; 25 is the value the common OpenCV motion-detection tutorials use. */
  threshold?: number;
  /** Background learning rate per frame (frigate's frame_alpha default: 0.01). */
  alpha?: number;
  /** Smallest region, as a fraction of the frame (same as our detector's default so only the model differs). */
  minRegionArea?: number;
}

/** A running-average motion detector; `process` returns whether any region counts as motion. */
export class NvrBaselineDetector {
  private readonly w: number;
  private readonly h: number;
  private readonly threshold: number;
  private readonly alpha: number;
  private readonly minPixels: number;
  private readonly avg: Float32Array;
  private readonly blurred: Uint8Array;
  private readonly mask: Uint8Array;
  private readonly tmp: Uint8Array;
  private readonly stack: Int32Array;
  private started = false;

  constructor(options: BaselineOptions) {
    this.w = options.width;
    this.h = options.height;
    this.threshold = options.threshold ?? 25;
    this.alpha = options.alpha ?? 0.01;
    this.minPixels = Math.max(1, Math.round((options.minRegionArea ?? 0.0004) * this.w * this.h));
    const n = this.w * this.h;
    this.avg = new Float32Array(n);
    this.blurred = new Uint8Array(n);
    this.mask = new Uint8Array(n);
    this.tmp = new Uint8Array(n);
    this.stack = new Int32Array(n);
  }

  /** True when some region of at least the minimum size differs from the running average. */
  process(frame: Uint8Array): boolean {
    const { w, h } = this;
    const b = this.blurred;
    // 3x3 box blur, edges replicated.
    for (let y = 0; y < h; y++) {
      const y0 = Math.max(0, y - 1) * w;
      const y1 = y * w;
      const y2 = Math.min(h - 1, y + 1) * w;
      for (let x = 0; x < w; x++) {
        const xl = Math.max(0, x - 1);
        const xr = Math.min(w - 1, x + 1);
        const s =
          (frame[y0 + xl] as number) +
          (frame[y0 + x] as number) +
          (frame[y0 + xr] as number) +
          (frame[y1 + xl] as number) +
          (frame[y1 + x] as number) +
          (frame[y1 + xr] as number) +
          (frame[y2 + xl] as number) +
          (frame[y2 + x] as number) +
          (frame[y2 + xr] as number);
        b[y1 + x] = Math.round(s / 9);
      }
    }
    if (!this.started) {
      this.avg.set(b);
      this.started = true;
      return false;
    }
    const n = w * h;
    const m = this.mask;
    for (let i = 0; i < n; i++) {
      const a = this.avg[i] as number;
      m[i] = Math.abs((b[i] as number) - Math.round(a)) > this.threshold ? 1 : 0;
      this.avg[i] = a + ((b[i] as number) - a) * this.alpha;
    }
    this.dilate();
    this.dilate();
    return this.hasRegion();
  }

  private dilate(): void {
    const { w, h } = this;
    const m = this.mask;
    const t = this.tmp;
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        let on = 0;
        for (let dy = -1; dy <= 1 && on === 0; dy++) {
          const yy = y + dy;
          if (yy < 0 || yy >= h) continue;
          for (let dx = -1; dx <= 1; dx++) {
            const xx = x + dx;
            if (xx >= 0 && xx < w && m[yy * w + xx] === 1) {
              on = 1;
              break;
            }
          }
        }
        t[y * w + x] = on;
      }
    }
    m.set(t);
  }

  private hasRegion(): boolean {
    const { w, h } = this;
    const m = this.mask;
    const stack = this.stack;
    for (let start = 0; start < w * h; start++) {
      if (m[start] !== 1) continue;
      let top = 0;
      let size = 0;
      stack[top++] = start;
      m[start] = 2;
      while (top > 0) {
        const i = stack[--top] as number;
        size++;
        const x = i % w;
        const y = (i - x) / w;
        for (let dy = -1; dy <= 1; dy++) {
          const yy = y + dy;
          if (yy < 0 || yy >= h) continue;
          for (let dx = -1; dx <= 1; dx++) {
            const xx = x + dx;
            if (xx < 0 || xx >= w) continue;
            const j = yy * w + xx;
            if (m[j] === 1) {
              m[j] = 2;
              stack[top++] = j;
            }
          }
        }
      }
      if (size >= this.minPixels) return true;
    }
    return false;
  }
}
