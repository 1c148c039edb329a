// C2SP tlog-tiles (https://c2sp.org/tlog-tiles): the log's Merkle tree served as static, cacheable resources, so a
// mirror or a monitor copies it with plain GETs instead of asking for proofs one by one.
//
// A hash tile at level L holds up to 256 consecutive hashes of tree level 8L: level 0 holds leaf hashes, and hash i
// of tile N at level L is the root of the complete subtree of 256^L leaves starting at leaf (N * 256 + i) * 256^L,
// which is also the root of full tile N * 256 + i at level L - 1. An entry bundle holds the entries whose leaf
// hashes make up the level-0 tile of the same index, each as a big-endian uint16 length and the entry's bytes.
// The tiles at the right edge of a tree are partial (`.p/W`, 1 ≤ W ≤ 255); a full tile never changes.
//
// Everything here is pure: path encoding and parsing, which tiles a tree has, tile and bundle encoding, and
// reading any complete-subtree hash (so any root or proof) back out of tiles.
import { HASH_SIZE, MerkleProofError, rootFromLeafHashes } from './merkle.js';

/** Tree levels one tile spans: a tile is a subtree of height 8. */
export const TILE_HEIGHT = 8;
/** Hashes in a full tile, and entries in a full bundle. */
export const TILE_WIDTH = 256;
/** Highest tile level a path may name (C2SP: 0 to 63). */
export const MAX_TILE_LEVEL = 63;
/** Longest entry a bundle can hold: its length is a uint16. */
export const MAX_BUNDLE_ENTRY = 0xffff;

/** A hash tile: `width` hashes (1 to 256) of tree level 8 * `level`, tile `index` within its level. */
export interface HashTile {
  readonly level: number;
  readonly index: number;
  readonly width: number;
}

/** What a path under a log's prefix names: a hash tile, or the entry bundle beside level-0 tile `index`. */
export type TilePath =
  | { readonly kind: 'hashes'; readonly level: number; readonly index: number; readonly width: number }
  | { readonly kind: 'entries'; readonly index: number; readonly width: number };

/** Stable codes for TileError. */
export type TileErrorCode = 'ERR_TILE_ARGUMENT' | 'ERR_TILE_SIZE' | 'ERR_TILE_BUNDLE' | 'ERR_TILE_MISSING';

/** A tile or bundle that cannot be encoded, decoded or read from; `code` is stable. */
export class TileError extends Error {
  override readonly name = 'TileError';

