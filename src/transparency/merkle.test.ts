import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { MemoryTree } from './memory-tree.js';
import {
  HASH_SIZE,
  MerkleProofError,
  appendToFrontier,
  consistencyProof,
  consistencyProofPlan,
  emptyRoot,
  foldSubtrees,
  hashChildren,
  hashLeaf,
  inclusionProof,
  inclusionProofPlan,
  resolveProof,
  rootFromLeafHashes,
  rootNodes,
  treeRoot,
  verifyConsistency,
  verifyInclusion,
  type MerkleErrorCode,
  type NodeId,
  type NodeSource,
  type ProofPlan,
} from './merkle.js';

const TESTDATA = new URL('../../../shared/testdata/tlog/', import.meta.url);

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const fromHex = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'hex'));
const fromBase64 = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'base64'));

function rejects(fn: () => void, code?: MerkleErrorCode): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof MerkleProofError, `expected MerkleProofError, got ${String(err)}`);
    if (code !== undefined) assert.equal(err.code, code, err.message);
    return true;
  });
}

// The leaves behind the RFC 6962 / transparency-dev test vectors, and the roots of their prefixes.
const VECTOR_LEAVES = [
  '',
  '00',
  '10',
  '2021',
  '3031',
  '40414243',
  '5051525354555657',
  '606162636465666768696a6b6c6d6e6f',
].map((leaf) => hashLeaf(fromHex(leaf)));
const VECTOR_ROOTS = [
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];

// A direct transcription of RFC 9162 §2.1.1, §2.1.3.1 and §2.1.4.1 over leaf arrays, to check the
// storage-friendly generator against.
function largestPowerOfTwoBelow(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}
function referenceRoot(d: readonly Uint8Array[]): Uint8Array {
  if (d.length === 0) return emptyRoot();
  if (d.length === 1) return d[0] as Uint8Array;
  const k = largestPowerOfTwoBelow(d.length);
  return hashChildren(referenceRoot(d.slice(0, k)), referenceRoot(d.slice(k)));
}
function referencePath(m: number, d: readonly Uint8Array[]): Uint8Array[] {
  if (d.length === 1) return [];
  const k = largestPowerOfTwoBelow(d.length);
  return m < k
    ? [...referencePath(m, d.slice(0, k)), referenceRoot(d.slice(k))]
    : [...referencePath(m - k, d.slice(k)), referenceRoot(d.slice(0, k))];
}
function referenceSubproof(m: number, d: readonly Uint8Array[], b: boolean): Uint8Array[] {
  if (m === d.length) return b ? [] : [referenceRoot(d)];
  const k = largestPowerOfTwoBelow(d.length);
  return m <= k
    ? [...referenceSubproof(m, d.slice(0, k), b), referenceRoot(d.slice(k))]
    : [...referenceSubproof(m - k, d.slice(k), false), referenceRoot(d.slice(0, k))];
}

const distinctLeaves = (n: number): Uint8Array[] =>
  Array.from({ length: n }, (_, i) => hashLeaf(new TextEncoder().encode(`leaf ${i}`)));

const MAX_LEAVES = 3000;
const LEAVES = distinctLeaves(MAX_LEAVES);
const TREE = MemoryTree.fromLeafHashes(LEAVES);
// Roots of every prefix, from the memory tree (O(log n) each); the tests below check them against
// rootFromLeafHashes, which rehashes every leaf and would make each property run O(n).
const ROOTS = Array.from({ length: MAX_LEAVES + 1 }, (_, n) => TREE.root(n));
const rootAt = (size: number): Uint8Array => at(ROOTS, size);

const firstLeaf = (ids: readonly NodeId[]): number => {
  const id = ids[0];
  assert.ok(id !== undefined);
  return id.index * 2 ** id.level;
};
const lastLeafEnd = (ids: readonly NodeId[]): number => {
  const id = ids[ids.length - 1];
  assert.ok(id !== undefined);
  return (id.index + 1) * 2 ** id.level;
};

