// An independent witness (E2): it remembers the last checkpoint it cosigned, refuses to cosign anything that is
// not a consistent extension of it, and otherwise adds its timestamped C2SP cosignature and hands it to the log.
// A log that shows different histories to different people cannot get the same witnesses to sign both.
import fs from 'node:fs';
import { loadState, LogClient, saveState, VerificationError } from './verifier.js';
import { cosignCheckpoint, generateNoteKey, NoteError, parseSignerKey, type NoteSigner } from './note.js';

/** Options of one witnessing run. */
export interface WitnessOptions {
  /** Base URL of the log's server. */
  server: string;
  /** The log's note verifier key. */
  logKey: string;
  /** The witness's own signer key (`PRIVATE+KEY+<name>+<id>+...`, type cosignature). */
  witnessKey: string;
  /** Where the last cosigned checkpoint is kept; written once the cosignature is made. */
  stateFile: string;
  /** Milliseconds since the epoch (the cosignature carries seconds). */
  now?: () => number;
  fetch?: typeof fetch;
}

/** What one run did. */
export interface WitnessResult {
  origin: string;
  size: number;
  /** Size of the previously cosigned checkpoint, if any. */
  consistentWith: number | null;
  timestamp: number;
  cosignature: string;
}

/** Parse a witness signer key, refusing a log (ed25519) key: a witness signs cosignature/v1 only. */
export function parseWitnessKey(signerKey: string): NoteSigner {
  let signer: NoteSigner;
  try {
    signer = parseSignerKey(signerKey.trim());
  } catch (e) {
    throw new VerificationError(
      'ERR_VERIFY_KEY',
      `the witness key is not a signer key: ${(e as NoteError).message}`,
    );
  }
  if (signer.type !== 'cosignature')
    throw new VerificationError('ERR_VERIFY_KEY', 'the witness key must be a cosignature (type 0x04) key');
  return signer;
}

/** Verify the log against the last cosigned checkpoint, cosign the new one, save state, then post the cosignature. */
export async function witnessOnce(options: WitnessOptions): Promise<WitnessResult> {
  const signer = parseWitnessKey(options.witnessKey);
  const client = new LogClient(options.server, options.logKey, options.fetch);
  const cp = await client.checkpoint();
  const previous = loadState(client, options.stateFile);
  if (previous) await client.checkConsistency(previous, cp);
  const timestamp = Math.floor((options.now ?? Date.now)() / 1000);
  const cosignature = cosignCheckpoint(cp.text, signer, timestamp);
  // Saved before posting: what matters for the next run is what this witness signed, whether or not it arrived.
  saveState(options.stateFile, cp);
  await client.post('/cosignatures', { size: cp.size, cosignature });
  return {
    origin: cp.origin,
    size: cp.size,
    consistentWith: previous ? previous.size : null,
    timestamp,
    cosignature,
  };
}

/** Create a witness key pair; the signer key is written to `file` (mode 0600, never overwritten). */
export function witnessKeygen(name: string, file: string): { verifierKey: string } {
  const { signerKey, verifierKey } = generateNoteKey(name, 'cosignature');
  fs.writeFileSync(file, `${signerKey}\n`, { flag: 'wx', mode: 0o600 });
  return { verifierKey };
}
