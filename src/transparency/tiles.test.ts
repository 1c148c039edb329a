import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { MemoryTree } from './memory-tree.js';
import {
  consistencyProofPlan,
  foldSubtrees,
  hashLeaf,
  inclusionProofPlan,
  resolveProof,
  rootNodes,
} from './merkle.js';
import {
  MAX_TILE_LEVEL,
  TILE_WIDTH,
  TileError,
  decodeBundle,
  decodeHashTile,
  encodeBundle,
  encodeHashTile,
  formatTileIndex,
  formatTilePath,
  hashesAtLevel,
  nodeFromTiles,
  parseTilePath,
  tileLevels,
  tileRoot,
  tileWidthAt,
  tilesAtLevel,
  tilesForSize,
  type TileErrorCode,
  type TileLookup,
} from './tiles.js';

function rejects(fn: () => void, code: TileErrorCode): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof TileError, `expected TileError, got ${String(err)}`);
    assert.equal(err.code, code, err.message);
    return true;
  });
}

const tilePath = fc.oneof(
  fc.record({
    kind: fc.constant('hashes' as const),
    level: fc.integer({ min: 0, max: MAX_TILE_LEVEL }),
    index: fc.oneof(fc.nat(2000), fc.nat(10_000_000), fc.maxSafeNat()),
    width: fc.oneof(fc.constant(TILE_WIDTH), fc.integer({ min: 1, max: TILE_WIDTH })),
  }),
  fc.record({
    kind: fc.constant('entries' as const),
    index: fc.oneof(fc.nat(2000), fc.maxSafeNat()),
    width: fc.oneof(fc.constant(TILE_WIDTH), fc.integer({ min: 1, max: TILE_WIDTH })),
  }),
);

describe('tile paths (C2SP tlog-tiles)', () => {
  test('N is written in groups of three digits, all but the last prefixed with x', () => {
    const cases: [number, string][] = [
      [0, '000'],
      [7, '007'],
      [999, '999'],
      [1000, 'x001/000'],
      [1_234_067, 'x001/x234/067'],
      [123_456_789, 'x123/x456/789'],
      [1_000_000, 'x001/x000/000'],
      [Number.MAX_SAFE_INTEGER, 'x009/x007/x199/x254/x740/991'],
    ];
    for (const [index, text] of cases) assert.equal(formatTileIndex(index), text, String(index));
  });

  test('paths of hash tiles and entry bundles, full and partial', () => {
    assert.equal(
      formatTilePath({ kind: 'hashes', level: 0, index: 1_234_067, width: 256 }),
      'tile/0/x001/x234/067',
    );
    assert.equal(formatTilePath({ kind: 'hashes', level: 2, index: 5, width: 17 }), 'tile/2/005.p/17');
    assert.equal(formatTilePath({ kind: 'entries', index: 1000, width: 256 }), 'tile/entries/x001/000');
    assert.equal(formatTilePath({ kind: 'entries', index: 0, width: 1 }), 'tile/entries/000.p/1');
    for (const width of [0, 257, 1.5])
      rejects(() => formatTilePath({ kind: 'entries', index: 0, width }), 'ERR_TILE_ARGUMENT');
    rejects(() => formatTilePath({ kind: 'hashes', level: 64, index: 0, width: 1 }), 'ERR_TILE_ARGUMENT');
  });

  test('parse(format(tile)) is the tile, for any level, index and width', () => {
    fc.assert(
      fc.property(tilePath, (tile) => {
        // fast-check's records have no prototype; compare plain objects.
        assert.deepEqual(parseTilePath(formatTilePath(tile)), { ...tile });
      }),
      { numRuns: 2000 },
    );
  });

  test('every string that parses is the one canonical path of its tile', () => {
    const pieces = [
      'tile/',
      'entries/',
      '0',
      '1',
      '9',
      '00',
      '63',
      '64',
      'x',
      'x0',
      'x001/',
      '/',
      '.p/',
      '.p',
      '255',
      '256',
      '-',
    ];
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...pieces), { maxLength: 10 }),
        fc.string({ maxLength: 6 }),
        (parts, junk) => {
          for (const path of [parts.join(''), `tile/${parts.join('')}`, `tile/0/${parts.join('')}${junk}`]) {
            const tile = parseTilePath(path);
            if (tile) assert.equal(formatTilePath(tile), path);
          }
        },
      ),
      { numRuns: 3000 },
    );
  });

  test('refuses non-canonical and malformed paths', () => {
    const bad = [
      '',
      'tile',
      'tile/',
      'tile/0',
      'tile/0/',
      '/tile/0/000',
      'tile/0/000/',
      'tile/0/1',
      'tile/0/01',
      'tile/0/0000',
      'tile/0/00a',
      'tile/0/-01',
      'tile/0/x000/001',
      'tile/0/x000/x001/000',
      'tile/0/001/x002',
      'tile/0/x001',
      'tile/0/x1/000',
      'tile/0/x0001/000',
      'tile/0/X001/000',
      'tile/00/000',
      'tile/01/000',
      'tile/64/000',
      'tile/100/000',
      'tile/a/000',
      'tile/-1/000',
      'tile/ 0/000',
      'tile/0/000.p/0',
      'tile/0/000.p/256',
      'tile/0/000.p/300',
      'tile/0/000.p/01',
      'tile/0/000.p/+5',
      'tile/0/000.p/',
      'tile/0/000.p/5/',
      'tile/0/000.p/5.p/5',
      'tile/0/000.q/5',
      'tile/entries',
      'tile/entries/',
      'tile/entries/1',
      'tile/entries/000.p/256',
      'tile/entry/000',
      'tile/data/000',
      'tile/8/0/000',
      // Beyond 2^53: a valid uint64 index, but no Porchlight log reaches it.
      'tile/0/x009/x007/x199/x254/x740/992',
      'tile/0/x999/x999/x999/x999/x999/x999/999',
      `tile/0/${'x001/'.repeat(40)}000`,
    ];
    for (const path of bad) assert.equal(parseTilePath(path), undefined, path);
    assert.deepEqual(parseTilePath('tile/0/x009/x007/x199/x254/x740/991'), {
      kind: 'hashes',
      level: 0,
      index: Number.MAX_SAFE_INTEGER,
      width: 256,
    });
    assert.deepEqual(parseTilePath('tile/63/000.p/255'), { kind: 'hashes', level: 63, index: 0, width: 255 });
  });
});

