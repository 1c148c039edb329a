// Polygons for motion zones and masks. Coordinates are normalised (0..1 of the frame's width and height) so a
// zone drawn once on a snapshot stays valid whatever detect size or stream resolution the camera runs at.

/** A point in normalised frame coordinates: x from the left edge, y from the top edge, both 0..1. */
export type Point = readonly [x: number, y: number];

/** A closed polygon; the last point joins the first. */
export type Polygon = readonly Point[];

/** A named region where motion counts. */
export interface MotionZone {
  name: string;
  points: Polygon;
}

/** Why a value is not a usable polygon, or null when it is one. */
export function polygonProblem(value: unknown): string | null {
  if (!Array.isArray(value)) return 'a polygon is an array of [x, y] points';
  if (value.length < 3) return 'a polygon needs at least 3 points';
  for (const point of value as unknown[]) {
    if (!Array.isArray(point) || point.length !== 2) return 'each point is an [x, y] pair';
    const [x, y] = point as unknown[];
    if (typeof x !== 'number' || typeof y !== 'number' || !Number.isFinite(x) || !Number.isFinite(y)) {
      return 'point coordinates must be finite numbers';
    }
    // A little slack lets a zone be drawn right up to (or just past) the edge without being refused.
    if (x < -0.01 || x > 1.01 || y < -0.01 || y > 1.01) {
      return 'point coordinates are fractions of the frame, between 0 and 1';
    }
  }
  return null;
}

/**
 * Fill the pixels of a width x height raster whose centres lie inside the polygon (even-odd rule) with `value`.
 * Writes into `target` when given (so several polygons can be combined) and returns it.
 */
export function rasterisePolygon(
  polygon: Polygon,
  width: number,
  height: number,
  target: Uint8Array = new Uint8Array(width * height),
  value = 1,
): Uint8Array {
  if (target.length < width * height) throw new RangeError('target raster is smaller than width x height');
  const n = polygon.length;
  if (n < 3) return target;
  const xs = new Float64Array(n);
  const ys = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const p = polygon[i] as Point;
    xs[i] = p[0] * width;
    ys[i] = p[1] * height;
  }
  const crossings: number[] = [];
  for (let py = 0; py < height; py++) {
    const yc = py + 0.5;
    crossings.length = 0;
    for (let i = 0, j = n - 1; i < n; j = i++) {
      const yi = ys[i] as number;
      const yj = ys[j] as number;
      // Half-open test so a vertex on the scanline is counted once, never twice.
      if (yi <= yc !== yj <= yc) {
        const xi = xs[i] as number;
        const xj = xs[j] as number;
        crossings.push(xi + ((yc - yi) * (xj - xi)) / (yj - yi));
      }
    }
    if (crossings.length < 2) continue;
    crossings.sort((a, b) => a - b);
    const row = py * width;
    for (let k = 0; k + 1 < crossings.length; k += 2) {
      // Pixel px is inside when its centre px + 0.5 lies in [left, right).
      const from = Math.max(0, Math.ceil((crossings[k] as number) - 0.5));
      const to = Math.min(width, Math.ceil((crossings[k + 1] as number) - 0.5));
      if (to > from) target.fill(value, row + from, row + to);
    }
  }
  return target;
}
