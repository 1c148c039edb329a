// The web app's in-browser log checks (web/src/lib/merkle.ts), run on Node's WebCrypto against the server's own
// Merkle tree and a real signed checkpoint: what the browser accepts is exactly what the log proves.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { hashLeaf } from '../../src/transparency/merkle.js';
import { MemoryTree } from '../../src/transparency/memory-tree.js';
import {
  fromBase64,
  leafHash,
  parseCheckpoint,
  rootFromInclusionProof,
  toHex,
  verifyCheckpointSignature,
  verifyInclusion,
} from '../../web/src/lib/merkle.js';
import { startTestRuntime, type TestRuntime } from '../support/runtime.js';
import { appendEntries } from '../transparency/support.js';

const utf8 = new TextEncoder();

describe('in-browser log checks: RFC 9162 inclusion', () => {
  test('the leaf hash is SHA-256(0x00 || UTF-8 text), as the server computes it', async () => {
    for (const text of ['', '{"a":1}', 'Ünïcødé ✓ 𝕏'])
      assert.deepEqual(await leafHash(text), hashLeaf(utf8.encode(text)));
  });

  test('every proof of every leaf in trees of 1 to 70 leaves leads to the root; any change breaks it', async () => {
    const tree = new MemoryTree();
    const leaves: Uint8Array[] = [];
    for (let size = 1; size <= 70; size++) {
      const leaf = hashLeaf(utf8.encode(`entry ${size - 1}`));
      leaves.push(leaf);
      tree.append(leaf);
      const root = tree.root(size);
      for (let index = 0; index < size; index++) {
        const proof = tree.inclusionProof(index, size);
        assert.ok(await verifyInclusion(index, size, leaves[index]!, proof, root), `${index} of ${size}`);
        if (index + 1 < size)
          assert.ok(!(await verifyInclusion(index + 1, size, leaves[index]!, proof, root)), 'wrong index');
        if (proof.length > 0) {
          const bent = proof.map((h) => h.slice());
          bent[0]![0]! ^= 1;
          assert.ok(!(await verifyInclusion(index, size, leaves[index]!, bent, root)), 'altered proof');
          assert.equal(await rootFromInclusionProof(index, size, leaves[index]!, proof.slice(1)), null);
        }
        assert.ok(
          !(await verifyInclusion(index, size, leaves[index]!, [...proof, root], root)),
          'proof too long',
        );
      }
    }
    assert.equal(await rootFromInclusionProof(5, 5, leaves[0]!, []), null, 'index beyond the tree');
  });

  test('indices beyond 2^31 are handled without 32-bit shifts', async () => {
    // A tree of 2^32 + 1 leaves: the last leaf's proof is the single root of the first 2^32 leaves.
    const size = 2 ** 32 + 1;
    const left = new Uint8Array(32).fill(7);
    const leaf = hashLeaf(utf8.encode('last'));
    const root = await rootFromInclusionProof(size - 1, size, leaf, [left]);
    assert.ok(root);
    assert.equal(await rootFromInclusionProof(size - 1, size, leaf, []), null);
  });
});

describe('in-browser log checks: the signed checkpoint of a real server', () => {
  let t: TestRuntime;
  before(async () => {
    t = await startTestRuntime('sqlite');
    await appendEntries(t.runtime, 9);
    await t.runtime.transparency!.checkpointNow();
  });
  after(() => t.close());

  test('the log’s Ed25519 signature verifies with the published key; a changed checkpoint or key does not', async () => {
    const note = await t.runtime.transparency!.checkpoint();
    const key = t.runtime.transparency!.verifierKey();
    const cp = parseCheckpoint(note);
    assert.equal(cp.size, 9);
    const ok = await verifyCheckpointSignature(cp, key);
    assert.equal(ok.state, 'valid', JSON.stringify(ok));
    const forged = parseCheckpoint(note.replace(/\n9\n/, '\n10\n'));
    assert.equal((await verifyCheckpointSignature(forged, key)).state, 'invalid');
    const otherKey = key.replace(/\+[0-9a-f]{8}\+/, '+00000000+');
    assert.equal((await verifyCheckpointSignature(cp, otherKey)).state, 'invalid');
    assert.equal((await verifyCheckpointSignature(cp, 'garbage')).state, 'invalid');
  });

  test('an entry served by the API verifies against the checkpoint through the served proof', async () => {
    const c = t.client();
    const cp = parseCheckpoint(await t.runtime.transparency!.checkpoint());
    const entries = (
      await c.get<{ entries: { canonical: string; leafHash: string }[] }>(
        '/api/v1/transparency/entries?start=0&end=9',
      )
    ).body.entries;
    for (const [index, e] of entries.entries()) {
      const leaf = await leafHash(e.canonical);
      assert.equal(toHex(leaf), e.leafHash);
      const proof = (
        await c.get<{ hashes: string[] }>(
          `/api/v1/transparency/proof/inclusion?index=${index}&size=${cp.size}`,
        )
      ).body.hashes.map(fromBase64);
      assert.ok(await verifyInclusion(index, cp.size, leaf, proof, cp.rootHash));
      assert.ok(
        !(await verifyInclusion(index, cp.size, await leafHash(`${e.canonical} `), proof, cp.rootHash)),
      );
    }
  });
});
