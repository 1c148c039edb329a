import type { Kysely } from 'kysely';
import type { Role } from '../accounts/roles.js';
import type { DB } from '../db/schema.js';
import type { Bus } from '../ports/bus.js';
import type { Clock } from '../ports/clock.js';
import { AppError } from '../shared/errors.js';
import { newId } from '../shared/tokens.js';
import { CanonicalJsonError } from './canonical-json.js';
import {
  EntryRejected,
  actorClassFor,
  encodeEntry,
  sha256Hex,
  type LogEntry,
  type NewLogEntry,
} from './entries.js';
import {
  appendToFrontier,
  consistencyProofPlan,
  emptyRoot,
  foldSubtrees,
  hashLeaf,
  inclusionProofPlan,
  resolveProof,
  rootNodes,
  type NodeId,
} from './merkle.js';
import {
  NoteError,
  formatCheckpoint,
  openNote,
  parseVerifierKey,
  signNote,
  verifyCosignature,
  type NoteSigner,
  type NoteVerifier,
} from './note.js';
import type { AppendedEntry, PublicLog } from './public-log.js';
import { TILE_HEIGHT, TILE_WIDTH, encodeBundle, encodeHashTile, tileWidthAt } from './tiles.js';
import type { CheckpointRow, TransparencyRepository } from './transparency.repository.js';

/** Tunables of the log. */
export interface TransparencySettings {
  /** The checkpoint origin line; also the name of the log's key. */
  origin: string;
  /** Most entries one page of `entries` returns. */
  maxPage?: number;
  /** Wait after an append before signing, so a burst of appends gets one checkpoint. */
  debounceMs?: number;
  /** How often to look for entries appended by another process. */
  sweepMs?: number;
}

/** One entry as the API serves it: canonical JSON text and the leaf hash over its UTF-8 bytes. */
export interface ServedEntry {
  index: number;
  type: string;
  canonical: string;
  leafHash: string;
}

/** A registered witness as the API shows it. */
export interface WitnessView {
  name: string;
  keyId: string;
  verifierKey: string;
  registeredAt: string;
  entryIndex: number;
  lastCosigned: { size: number; timestamp: number } | null;
}

const utf8 = new TextEncoder();
const DEFAULT_MAX_PAGE = 1000;
const DEFAULT_DEBOUNCE_MS = 200;
const DEFAULT_SWEEP_MS = 10_000;
// A caller's transaction may commit a while after its append; the scheduler keeps looking for about five seconds.
const MAX_RETRIES = 25;

const toHex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const fromHex = (h: string): Uint8Array => new Uint8Array(Buffer.from(h, 'hex'));
const toBase64 = (b: Uint8Array): string => Buffer.from(b).toString('base64');

function decodeFrontier(text: string): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < text.length; i += 64) out.push(fromHex(text.slice(i, i + 64)));
  return out;
}

/**
 * The public log (E1, E2): appends inside callers' transactions, complete-subtree hashes written as leaves
 * arrive (so proofs read O(log n) rows), signed C2SP checkpoints on a debounced schedule, inclusion and
 * consistency proofs, and witness cosignatures.
 */
export class TransparencyService implements PublicLog {
  private readonly verifier: NoteVerifier;
  private readonly maxPage: number;
  private readonly debounceMs: number;
  private readonly sweepMs: number;
  private signing: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private sweep: NodeJS.Timeout | undefined;
  private inflight: Promise<void> | undefined;
  private stopped = true;
  // The largest size this process appended up to, and how often the scheduler looked without seeing it.
  private wanted = 0;
  private retries = 0;

  constructor(
    private readonly repo: TransparencyRepository,
    private readonly signer: NoteSigner,
    private readonly clock: Clock,
    private readonly bus: Bus,
    private readonly settings: TransparencySettings,
    private readonly onError: (error: unknown) => void = () => {},
  ) {
    if (signer.type !== 'ed25519') throw new Error('the log signs with an ed25519 note key');
    this.verifier = parseVerifierKey(signer.verifierKey);
    this.maxPage = settings.maxPage ?? DEFAULT_MAX_PAGE;
    this.debounceMs = settings.debounceMs ?? DEFAULT_DEBOUNCE_MS;
    this.sweepMs = settings.sweepMs ?? DEFAULT_SWEEP_MS;
  }

  private iso(): string {
    return new Date(this.clock.now()).toISOString();
  }

  /** The note verifier key of the log, which verifiers and witnesses are configured with. */
  verifierKey(): string {
    return this.signer.verifierKey;
  }

  /** The checkpoint origin. */
  get origin(): string {
    return this.settings.origin;
  }

