// Counts per coarse H3 cell, the only form in which anything located reaches the public (P1): cells finer than
// the community's resolution are refused on the way in, and cells under the suppression threshold k are left out
// on the way out. Every public output that lists cells goes through `suppress`.
import { getResolution, isValidCell } from 'h3-js';
import { AppError } from '../shared/errors.js';

/** Checks a cell index is valid and exactly at the community's resolution; returns it in canonical lowercase. */
export function coarseCell(cell: string, resolution: number): string {
  const c = cell.trim().toLowerCase();
  if (!isValidCell(c) || getResolution(c) !== resolution)
    throw new AppError(
      'ERR_CELL_RESOLUTION',
      `${JSON.stringify(cell.slice(0, 20))} is not an H3 cell at resolution ${resolution}, the only resolution this community records.`,
    );
  return c;
}

/**
 * Keeps the cells whose `count` is at least k; the others are only counted. Cells with a count of zero are not
 * cells of the data set at all and are neither shown nor counted.
 */
export function suppress<T extends { cell: string }>(
  rows: readonly T[],
  count: (row: T) => number,
  k: number,
): { cells: T[]; suppressedCells: number } {
  const cells: T[] = [];
  let suppressedCells = 0;
  for (const r of rows) {
    const n = count(r);
    if (n <= 0) continue;
    if (n < k) suppressedCells++;
    else cells.push(r);
  }
  return { cells, suppressedCells };
}