// The hashing steps a verifier performs, read off the proof plan instead of the verifier: which side each proof
// hash joins on. Equal steps over the same hashes give the same root, so a verifier must accept a proof under
// other parameters exactly when their steps equal the honest ones (otherwise it would need a hash collision).
function inclusionSteps(index: number, size: number): string {
  return inclusionProofPlan(index, size)
    .map((ids) => (firstLeaf(ids) < index ? 'L' : 'R'))
    .join('');
}
function consistencySteps(size1: number, size2: number): string {
  if (size1 === 0 || size1 === size2) return '';
  const plan = consistencyProofPlan(size1, size2);
  const seedIsOldRoot = (size1 & (size1 - 1)) === 0;
  const joined = (seedIsOldRoot ? plan : plan.slice(1)).map((ids) => (lastLeafEnd(ids) <= size1 ? 'L' : 'R'));
  return `${seedIsOldRoot ? 'root1' : 'proof[0]'}:${joined.join('')}`;
}

function accepts(fn: () => void): boolean {
  try {
    fn();
    return true;
  } catch (err) {
    if (err instanceof MerkleProofError) return false;
    throw err;
  }
}

function flipByte(proof: readonly Uint8Array[], which: number, byte: number, bit: number): Uint8Array[] {
  return proof.map((h, i) => {
    if (i !== which) return h;
    const copy = h.slice();
    copy[byte] = (copy[byte] ?? 0) ^ (1 << bit);
    return copy;
  });
}

class CountingSource implements NodeSource {
  readonly reads: NodeId[] = [];
  constructor(private readonly inner: (level: number, index: number) => Uint8Array) {}
  hash(level: number, index: number): Promise<Uint8Array> {
    this.reads.push({ level, index });
    return Promise.resolve(this.inner(level, index));
  }
}

function log2Ceil(n: number): number {
  let bits = 0;
  while (2 ** bits < n) bits += 1;
  return bits;
}

describe('hashing', () => {
  test('hashes leaves and interior nodes with the RFC 9162 domain-separation prefixes', () => {
    assert.equal(
      hex(hashLeaf(new Uint8Array())),
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
    );
    assert.equal(hex(emptyRoot()), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    const a = hashLeaf(Uint8Array.of(1));
    const b = hashLeaf(Uint8Array.of(2));
    assert.notEqual(hex(hashChildren(a, b)), hex(hashChildren(b, a)));
    assert.notEqual(hex(hashLeaf(new Uint8Array([...a, ...b]))), hex(hashChildren(a, b)));
  });

  test('computes the known roots of the RFC 6962 test leaves for every prefix', () => {
    VECTOR_ROOTS.forEach((root, i) => {
      assert.equal(hex(rootFromLeafHashes(VECTOR_LEAVES.slice(0, i + 1))), root, `size ${i + 1}`);
      assert.equal(
        hex(MemoryTree.fromLeafHashes(VECTOR_LEAVES).root(i + 1)),
        root,
        `memory tree size ${i + 1}`,
      );
    });
  });

  test('gives the empty tree the hash of the empty string', () => {
    assert.deepEqual(rootFromLeafHashes([]), emptyRoot());
    assert.deepEqual(new MemoryTree().root(), emptyRoot());
    assert.deepEqual(foldSubtrees([]), emptyRoot());
  });

  test('matches the RFC recursive definition for every size up to 70', () => {
    for (let n = 0; n <= 70; n++) {
      assert.deepEqual(
        rootFromLeafHashes(LEAVES.slice(0, n)),
        referenceRoot(LEAVES.slice(0, n)),
        `size ${n}`,
      );
      assert.deepEqual(TREE.root(n), referenceRoot(LEAVES.slice(0, n)), `memory tree size ${n}`);
    }
  });

  test('the memory tree root equals rootFromLeafHashes at every size', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX_LEAVES }), (n) => {
        assert.deepEqual(TREE.root(n), rootFromLeafHashes(LEAVES.slice(0, n)));
      }),
    );
  });

  test('rejects leaf hashes of the wrong length', () => {
    rejects(() => rootFromLeafHashes([new Uint8Array(31)]), 'ERR_MERKLE_HASH_SIZE');
    rejects(() => new MemoryTree().append(new Uint8Array(33)), 'ERR_MERKLE_HASH_SIZE');
  });
});