describe('tile arithmetic', () => {
  const sizes = (tiles: readonly { level: number; width: number }[]) =>
    tiles.map((t) => `${t.level}:${t.width}`);

  test('the C2SP examples: a tree of 70,000 and a tree of 256', () => {
    // 273 full level-0 tiles and one of width 112, one full level-1 tile and one of width 17, one level-2 tile of 1.
    const tiles = tilesForSize(70_000);
    assert.deepEqual(sizes(tiles), [
      ...Array.from({ length: 273 }, () => '0:256'),
      '0:112',
      '1:256',
      '1:17',
      '2:1',
    ]);
    assert.deepEqual(
      tiles.filter((t) => t.level === 1).map((t) => t.index),
      [0, 1],
    );
    assert.deepEqual(tilesForSize(256), [
      { level: 0, index: 0, width: 256 },
      { level: 1, index: 0, width: 1 },
    ]);
    assert.deepEqual(tilesForSize(0), []);
    assert.deepEqual(tilesForSize(1), [{ level: 0, index: 0, width: 1 }]);
    assert.equal(tileLevels(0), 0);
    assert.equal(tileLevels(255), 1);
    assert.equal(tileLevels(256), 2);
    assert.equal(tileLevels(65_536), 3);
  });

  test('widths: partial width is floor(size / 256^L) mod 256, absent tiles have width 0', () => {
    fc.assert(
      fc.property(fc.maxSafeNat(), fc.integer({ min: 0, max: 7 }), (size, level) => {
        const count = hashesAtLevel(size, level);
        assert.equal(count, Number(BigInt(size) / 256n ** BigInt(level)));
        const last = Math.floor(count / 256);
        assert.equal(tileWidthAt(size, level, last), count % 256);
        if (last > 0) assert.equal(tileWidthAt(size, level, last - 1), 256);
        assert.equal(tileWidthAt(size, level, last + 1), 0);
      }),
    );
    assert.equal(hashesAtLevel(Number.MAX_SAFE_INTEGER, 6), 31, '2^53 - 1 leaves: 31 hashes of 2^48 leaves');
    assert.equal(hashesAtLevel(Number.MAX_SAFE_INTEGER, 7), 0);
    assert.equal(tileWidthAt(Number.MAX_SAFE_INTEGER, 63, 0), 0);
  });

  test('the tiles of a level cover its hashes exactly once, left to right', () => {
    fc.assert(
      fc.property(fc.nat(2_000_000), (size) => {
        for (let level = 0; level < tileLevels(size); level++) {
          const tiles = tilesAtLevel(size, level);
          assert.equal(
            tiles.reduce((n, t) => n + t.width, 0),
            hashesAtLevel(size, level),
          );
          tiles.forEach((t, i) => {
            assert.equal(t.index, i);
            assert.equal(t.width, tileWidthAt(size, level, i));
            if (i < tiles.length - 1) assert.equal(t.width, 256, 'only the last tile of a level is partial');
          });
        }
        assert.equal(hashesAtLevel(size, tileLevels(size)), 0);
      }),
      { numRuns: 50 },
    );
  });
});

