// Privacy zones (A4): polygons blacked out in stored footage, snapshots and the live picture. ffmpeg's drawbox
// draws rectangles, so each polygon is covered by the cells of a coarse grid it touches, erring outwards: a pixel
// of a zone is never left visible, at the cost of a margin of less than one grid cell along slanted edges. Pure.

import { rasterisePolygon, type Polygon } from '../motion/polygon.js';

/** A rectangle in fractions (0..1) of the frame: left, top, width, height. */
export type NormRect = [x: number, y: number, w: number, h: number];

/** Grid the zones are snapped to: about 20 pixels at 1280x720, fine enough for a window or a neighbour's door. */
export const PRIVACY_GRID = { columns: 64, rows: 36 } as const;

/**
 * Rectangles that together cover every polygon (and the rest of the grid cells it touches), merged so that a
 * grid-aligned zone is one rectangle and a slanted one about one per grid row.
 */
export function privacyRects(
  polygons: readonly Polygon[],
  grid: { columns: number; rows: number } = PRIVACY_GRID,
): NormRect[] {
  const { columns, rows } = grid;
  if (polygons.length === 0) return [];
  const covered = new Uint8Array(columns * rows);
  const mark = (cx: number, cy: number) => {
    if (cx >= 0 && cy >= 0 && cx < columns && cy < rows) covered[cy * columns + cx] = 1;
  };
  for (const p of polygons) {
    // Cells whose centre is inside, plus every cell an edge passes through: a cell holding any point of the
    // polygon either has its centre inside or is crossed by the boundary, so together they cover it exactly.
    rasterisePolygon(p, columns, rows, covered, 1);
    // Points are nudged towards the middle by a hair, so an edge lying on a grid line marks the cells on the
    // polygon's side rather than those beyond it.
    const mx = p.reduce((sum, v) => sum + v[0], 0) / p.length;
    const my = p.reduce((sum, v) => sum + v[1], 0) / p.length;
    const pts = p.map(([x, y]) => [(x + (mx - x) * 1e-9) * columns, (y + (my - y) * 1e-9) * rows] as const);
    for (let i = 0; i < pts.length; i++) {
      const [x0, y0] = pts[i]!;
      const [x1, y1] = pts[(i + 1) % pts.length]!;
      traverse(x0, y0, x1, y1, mark);
    }
  }
  // Runs per row, then runs with the same span on consecutive rows merge into one rectangle.
  type Open = { x0: number; x1: number; y0: number; y1: number };
  const done: Open[] = [];
  let open: Open[] = [];
  for (let y = 0; y < rows; y++) {
    const spans: [number, number][] = [];
    for (let x = 0; x < columns;) {
      if (covered[y * columns + x] !== 1) {
        x++;
        continue;
      }
      const start = x;
      while (x < columns && covered[y * columns + x] === 1) x++;
      spans.push([start, x]);
    }
    const next: Open[] = [];
    for (const [x0, x1] of spans) {
      const same = open.find((o) => o.x0 === x0 && o.x1 === x1);
      if (same) {
        same.y1 = y + 1;
        next.push(same);
      } else next.push({ x0, x1, y0: y, y1: y + 1 });
    }
    for (const o of open) if (!next.includes(o)) done.push(o);
    open = next;
  }
  done.push(...open);
  done.sort((a, b) => a.y0 - b.y0 || a.x0 - b.x0);
  const round = (v: number) => Math.round(v * 1e6) / 1e6;
  return done.map((r) => [
    round(r.x0 / columns),
    round(r.y0 / rows),
    round((r.x1 - r.x0) / columns),
    round((r.y1 - r.y0) / rows),
  ]);
}

/** Visit every grid cell a segment passes through (Amanatides and Woo's traversal), in grid units. */
function traverse(
  x0: number,
  y0: number,
  x1: number,
  y1: number,
  visit: (cx: number, cy: number) => void,
): void {
  let cx = Math.floor(x0);
  let cy = Math.floor(y0);
  const endX = Math.floor(x1);
  const endY = Math.floor(y1);
  const dx = x1 - x0;
  const dy = y1 - y0;
  const stepX = Math.sign(dx);
  const stepY = Math.sign(dy);
  let tMaxX = dx === 0 ? Infinity : (stepX > 0 ? cx + 1 - x0 : x0 - cx) / Math.abs(dx);
  let tMaxY = dy === 0 ? Infinity : (stepY > 0 ? cy + 1 - y0 : y0 - cy) / Math.abs(dy);
  const tDeltaX = dx === 0 ? Infinity : 1 / Math.abs(dx);
  const tDeltaY = dy === 0 ? Infinity : 1 / Math.abs(dy);
  visit(cx, cy);
  for (let n = Math.abs(endX - cx) + Math.abs(endY - cy); n > 0; n--) {
    if (tMaxX < tMaxY) {
      tMaxX += tDeltaX;
      cx += stepX;
    } else {
      tMaxY += tDeltaY;
      cy += stepY;
    }
    visit(cx, cy);
  }
}

/** The ffmpeg filter chain that paints the rectangles black at any resolution, or null when there are none. */
export function privacyFilter(rects: readonly NormRect[]): string | null {
  if (rects.length === 0) return null;
  // Expressions in iw/ih keep the filter independent of the stream's size; floor/ceil round outwards.
  return rects
    .map(
      ([x, y, w, h]) =>
        `drawbox=x=floor(iw*${x}):y=floor(ih*${y}):w=ceil(iw*${w})+1:h=ceil(ih*${h})+1:color=black:t=fill`,
    )
    .join(',');
}
