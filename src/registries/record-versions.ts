// What the registries (C3–C5) and oversight's registers (C6) share about a record's versions: where a record
// stands in the log, its versions as served, who entered it, whether a change changes anything, and the step
// that appends a version's log entry and keeps the version, inside the write's transaction.
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { canonicalize } from '../transparency/canonical-json.js';
import type { NewLogEntry } from '../transparency/entries.js';
import type { PublicLog } from '../transparency/public-log.js';
import type { RegistriesRepository, VersionRow } from './registries.repository.js';
import type { EnteredBy, RegistryKind, SealedVersion } from './registry-records.js';

/** One version of a record as served: the canonical JSON its log entry hashes, so anyone can re-hash it. */
export interface VersionView {
  version: number;
  recordHash: string;
  entryIndex: number;
  recordedAt: string;
  canonical: string;
}

/** What every record shows about where it stands in the log. */
export interface RecordMeta {
  id: string;
  version: number;
  recordHash: string;
  entryIndex: number;
  createdAt: string;
  updatedAt: string;
}

/** The current version of a record in the log, if it has one. */
export type Latest = { recordHash: string; entryIndex: number } | undefined;

/** Which records a broken-database error names: the registries' or oversight's registers'. */
type Noun = 'registry' | 'register';

/** Where a record stands in the log; `noun` names it in the error a missing version raises. */
export function recordMeta(
  r: { id: string; version: number; created_at: string; updated_at: string },
  latest: Latest,
  noun: Noun,
): RecordMeta {
  // A record is written in the transaction that stores its version, so a missing version is a broken database.
  if (!latest) throw new Error(`${noun} record ${r.id} has no stored version`);
  return {
    id: r.id,
    version: r.version,
    recordHash: latest.recordHash,
    entryIndex: latest.entryIndex,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export function versionView(v: VersionRow): VersionView {
  return {
    version: v.version,
    recordHash: v.recordHash,
    entryIndex: v.entryIndex,
    recordedAt: v.recordedAt,
    canonical: v.canonical,
  };
}

/** Who entered the current (last) version, as its canonical JSON says. */
export function lastEnteredBy(versions: VersionRow[], noun: Noun): EnteredBy {
  const last = versions.at(-1);
  if (!last) throw new Error(`${noun} record has no stored version`);
  return (JSON.parse(last.canonical) as { enteredBy: EnteredBy }).enteredBy;
}

// Compared as canonical JSON: a change that changes nothing makes no new version and no log entry.
export function sameFields<T extends object>(fields: T, current: object): boolean {
  const pick = (o: object) =>
    canonicalize(
      Object.fromEntries(Object.keys(fields).map((k) => [k, (o as Record<string, unknown>)[k] ?? null])),
    );
  return pick(fields) === pick(current);
}

/**
 * Append the entry, then store the version with its index. Called after the record's own write in the same
 * transaction (`trx`, with `versions` on the same handle), so a refused append rolls the record back with it.
 */
export async function appendAndKeep(
  log: PublicLog,
  versions: RegistriesRepository,
  trx: Kysely<DB>,
  kind: RegistryKind,
  id: string,
  version: number,
  sealed: SealedVersion,
  now: string,
  entry: NewLogEntry,
): Promise<void> {
  const appended = await log.append(trx, entry);
  await versions.insertVersion({
    kind,
    record_id: id,
    version,
    canonical: sealed.canonical,
    record_hash: sealed.recordHash,
    entry_index: appended.index,
    recorded_at: now,
  });
}
