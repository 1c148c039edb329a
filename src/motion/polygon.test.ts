import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { polygonProblem, rasterisePolygon, type Polygon } from './polygon.js';

/** Render a raster as rows of '#' and '.' so failures are readable. */
function picture(mask: Uint8Array, width: number): string[] {
  const rows: string[] = [];
  for (let i = 0; i < mask.length; i += width)
    rows.push([...mask.subarray(i, i + width)].map((v) => (v ? '#' : '.')).join(''));
  return rows;
}

describe('rasterisePolygon', () => {
  it('fills the pixels whose centres lie inside a rectangle', () => {
    const mask = rasterisePolygon(
      [
        [0.25, 0.25],
        [0.75, 0.25],
        [0.75, 0.75],
        [0.25, 0.75],
      ],
      8,
      4,
    );
    assert.deepEqual(picture(mask, 8), ['........', '..####..', '..####..', '........']);
  });

  it('fills a triangle by the pixel-centre rule', () => {
    const mask = rasterisePolygon(
      [
        [0, 0],
        [1, 1],
        [0, 1],
      ],
      4,
      4,
    );
    // The diagonal passes exactly through pixel centres; spans are half-open, so a centre on a right-hand edge is out.
    assert.deepEqual(picture(mask, 4), ['....', '#...', '##..', '###.']);
  });

  it('uses the even-odd rule for self-intersecting outlines', () => {
    // A bow tie: the two lobes are inside, nothing else.
    const mask = rasterisePolygon(
      [
        [0, 0],
        [1, 1],
        [1, 0],
        [0, 1],
      ],
      6,
      6,
    );
    // Pixel centres exactly on an edge fall to the right-hand side (half-open spans), hence the asymmetry.
    assert.deepEqual(picture(mask, 6), ['.....#', '#...##', '##.###', '##.###', '#...##', '.....#']);
  });

  it('covers the whole frame for the unit square and clips outside points', () => {
    const full = rasterisePolygon(
      [
        [-0.01, -0.01],
        [1.01, -0.01],
        [1.01, 1.01],
        [-0.01, 1.01],
      ],
      5,
      3,
    );
    assert.ok(full.every((v) => v === 1));
  });

  it('combines polygons into one target with a chosen value', () => {
    const target = new Uint8Array(4 * 2);
    rasterisePolygon(
      [
        [0, 0],
        [0.5, 0],
        [0.5, 1],
        [0, 1],
      ],
      4,
      2,
      target,
      7,
    );
    rasterisePolygon(
      [
        [0.75, 0],
        [1, 0],
        [1, 1],
        [0.75, 1],
      ],
      4,
      2,
      target,
      9,
    );
    assert.deepEqual([...target], [7, 7, 0, 9, 7, 7, 0, 9]);
  });

  it('ignores degenerate polygons', () => {
    assert.ok(
      rasterisePolygon(
        [
          [0, 0],
          [1, 1],
        ],
        4,
        4,
      ).every((v) => v === 0),
    );
  });

  it('fills exactly the area of axis-aligned rectangles (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 20 }),
        fc.integer({ min: 0, max: 20 }),
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 1, max: 20 }),
        (x, y, w, h) => {
          const W = 40;
          const H = 40;
          const rect: Polygon = [
            [x / W, y / H],
            [(x + w) / W, y / H],
            [(x + w) / W, (y + h) / H],
            [x / W, (y + h) / H],
          ];
          const mask = rasterisePolygon(rect, W, H);
          return mask.reduce((s, v) => s + v, 0) === w * h && mask[y * W + x] === 1;
        },
      ),
    );
  });

  it('refuses a target smaller than the raster', () => {
    assert.throws(() => rasterisePolygon([], 4, 4, new Uint8Array(3)), RangeError);
  });
});

describe('polygonProblem', () => {
  it('accepts normalised polygons and explains what is wrong with others', () => {
    assert.equal(
      polygonProblem([
        [0, 0],
        [1, 0],
        [0.5, 1],
      ]),
      null,
    );
    assert.match(polygonProblem('nope') ?? '', /array/);
    assert.match(
      polygonProblem([
        [0, 0],
        [1, 0],
      ]) ?? '',
      /at least 3/,
    );
    assert.match(polygonProblem([[0, 0], [1, 0], [0.5]]) ?? '', /pair/);
    assert.match(
      polygonProblem([
        [0, 0],
        [1, 0],
        [0.5, Number.NaN],
      ]) ?? '',
      /finite/,
    );
    assert.match(
      polygonProblem([
        [0, 0],
        [640, 0],
        [640, 480],
      ]) ?? '',
      /fractions/,
    );
  });
});