  /** Append one entry inside the caller's transaction (see PublicLog). */
  async append(trx: Kysely<DB>, entry: NewLogEntry): Promise<AppendedEntry> {
    const [appended] = await this.appendMany(trx, [entry]);
    if (!appended) throw new Error('unreachable: one entry appended, none returned');
    return appended;
  }

  /** Append entries in order inside the caller's transaction (see PublicLog). */
  async appendMany(trx: Kysely<DB>, entries: readonly NewLogEntry[]): Promise<AppendedEntry[]> {
    // Outside a transaction the reservation, leaves and nodes would commit one by one, and the action would
    // not be tied to its entry (P4).
    if (!trx.isTransaction) throw new Error('PublicLog.append needs the transaction that takes the action');
    if (entries.length === 0) return [];
    const time = this.iso();
    const encoded = entries.map((e) => {
      const full: LogEntry = { ...e, time };
      try {
        return { entry: full, text: encodeEntry(full) };
      } catch (error) {
        if (error instanceof EntryRejected || error instanceof CanonicalJsonError)
          throw Object.assign(new AppError('ERR_LOG_ENTRY_REFUSED'), { cause: error });
        throw error;
      }
    });

    const repo = this.repo.withHandle(trx);
    const head = await repo.reserve(encoded.length);
    let frontier = decodeFrontier(head.frontier);
    let size = head.size;
    const leaves: { idx: number; type: string; time: string; entry: string; leaf_hash: string }[] = [];
    const nodes: { level: number; idx: number; hash: string }[] = [];
    const out: AppendedEntry[] = [];
    for (const { entry, text } of encoded) {
      const leafHash = hashLeaf(utf8.encode(text));
      const step = appendToFrontier(frontier, size, leafHash);
      frontier = step.frontier;
      for (const c of step.completed) nodes.push({ level: c.id.level, idx: c.id.index, hash: toHex(c.hash) });
      const hex = toHex(leafHash);
      leaves.push({ idx: size, type: entry.type, time, entry: text, leaf_hash: hex });
      out.push({ index: size, leafHash: hex, entry });
      size += 1;
    }
    await repo.insertLeaves(leaves);
    await repo.insertNodes(nodes);
    await repo.setFrontier(frontier.map(toHex).join(''), time);

    this.wanted = Math.max(this.wanted, size);
    this.retries = 0;
    this.schedule(this.debounceMs);
    return out;
  }

  /**
   * Sign a checkpoint of the committed log if it grew since the last one; returns the latest checkpoint.
   * Calls in one process run one after another; processes sharing a database agree through the size key.
   */
  checkpointNow(): Promise<CheckpointRow> {
    const next = this.signing.then(
      () => this.signOnce(),
      () => this.signOnce(),
    );
    this.signing = next;
    return next;
  }

  private async signOnce(): Promise<CheckpointRow> {
    const head = await this.repo.head();
    const latest = await this.repo.latestCheckpoint();
    if (latest && latest.size >= head.size) return latest;
    const ids = rootNodes(head.size);
    const stored = await this.repo.nodes(ids);
    const root = head.size === 0 ? emptyRoot() : foldSubtrees(ids.map((id) => nodeHash(stored, id)));
    // The log never signs a root its node table (which every proof is built from) does not support.
    if (toHex(root) !== toHex(foldSubtrees(decodeFrontier(head.frontier))))
      throw new Error(`public log: node table and head disagree at size ${head.size}; not signing`);
    const text = formatCheckpoint({
      origin: this.settings.origin,
      size: head.size,
      rootHash: root,
      extensions: [],
    });
    await this.repo.insertCheckpoint({
      size: head.size,
      root_hash: toHex(root),
      note: signNote(text, this.signer),
      created_at: this.iso(),
    });
    const row = await this.repo.checkpoint(head.size);
    if (!row) throw new Error(`unreachable: checkpoint ${head.size} was just stored`);
    await this.bus.publish('transparency.checkpoint', { size: row.size, rootHash: row.rootHash });
    return row;
  }

