import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { MotionDetector, scaleBoxes, type Box, type MotionResult } from './motion-detector.js';

const W = 160;
const H = 90;

/** Deterministic pseudo-random numbers so failures replay. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

/** A scene with gentle shading (so offsets and edges are realistic), plus optional per-frame noise. */
function scene(
  opts: { noise?: number; random?: () => number; offset?: number; shiftX?: number } = {},
): Uint8Array {
  const f = new Uint8Array(W * H);
  const random = opts.random ?? rng(1);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const sx = x + (opts.shiftX ?? 0);
      let v = 70 + sx * 0.4 + y * 0.3 + (opts.offset ?? 0);
      if (opts.noise) v += (random() * 2 - 1) * opts.noise;
      f[y * W + x] = Math.max(0, Math.min(255, Math.round(v)));
    }
  }
  return f;
}

function paint(frame: Uint8Array, x: number, y: number, w: number, h: number, value: number): Uint8Array {
  for (let yy = Math.max(0, y); yy < Math.min(H, y + h); yy++) {
    for (let xx = Math.max(0, x); xx < Math.min(W, x + w); xx++) frame[yy * W + xx] = value;
  }
  return frame;
}

/** Feed frames at 5 fps; returns every result. */
function run(detector: MotionDetector, frames: Uint8Array[], startMs = 0): MotionResult[] {
  return frames.map((f, k) => detector.process(f, startMs + k * 200));
}

function still(n: number, seed = 7, noise = 2): Uint8Array[] {
  const random = rng(seed);
  return Array.from({ length: n }, () => scene({ noise, random }));
}

function contains(box: Box, x: number, y: number, w: number, h: number): boolean {
  return box[0] <= x && box[1] <= y && box[0] + box[2] >= x + w && box[1] + box[3] >= y + h;
}