describe('test vectors', () => {
  const load = (kind: 'inclusion' | 'consistency'): { name: string; json: Record<string, unknown> }[] => {
    const dir = new URL(`${kind}/`, TESTDATA);
    return readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((name) => name.endsWith('.json'))
      .sort()
      .map((name) => ({
        name: `${kind}/${name}`,
        json: JSON.parse(readFileSync(new URL(name, dir), 'utf8')) as Record<string, unknown>,
      }));
  };
  const bytes = (value: unknown): Uint8Array => {
    assert.equal(typeof value, 'string');
    return fromBase64(value as string);
  };
  const hashes = (value: unknown): Uint8Array[] => {
    if (value === null) return [];
    assert.ok(Array.isArray(value));
    return value.map(bytes);
  };
  // One leafIdx is uint64 max, which JSON.parse rounds to an unsafe number: it must be rejected, not misread.
  const count = (value: unknown): number => {
    assert.equal(typeof value, 'number');
    return value as number;
  };

  const inclusion = load('inclusion');
  const consistency = load('consistency');

  test('loads both sets of vectors, with cases to accept and cases to reject', () => {
    assert.ok(inclusion.length > 0, 'no inclusion vectors found');
    assert.ok(consistency.length > 0, 'no consistency vectors found');
    for (const set of [inclusion, consistency]) {
      assert.ok(set.some((v) => v.json.wantErr === false));
      assert.ok(set.some((v) => v.json.wantErr === true));
    }
  });

  for (const { name, json } of inclusion) {
    test(`${name}: ${String(json.desc)}`, () => {
      const run = (): void =>
        verifyInclusion(
          bytes(json.leafHash),
          count(json.leafIdx),
          count(json.treeSize),
          hashes(json.proof),
          bytes(json.root),
        );
      if (json.wantErr === true) rejects(run);
      else run();
    });
  }

  for (const { name, json } of consistency) {
    test(`${name}: ${String(json.desc)}`, () => {
      const run = (): void =>
        verifyConsistency(
          count(json.size1),
          count(json.size2),
          hashes(json.proof),
          bytes(json.root1),
          bytes(json.root2),
        );
      if (json.wantErr === true) rejects(run);
      else run();
    });
  }

  test('generates exactly the vectors’ happy-path proofs from the same leaves', () => {
    const tree = MemoryTree.fromLeafHashes(VECTOR_LEAVES);
    for (const { json } of inclusion.filter((v) => v.json.wantErr === false && v.json.treeSize !== 1)) {
      const proof = tree.inclusionProof(count(json.leafIdx), count(json.treeSize)).map(hex);
      assert.deepEqual(proof, hashes(json.proof).map(hex));
    }
    for (const { json } of consistency.filter((v) => v.json.wantErr === false)) {
      const proof = tree.consistencyProof(count(json.size1), count(json.size2)).map(hex);
      assert.deepEqual(proof, hashes(json.proof).map(hex));
    }
  });
});