  /** Start signing checkpoints: now (for entries left unsigned by a previous run), after appends, and periodically. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.sweep = setInterval(() => this.schedule(0), this.sweepMs);
    this.sweep.unref();
    this.schedule(0);
  }

  /** Stop the scheduler and wait for a signing in progress, so the database can close under it. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    clearInterval(this.sweep);
    this.timer = undefined;
    await this.inflight;
    await this.signing.catch(() => {});
  }

  private schedule(delayMs: number): void {
    if (this.stopped || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.inflight = this.tick().finally(() => (this.inflight = undefined));
    }, delayMs);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    try {
      const cp = await this.checkpointNow();
      if (cp.size >= this.wanted) this.retries = 0;
      // The append's transaction has not committed yet (or rolled back): look again shortly, for a while.
      else if (this.retries++ < MAX_RETRIES) this.schedule(this.debounceMs);
    } catch (error) {
      this.onError(error);
    }
  }

  /** The latest signed checkpoint, with registered witnesses' cosignature lines appended to its signatures. */
  async checkpoint(): Promise<string> {
    const cp = (await this.repo.latestCheckpoint()) ?? (await this.checkpointNow());
    const cosignatures = await this.repo.cosignatures(cp.size);
    return cp.note + cosignatures.join('');
  }

  /** Entries with index in [start, end), at most one page; `treeSize` is the committed size of the log. */
  async entries(start: number, end: number): Promise<{ treeSize: number; entries: ServedEntry[] }> {
    const { size } = await this.repo.head();
    if (start > end) throw new AppError('ERR_LOG_RANGE', 'start must not be after end.');
    if (start > size) throw new AppError('ERR_LOG_RANGE', `The log has ${size} entries.`);
    const rows = await this.repo.leaves(start, Math.min(end, size, start + this.maxPage));
    return {
      treeSize: size,
      entries: rows.map((r) => ({ index: r.index, type: r.type, canonical: r.entry, leafHash: r.leafHash })),
    };
  }

  /** RFC 9162 inclusion proof of leaf `index` in the tree of `size` leaves, read from O(log size) stored nodes. */
  async inclusionProof(
    index: number,
    size: number,
  ): Promise<{ index: number; size: number; leafHash: string; hashes: string[] }> {
    const head = await this.repo.head();
    if (size < 1 || size > head.size)
      throw new AppError('ERR_LOG_RANGE', `size must be from 1 to the log's ${head.size} entries.`);
    if (index >= size) throw new AppError('ERR_LOG_RANGE', 'index must be below size.');
    const plan = inclusionProofPlan(index, size);
    const leaf: NodeId = { level: 0, index };
    const stored = await this.repo.nodes([...plan.flat(), leaf]);
    const hashes = resolveProof(plan, (id) => nodeHash(stored, id));
    return { index, size, leafHash: toHex(nodeHash(stored, leaf)), hashes: hashes.map(toBase64) };
  }

  /** RFC 9162 consistency proof from the tree of `first` leaves to that of `second`, from O(log n) stored nodes. */
  async consistencyProof(
    first: number,
    second: number,
  ): Promise<{ first: number; second: number; hashes: string[] }> {
    const head = await this.repo.head();
    if (second > head.size)
      throw new AppError('ERR_LOG_RANGE', `second must not exceed the log's ${head.size} entries.`);
    if (first > second) throw new AppError('ERR_LOG_RANGE', 'first must not exceed second.');
    const plan = consistencyProofPlan(first, second);
    const stored = await this.repo.nodes(plan.flat());
    const hashes = resolveProof(plan, (id) => nodeHash(stored, id));
    return { first, second, hashes: hashes.map(toBase64) };
  }

  /**
   * C2SP tlog-tiles hash tile `index` of `level`, `width` hashes wide (256 for a full tile): the stored hashes of
   * tree level 8 * level, read with one range scan of at most 256 node rows, whatever the size of the log. A
   * partial tile is served as long as the tree holds at least `width` of its hashes; since the log only grows,
   * its bytes never change either.
   */
  async hashTile(level: number, index: number, width: number): Promise<Uint8Array> {
    const first = await this.requireTile(level, index, width);
    const rows = await this.repo.nodeRange(level * TILE_HEIGHT, first, first + width);
    if (rows.length !== width || rows.some((r, i) => r.index !== first + i))
      throw new Error(`public log: node table lacks hashes of tile ${level}/${index} (width ${width})`);
    return encodeHashTile(rows.map((r) => fromHex(r.hash)));
  }

  /**
   * C2SP tlog-tiles entry bundle `index`, `width` entries wide: the canonical bytes of entries index * 256 onwards,
   * exactly the bytes whose leaf hashes make up level-0 tile `index`, each with a big-endian uint16 length.
   */
  async entryBundle(index: number, width: number): Promise<Uint8Array> {
    const first = await this.requireTile(0, index, width);
    const rows = await this.repo.entryTexts(first, first + width);
    if (rows.length !== width || rows.some((r, i) => r.index !== first + i))
      throw new Error(`public log: leaves of entry bundle ${index} (width ${width}) are missing`);
    return encodeBundle(rows.map((r) => utf8.encode(r.entry)));
  }

