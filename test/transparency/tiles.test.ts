import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  consistencyProofPlan,
  foldSubtrees,
  hashLeaf,
  inclusionProofPlan,
  resolveProof,
  rootNodes,
  verifyInclusion,
} from '../../src/transparency/merkle.js';
import { openNote, parseCheckpoint, parseVerifierKey, type Checkpoint } from '../../src/transparency/note.js';
import {
  decodeBundle,
  decodeHashTile,
  formatTilePath,
  nodeFromTiles,
  tilesForSize,
  type TileLookup,
} from '../../src/transparency/tiles.js';
import { verifyLog } from '../../src/transparency/verifier.js';
import { DIALECTS, startTestRuntime, type TestRuntime } from '../support/runtime.js';
import { appendEntries, listen } from './support.js';

const PREFIX = '/api/v1/transparency/tlog';
const b64 = (s: string) => new Uint8Array(Buffer.from(s, 'base64'));
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

for (const dialect of DIALECTS) {
  describe(`the log as C2SP tlog-tiles over HTTP on ${dialect}`, () => {
    let t: TestRuntime;
    let server: string;
    let key: string;
    let cp: Checkpoint;
    // Every tile and bundle fetched, by path: a mirror's copy of the log.
    const copy = new Map<string, Uint8Array>();
    before(async () => {
      t = await startTestRuntime(dialect);
      server = await listen(t.runtime);
      key = t.runtime.transparency!.verifierKey();
      // Batches of varied sizes, so tiles fill inside one transaction and across several.
      let from = 0;
      for (const batch of [1, 254, 2, 700, 300, 1, 1500, 282]) {
        await appendEntries(t.runtime, batch, batch, from);
        from += batch;
      }
      await t.runtime.transparency!.checkpointNow();
    });
    after(() => t.close());

    async function get(path: string): Promise<Response> {
      return fetch(`${server}${PREFIX}/${path}`);
    }

    async function fetchTile(path: string): Promise<Uint8Array> {
      const cached = copy.get(path);
      if (cached) return cached;
      const res = await get(path);
      assert.equal(res.status, 200, path);
      assert.equal(res.headers.get('content-type'), 'application/octet-stream', path);
      assert.match(res.headers.get('cache-control') ?? '', /immutable/, path);
      const data = new Uint8Array(await res.arrayBuffer());
      copy.set(path, data);
      return data;
    }

    /** The tiles of the tree of `size`, fetched over HTTP (partial ones as `.p/W`), as a lookup. */
    async function tilesOf(size: number): Promise<TileLookup> {
      const tiles = new Map<string, Uint8Array[]>();
      for (const tile of tilesForSize(size)) {
        const data = await fetchTile(formatTilePath({ kind: 'hashes', ...tile }));
        tiles.set(`${tile.level}/${tile.index}`, decodeHashTile(data, tile.width));
      }
      return (level, index) => tiles.get(`${level}/${index}`);
    }

    test('the checkpoint is the signed note, text/plain, cached for seconds only', async () => {
      const res = await get('checkpoint');
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'text/plain; charset=utf-8');
      assert.match(res.headers.get('cache-control') ?? '', /max-age=[0-5]\b/);
      const note = await res.text();
      cp = parseCheckpoint(openNote(note, [parseVerifierKey(key)]).text);
      assert.equal(cp.size, 3040);
      const plain = await fetch(`${server}/api/v1/transparency/checkpoint`);
      assert.equal(await plain.text(), note, 'the same note as the checkpoint endpoint');
    });

    test('every bundle holds exactly the canonical bytes whose leaf hashes are in the level-0 tile', async () => {
      const size = cp.size;
      let entries = 0;
      for (const tile of tilesForSize(size).filter((x) => x.level === 0)) {
        const bundlePath = formatTilePath({ kind: 'entries', index: tile.index, width: tile.width });
        const res = await get(bundlePath);
        assert.equal(res.status, 200);
        assert.equal(
          res.headers.get('content-encoding'),
          'gzip',
          'compressed for a client that accepts gzip',
        );
        assert.match(res.headers.get('cache-control') ?? '', /immutable/);
        const bundle = decodeBundle(new Uint8Array(await res.arrayBuffer()));
        assert.equal(bundle.length, tile.width);
        const leaves = decodeHashTile(
          await fetchTile(formatTilePath({ kind: 'hashes', ...tile })),
          tile.width,
        );
        const page = await fetch(
          `${server}/api/v1/transparency/entries?start=${tile.index * 256}&end=${tile.index * 256 + tile.width}`,
        );
        const served = ((await page.json()) as { entries: { canonical: string; leafHash: string }[] })
          .entries;
        bundle.forEach((bytes, i) => {
          assert.deepEqual(hashLeaf(bytes), leaves[i], `entry ${tile.index * 256 + i}`);
          assert.equal(Buffer.from(bytes).toString('utf8'), served[i]!.canonical);
          assert.equal(hex(leaves[i]!), served[i]!.leafHash);
        });
        entries += bundle.length;
      }
      assert.equal(entries, size);

      // Without Accept-Encoding the same bytes come uncompressed.
      const raw = await t.runtime.app.inject({ method: 'GET', url: `${PREFIX}/tile/entries/000` });
      assert.equal(raw.statusCode, 200);
      assert.equal(raw.headers['content-encoding'], undefined);
      assert.equal(decodeBundle(new Uint8Array(raw.rawPayload)).length, 256);
    });

    test("the checkpoint's root and the server's proofs, recomputed from tiles alone", async () => {
      const lookup = await tilesOf(cp.size);
      const root = foldSubtrees(rootNodes(cp.size).map((id) => nodeFromTiles(id.level, id.index, lookup)));
      assert.deepEqual(root, cp.rootHash);

      // Earlier sizes read the same full tiles and narrower partial ones (`.p/W` of tiles that are full by now).
      let checked = 0;
      for (const size of [1, 2, 255, 256, 257, 511, 512, 1000, 2048, 2815, cp.size - 1, cp.size]) {
        const tiles = await tilesOf(size);
        const node = (id: { level: number; index: number }) => nodeFromTiles(id.level, id.index, tiles);
        const sizeRoot = foldSubtrees(rootNodes(size).map(node));
        for (const index of [0, Math.floor(size / 3), size - 1]) {
          const fromTiles = resolveProof(inclusionProofPlan(index, size), node);
          const res = await fetch(
            `${server}/api/v1/transparency/proof/inclusion?index=${index}&size=${size}`,
          );
          const proof = (await res.json()) as { leafHash: string; hashes: string[] };
          assert.deepEqual(fromTiles, proof.hashes.map(b64), `inclusion of ${index} in ${size}`);
          verifyInclusion(node({ level: 0, index }), index, size, fromTiles, sizeRoot);
          checked++;
        }
        for (const first of [1, Math.floor(size / 2), size]) {
          if (first > size) continue;
          const fromTiles = resolveProof(consistencyProofPlan(first, size), node);
          const res = await fetch(
            `${server}/api/v1/transparency/proof/consistency?first=${first}&second=${size}`,
          );
          const proof = (await res.json()) as { hashes: string[] };
          assert.deepEqual(fromTiles, proof.hashes.map(b64), `consistency ${first} → ${size}`);
          checked++;
        }
      }
      assert.ok(checked >= 60, `checked ${checked} proofs`);
    });

    test('a partial tile stays the same bytes after its tile fills: it is a prefix of the full tile', async () => {
      const full = await fetchTile('tile/0/000');
      const partial = await fetchTile('tile/0/000.p/17');
      assert.deepEqual(partial, full.subarray(0, 17 * 32));
      const bundle = decodeBundle(await fetchTile('tile/entries/000.p/3'));
      assert.equal(bundle.length, 3);
    });

    test('bad paths get 400, tiles the tree does not hold get 404, each with a catalogue code, never a 5xx', async () => {
      // cp.size is 3040: 11 full level-0 tiles and one of width 224; level 1 is one tile of width 11.
      const cases: [string, number, string][] = [
        ['tile/0/1', 400, 'ERR_TILE_PATH'],
        ['tile/0/0000', 400, 'ERR_TILE_PATH'],
        ['tile/0/x000/000', 400, 'ERR_TILE_PATH'],
        ['tile/0/000.p/0', 400, 'ERR_TILE_PATH'],
        ['tile/0/000.p/256', 400, 'ERR_TILE_PATH'],
        ['tile/0/000.p/05', 400, 'ERR_TILE_PATH'],
        ['tile/00/000', 400, 'ERR_TILE_PATH'],
        ['tile/64/000', 400, 'ERR_TILE_PATH'],
        ['tile/abc/000', 400, 'ERR_TILE_PATH'],
        ['tile/0/abc', 400, 'ERR_TILE_PATH'],
        ['tile/0/-01', 400, 'ERR_TILE_PATH'],
        ['tile/', 400, 'ERR_TILE_PATH'],
        ['tile/0/000/', 400, 'ERR_TILE_PATH'],
        ['tile/0/%00', 400, 'ERR_TILE_PATH'],
        ['tile/entries', 400, 'ERR_TILE_PATH'],
        ['tile/entries/1', 400, 'ERR_TILE_PATH'],
        ['tile/entries/000.p/300', 400, 'ERR_TILE_PATH'],
        ['tile/0/x001/x000/000', 404, 'ERR_TILE_NOT_FOUND'],
        ['tile/0/012', 404, 'ERR_TILE_NOT_FOUND'],
        ['tile/0/011', 404, 'ERR_TILE_NOT_FOUND'],
        ['tile/0/011.p/225', 404, 'ERR_TILE_NOT_FOUND'],
        ['tile/1/000', 404, 'ERR_TILE_NOT_FOUND'],
        ['tile/1/000.p/12', 404, 'ERR_TILE_NOT_FOUND'],
        ['tile/2/000.p/1', 404, 'ERR_TILE_NOT_FOUND'],
        ['tile/7/000', 404, 'ERR_TILE_NOT_FOUND'],
        ['tile/63/000.p/1', 404, 'ERR_TILE_NOT_FOUND'],
        ['tile/0/x009/x007/x199/x254/x740/991', 404, 'ERR_TILE_NOT_FOUND'],
        ['tile/entries/011', 404, 'ERR_TILE_NOT_FOUND'],
        ['tile/entries/011.p/225', 404, 'ERR_TILE_NOT_FOUND'],
        ['tile/entries/012.p/1', 404, 'ERR_TILE_NOT_FOUND'],
      ];
      for (const [path, status, code] of cases) {
        const res = await get(path);
        assert.equal(res.status, status, path);
        assert.equal(((await res.json()) as { code: string }).code, code, path);
        if (status === 404) assert.equal(res.headers.get('cache-control'), 'no-cache', `${path}: not cached`);
      }
      // The edge tiles themselves are there.
      assert.equal((await fetchTile('tile/0/011.p/224')).length, 224 * 32);
      assert.equal((await fetchTile('tile/1/000.p/11')).length, 11 * 32);
      assert.equal(decodeBundle(await fetchTile('tile/entries/011.p/224')).length, 224);
    });

    test('the verifier checks the whole log through tiles', async () => {
      const result = await verifyLog({ server, key, tiles: true });
      assert.equal(result.size, cp.size);
      assert.equal(result.entriesChecked, cp.size);
    });
  });
}