describe('tile and bundle encoding', () => {
  test('bundles: uint16 big-endian lengths, round trip, truncation refused', () => {
    assert.deepEqual([...encodeBundle([Uint8Array.of(0x61), new Uint8Array(0)])], [0, 1, 0x61, 0, 0]);
    const long = encodeBundle([new Uint8Array(258)]);
    assert.deepEqual([...long.subarray(0, 2)], [1, 2]);
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 600 }), { maxLength: 40 }), (entries) => {
        const data = encodeBundle(entries);
        assert.deepEqual(decodeBundle(data), entries);
        if (data.length > 0) {
          const cut = data.subarray(0, data.length - 1);
          // Without its last byte, the last entry runs past the end (or, if it was empty, its length is cut).
          rejects(() => decodeBundle(cut), 'ERR_TILE_BUNDLE');
        }
      }),
    );
    assert.equal(encodeBundle([new Uint8Array(65_535)]).length, 65_537);
    rejects(() => encodeBundle([new Uint8Array(65_536)]), 'ERR_TILE_ARGUMENT');
    rejects(() => decodeBundle(Uint8Array.of(0)), 'ERR_TILE_BUNDLE');
    rejects(() => decodeBundle(Uint8Array.of(0, 3, 1, 2)), 'ERR_TILE_BUNDLE');
  });

  test('hash tiles: 32 bytes per hash, exact length required', () => {
    const hashes = Array.from({ length: 5 }, (_, i) => hashLeaf(Uint8Array.of(i)));
    const data = encodeHashTile(hashes);
    assert.equal(data.length, 160);
    assert.deepEqual(decodeHashTile(data, 5), hashes);
    rejects(() => decodeHashTile(data, 4), 'ERR_TILE_SIZE');
    rejects(() => decodeHashTile(data.subarray(1), 5), 'ERR_TILE_SIZE');
    rejects(() => encodeHashTile([]), 'ERR_TILE_ARGUMENT');
    rejects(() => encodeHashTile([new Uint8Array(31)]), 'ERR_TILE_ARGUMENT');
    rejects(() => encodeHashTile(Array.from({ length: 257 }, () => hashes[0]!)), 'ERR_TILE_ARGUMENT');
    rejects(() => tileRoot(hashes), 'ERR_TILE_ARGUMENT');
  });
});

describe('roots and proofs from tiles alone', () => {
  // 70,000 leaves: three tile levels, with full and partial tiles at the first two.
  const SIZE = 70_000;
  const tree = MemoryTree.fromLeafHashes(
    Array.from({ length: SIZE }, (_, i) => hashLeaf(new TextEncoder().encode(`entry ${i}`))),
  );
  // The tiles a server would serve for a tree of `size`: hash i of tile N at level L is node (8L, N * 256 + i).
  const tilesOf = (size: number): TileLookup => {
    const tiles = new Map<string, Uint8Array[]>();
    for (const t of tilesForSize(size))
      tiles.set(
        `${t.level}/${t.index}`,
        Array.from({ length: t.width }, (_, i) => tree.hash(8 * t.level, t.index * 256 + i)),
      );
    return (level, index) => tiles.get(`${level}/${index}`);
  };

  test('each hash of a tile above level 0 is the root of the full tile below it', () => {
    const lookup = tilesOf(SIZE);
    for (const t of tilesForSize(SIZE).filter((t) => t.level > 0)) {
      const hashes = lookup(t.level, t.index)!;
      hashes.forEach((h, i) => assert.deepEqual(h, tileRoot(lookup(t.level - 1, t.index * 256 + i)!)));
    }
  });

  test('the root of every size, and inclusion and consistency proofs, match the tree', () => {
    const rootFromTiles = (size: number, lookup: TileLookup) =>
      foldSubtrees(rootNodes(size).map((id) => nodeFromTiles(id.level, id.index, lookup)));
    for (const size of [1, 2, 255, 256, 257, 511, 512, 65_535, 65_536, 65_537, 69_888, SIZE])
      assert.deepEqual(rootFromTiles(size, tilesOf(size)), tree.root(size), `size ${size}`);
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: SIZE })
          .chain((size) => fc.tuple(fc.constant(size), fc.nat(size - 1), fc.integer({ min: 0, max: size }))),
        ([size, index, first]) => {
          const lookup = tilesOf(size);
          const node = (id: { level: number; index: number }) => nodeFromTiles(id.level, id.index, lookup);
          assert.deepEqual(rootFromTiles(size, lookup), tree.root(size));
          assert.deepEqual(
            resolveProof(inclusionProofPlan(index, size), node),
            tree.inclusionProof(index, size),
          );
          assert.deepEqual(
            resolveProof(consistencyProofPlan(first, size), node),
            tree.consistencyProof(first, size),
          );
        },
      ),
      { numRuns: 40 },
    );
  });

  test('a node whose tile is not at hand, or is too narrow, is an error, not a wrong hash', () => {
    const lookup = tilesOf(300);
    rejects(() => nodeFromTiles(3, 40, lookup), 'ERR_TILE_MISSING');
    rejects(() => nodeFromTiles(8, 1, lookup), 'ERR_TILE_MISSING');
    assert.deepEqual(nodeFromTiles(3, 36, lookup), tree.hash(3, 36));
  });
});