describe('proof generation', () => {
  test('matches RFC 9162 PATH for every leaf of every tree up to 40 leaves, and verifies', () => {
    for (let n = 1; n <= 40; n++) {
      const root = rootAt(n);
      for (let i = 0; i < n; i++) {
        const proof = TREE.inclusionProof(i, n);
        assert.deepEqual(proof, referencePath(i, LEAVES.slice(0, n)), `leaf ${i} of ${n}`);
        verifyInclusion(at(LEAVES, i), i, n, proof, root);
      }
    }
  });

  test('matches RFC 9162 PROOF for every pair of sizes up to 40 leaves, and verifies', () => {
    for (let n = 1; n <= 40; n++) {
      for (let m = 0; m <= n; m++) {
        const proof = TREE.consistencyProof(m, n);
        const expected = m === 0 || m === n ? [] : referenceSubproof(m, LEAVES.slice(0, n), true);
        assert.deepEqual(proof, expected, `${m} -> ${n}`);
        verifyConsistency(m, n, proof, rootAt(m), rootAt(n));
      }
    }
  });

  test('async proofs from a node source equal the in-memory ones, fetching each node once', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc
          .integer({ min: 1, max: MAX_LEAVES })
          .chain((n) => fc.tuple(fc.constant(n), fc.nat(n - 1), fc.nat(n))),
        async ([n, index, size1]) => {
          const source = new CountingSource((level, i) => TREE.hash(level, i));
          assert.deepEqual(await inclusionProof(index, n, source), TREE.inclusionProof(index, n));
          assert.deepEqual(await consistencyProof(size1, n, source), TREE.consistencyProof(size1, n));
          assert.deepEqual(await treeRoot(n, source), rootAt(n));
          const inclusionReads = source.reads.length;
          assert.ok(inclusionReads > 0 || n === 1);
        },
      ),
      { numRuns: 60 },
    );
  });

  test('reads O(log n) complete subtrees, never an incomplete one, even for huge trees', async () => {
    const bogus = new Uint8Array(HASH_SIZE);
    const checkReads = (reads: readonly NodeId[], size: number, bound: number): void => {
      assert.ok(reads.length <= bound, `${reads.length} reads for size ${size}, bound ${bound}`);
      const keys = new Set(reads.map((r) => `${r.level}/${r.index}`));
      assert.equal(keys.size, reads.length, 'a node was read twice');
      for (const { level, index } of reads)
        assert.ok((index + 1) * 2 ** level <= size, `incomplete ${level}/${index}`);
    };
    await fc.assert(
      fc.asyncProperty(
        fc
          .integer({ min: 1, max: 2 ** 52 })
          .chain((n) => fc.tuple(fc.constant(n), fc.integer({ min: 0, max: n - 1 }))),
        async ([n, k]) => {
          const inclusionSource = new CountingSource(() => bogus);
          const proof = await inclusionProof(k, n, inclusionSource);
          assert.ok(proof.length <= log2Ceil(n));
          checkReads(inclusionSource.reads, n, 2 * log2Ceil(n));
          const consistencySource = new CountingSource(() => bogus);
          await consistencyProof(k + 1, n, consistencySource);
          checkReads(consistencySource.reads, n, 2 * log2Ceil(n) + 1);
          const rootSource = new CountingSource(() => bogus);
          await treeRoot(n, rootSource);
          checkReads(rootSource.reads, n, log2Ceil(n) + 1);
        },
      ),
      { numRuns: 300 },
    );
  });

  test('reads few nodes for a proof in a 2^20 + 12345 leaf tree', async () => {
    const n = 2 ** 20 + 12345;
    const source = new CountingSource(() => new Uint8Array(HASH_SIZE));
    await inclusionProof(n - 1, n, source);
    await consistencyProof(777_777, n, source);
    assert.ok(source.reads.length <= 2 * (2 * log2Ceil(n) + 1), `${source.reads.length} reads`);
  });

  test('rejects leaf indices and sizes that name no proof', () => {
    rejects(() => inclusionProofPlan(0, 0), 'ERR_MERKLE_ARGUMENT');
    rejects(() => inclusionProofPlan(5, 5), 'ERR_MERKLE_ARGUMENT');
    rejects(() => inclusionProofPlan(-1, 5), 'ERR_MERKLE_ARGUMENT');
    rejects(() => inclusionProofPlan(1.5, 5), 'ERR_MERKLE_ARGUMENT');
    rejects(() => inclusionProofPlan(0, 2 ** 53), 'ERR_MERKLE_ARGUMENT');
    rejects(() => consistencyProofPlan(6, 5), 'ERR_MERKLE_ARGUMENT');
    rejects(() => consistencyProofPlan(Number.NaN, 5), 'ERR_MERKLE_ARGUMENT');
    rejects(() => TREE.inclusionProof(0, MAX_LEAVES + 1), 'ERR_MERKLE_ARGUMENT');
    rejects(() => TREE.hash(1, MAX_LEAVES / 2), 'ERR_MERKLE_ARGUMENT');
  });

  test('rejects a stored hash of the wrong length instead of folding it into a proof', () => {
    const plan: ProofPlan = [[{ level: 0, index: 1 }]];
    rejects(() => resolveProof(plan, () => new Uint8Array(31)), 'ERR_MERKLE_HASH_SIZE');
  });

  test('empty and equal-size consistency proofs are empty', () => {
    assert.deepEqual(TREE.consistencyProof(0, 10), []);
    assert.deepEqual(TREE.consistencyProof(10, 10), []);
    assert.deepEqual(TREE.consistencyProof(0, 0), []);
  });

  test('the in-memory tree hands out copies, so tampering with a proof leaves the tree intact', () => {
    const tree = MemoryTree.fromLeafHashes(LEAVES.slice(0, 8));
    const proof = tree.inclusionProof(0);
    proof[0]?.fill(0);
    assert.deepEqual(tree.inclusionProof(0), TREE.inclusionProof(0, 8));
  });
});