describe('MotionDetector', () => {
  it('calibrates on its first frame and reports no motion then', () => {
    const d = new MotionDetector({ width: W, height: H });
    const [first] = run(d, still(1));
    assert.deepEqual(first, { motion: false, area: 0, boxes: [], calibrating: true, zones: [] });
  });

  it('reports nothing for a still scene with sensor noise', () => {
    const d = new MotionDetector({ width: W, height: H });
    const results = run(d, still(60, 3, 12));
    assert.equal(results.filter((r) => r.motion).length, 0);
    assert.equal(results.filter((r) => r.calibrating).length, 1);
  });

  it('finds a moving block and boxes it tightly', () => {
    const d = new MotionDetector({ width: W, height: H });
    const random = rng(5);
    const frames = still(5, 5);
    for (let k = 0; k < 15; k++) frames.push(paint(scene({ noise: 2, random }), 10 + 6 * k, 30, 14, 20, 200));
    const results = run(d, frames);
    for (let k = 0; k < 15; k++) {
      const r = results[5 + k] as MotionResult;
      const x = 10 + 6 * k;
      assert.equal(r.motion, true, `frame ${k}`);
      assert.equal(r.boxes.length, 1, `frame ${k}: ${JSON.stringify(r.boxes)}`);
      const box = r.boxes[0] as Box;
      assert.ok(contains(box, x, 30, 14, 20), `box ${JSON.stringify(box)} misses block at ${x}`);
      // Blur spreads the block by a pixel; anything larger would be a ghost of where it was.
      assert.ok(box[2] <= 14 + 2 && box[3] <= 20 + 2, `box ${JSON.stringify(box)} too large`);
      assert.ok(Math.abs(r.area - (box[2] * box[3]) / (W * H)) < 0.01);
    }
  });

  it('leaves no ghost when an object that stood still for a long time leaves', () => {
    const d = new MotionDetector({ width: W, height: H });
    const random = rng(11);
    const frames: Uint8Array[] = still(5, 11);
    for (let k = 0; k < 5; k++) frames.push(paint(scene({ noise: 2, random }), 20 + 8 * k, 20, 16, 30, 30)); // walks in
    for (let k = 0; k < 75; k++) frames.push(paint(scene({ noise: 2, random }), 52, 20, 16, 30, 30)); // stands 15 s
    for (let k = 0; k < 4; k++) frames.push(paint(scene({ noise: 2, random }), 60 + 12 * k, 20, 16, 30, 30)); // leaves
    for (let k = 0; k < 40; k++) frames.push(scene({ noise: 2, random })); // empty again
    const results = run(d, frames);
    assert.ok(
      results.slice(5, 10).every((r) => r.motion),
      'walking in is motion',
    );
    assert.ok(
      results.slice(12, 85).every((r) => !r.motion),
      'standing still is not motion',
    );
    assert.ok(
      results.slice(85, 89).every((r) => r.motion),
      'leaving is motion',
    );
    const after = results.slice(90);
    assert.equal(
      after.filter((r) => r.motion).length,
      0,
      'the place it stood is not reported once it has gone',
    );
  });

  it('treats a uniform brightness jump as no motion', () => {
    const d = new MotionDetector({ width: W, height: H });
    const random = rng(2);
    const frames = [
      ...still(10, 2),
      ...Array.from({ length: 20 }, () => scene({ noise: 2, random, offset: 50 })),
    ];
    const results = run(d, frames);
    assert.equal(results.filter((r) => r.motion).length, 0);
  });

  it('recalibrates after a global change it cannot compensate (infrared switch) and reports no sustained motion', () => {
    const d = new MotionDetector({ width: W, height: H });
    const random = rng(4);
    const night = (): Uint8Array => scene({ noise: 2, random }).map((v) => 255 - v);
    const frames = [...still(10, 4), ...Array.from({ length: 20 }, night)];
    const results = run(d, frames);
    assert.equal((results[10] as MotionResult).calibrating, true);
    assert.equal((results[10] as MotionResult).motion, false);
    assert.equal(results.slice(10).filter((r) => r.motion).length, 0);
    assert.equal(results.slice(12).filter((r) => r.calibrating).length, 0, 'calibration ends');
  });

  it('still detects motion right after recalibrating', () => {
    const d = new MotionDetector({ width: W, height: H });
    const random = rng(8);
    const night = (): Uint8Array => scene({ noise: 2, random }).map((v) => 255 - v);
    const frames = [...still(5, 8), night(), night()];
    for (let k = 0; k < 5; k++) frames.push(paint(night(), 20 + 10 * k, 40, 12, 12, 0));
    const results = run(d, frames);
    assert.ok(results.slice(8).every((r) => r.motion));
  });

  it('ignores camera shake of high-contrast edges', () => {
    const d = new MotionDetector({ width: W, height: H });
    const random = rng(9);
    // A sharp white bar (a kerb, a window frame) that the mount's shake moves by half a pixel of this frame.
    const shaken = (k: number): Uint8Array => {
      const f = scene({ noise: 2, random });
      const shift = k % 2 === 0 ? 0 : 0.5;
      for (let y = 10; y < 80; y++) {
        for (let x = 0; x < W; x++) {
          const cover = Math.max(0, Math.min(1, Math.min(x + 1 - (60 + shift), 70 + shift - x)));
          f[y * W + x] = Math.round((f[y * W + x] as number) * (1 - cover) + 250 * cover);
        }
      }
      return f;
    };
    const results = run(
      d,
      Array.from({ length: 40 }, (_, k) => shaken(k)),
    );
    assert.equal(results.filter((r) => r.motion).length, 0);
  });

  it('does not count regions smaller than minRegionArea', () => {
    const d = new MotionDetector({ width: W, height: H, sensitivity: { minRegionArea: 0.002 } }); // 29 px
    const random = rng(12);
    const frames = still(5, 12);
    for (let k = 0; k < 6; k++) frames.push(paint(scene({ noise: 2, random }), 10 + 5 * k, 10, 3, 3, 220));
    for (let k = 0; k < 6; k++) frames.push(paint(scene({ noise: 2, random }), 10 + 5 * k, 60, 8, 8, 220));
    const results = run(d, frames);
    assert.ok(
      results.slice(5, 11).every((r) => !r.motion),
      'a 3x3 speck is ignored',
    );
    assert.ok(
      results.slice(12).every((r) => r.motion),
      'an 8x8 block is motion',
    );
  });

  it('merges nearby pieces of one object into one box', () => {
    const d = new MotionDetector({ width: W, height: H });
    const random = rng(13);
    const frames = still(5, 13);
    for (let k = 0; k < 5; k++) {
      const f = scene({ noise: 2, random });
      paint(f, 20 + 6 * k, 20, 10, 10, 220);
      paint(f, 20 + 6 * k, 32, 10, 10, 220); // two pixels below, within the merge distance
      paint(f, 120, 10 + 10 * k, 8, 8, 10); // a separate object far away
      frames.push(f);
    }
    const results = run(d, frames);
    for (const r of results.slice(6)) {
      assert.equal(r.boxes.length, 2, JSON.stringify(r.boxes));
      assert.ok((r.boxes[0] as Box)[3] >= 22, 'the two pieces form one box, listed first as the larger');
    }
  });

  it('counts only motion inside zones and names the zones hit', () => {
    const zones = [
      {
        name: 'path',
        points: [
          [0, 0],
          [0.5, 0],
          [0.5, 1],
          [0, 1],
        ] as const,
      },
      {
        name: 'drive',
        points: [
          [0.75, 0],
          [1, 0],
          [1, 1],
          [0.75, 1],
        ] as const,
      },
    ];
    const d = new MotionDetector({ width: W, height: H, zones });
    const random = rng(14);
    const frames = still(5, 14);
    for (let k = 0; k < 5; k++) frames.push(paint(scene({ noise: 2, random }), 10 + 6 * k, 30, 12, 12, 220)); // path
    for (let k = 0; k < 5; k++) frames.push(paint(scene({ noise: 2, random }), 92, 10 + 8 * k, 12, 12, 220)); // between
    for (let k = 0; k < 5; k++) frames.push(paint(scene({ noise: 2, random }), 135, 10 + 8 * k, 12, 12, 220)); // drive
    const results = run(d, frames);
    assert.ok(results.slice(5, 10).every((r) => r.motion && r.zones.join() === 'path'));
    assert.ok(
      results.slice(11, 15).every((r) => !r.motion),
      'motion outside every zone does not count',
    );
    assert.ok(results.slice(16, 20).every((r) => r.motion && r.zones.join() === 'drive'));
  });

  it('clips boxes to the zone so motion beside it never reaches the caller', () => {
    const zones = [
      {
        name: 'left',
        points: [
          [0, 0],
          [0.5, 0],
          [0.5, 1],
          [0, 1],
        ] as const,
      },
    ];
    const d = new MotionDetector({ width: W, height: H, zones });
    const random = rng(15);
    const frames = still(5, 15);
    for (let k = 0; k < 5; k++) frames.push(paint(scene({ noise: 2, random }), 70, 10 + 8 * k, 20, 12, 220));
    const results = run(d, frames);
    for (const r of results.slice(6)) {
      const box = r.boxes[0] as Box;
      assert.ok(r.motion && box[0] + box[2] <= W / 2, JSON.stringify(r.boxes));
    }
  });

  it('never reports motion under a mask', () => {
    const masks = [
      [
        [0.5, 0],
        [1, 0],
        [1, 1],
        [0.5, 1],
      ] as const,
    ];
    const d = new MotionDetector({ width: W, height: H, masks });
    const random = rng(16);
    const frames = still(5, 16);
    for (let k = 0; k < 8; k++) frames.push(paint(scene({ noise: 2, random }), 100, 5 + 8 * k, 20, 12, 220));
    for (let k = 0; k < 5; k++) frames.push(paint(scene({ noise: 2, random }), 10 + 8 * k, 40, 12, 12, 220));
    const results = run(d, frames);
    assert.ok(
      results.slice(5, 13).every((r) => !r.motion),
      'masked half',
    );
    assert.ok(
      results.slice(14).every((r) => r.motion),
      'unmasked half',
    );
  });

  it('keeps the last answer for repeated frames, then reports a stalled stream as still', () => {
    const d = new MotionDetector({ width: W, height: H });
    const random = rng(17);
    const frames = still(5, 17);
    for (let k = 0; k < 4; k++) frames.push(paint(scene({ noise: 2, random }), 10 + 8 * k, 40, 12, 12, 220));
    const last = frames[frames.length - 1] as Uint8Array;
    const results = run(d, frames);
    assert.equal((results[8] as MotionResult).motion, true);
    // The same frame again (a 2 fps source read at 5 fps): same answer.
    assert.deepEqual(d.process(last.slice(), 9 * 200), results[8]);
    // Identical frames for longer than settleMs: the stream stalled, nothing is moving.
    assert.equal(d.process(last.slice(), 9 * 200 + 1500).motion, false);
  });

  it('behaves alike at 2 and 15 frames per second', () => {
    for (const fps of [2, 15]) {
      const d = new MotionDetector({ width: W, height: H });
      const random = rng(18);
      const step = 1000 / fps;
      const speed = 30 / fps; // 30 px/s whatever the rate
      let t = 0;
      for (let k = 0; k < 3 * fps; k++) d.process(scene({ noise: 2, random }), (t += step));
      let moving = 0;
      const n = 3 * fps;
      for (let k = 0; k < n; k++) {
        if (
          d.process(
            paint(scene({ noise: 2, random }), 10 + Math.round(speed * k), 30, 14, 14, 200),
            (t += step),
          ).motion
        )
          moving++;
      }
      assert.ok(moving >= n - 1, `${fps} fps: ${moving}/${n}`);
      let flagged = 0;
      for (let k = 0; k < 3 * fps; k++)
        if (d.process(scene({ noise: 2, random }), (t += step)).motion) flagged++;
      assert.ok(
        flagged <= Math.ceil(fps * 0.5),
        `${fps} fps: ${flagged} frames flagged after the block left`,
      );
    }
  });

  it('boxes any block that moves into view (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: W - 12 }),
        fc.integer({ min: 0, max: H - 12 }),
        fc.integer({ min: 6, max: 12 }),
        fc.integer({ min: 6, max: 12 }),
        fc.constantFrom(10, 250),
        (x, y, bw, bh, value) => {
          const d = new MotionDetector({ width: W, height: H });
          run(d, still(3, x + y));
          const r = d.process(paint(scene({ noise: 2, random: rng(x * y + 1) }), x, y, bw, bh, value), 600);
          return r.motion && r.boxes.some((b) => contains(b, x, y, bw, bh));
        },
      ),
      { numRuns: 40 },
    );
  });

  it('groups moving pixels exactly as dilation plus 8-connected labelling would (property)', () => {
    const w = 48;
    const h = 36;
    /** The textbook way: dilate by a (2m+1) square, label 8-connected, box the original pixels per label. */
    const naive = (mask: Uint8Array, m: number): Box[] => {
      const dilated = new Uint8Array(w * h);
      for (let y = 0; y < h; y++)
        for (let x = 0; x < w; x++)
          if (mask[y * w + x])
            for (let dy = -m; dy <= m; dy++)
              for (let dx = -m; dx <= m; dx++) {
                const yy = y + dy;
                const xx = x + dx;
                if (yy >= 0 && yy < h && xx >= 0 && xx < w) dilated[yy * w + xx] = 1;
              }
      const label = new Int32Array(w * h).fill(-1);
      const boxes: Box[] = [];
      for (let start = 0; start < w * h; start++) {
        if (!dilated[start] || label[start] !== -1) continue;
        const id = boxes.length;
        let [x0, y0, x1, y1] = [w, h, -1, -1];
        const stack = [start];
        label[start] = id;
        while (stack.length > 0) {
          const i = stack.pop() as number;
          const x = i % w;
          const y = (i - x) / w;
          if (mask[i])
            [x0, y0, x1, y1] = [Math.min(x0, x), Math.min(y0, y), Math.max(x1, x), Math.max(y1, y)];
          for (let dy = -1; dy <= 1; dy++)
            for (let dx = -1; dx <= 1; dx++) {
              const yy = y + dy;
              const xx = x + dx;
              const j = yy * w + xx;
              if (yy >= 0 && yy < h && xx >= 0 && xx < w && dilated[j] && label[j] === -1) {
                label[j] = id;
                stack.push(j);
              }
            }
        }
        boxes.push([x0, y0, x1 - x0 + 1, y1 - y0 + 1]);
      }
      return boxes;
    };
    const key = (b: Box): string => b.join(',');
    const rect = fc.tuple(
      fc.nat(w - 1),
      fc.nat(h - 1),
      fc.integer({ min: 1, max: 6 }),
      fc.integer({ min: 1, max: 6 }),
    );
    fc.assert(
      fc.property(
        fc.array(rect, { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 0, max: 3 }),
        (rects, m) => {
          const flat = new Uint8Array(w * h).fill(100);
          const d = new MotionDetector({
            width: w,
            height: h,
            blurRadius: 0,
            mergeRadius: m,
            sensitivity: { minRegionArea: 1e-9, recalibrateArea: 1 },
          });
          d.process(flat, 0);
          const frame = flat.slice();
          const mask = new Uint8Array(w * h);
          for (const [x, y, rw, rh] of rects) {
            for (let yy = y; yy < Math.min(h, y + rh); yy++)
              for (let xx = x; xx < Math.min(w, x + rw); xx++) {
                frame[yy * w + xx] = 220;
                mask[yy * w + xx] = 1;
              }
          }
          const r = d.process(frame, 200);
          const expected = naive(mask, m).map(key).sort();
          const moving = mask.reduce((s, v) => s + v, 0);
          return (
            r.boxes.map(key).sort().join(' ') === expected.join(' ') &&
            Math.abs(r.area - moving / (w * h)) < 1e-9
          );
        },
      ),
      { numRuns: 200 },
    );
  });

  it('rejects frames of the wrong size and sizes too small to analyse', () => {
    assert.throws(() => new MotionDetector({ width: 4, height: 4 }), RangeError);
    const d = new MotionDetector({ width: W, height: H });
    assert.throws(() => d.process(new Uint8Array(10), 0), RangeError);
  });
});

describe('scaleBoxes', () => {
  it('maps detect-frame boxes to source pixels, rounding outwards and clipping to the frame', () => {
    const boxes: Box[] = [
      [10, 5, 20, 10],
      [310, 170, 10, 10],
    ];
    assert.deepEqual(scaleBoxes(boxes, { width: 320, height: 180 }, { width: 768, height: 432 }), [
      [24, 12, 48, 24],
      [744, 408, 24, 24],
    ]);
    assert.deepEqual(scaleBoxes([[1, 1, 1, 1]], { width: 3, height: 3 }, { width: 10, height: 10 }), [
      [3, 3, 4, 4],
    ]);
  });
});
