import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import type { LogEntry, NewLogEntry } from './entries.js';

/** An entry as appended: its index in the log, its RFC 9162 leaf hash (hex) and the entry with its time. */
export interface AppendedEntry {
  index: number;
  leafHash: string;
  entry: LogEntry;
}

/**
 * What other domains depend on to write the public log (P4): the entry is appended inside the caller's own
 * transaction, so the action and its log entry commit together or not at all. Only the transparency domain
 * implements it; a domain never writes the log's tables itself.
 *
 * ```ts
 * await repo.transaction(async (repo, trx) => {
 *   await log.append(trx, { type: 'clip.accessed', actor, refs: { clip, request }, access: 'view' });
 *   await repo.recordAccess(...); // takes effect only if the entry was appended
 * });
 * ```
 */
export interface PublicLog {
  /** Validate (allow-list, P8), stamp the time and append one entry in `trx`; refused entries throw. */
  append(trx: Kysely<DB>, entry: NewLogEntry): Promise<AppendedEntry>;
  /** Append several entries in order in `trx`, with one lock on the log's head. */
  appendMany(trx: Kysely<DB>, entries: readonly NewLogEntry[]): Promise<AppendedEntry[]>;
}