describe('compact range', () => {
  test('the frontier after each append is the hashes of the root nodes, and completed nodes are the stored ones', () => {
    let frontier: Uint8Array[] = [];
    for (let size = 0; size < 300; size++) {
      const step = appendToFrontier(frontier, size, at(LEAVES, size));
      frontier = step.frontier;
      assert.deepEqual(
        frontier,
        rootNodes(size + 1).map((id) => TREE.hash(id.level, id.index)),
      );
      for (const { id, hash } of step.completed) assert.deepEqual(hash, TREE.hash(id.level, id.index));
      assert.deepEqual(foldSubtrees(frontier), rootAt(size + 1));
    }
  });

  test('rejects a frontier that does not fit the size', () => {
    rejects(() => appendToFrontier([], 1, at(LEAVES, 0)), 'ERR_MERKLE_ARGUMENT');
    rejects(() => appendToFrontier([at(LEAVES, 0)], 3, at(LEAVES, 0)), 'ERR_MERKLE_ARGUMENT');
    rejects(() => appendToFrontier([new Uint8Array(8)], 1, at(LEAVES, 0)), 'ERR_MERKLE_HASH_SIZE');
  });
});

describe('inclusion verification', () => {
  const leafAndSize = fc
    .integer({ min: 1, max: MAX_LEAVES })
    .chain((n) => fc.tuple(fc.constant(n), fc.integer({ min: 0, max: n - 1 })));

  test('accepts every generated proof', () => {
    fc.assert(
      fc.property(leafAndSize, ([n, i]) => {
        verifyInclusion(
          at(LEAVES, i),
          i,
          n,
          TREE.inclusionProof(i, n),
          rootFromLeafHashes(LEAVES.slice(0, n)),
        );
      }),
    );
  });

  test('rejects a proof with any bit of any hash flipped', () => {
    fc.assert(
      fc.property(
        leafAndSize.filter(([n]) => n > 1),
        fc.nat(),
        fc.nat(HASH_SIZE - 1),
        fc.nat(7),
        ([n, i], which, byte, bit) => {
          const proof = TREE.inclusionProof(i, n);
          const bad = flipByte(proof, which % proof.length, byte, bit);
          rejects(() => verifyInclusion(at(LEAVES, i), i, n, bad, rootAt(n)), 'ERR_MERKLE_ROOT_MISMATCH');
        },
      ),
    );
  });

  test('rejects a truncated or extended proof', () => {
    fc.assert(
      fc.property(
        leafAndSize,
        fc.uint8Array({ minLength: HASH_SIZE, maxLength: HASH_SIZE }),
        ([n, i], extra) => {
          const proof = TREE.inclusionProof(i, n);
          const root = rootAt(n);
          const leaf = at(LEAVES, i);
          if (proof.length > 0) {
            rejects(() => verifyInclusion(leaf, i, n, proof.slice(0, -1), root), 'ERR_MERKLE_PROOF_SIZE');
            rejects(() => verifyInclusion(leaf, i, n, proof.slice(1), root), 'ERR_MERKLE_PROOF_SIZE');
          }
          rejects(() => verifyInclusion(leaf, i, n, [...proof, extra], root), 'ERR_MERKLE_PROOF_SIZE');
          rejects(() => verifyInclusion(leaf, i, n, [extra, ...proof], root), 'ERR_MERKLE_PROOF_SIZE');
        },
      ),
    );
  });

  test('rejects a wrong root or a wrong leaf', () => {
    fc.assert(
      fc.property(leafAndSize, fc.nat(MAX_LEAVES), ([n, i], other) => {
        const proof = TREE.inclusionProof(i, n);
        if (other !== n) {
          rejects(
            () => verifyInclusion(at(LEAVES, i), i, n, proof, rootAt(other)),
            'ERR_MERKLE_ROOT_MISMATCH',
          );
        }
        const otherLeaf = other % MAX_LEAVES;
        if (otherLeaf !== i) {
          rejects(
            () => verifyInclusion(at(LEAVES, otherLeaf), i, n, proof, rootAt(n)),
            'ERR_MERKLE_ROOT_MISMATCH',
          );
        }
      }),
    );
  });

  test('accepts another index or size only when it implies the same hashing steps', () => {
    fc.assert(
      fc.property(
        leafAndSize,
        fc.nat(MAX_LEAVES),
        fc.integer({ min: 1, max: MAX_LEAVES }),
        ([n, i], i2, n2) => {
          const proof = TREE.inclusionProof(i, n);
          const root = rootAt(n);
          const leaf = at(LEAVES, i);
          for (const [index, size] of [
            [i2, n],
            [i, n2],
            [i2, n2],
          ] as const) {
            if (index === i && size === n) continue;
            const expected = index < size && inclusionSteps(index, size) === inclusionSteps(i, n);
            assert.equal(
              accepts(() => verifyInclusion(leaf, index, size, proof, root)),
              expected,
              `${index}/${size}`,
            );
          }
        },
      ),
    );
  });

  test('accepts a proof for leaf 0 of 4 as a proof in a tree of 3 with the same root: size and root belong together', () => {
    const proof = TREE.inclusionProof(0, 4);
    verifyInclusion(at(LEAVES, 0), 0, 3, proof, rootAt(4));
    rejects(() => verifyInclusion(at(LEAVES, 0), 0, 3, proof, rootAt(3)), 'ERR_MERKLE_ROOT_MISMATCH');
  });

  test('rejects malformed arguments with a typed error', () => {
    const proof = TREE.inclusionProof(3, 8);
    const leaf = at(LEAVES, 3);
    const root = rootAt(8);
    rejects(() => verifyInclusion(leaf, 8, 8, proof, root), 'ERR_MERKLE_ARGUMENT');
    rejects(() => verifyInclusion(leaf, 0, 0, [], emptyRoot()), 'ERR_MERKLE_ARGUMENT');
    rejects(() => verifyInclusion(leaf, -1, 8, proof, root), 'ERR_MERKLE_ARGUMENT');
    rejects(() => verifyInclusion(leaf, 3.5, 8, proof, root), 'ERR_MERKLE_ARGUMENT');
    rejects(() => verifyInclusion(leaf, 3, Number.POSITIVE_INFINITY, proof, root), 'ERR_MERKLE_ARGUMENT');
    rejects(() => verifyInclusion(leaf, 3, 2 ** 64 - 1, proof, root), 'ERR_MERKLE_ARGUMENT');
    rejects(() => verifyInclusion(leaf.subarray(1), 3, 8, proof, root), 'ERR_MERKLE_HASH_SIZE');
    rejects(() => verifyInclusion(leaf, 3, 8, proof, new Uint8Array([...root, 0])), 'ERR_MERKLE_HASH_SIZE');
    rejects(
      () => verifyInclusion(leaf, 3, 8, [...proof.slice(1), new Uint8Array(0)], root),
      'ERR_MERKLE_HASH_SIZE',
    );
  });
});

