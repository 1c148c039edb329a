import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { PRIVACY_GRID, privacyFilter, privacyRects, type NormRect } from '../../src/recording/privacy.js';

type Poly = [number, number][];

/** Whether point p lies inside polygon (even-odd). */
function inside(poly: Poly, x: number, y: number): boolean {
  let c = false;
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const [xi, yi] = poly[i]!;
    const [xj, yj] = poly[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) c = !c;
  }
  return c;
}
const covered = (rects: NormRect[], x: number, y: number) =>
  rects.some(([rx, ry, rw, rh]) => x >= rx && x <= rx + rw && y >= ry && y <= ry + rh);

describe('privacy zones as rectangles', () => {
  test('no zones: no rectangles and no filter', () => {
    assert.deepEqual(privacyRects([]), []);
    assert.equal(privacyFilter([]), null);
  });
  test('a grid-aligned rectangle becomes exactly one rectangle', () => {
    const square = [
      [0.25, 0.25],
      [0.5, 0.25],
      [0.5, 0.5],
      [0.25, 0.5],
    ] as const;
    assert.deepEqual(privacyRects([square]), [[0.25, 0.25, 0.25, 0.25]]);
  });
  test('a thin diagonal band thinner than a grid cell is still covered all along', () => {
    const band = [
      [0.05, 0.1],
      [0.9, 0.9],
      [0.9, 0.905],
      [0.05, 0.105],
    ] as const;
    const rects = privacyRects([band]);
    for (let t = 0; t <= 1; t += 0.01)
      assert.ok(covered(rects, 0.05 + 0.85 * t, 0.1 + 0.8 * t + 0.0025), `t=${t}`);
  });
  test('the filter paints each rectangle black in expressions of the input size, rounding outwards', () => {
    assert.equal(
      privacyFilter([
        [0.1, 0.2, 0.3, 0.4],
        [0, 0, 1, 0.05],
      ]),
      'drawbox=x=floor(iw*0.1):y=floor(ih*0.2):w=ceil(iw*0.3)+1:h=ceil(ih*0.4)+1:color=black:t=fill,' +
        'drawbox=x=floor(iw*0):y=floor(ih*0):w=ceil(iw*1)+1:h=ceil(ih*0.05)+1:color=black:t=fill',
    );
  });
  test('every point of any polygon is covered (generated triangles and quads), with few rectangles', () => {
    const pt = fc.tuple(
      fc.double({ min: 0, max: 1, noNaN: true }),
      fc.double({ min: 0, max: 1, noNaN: true }),
    );
    fc.assert(
      fc.property(fc.array(pt, { minLength: 3, maxLength: 5 }), (poly) => {
        const rects = privacyRects([poly]);
        assert.ok(rects.length <= PRIVACY_GRID.rows * 4, `${rects.length} rectangles`);
        for (let i = 0; i <= 40; i++) {
          for (let j = 0; j <= 40; j++) {
            const x = i / 40;
            const y = j / 40;
            if (inside(poly, x, y)) assert.ok(covered(rects, x, y), `(${x}, ${y}) uncovered`);
          }
        }
        for (const v of poly) assert.ok(covered(rects, v[0], v[1]), 'vertices covered');
      }),
      { numRuns: 200 },
    );
  });
  test('a slanted zone is covered by about one rectangle per grid row, not one per cell', () => {
    const rects = privacyRects([
      [
        [0.1, 0.1],
        [0.4, 0.1],
        [0.3, 0.5],
      ],
    ]);
    assert.ok(rects.length <= 20, `${rects.length}`);
  });
});
