// The published verifier (E5, P8): anyone can point it at a Porchlight server and check, with nothing but the log's
// public key, that the checkpoint is signed, that the log only ever grew since the checkpoint it saw last, and
// (with `full`) that every entry hashes into the signed root and holds nothing but allow-listed fields.
//
// It trusts the server for nothing: every answer is checked against a signature or a hash before it is believed,
// and the state file is only written once everything checked out.
import fs from 'node:fs';
import path from 'node:path';
import { EntryRejected, decodeEntry } from './entries.js';
import {
  MerkleProofError,
  appendToFrontier,
  emptyRoot,
  foldSubtrees,
  hashLeaf,
  rootNodes,
  verifyConsistency,
  verifyInclusion,
} from './merkle.js';
import {
  NoteError,
  openNote,
  parseCheckpoint,
  parseVerifierKey,
  type Checkpoint,
  type NoteVerifier,
} from './note.js';
import {
  TILE_WIDTH,
  TileError,
  decodeBundle,
  decodeHashTile,
  formatTilePath,
  nodeFromTiles,
  tileLevels,
  tileRoot,
  tilesAtLevel,
  type HashTile,
} from './tiles.js';

const utf8 = new TextEncoder();
// Fatal: a bundle entry that is not UTF-8 is refused, not patched; the BOM is kept, so canonical form refuses it.
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
// Tiles and bundles fetched at once while the verifier checks earlier ones in order.
const TILE_CONCURRENCY = 8;

/** Stable codes for why verification failed. */
export type VerificationCode =
  | 'ERR_VERIFY_HTTP'
  | 'ERR_VERIFY_KEY'
  | 'ERR_VERIFY_SIGNATURE'
  | 'ERR_VERIFY_ORIGIN'
  | 'ERR_VERIFY_STATE'
  | 'ERR_VERIFY_ROLLBACK'
  | 'ERR_VERIFY_INCONSISTENT'
  | 'ERR_VERIFY_INCLUSION'
  | 'ERR_VERIFY_ENTRY'
  | 'ERR_VERIFY_LEAF'
  | 'ERR_VERIFY_TILE'
  | 'ERR_VERIFY_ROOT';

/** A check failed; `code` says which, `message` says what was seen, in words an operator can act on. */
export class VerificationError extends Error {
  override readonly name = 'VerificationError';

  constructor(
    readonly code: VerificationCode,
    message: string,
  ) {
    super(message);
  }
}

/** A checkpoint whose signature checked out, with its note text and the full signed note. */
export interface VerifiedCheckpoint extends Checkpoint {
  /** The checkpoint body that was signed. */
  readonly text: string;
  /** The whole note as served, signatures included (kept in state files as evidence). */
  readonly note: string;
  /** Names of other signers on the note (witnesses), not verified here. */
  readonly otherSigners: readonly string[];
}

/** What a verifier or witness remembers between runs: the last checkpoint it accepted, as signed. */
interface SavedState {
  origin: string;
  size: number;
  rootHash: string;
  checkpoint: string;
  savedAt: string;
}

/** A read-only client of a log's public HTTP API; every answer it returns has been checked. */
export class LogClient {
  readonly verifier: NoteVerifier;
  private readonly base: string;

  constructor(
    server: string,
    logKey: string,
    private readonly fetcher: typeof fetch = fetch,
  ) {
    this.base = `${server.replace(/\/+$/, '')}/api/v1/transparency`;
    try {
      this.verifier = parseVerifierKey(logKey.trim());
    } catch (e) {
      throw new VerificationError(
        'ERR_VERIFY_KEY',
        `the log key is not a note verifier key: ${(e as Error).message}`,
      );
    }
    if (this.verifier.type !== 'ed25519')
      throw new VerificationError(
        'ERR_VERIFY_KEY',
        'the log key must be an Ed25519 note key, not a witness key',
      );
  }

  private async request(pathAndQuery: string, init?: RequestInit): Promise<Response> {
    let res: Response;
    try {
      res = await this.fetcher(`${this.base}${pathAndQuery}`, init);
    } catch (e) {
      throw new VerificationError('ERR_VERIFY_HTTP', `cannot reach ${this.base}: ${(e as Error).message}`);
    }
    if (!res.ok) {
      const body = await res.text().catch(() => '');
      let code = '';
      try {
        code = (JSON.parse(body) as { code?: string }).code ?? '';
      } catch {
        // not a JSON error body
      }
      throw new VerificationError(
        'ERR_VERIFY_HTTP',
        `${init?.method ?? 'GET'} ${pathAndQuery} answered ${res.status}${code ? ` ${code}` : ''}`,
      );
    }
    return res;
  }

