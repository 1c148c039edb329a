// RFC 9162 §2.1 Merkle tree hashing, proofs and proof verification for the public log.
//
// Proof generation never needs the whole tree: every proof hash is the hash of a node of the RFC tree, and every
// such node is either a complete subtree (2^level leaves starting at a multiple of 2^level) or, on the right edge
// of the tree, the fold of a few complete subtrees. A store that keeps complete-subtree hashes (a node table, or
// tiles) therefore answers a proof with O(log n) reads, and those hashes never change once written.
import { createHash } from 'node:crypto';

/** Size in bytes of every hash in the tree (SHA-256). */
export const HASH_SIZE = 32;

/** Stable codes for MerkleProofError, for mapping to API errors. */
export type MerkleErrorCode =
  'ERR_MERKLE_ARGUMENT' | 'ERR_MERKLE_HASH_SIZE' | 'ERR_MERKLE_PROOF_SIZE' | 'ERR_MERKLE_ROOT_MISMATCH';

/** Why a proof could not be built or did not verify; `code` is stable, `message` says which check failed. */
export class MerkleProofError extends Error {
  override readonly name = 'MerkleProofError';

  constructor(
    readonly code: MerkleErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** A complete subtree: the 2^level leaves starting at leaf index * 2^level. */
export interface NodeId {
  readonly level: number;
  readonly index: number;
}

/** Where proof generation reads complete-subtree hashes; a database-backed source may answer asynchronously. */
export interface NodeSource {
  /** Hash of the complete subtree of 2^level leaves starting at leaf index * 2^level. */
  hash(level: number, index: number): Uint8Array | Promise<Uint8Array>;
}

/**
 * How to build a proof from stored hashes: one entry per proof hash, listing the complete subtrees (largest
 * first) whose right fold (`foldSubtrees`) is that proof hash. Most entries list a single subtree.
 */
export type ProofPlan = readonly (readonly NodeId[])[];

const LEAF_PREFIX = Uint8Array.of(0x00);
const NODE_PREFIX = Uint8Array.of(0x01);

function sha256(...parts: Uint8Array[]): Uint8Array {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return new Uint8Array(hash.digest());
}

/** RFC 9162 leaf hash, SHA-256(0x00 || data); the prefix keeps a leaf from passing for an interior node. */
export function hashLeaf(data: Uint8Array): Uint8Array {
  return sha256(LEAF_PREFIX, data);
}

/** RFC 9162 interior node hash, SHA-256(0x01 || left || right). */
export function hashChildren(left: Uint8Array, right: Uint8Array): Uint8Array {
  return sha256(NODE_PREFIX, left, right);
}

/** Root of the empty tree, SHA-256 of the empty string; a fresh copy each call so callers cannot alter it. */
export function emptyRoot(): Uint8Array {
  return sha256();
}

/** Root of the tree over the given leaf hashes (any count, including none). */
export function rootFromLeafHashes(leafHashes: readonly Uint8Array[]): Uint8Array {
  leafHashes.forEach((h, i) => requireHash(h, `leaf hash ${i}`));
  if (leafHashes.length === 0) return emptyRoot();
  // Pairing level by level and carrying an odd last node up unchanged builds exactly RFC 9162's split at the
  // largest power of two below n.
  let level: readonly Uint8Array[] = leafHashes;
  while (level.length > 1) {
    const next: Uint8Array[] = [];
    for (let i = 0; i + 1 < level.length; i += 2) next.push(hashChildren(at(level, i), at(level, i + 1)));
    if (level.length % 2 === 1) next.push(at(level, level.length - 1));
    level = next;
  }
  // A one-leaf tree's root is its leaf hash; copy it so the caller's root and leaf are not one buffer.
  return at(level, 0).slice();
}

/** Right fold of complete-subtree hashes, largest first: the hash of an incomplete node on the right edge. */
export function foldSubtrees(hashes: readonly Uint8Array[]): Uint8Array {
  if (hashes.length === 0) return emptyRoot();
  let acc = at(hashes, hashes.length - 1);
  for (let i = hashes.length - 2; i >= 0; i--) acc = hashChildren(at(hashes, i), acc);
  return acc;
}

/** Complete subtrees, largest first, whose fold is the root of the tree of the given size. */
export function rootNodes(size: number): NodeId[] {
  requireCount(size, 'tree size');
  return rangeNodes(0, size);
}

/**
 * Adds one leaf to a compact range: `frontier` holds the hashes of `rootNodes(size)`. Returns the next frontier
 * and the complete subtrees the leaf finished, which is all a node table has to store per append.
 */
export function appendToFrontier(
  frontier: readonly Uint8Array[],
  size: number,
  leafHash: Uint8Array,
): { frontier: Uint8Array[]; completed: { id: NodeId; hash: Uint8Array }[] } {
  requireCount(size, 'tree size');
  requireCount(size + 1, 'tree size after append');
  requireHash(leafHash, 'leaf hash');
  if (frontier.length !== popCount(size)) {
    throw new MerkleProofError(
      'ERR_MERKLE_ARGUMENT',
      `frontier has ${frontier.length} hashes, size ${size} needs ${popCount(size)}`,
    );
  }
  frontier.forEach((h, i) => requireHash(h, `frontier hash ${i}`));
  const next = frontier.slice();
  let hash = leafHash;
  let level = 0;
  let index = size;
  const completed = [{ id: { level, index }, hash }];
  // Each trailing one bit of the old size is a left sibling on the frontier waiting for this leaf's subtree.
  while (index % 2 === 1) {
    const left = next.pop();
    if (left === undefined) throw new Error('unreachable: frontier shorter than its popcount');
    hash = hashChildren(left, hash);
    level += 1;
    index = half(index);
    completed.push({ id: { level, index }, hash });
  }
  next.push(hash);
  return { frontier: next, completed };
}

/** Which stored subtrees make up the inclusion proof of leaf `index` in the tree of `size` leaves. */
export function inclusionProofPlan(index: number, size: number): ProofPlan {
  requireCount(index, 'leaf index');
  requireCount(size, 'tree size');
  if (index >= size) {
    throw new MerkleProofError('ERR_MERKLE_ARGUMENT', `leaf index ${index} is not below tree size ${size}`);
  }
  // RFC 9162 §2.1.3.1 PATH, unrolled from the root down; the proof lists siblings from the leaf up.
  const ranges: [number, number][] = [];
  let lo = 0;
  let hi = size;
  while (hi - lo > 1) {
    const k = largestPowerOfTwoBelow(hi - lo);
    if (index < lo + k) {
      ranges.push([lo + k, hi]);
      hi = lo + k;
    } else {
      ranges.push([lo, lo + k]);
      lo += k;
    }
  }
  return ranges.reverse().map(([begin, end]) => rangeNodes(begin, end));
}

/** Which stored subtrees make up the consistency proof from the tree of `size1` leaves to that of `size2`. */
export function consistencyProofPlan(size1: number, size2: number): ProofPlan {
  requireCount(size1, 'size1');
  requireCount(size2, 'size2');
  if (size1 > size2) {
    throw new MerkleProofError('ERR_MERKLE_ARGUMENT', `size1 ${size1} is greater than size2 ${size2}`);
  }
  // An empty tree and an identical tree need no proof.
  if (size1 === 0 || size1 === size2) return [];
  // RFC 9162 §2.1.4.1 SUBPROOF(m, D[n], true), unrolled from the root down.
  const ranges: [number, number][] = [];
  let lo = 0;
  let hi = size2;
  let startsAtOldRoot = true;
  while (size1 !== hi) {
    const k = largestPowerOfTwoBelow(hi - lo);
    if (size1 <= lo + k) {
      ranges.push([lo + k, hi]);
      hi = lo + k;
    } else {
      ranges.push([lo, lo + k]);
      lo += k;
      startsAtOldRoot = false;
    }
  }
  // When the old tree is itself a node of the new one, the verifier already holds its hash (the old root).
  if (!startsAtOldRoot) ranges.push([lo, hi]);
  return ranges.reverse().map(([begin, end]) => rangeNodes(begin, end));
}

/** Turns a plan into proof hashes, given the stored hash of each listed subtree. */
export function resolveProof(plan: ProofPlan, lookup: (id: NodeId) => Uint8Array): Uint8Array[] {
  return plan.map((ids) =>
    foldSubtrees(
      ids.map((id) => {
        const hash = lookup(id);
        requireHash(hash, `stored hash of node level ${id.level} index ${id.index}`);
        return hash;
      }),
    ),
  );
}

/** Inclusion proof of leaf `index` in the tree of `size` leaves, reading O(log size) hashes from `source`. */
export async function inclusionProof(index: number, size: number, source: NodeSource): Promise<Uint8Array[]> {
  const plan = inclusionProofPlan(index, size);
  return resolveProof(plan, await fetchNodes(plan.flat(), source));
}

/** Consistency proof from the tree of `size1` leaves to that of `size2`, reading O(log size2) hashes. */
export async function consistencyProof(
  size1: number,
  size2: number,
  source: NodeSource,
): Promise<Uint8Array[]> {
  const plan = consistencyProofPlan(size1, size2);
  return resolveProof(plan, await fetchNodes(plan.flat(), source));
}

/** Root of the tree of `size` leaves from stored complete subtrees, reading at most log2(size) + 1 hashes. */
export async function treeRoot(size: number, source: NodeSource): Promise<Uint8Array> {
  const ids = rootNodes(size);
  const lookup = await fetchNodes(ids, source);
  return resolveProof([ids], lookup)[0] ?? emptyRoot();
}

/**
 * RFC 9162 §2.1.3.2: checks that `leafHash` is leaf `index` of the tree of `size` leaves whose root is `root`.
 * Throws MerkleProofError on any failure and returns nothing, so a caller cannot forget to look at a result.
 */
export function verifyInclusion(
  leafHash: Uint8Array,
  index: number,
  size: number,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): void {
  requireCount(index, 'leaf index');
  requireCount(size, 'tree size');
  requireHash(leafHash, 'leaf hash');
  requireHash(root, 'root');
  proof.forEach((h, i) => requireHash(h, `proof hash ${i}`));
  // Step 1.
  if (index >= size) {
    throw new MerkleProofError('ERR_MERKLE_ARGUMENT', `leaf index ${index} is not below tree size ${size}`);
  }
  // Steps 2-4.
  let fn = index;
  let sn = size - 1;
  let r = leafHash;
  for (const p of proof) {
    if (sn === 0) {
      throw new MerkleProofError(
        'ERR_MERKLE_PROOF_SIZE',
        'inclusion proof has more hashes than the tree has levels',
      );
    }
    if (fn % 2 === 1 || fn === sn) {
      r = hashChildren(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      r = hashChildren(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  // Step 5.
  if (sn !== 0) throw new MerkleProofError('ERR_MERKLE_PROOF_SIZE', 'inclusion proof is missing hashes');
  if (!equalBytes(r, root)) {
    throw new MerkleProofError('ERR_MERKLE_ROOT_MISMATCH', 'inclusion proof does not lead to the given root');
  }
}

/**
 * RFC 9162 §2.1.4.2: checks that the tree of `size2` leaves with root `root2` extends the tree of `size1` leaves
 * with root `root1`. Throws MerkleProofError on any failure.
 */
export function verifyConsistency(
  size1: number,
  size2: number,
  proof: readonly Uint8Array[],
  root1: Uint8Array,
  root2: Uint8Array,
): void {
  requireCount(size1, 'size1');
  requireCount(size2, 'size2');
  requireHash(root1, 'root1');
  requireHash(root2, 'root2');
  proof.forEach((h, i) => requireHash(h, `proof hash ${i}`));
  if (size1 > size2) {
    throw new MerkleProofError('ERR_MERKLE_ARGUMENT', `size1 ${size1} is greater than size2 ${size2}`);
  }
  // RFC 9162 only defines proofs for 0 < size1 < size2. In the two edge cases any proof hash is an error; equal
  // sizes need equal roots, and the empty tree must have the empty root, while every tree extends it.
  if (size1 === 0 || size1 === size2) {
    if (proof.length !== 0) {
      throw new MerkleProofError(
        'ERR_MERKLE_PROOF_SIZE',
        `consistency proof from size ${size1} to ${size2} must be empty`,
      );
    }
    if (size1 === 0 && !equalBytes(root1, emptyRoot())) {
      throw new MerkleProofError('ERR_MERKLE_ROOT_MISMATCH', 'root1 is not the root of the empty tree');
    }
    if (size1 === size2 && !equalBytes(root1, root2)) {
      throw new MerkleProofError('ERR_MERKLE_ROOT_MISMATCH', 'trees of equal size have different roots');
    }
    return;
  }
  // Step 1.
  if (proof.length === 0) throw new MerkleProofError('ERR_MERKLE_PROOF_SIZE', 'consistency proof is empty');
  // Step 2.
  const path = isPowerOfTwo(size1) ? [root1, ...proof] : proof;
  // Steps 3-4.
  let fn = size1 - 1;
  let sn = size2 - 1;
  while (fn % 2 === 1) {
    fn = half(fn);
    sn = half(sn);
  }
  // Step 5.
  let fr = at(path, 0);
  let sr = fr;
  // Step 6.
  for (const c of path.slice(1)) {
    if (sn === 0) {
      throw new MerkleProofError('ERR_MERKLE_PROOF_SIZE', 'consistency proof has more hashes than needed');
    }
    if (fn % 2 === 1 || fn === sn) {
      fr = hashChildren(c, fr);
      sr = hashChildren(c, sr);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      sr = hashChildren(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  // Step 7.
  if (sn !== 0) throw new MerkleProofError('ERR_MERKLE_PROOF_SIZE', 'consistency proof is missing hashes');
  if (!equalBytes(fr, root1)) {
    throw new MerkleProofError('ERR_MERKLE_ROOT_MISMATCH', 'consistency proof does not lead to root1');
  }
  if (!equalBytes(sr, root2)) {
    throw new MerkleProofError('ERR_MERKLE_ROOT_MISMATCH', 'consistency proof does not lead to root2');
  }
}

// Complete subtrees covering leaves [begin, end), left to right. For a node of the RFC tree (begin aligned to a
// power of two at least end - begin) they come out largest first, which is the order foldSubtrees expects.
function rangeNodes(begin: number, end: number): NodeId[] {
  const ids: NodeId[] = [];
  let pos = begin;
  while (pos < end) {
    let width = 1;
    let level = 0;
    while (pos % (width * 2) === 0 && pos + width * 2 <= end) {
      width *= 2;
      level += 1;
    }
    ids.push({ level, index: pos / width });
    pos += width;
  }
  return ids;
}

async function fetchNodes(ids: readonly NodeId[], source: NodeSource): Promise<(id: NodeId) => Uint8Array> {
  const keyOf = (id: NodeId): string => `${id.level}/${id.index}`;
  const unique = new Map<string, NodeId>();
  for (const id of ids) unique.set(keyOf(id), id);
  const entries = [...unique.entries()];
  const hashes = await Promise.all(entries.map(async ([, id]) => source.hash(id.level, id.index)));
  const byKey = new Map(entries.map(([key], i) => [key, hashes[i]]));
  return (id) => {
    const hash = byKey.get(keyOf(id));
    if (hash === undefined) throw new Error(`unreachable: node ${keyOf(id)} was not fetched`);
    return hash;
  };
}

// Sizes and indices are plain numbers: 2^53 leaves is beyond any log this project will run, and rejecting unsafe
// integers keeps a uint64 from JSON (which JSON.parse rounds) from being silently misread.
function requireCount(value: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new MerkleProofError(
      'ERR_MERKLE_ARGUMENT',
      `${what} must be a non-negative safe integer, got ${value}`,
    );
  }
}

function requireHash(hash: Uint8Array, what: string): void {
  if (!(hash instanceof Uint8Array) || hash.length !== HASH_SIZE) {
    const got = hash instanceof Uint8Array ? `${hash.length} bytes` : typeof hash;
    throw new MerkleProofError('ERR_MERKLE_HASH_SIZE', `${what} must be ${HASH_SIZE} bytes, got ${got}`);
  }
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}

function at<T>(items: readonly T[], i: number): T {
  const item = items[i];
  if (item === undefined) throw new Error(`unreachable: index ${i} out of ${items.length}`);
  return item;
}

// Bit operators in JavaScript truncate to 32 bits; these stay exact up to 2^53.
function half(n: number): number {
  return Math.floor(n / 2);
}

function largestPowerOfTwoBelow(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

function isPowerOfTwo(n: number): boolean {
  let k = 1;
  while (k < n) k *= 2;
  return k === n;
}

function popCount(n: number): number {
  let count = 0;
  for (let rest = n; rest > 0; rest = half(rest)) count += rest % 2;
  return count;
}