  // The index of the tile's first hash at its level, once the committed tree is known to hold `width` of them.
  private async requireTile(level: number, index: number, width: number): Promise<number> {
    const { size } = await this.repo.head();
    const available = tileWidthAt(size, level, index);
    if (available === 0)
      throw new AppError('ERR_TILE_NOT_FOUND', undefined, undefined, { 'cache-control': 'no-cache' });
    if (width > available)
      throw new AppError(
        'ERR_TILE_NOT_FOUND',
        `The log's tree holds ${available} of that tile's ${TILE_WIDTH} hashes so far.`,
        undefined,
        { 'cache-control': 'no-cache' },
      );
    return index * TILE_WIDTH;
  }

  /**
   * Oversight registers a witness's cosignature verifier key (E2). The registration is itself a log entry,
   * appended in the same transaction before the key is accepted (P4).
   */
  async registerWitness(
    by: { userId: string; role: Role; organisation: string | null },
    verifierKey: string,
  ): Promise<WitnessView> {
    let key: NoteVerifier;
    try {
      key = parseVerifierKey(verifierKey);
    } catch {
      throw new AppError('ERR_WITNESS_KEY_INVALID');
    }
    if (key.type !== 'cosignature')
      throw new AppError(
        'ERR_WITNESS_KEY_INVALID',
        'A witness key has signature type 0x04 (cosignature/v1).',
      );
    if (actorClassFor(by.role) !== 'oversight') throw new AppError('ERR_FORBIDDEN');
    const keyId = key.keyId.toString(16).padStart(8, '0');
    const registeredAt = this.iso();
    const entryIndex = await this.repo.transaction(async (repo, trx) => {
      if (await repo.witnessExists(verifierKey, key.name, keyId))
        throw new AppError('ERR_CONFLICT', 'That witness key is registered already.');
      const appended = await this.append(trx, {
        type: 'witness.registered',
        actor: { class: 'oversight', organisation: by.organisation },
        refs: { key: sha256Hex(verifierKey) },
      });
      await repo.insertWitness({
        id: newId(),
        name: key.name,
        key_id: keyId,
        verifier_key: verifierKey,
        registered_by: by.userId,
        registered_at: registeredAt,
        entry_index: appended.index,
      });
      return appended.index;
    });
    return { name: key.name, keyId, verifierKey, registeredAt, entryIndex, lastCosigned: null };
  }

  /** Registered witnesses and the last checkpoint each cosigned. */
  async witnesses(): Promise<WitnessView[]> {
    const [rows, latest] = await Promise.all([this.repo.witnesses(), this.repo.latestCosignatures()]);
    return rows.map((w) => ({
      name: w.name,
      keyId: w.keyId,
      verifierKey: w.verifierKey,
      registeredAt: w.registeredAt,
      entryIndex: w.entryIndex,
      lastCosigned: latest.get(w.id) ?? null,
    }));
  }

  /**
   * Accept a witness's cosignature line over the checkpoint of `size`: it must come from a registered witness
   * key and verify over that checkpoint's exact text.
   */
  async addCosignature(
    size: number,
    line: string,
  ): Promise<{ witness: string; size: number; timestamp: number }> {
    const named = /^\u2014 (\S+) ([A-Za-z0-9+/]+=*)\n?$/.exec(line);
    const raw = named ? Buffer.from(named[2]!, 'base64') : undefined;
    if (!named || !raw || raw.length < 4) throw new AppError('ERR_COSIGNATURE_INVALID');
    const witness = await this.repo.witnessByKey(named[1]!, raw.subarray(0, 4).toString('hex'));
    if (!witness) throw new AppError('ERR_WITNESS_UNKNOWN');
    const cp = await this.repo.checkpoint(size);
    if (!cp) throw new AppError('ERR_NOT_FOUND', 'There is no checkpoint of that size.');
    const text = openNote(cp.note, [this.verifier]).text;
    let timestamp: number;
    try {
      timestamp = verifyCosignature(text, line, parseVerifierKey(witness.verifierKey));
    } catch (error) {
      if (error instanceof NoteError) throw new AppError('ERR_COSIGNATURE_INVALID');
      throw error;
    }
    await this.repo.insertCosignature({
      witness_id: witness.id,
      size,
      signature: line.endsWith('\n') ? line : `${line}\n`,
      timestamp,
      received_at: this.iso(),
    });
    return { witness: witness.name, size, timestamp };
  }
}

function nodeHash(stored: Map<string, string>, id: NodeId): Uint8Array {
  const hex = stored.get(`${id.level}/${id.index}`);
  if (hex === undefined) throw new Error(`public log: node level ${id.level} index ${id.index} is missing`);
  return fromHex(hex);
}