  private async json<T>(pathAndQuery: string): Promise<T> {
    const res = await this.request(pathAndQuery);
    try {
      return (await res.json()) as T;
    } catch {
      throw new VerificationError('ERR_VERIFY_HTTP', `${pathAndQuery} did not answer JSON`);
    }
  }

  /** POST JSON; returns the parsed answer. */
  async post<T>(pathAndQuery: string, body: unknown): Promise<T> {
    const res = await this.request(pathAndQuery, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return (await res.json()) as T;
  }

  /**
   * The latest checkpoint, checked against the log's key and origin; with `tiles`, the one at the C2SP
   * tlog-tiles prefix (the same note), which tells whether the server offers tiles at all.
   */
  async checkpoint(tiles = false): Promise<VerifiedCheckpoint> {
    let res: Response;
    try {
      res = await this.request(tiles ? '/tlog/checkpoint' : '/checkpoint');
    } catch (e) {
      if (tiles && e instanceof VerificationError && /answered 404\b/.test(e.message))
        throw new VerificationError(
          'ERR_VERIFY_HTTP',
          `${this.base}/tlog/checkpoint answered 404: this server does not serve its log as tiles; ` +
            'verify with --full instead of --tiles',
        );
      throw e;
    }
    return this.openCheckpoint(await res.text(), 'the served checkpoint');
  }

  /** Check a signed checkpoint note (served, or read back from a state file). */
  openCheckpoint(note: string, what: string): VerifiedCheckpoint {
    let text: string;
    let otherSigners: string[];
    try {
      const opened = openNote(note, [this.verifier]);
      text = opened.text;
      otherSigners = opened.unverifiedSignatures.map((s) => s.name);
    } catch (e) {
      const why = e instanceof NoteError ? e.message : String(e);
      throw new VerificationError('ERR_VERIFY_SIGNATURE', `${what} is not signed by the log's key: ${why}`);
    }
    let cp: Checkpoint;
    try {
      cp = parseCheckpoint(text);
    } catch (e) {
      throw new VerificationError(
        'ERR_VERIFY_SIGNATURE',
        `${what} is not a checkpoint: ${(e as Error).message}`,
      );
    }
    // C2SP: a verifier checks the origin it expects, so one log's checkpoint cannot pass for another's.
    if (cp.origin !== this.verifier.name)
      throw new VerificationError(
        'ERR_VERIFY_ORIGIN',
        `${what} is for origin ${cp.origin}, but the key is for ${this.verifier.name}`,
      );
    return { ...cp, text, note, otherSigners };
  }

  /** Check that the log at `next` extends the log at `prev` (same root at equal size, a consistency proof otherwise). */
  async checkConsistency(prev: Checkpoint, next: Checkpoint): Promise<void> {
    if (next.size < prev.size)
      throw new VerificationError(
        'ERR_VERIFY_ROLLBACK',
        `the log shrank from ${prev.size} to ${next.size} entries since it was last checked: ` +
          'it was rolled back or replaced',
      );
    if (next.size === prev.size) {
      if (!sameBytes(prev.rootHash, next.rootHash))
        throw new VerificationError(
          'ERR_VERIFY_INCONSISTENT',
          `the log at ${next.size} entries has a different root than when it was last checked: its history was rewritten`,
        );
      return;
    }
    const proof = await this.json<{ hashes: string[] }>(
      `/proof/consistency?first=${prev.size}&second=${next.size}`,
    );
    try {
      verifyConsistency(prev.size, next.size, decodeHashes(proof.hashes), prev.rootHash, next.rootHash);
    } catch (e) {
      if (!(e instanceof MerkleProofError) && !(e instanceof VerificationError)) throw e;
      throw new VerificationError(
        'ERR_VERIFY_INCONSISTENT',
        `the log at ${next.size} entries does not extend the log at ${prev.size} entries seen before ` +
          `(${e.message}): its history was rewritten`,
      );
    }
  }

  /** Entries from start (inclusive) to end (exclusive); the server may answer fewer. */
  entries(start: number, end: number) {
    return this.json<{
      treeSize: number;
      entries: { index: number; type: string; canonical: string; leafHash: string }[];
    }>(`/entries?start=${start}&end=${end}`);
  }

  /** Check that entry `index` is in the checkpoint's tree: its content hashes to its leaf, which the proof places. */
  async checkInclusion(cp: Checkpoint, index: number): Promise<void> {
    const page = await this.entries(index, index + 1);
    const served = page.entries[0];
    if (!served || served.index !== index)
      throw new VerificationError('ERR_VERIFY_INCLUSION', `the server did not return entry ${index}`);
    const leaf = checkEntry(served);
    const proof = await this.json<{ hashes: string[] }>(`/proof/inclusion?index=${index}&size=${cp.size}`);
    try {
      verifyInclusion(leaf, index, cp.size, decodeHashes(proof.hashes), cp.rootHash);
    } catch (e) {
      if (!(e instanceof MerkleProofError) && !(e instanceof VerificationError)) throw e;
      throw new VerificationError(
        'ERR_VERIFY_INCLUSION',
        `entry ${index} is not in the signed tree of ${cp.size} entries: ${e.message}`,
      );
    }
  }

  private async bytes(pathAndQuery: string): Promise<Uint8Array> {
    const res = await this.request(pathAndQuery);
    try {
      return new Uint8Array(await res.arrayBuffer());
    } catch (e) {
      throw new VerificationError('ERR_VERIFY_HTTP', `${pathAndQuery} broke off: ${(e as Error).message}`);
    }
  }

  /** A C2SP tlog-tiles hash tile, split into its hashes; a tile of the wrong length is refused. */
  async hashTile(tile: HashTile): Promise<Uint8Array[]> {
    const path = formatTilePath({ kind: 'hashes', ...tile });
    const data = await this.bytes(`/tlog/${path}`);
    try {
      return decodeHashTile(data, tile.width);
    } catch (e) {
      if (!(e instanceof TileError)) throw e;
      throw new VerificationError('ERR_VERIFY_TILE', `${path}: ${e.message}`);
    }
  }

  /** A C2SP tlog-tiles entry bundle, split into its entries' bytes; a bundle of the wrong count is refused. */
  async entryBundle(index: number, width: number): Promise<Uint8Array[]> {
    const path = formatTilePath({ kind: 'entries', index, width });
    const data = await this.bytes(`/tlog/${path}`);
    let entries: Uint8Array[];
    try {
      entries = decodeBundle(data);
    } catch (e) {
      if (!(e instanceof TileError)) throw e;
      throw new VerificationError('ERR_VERIFY_TILE', `${path}: ${e.message}`);
    }
    if (entries.length !== width)
      throw new VerificationError('ERR_VERIFY_TILE', `${path} holds ${entries.length} entries, not ${width}`);
    return entries;
  }

  /**
   * Download the checkpoint's tree as C2SP tlog-tiles and check all of it: every entry in the entry bundles is
   * allowed (P8) and hashes to its leaf hash in the level-0 tile beside it, every hash of every tile above is the
   * root of the full tile below it, and the tiles at the right edge sum to the signed root. Fails on the first
   * tile that disagrees, naming it. Returns the number of entries checked.
   */
  async checkAllTiles(cp: Checkpoint, onProgress?: (done: number) => void): Promise<number> {
    const size = cp.size;
    // The partial tile at the right edge of each level: the root is folded from them at the end.
    const edge = new Map<string, readonly Uint8Array[]>();
    // Roots of the full tiles of the level just checked: what the level above must hold, hash for hash.
    let roots: Uint8Array[] = [];
    const keep = (tile: HashTile, hashes: Uint8Array[]): void => {
      if (tile.width === TILE_WIDTH) roots.push(tileRoot(hashes));
      else edge.set(`${tile.level}/${tile.index}`, hashes);
    };

    let done = 0;
    await inOrder(
      tilesAtLevel(size, 0),
      (tile) => Promise.all([this.entryBundle(tile.index, tile.width), this.hashTile(tile)]),
      ([entries, hashes], tile) => {
        entries.forEach((bytes, i) => {
          const index = tile.index * TILE_WIDTH + i;
          if (!sameBytes(checkEntryBytes(bytes, index), hashes[i]!))
            throw new VerificationError(
              'ERR_VERIFY_LEAF',
              `entry ${index} does not hash to its leaf hash in ${formatTilePath({ kind: 'hashes', ...tile })}: ` +
                'it was altered after it was logged',
            );
        });
        keep(tile, hashes);
        done += tile.width;
        onProgress?.(done);
      },
    );

    for (let level = 1; level < tileLevels(size); level++) {
      const expected = roots;
      roots = [];
      await inOrder(
        tilesAtLevel(size, level),
        (tile) => this.hashTile(tile),
        (hashes, tile) => {
          hashes.forEach((hash, i) => {
            const below = tile.index * TILE_WIDTH + i;
            const want = expected[below];
            if (!want || !sameBytes(hash, want))
              throw new VerificationError(
                'ERR_VERIFY_TILE',
                `hash ${i} of ${formatTilePath({ kind: 'hashes', ...tile })} is not the root of ` +
                  `${formatTilePath({ kind: 'hashes', level: level - 1, index: below, width: TILE_WIDTH })} ` +
                  'below it, as recomputed from the entries: the tiles were altered',
              );
          });
          keep(tile, hashes);
        },
      );
    }

    const root =
      size === 0
        ? emptyRoot()
        : foldSubtrees(
            rootNodes(size).map((id) => nodeFromTiles(id.level, id.index, (l, n) => edge.get(`${l}/${n}`))),
          );
    if (!sameBytes(root, cp.rootHash))
      throw new VerificationError(
        'ERR_VERIFY_ROOT',
        `the ${size} entries, and the tiles that check out against them, do not hash to the signed root: ` +
          'an entry or a tile was altered, removed or inserted',
      );
    return done;
  }

  /** Download every entry of the checkpoint's tree, check each, and recompute the root from them. */
  async checkAllEntries(cp: Checkpoint, onProgress?: (done: number) => void): Promise<number> {
    let frontier: Uint8Array[] = [];
    let next = 0;
    while (next < cp.size) {
      const page = await this.entries(next, cp.size);
      if (page.entries.length === 0)
        throw new VerificationError('ERR_VERIFY_ROOT', `the server returned no entries from index ${next}`);
      for (const served of page.entries) {
        if (served.index !== next)
          throw new VerificationError(
            'ERR_VERIFY_ROOT',
            `expected entry ${next}, the server sent ${served.index}`,
          );
        frontier = appendToFrontier(frontier, next, checkEntry(served)).frontier;
        next += 1;
        if (next === cp.size) break;
      }
      onProgress?.(next);
    }
    const root = cp.size === 0 ? emptyRoot() : foldSubtrees(frontier);
    if (!sameBytes(root, cp.rootHash))
      throw new VerificationError(
        'ERR_VERIFY_ROOT',
        `the ${cp.size} entries do not hash to the signed root: an entry was altered, removed or inserted`,
      );
    return next;
  }
}

/** Options of one verification run. */
export interface VerifyOptions {
  /** Base URL of the server, e.g. https://council.example.org. */
  server: string;
  /** The log's note verifier key (GET /api/v1/transparency/key, published out of band). */
  key: string;
  /** Where the last accepted checkpoint is kept between runs; written only after every check passed. */
  stateFile?: string | undefined;
  /** Download every entry and recompute every leaf hash and the root. */
  full?: boolean | undefined;
  /**
   * Do the full check over the server's C2SP tlog-tiles (entry bundles and hash tiles) instead of the entries
   * endpoint, checking every tile too; implies `full`.
   */
  tiles?: boolean | undefined;
  fetch?: typeof fetch;
  onProgress?: (done: number, total: number) => void;
}

/** What a successful run established. */
export interface VerifyResult {
  origin: string;
  size: number;
  rootHash: string;
  /** Size of the previously accepted checkpoint this one was proved consistent with, if any. */
  consistentWith: number | null;
  /** Entries downloaded and checked (all of them with `full`, else the newest one). */
  entriesChecked: number;
  /** Other signers on the checkpoint (witness cosignatures). */
  otherSigners: readonly string[];
}

/** Verify a log once (E5); throws VerificationError on any mismatch, and saves state only after success. */
export async function verifyLog(options: VerifyOptions): Promise<VerifyResult> {
  const client = new LogClient(options.server, options.key, options.fetch);
  const cp = await client.checkpoint(options.tiles === true);
  const previous = options.stateFile ? loadState(client, options.stateFile) : undefined;
  if (previous) await client.checkConsistency(previous, cp);
  let entriesChecked = 0;
  if (options.tiles) {
    entriesChecked = await client.checkAllTiles(cp, (done) => options.onProgress?.(done, cp.size));
  } else if (options.full) {
    entriesChecked = await client.checkAllEntries(cp, (done) => options.onProgress?.(done, cp.size));
  } else if (cp.size > 0) {
    await client.checkInclusion(cp, cp.size - 1);
    entriesChecked = 1;
  }
  if (options.stateFile) saveState(options.stateFile, cp);
  return {
    origin: cp.origin,
    size: cp.size,
    rootHash: Buffer.from(cp.rootHash).toString('base64'),
    consistentWith: previous ? previous.size : null,
    entriesChecked,
    otherSigners: cp.otherSigners,
  };
}

/** Read the last accepted checkpoint from a state file; its signature is checked again, so an edit is caught. */
export function loadState(client: LogClient, file: string): VerifiedCheckpoint | undefined {
  let raw: string;
  try {
    raw = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new VerificationError(
      'ERR_VERIFY_STATE',
      `cannot read state file ${file}: ${(e as Error).message}`,
    );
  }
  let state: SavedState;
  try {
    state = JSON.parse(raw) as SavedState;
  } catch {
    throw new VerificationError('ERR_VERIFY_STATE', `state file ${file} is not JSON`);
  }
  if (typeof state.checkpoint !== 'string')
    throw new VerificationError('ERR_VERIFY_STATE', `state file ${file} holds no checkpoint`);
  try {
    return client.openCheckpoint(state.checkpoint, `the checkpoint in ${file}`);
  } catch (e) {
    throw new VerificationError('ERR_VERIFY_STATE', (e as Error).message);
  }
}

/** Write the accepted checkpoint atomically (a crash leaves the old state or the new, never half of one). */
export function saveState(file: string, cp: VerifiedCheckpoint): void {
  const state: SavedState = {
    origin: cp.origin,
    size: cp.size,
    rootHash: Buffer.from(cp.rootHash).toString('base64'),
    checkpoint: cp.note,
    savedAt: new Date().toISOString(),
  };
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  fs.renameSync(tmp, file);
}

// One entry of a bundle: UTF-8 text of a valid, canonical entry (P8); returns its leaf hash.
function checkEntryBytes(bytes: Uint8Array, index: number): Uint8Array {
  let text: string;
  try {
    text = strictUtf8.decode(bytes);
  } catch {
    throw new VerificationError('ERR_VERIFY_ENTRY', `entry ${index} is not UTF-8 text`);
  }
  try {
    decodeEntry(text);
  } catch (e) {
    const why = e instanceof EntryRejected ? e.message : String(e);
    throw new VerificationError('ERR_VERIFY_ENTRY', `entry ${index} is not an allowed log entry: ${why}`);
  }
  return hashLeaf(bytes);
}

/**
 * Fetches items a few at a time but hands their results to `use` strictly in order, so checks that depend on
 * order (the next level's expected hashes) stay simple; the first failure stops the walk.
 */
async function inOrder<T, R>(
  items: readonly T[],
  fetchOne: (item: T) => Promise<R>,
  use: (result: R, item: T) => void,
): Promise<void> {
  const pending: Promise<R>[] = [];
  let next = 0;
  for (const item of items) {
    while (pending.length < TILE_CONCURRENCY && next < items.length) {
      const started = fetchOne(items[next++]!);
      // Awaited in turn below; this keeps a later failure from being reported as unhandled after an earlier one.
      started.catch(() => {});
      pending.push(started);
    }
    use(await pending.shift()!, item);
  }
}

// One served entry: its text must be a valid, canonical entry (P8) and hash to the leaf hash served with it.
function checkEntry(served: { index: number; canonical: string; leafHash: string }): Uint8Array {
  try {
    decodeEntry(served.canonical);
  } catch (e) {
    const why = e instanceof EntryRejected ? e.message : String(e);
    throw new VerificationError(
      'ERR_VERIFY_ENTRY',
      `entry ${served.index} is not an allowed log entry: ${why}`,
    );
  }
  const leaf = hashLeaf(utf8.encode(served.canonical));
  if (Buffer.from(leaf).toString('hex') !== served.leafHash)
    throw new VerificationError(
      'ERR_VERIFY_LEAF',
      `entry ${served.index} does not hash to its leaf hash: it was altered after it was logged`,
    );
  return leaf;
}

function decodeHashes(hashes: unknown): Uint8Array[] {
  if (!Array.isArray(hashes) || !hashes.every((h) => typeof h === 'string'))
    throw new VerificationError('ERR_VERIFY_HTTP', 'the proof is not a list of base64 hashes');
  return hashes.map((h: string) => new Uint8Array(Buffer.from(h, 'base64')));
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.from(a).equals(Buffer.from(b));
}
