// An in-memory Merkle tree that keeps every complete-subtree hash, the same shape a node table would store.
// Tests and benchmarks use it; it also shows the storage contract: append writes only finished subtrees, and
// proofs for any earlier size read only those.
import {
  MerkleProofError,
  appendToFrontier,
  consistencyProofPlan,
  foldSubtrees,
  inclusionProofPlan,
  resolveProof,
  rootNodes,
  type NodeSource,
} from './merkle.js';

/** Append-only Merkle tree held in memory, answering proofs synchronously for its current or any earlier size. */
export class MemoryTree implements NodeSource {
  // levels[l][i] is the hash of the complete subtree of 2^l leaves starting at leaf i * 2^l.
  private readonly levels: Uint8Array[][] = [];
  private frontier: Uint8Array[] = [];
  private leafCount = 0;

  /** Builds a tree from leaf hashes already computed with hashLeaf. */
  static fromLeafHashes(leafHashes: Iterable<Uint8Array>): MemoryTree {
    const tree = new MemoryTree();
    for (const leafHash of leafHashes) tree.append(leafHash);
    return tree;
  }

  /** Number of leaves appended so far. */
  get size(): number {
    return this.leafCount;
  }

  /** Appends a leaf hash and returns its index. */
  append(leafHash: Uint8Array): number {
    const { frontier, completed } = appendToFrontier(this.frontier, this.leafCount, leafHash);
    for (const { id, hash } of completed) {
      const level = (this.levels[id.level] ??= []);
      level[id.index] = hash.slice();
    }
    this.frontier = frontier;
    return this.leafCount++;
  }

  /** Hash of a complete subtree; a copy, so a caller altering it (as tests of tampering do) cannot alter the tree. */
  hash(level: number, index: number): Uint8Array {
    const hash = this.levels[level]?.[index];
    if (hash === undefined) {
      throw new MerkleProofError(
        'ERR_MERKLE_ARGUMENT',
        `no complete subtree at level ${level} index ${index}`,
      );
    }
    return hash.slice();
  }

  /** Root of the tree at `size` leaves (default: all of them). */
  root(size: number = this.leafCount): Uint8Array {
    this.requireSize(size);
    return foldSubtrees(rootNodes(size).map((id) => this.hash(id.level, id.index)));
  }

  /** Inclusion proof of leaf `index` in the tree at `size` leaves (default: all of them). */
  inclusionProof(index: number, size: number = this.leafCount): Uint8Array[] {
    this.requireSize(size);
    return resolveProof(inclusionProofPlan(index, size), (id) => this.hash(id.level, id.index));
  }

  /** Consistency proof from the tree at `size1` leaves to the tree at `size2` (default: all of them). */
  consistencyProof(size1: number, size2: number = this.leafCount): Uint8Array[] {
    this.requireSize(size2);
    return resolveProof(consistencyProofPlan(size1, size2), (id) => this.hash(id.level, id.index));
  }

  private requireSize(size: number): void {
    if (size > this.leafCount) {
      throw new MerkleProofError(
        'ERR_MERKLE_ARGUMENT',
        `tree size ${size} is beyond the ${this.leafCount} leaves held`,
      );
    }
  }
}
