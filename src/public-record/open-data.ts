// Formats for open data (E4): CSV (RFC 4180) and GeoJSON (RFC 7946) from plain rows. Pure functions.
import { cellToBoundary } from 'h3-js';

/** A value a CSV cell or JSON field may hold. */
export type Cell = string | number | boolean | null;

/** One column of a table: its key in the rows, and what the header row calls it. */
export interface Column {
  key: string;
  header?: string;
}

// A spreadsheet runs a cell starting with one of these as a formula (CSV injection); text columns are the only
// place such input can come from, and numbers never start with them here (no negative values are published).
const FORMULA_START = /^[=+\-@\t\r]/;

function csvField(value: Cell): string {
  if (value === null) return '';
  let text = typeof value === 'string' ? value : String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** RFC 4180 CSV: a header row, CRLF line ends, quoted fields where needed, text never read as a formula. */
export function toCsv(columns: readonly Column[], rows: readonly Record<string, Cell>[]): string {
  const lines = [columns.map((c) => csvField(c.header ?? c.key)).join(',')];
  for (const row of rows) lines.push(columns.map((c) => csvField(row[c.key] ?? null)).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

/** The boundary of an H3 cell as [latitude, longitude] pairs (open ring), for maps that take lat/lng. */
export function cellPolygon(cell: string): [number, number][] {
  return cellToBoundary(cell).map(([lat, lng]) => [round(lat), round(lng)]);
}

// Six decimals is about 10 cm: more than enough for a cell several kilometres across, and stable output.
function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

/** A GeoJSON FeatureCollection with one Polygon per cell (closed ring, [longitude, latitude], RFC 7946). */
export function cellsToGeoJson<T extends { cell: string }>(
  rows: readonly T[],
  properties: (row: T) => Record<string, Cell>,
): { type: 'FeatureCollection'; features: unknown[] } {
  return {
    type: 'FeatureCollection',
    features: rows.map((r) => {
      const ring = cellToBoundary(r.cell, true).map(([lng, lat]) => [round(lng), round(lat)]);
      return {
        type: 'Feature',
        id: r.cell,
        geometry: { type: 'Polygon', coordinates: [ring] },
        properties: { cell: r.cell, ...properties(r) },
      };
    }),
  };
}