  constructor(
    readonly code: TileErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Leaves under one hash of a tile at `level`: 256^level (exact: a power of two). */
export function leavesPerHash(level: number): number {
  return 2 ** (TILE_HEIGHT * level);
}

/** Hashes of tree level 8 * `level` that a tree of `size` leaves has: floor(size / 256^level). */
export function hashesAtLevel(size: number, level: number): number {
  requireCount(size, 'tree size');
  requireLevel(level);
  // Division by a power of two is exact in floating point, so the floor is exact for every safe size.
  return Math.floor(size / leavesPerHash(level));
}

/** Width of tile `index` at `level` in a tree of `size` leaves: 256 when full, 1 to 255 at the edge, 0 if absent. */
export function tileWidthAt(size: number, level: number, index: number): number {
  requireCount(index, 'tile index');
  const count = hashesAtLevel(size, level);
  const start = index * TILE_WIDTH;
  if (start >= count) return 0;
  return Math.min(TILE_WIDTH, count - start);
}

/** The tiles of `level` in a tree of `size` leaves, left to right: full ones, then the partial one if any. */
export function tilesAtLevel(size: number, level: number): HashTile[] {
  const count = hashesAtLevel(size, level);
  const tiles: HashTile[] = [];
  for (let index = 0; index * TILE_WIDTH < count; index++)
    tiles.push({ level, index, width: Math.min(TILE_WIDTH, count - index * TILE_WIDTH) });
  return tiles;
}

/** Levels that have at least one tile in a tree of `size` leaves (none for the empty tree). */
export function tileLevels(size: number): number {
  let levels = 0;
  while (levels <= MAX_TILE_LEVEL && hashesAtLevel(size, levels) > 0) levels++;
  return levels;
}

/** Every tile of a tree of `size` leaves, level by level: what a mirror copies to hold the whole tree. */
export function tilesForSize(size: number): HashTile[] {
  const out: HashTile[] = [];
  for (let level = 0; level < tileLevels(size); level++) out.push(...tilesAtLevel(size, level));
  return out;
}

/**
 * The tile index N written as C2SP requires: groups of three digits, every group but the last prefixed with `x`
 * (1234067 is `x001/x234/067`), so no directory of a file-system copy holds more than a few thousand names.
 */
export function formatTileIndex(index: number): string {
  requireCount(index, 'tile index');
  let rest = index;
  let path = String(rest % 1000).padStart(3, '0');
  rest = Math.floor(rest / 1000);
  while (rest > 0) {
    path = `x${String(rest % 1000).padStart(3, '0')}/${path}`;
    rest = Math.floor(rest / 1000);
  }
  return path;
}

/** The path of a tile or bundle relative to the log's prefix: `tile/<L>/<N>[.p/<W>]` or `tile/entries/<N>[.p/<W>]`. */
export function formatTilePath(tile: TilePath): string {
  if (!Number.isInteger(tile.width) || tile.width < 1 || tile.width > TILE_WIDTH)
    throw new TileError('ERR_TILE_ARGUMENT', `tile width must be 1 to ${TILE_WIDTH}, got ${tile.width}`);
  const partial = tile.width < TILE_WIDTH ? `.p/${tile.width}` : '';
  if (tile.kind === 'entries') return `tile/entries/${formatTileIndex(tile.index)}${partial}`;
  requireLevel(tile.level);
  return `tile/${tile.level}/${formatTileIndex(tile.index)}${partial}`;
}

const LEVEL = /^(?:0|[1-9][0-9]?)$/;
const WIDTH = /^[1-9][0-9]{0,2}$/;
const INDEX = /^(?:x[0-9]{3}\/)*[0-9]{3}$/;

/**
 * Reads a path relative to the log's prefix; undefined unless it is exactly what formatTilePath writes for some
 * tile (no leading zeros in L or W, no leading `x000` group, W from 1 to 255, L from 0 to 63), so each tile has one
 * path and a cache or mirror never holds two copies. Indices above 2^53 are refused: no log reaches them.
 */
export function parseTilePath(path: string): TilePath | undefined {
  if (path.length > 128) return undefined;
  const parts = /^tile\/([^/]+)\/(.+?)(?:\.p\/([^/]+))?$/.exec(path);
  if (!parts) return undefined;
  const [, levelText = '', indexText = '', widthText] = parts;
  if (!INDEX.test(indexText)) return undefined;
  let index = 0;
  for (const group of indexText.split('/')) index = index * 1000 + Number(group.replace('x', ''));
  if (!Number.isSafeInteger(index)) return undefined;
  let width = TILE_WIDTH;
  if (widthText !== undefined) {
    if (!WIDTH.test(widthText)) return undefined;
    width = Number(widthText);
    if (width >= TILE_WIDTH) return undefined;
  }
  let tile: TilePath;
  if (levelText === 'entries') tile = { kind: 'entries', index, width };
  else if (LEVEL.test(levelText) && Number(levelText) <= MAX_TILE_LEVEL)
    tile = { kind: 'hashes', level: Number(levelText), index, width };
  else return undefined;
  // A leading x000 group reads as a valid index with another path; only the canonical spelling is accepted.
  return formatTilePath(tile) === path ? tile : undefined;
}

/** A hash tile's bytes: its hashes, concatenated. */
export function encodeHashTile(hashes: readonly Uint8Array[]): Uint8Array {
  if (hashes.length < 1 || hashes.length > TILE_WIDTH)
    throw new TileError('ERR_TILE_ARGUMENT', `a tile holds 1 to ${TILE_WIDTH} hashes, got ${hashes.length}`);
  const out = new Uint8Array(hashes.length * HASH_SIZE);
  hashes.forEach((h, i) => {
    if (h.length !== HASH_SIZE)
      throw new TileError('ERR_TILE_ARGUMENT', `hash ${i} is ${h.length} bytes, not ${HASH_SIZE}`);
    out.set(h, i * HASH_SIZE);
  });
  return out;
}

/** Splits a hash tile of `width` hashes; a tile of any other length is refused. */
export function decodeHashTile(data: Uint8Array, width: number): Uint8Array[] {
  if (data.length !== width * HASH_SIZE)
    throw new TileError(
      'ERR_TILE_SIZE',
      `a tile of width ${width} is ${width * HASH_SIZE} bytes, this one is ${data.length}`,
    );
  const out: Uint8Array[] = [];
  for (let i = 0; i < width; i++) out.push(data.slice(i * HASH_SIZE, (i + 1) * HASH_SIZE));
  return out;
}

/** An entry bundle: each entry as a big-endian uint16 length, then its bytes. */
export function encodeBundle(entries: readonly Uint8Array[]): Uint8Array {
  let total = 0;
  entries.forEach((e, i) => {
    if (e.length > MAX_BUNDLE_ENTRY)
      throw new TileError(
        'ERR_TILE_ARGUMENT',
        `entry ${i} is ${e.length} bytes; a bundle entry is at most 65535`,
      );
    total += 2 + e.length;
  });
  const out = new Uint8Array(total);
  let at = 0;
  for (const e of entries) {
    out[at] = e.length >>> 8;
    out[at + 1] = e.length & 0xff;
    out.set(e, at + 2);
    at += 2 + e.length;
  }
  return out;
}

/** The entries of a bundle; refuses a length that runs past the end. */
export function decodeBundle(data: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  let at = 0;
  while (at < data.length) {
    if (at + 2 > data.length)
      throw new TileError('ERR_TILE_BUNDLE', `the bundle ends inside the length of entry ${out.length}`);
    const length = (data[at]! << 8) | data[at + 1]!;
    if (at + 2 + length > data.length)
      throw new TileError('ERR_TILE_BUNDLE', `entry ${out.length} runs past the end of the bundle`);
    out.push(data.slice(at + 2, at + 2 + length));
    at += 2 + length;
  }
  return out;
}

/** The hash a full tile stands for in the tile above it: the root of its 256 hashes. */
export function tileRoot(hashes: readonly Uint8Array[]): Uint8Array {
  if (hashes.length !== TILE_WIDTH)
    throw new TileError(
      'ERR_TILE_ARGUMENT',
      `only a full tile has a root above it, this one has ${hashes.length}`,
    );
  return rootFromLeafHashes(hashes);
}

/** Where a reader finds the hashes of tile `index` at `level` (as many as it holds, full or partial). */
export type TileLookup = (level: number, index: number) => readonly Uint8Array[] | undefined;

/**
 * Hash of the complete subtree of 2^`level` leaves starting at leaf `index` * 2^`level`, from tiles alone: it lies
 * within one tile (of level floor(level / 8)) and is the root of 2^(level mod 8) of its hashes. With it, the
 * merkle core's plans (rootNodes, inclusionProofPlan, consistencyProofPlan) give roots and proofs from tiles.
 */
export function nodeFromTiles(level: number, index: number, lookup: TileLookup): Uint8Array {
  requireCount(level, 'node level');
  requireCount(index, 'node index');
  const tileLevel = Math.floor(level / TILE_HEIGHT);
  const span = 2 ** (level - tileLevel * TILE_HEIGHT);
  const first = index * span;
  const tileIndex = Math.floor(first / TILE_WIDTH);
  const offset = first - tileIndex * TILE_WIDTH;
  const hashes = lookup(tileLevel, tileIndex);
  if (!hashes || hashes.length < offset + span)
    throw new TileError(
      'ERR_TILE_MISSING',
      `node level ${level} index ${index} needs ${offset + span} hashes of tile ${tileLevel}/${tileIndex}, ` +
        `${hashes ? `which has ${hashes.length}` : 'which is not at hand'}`,
    );
  return rootFromLeafHashes(hashes.slice(offset, offset + span));
}

function requireCount(value: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < 0)
    throw new MerkleProofError(
      'ERR_MERKLE_ARGUMENT',
      `${what} must be a non-negative safe integer, got ${value}`,
    );
}

function requireLevel(level: number): void {
  if (!Number.isInteger(level) || level < 0 || level > MAX_TILE_LEVEL)
    throw new TileError('ERR_TILE_ARGUMENT', `tile level must be 0 to ${MAX_TILE_LEVEL}, got ${level}`);
}