describe('consistency verification', () => {
  const sizes = fc
    .integer({ min: 0, max: MAX_LEAVES })
    .chain((n) => fc.tuple(fc.integer({ min: 0, max: n }), fc.constant(n)));
  const properSizes = fc
    .integer({ min: 2, max: MAX_LEAVES })
    .chain((n) => fc.tuple(fc.integer({ min: 1, max: n - 1 }), fc.constant(n)));

  test('accepts every generated proof, including the empty and equal-size cases', () => {
    fc.assert(
      fc.property(sizes, ([m, n]) => {
        const proof = TREE.consistencyProof(m, n);
        verifyConsistency(
          m,
          n,
          proof,
          rootFromLeafHashes(LEAVES.slice(0, m)),
          rootFromLeafHashes(LEAVES.slice(0, n)),
        );
      }),
    );
  });

  test('rejects a proof with any bit of any hash flipped', () => {
    fc.assert(
      fc.property(properSizes, fc.nat(), fc.nat(HASH_SIZE - 1), fc.nat(7), ([m, n], which, byte, bit) => {
        const proof = TREE.consistencyProof(m, n);
        const bad = flipByte(proof, which % proof.length, byte, bit);
        rejects(() => verifyConsistency(m, n, bad, rootAt(m), rootAt(n)), 'ERR_MERKLE_ROOT_MISMATCH');
      }),
    );
  });

  test('rejects a truncated or extended proof', () => {
    fc.assert(
      fc.property(
        properSizes,
        fc.uint8Array({ minLength: HASH_SIZE, maxLength: HASH_SIZE }),
        ([m, n], extra) => {
          const proof = TREE.consistencyProof(m, n);
          const [r1, r2] = [rootAt(m), rootAt(n)];
          rejects(() => verifyConsistency(m, n, proof.slice(0, -1), r1, r2));
          rejects(() => verifyConsistency(m, n, proof.slice(1), r1, r2));
          rejects(() => verifyConsistency(m, n, [...proof, extra], r1, r2), 'ERR_MERKLE_PROOF_SIZE');
          rejects(() => verifyConsistency(m, n, [extra, ...proof], r1, r2), 'ERR_MERKLE_PROOF_SIZE');
        },
      ),
    );
  });

  test('rejects a wrong first or second root', () => {
    fc.assert(
      fc.property(sizes, fc.nat(MAX_LEAVES), ([m, n], other) => {
        const proof = TREE.consistencyProof(m, n);
        if (other !== m) {
          rejects(() => verifyConsistency(m, n, proof, rootAt(other), rootAt(n)), 'ERR_MERKLE_ROOT_MISMATCH');
        }
        // Every tree extends the empty tree, so from size 0 there is nothing to check about the second root.
        if (other !== n && m > 0) {
          rejects(() => verifyConsistency(m, n, proof, rootAt(m), rootAt(other)), 'ERR_MERKLE_ROOT_MISMATCH');
        }
        if (m !== n) rejects(() => verifyConsistency(m, n, proof, rootAt(n), rootAt(m)));
      }),
    );
  });

  test('accepts other sizes only when they imply the same hashing steps', () => {
    fc.assert(
      fc.property(properSizes, fc.nat(MAX_LEAVES), fc.nat(MAX_LEAVES), ([m, n], m2, n2) => {
        const proof = TREE.consistencyProof(m, n);
        const [r1, r2] = [rootAt(m), rootAt(n)];
        for (const [size1, size2] of [
          [m2, n],
          [m, n2],
          [m2, n2],
        ] as const) {
          if (size1 === m && size2 === n) continue;
          const proper = size1 > 0 && size1 < size2;
          const expected = proper && consistencySteps(size1, size2) === consistencySteps(m, n);
          assert.equal(
            accepts(() => verifyConsistency(size1, size2, proof, r1, r2)),
            expected,
            `${size1}->${size2}`,
          );
        }
      }),
    );
  });

  test('rejects malformed arguments and the degenerate cases with a typed error', () => {
    const [r4, r8] = [rootAt(4), rootAt(8)];
    const proof = TREE.consistencyProof(4, 8);
    rejects(() => verifyConsistency(8, 4, proof, r8, r4), 'ERR_MERKLE_ARGUMENT');
    rejects(() => verifyConsistency(-4, 8, proof, r4, r8), 'ERR_MERKLE_ARGUMENT');
    rejects(() => verifyConsistency(4, 2 ** 53, proof, r4, r8), 'ERR_MERKLE_ARGUMENT');
    rejects(() => verifyConsistency(4, 8, [], r4, r8), 'ERR_MERKLE_PROOF_SIZE');
    rejects(() => verifyConsistency(4, 8, proof, r4.subarray(0, 31), r8), 'ERR_MERKLE_HASH_SIZE');
    rejects(() => verifyConsistency(4, 8, [new Uint8Array(64)], r4, r8), 'ERR_MERKLE_HASH_SIZE');
    // Equal sizes: nothing to prove, so the roots must match and the proof be empty.
    verifyConsistency(8, 8, [], r8, r8);
    rejects(() => verifyConsistency(8, 8, [], r8, r4), 'ERR_MERKLE_ROOT_MISMATCH');
    rejects(() => verifyConsistency(8, 8, [r8], r8, r8), 'ERR_MERKLE_PROOF_SIZE');
    // From the empty tree: any tree extends it, but the old root must be the empty root.
    verifyConsistency(0, 8, [], emptyRoot(), r8);
    verifyConsistency(0, 0, [], emptyRoot(), emptyRoot());
    rejects(() => verifyConsistency(0, 8, [], r4, r8), 'ERR_MERKLE_ROOT_MISMATCH');
    rejects(() => verifyConsistency(0, 8, proof, emptyRoot(), r8), 'ERR_MERKLE_PROOF_SIZE');
    rejects(() => verifyConsistency(0, 0, [], r4, r4), 'ERR_MERKLE_ROOT_MISMATCH');
  });
});

function at<T>(items: readonly T[], i: number): T {
  const item = items[i];
  assert.ok(item !== undefined, `index ${i} out of ${items.length}`);
  return item;
}
