// Checking one public log entry in the browser: the checkpoint's signature, the entry's leaf hash computed here,
// and its RFC 9162 inclusion proof up to the signed root. Every step is reported, so a reader sees what was
// checked and what was only taken from the server.
import { get } from '../api.js';
import type { ServedEntry } from './public-api.js';
import {
  fromBase64,
  leafHash,
  parseCheckpoint,
  toHex,
  verifyCheckpointSignature,
  verifyInclusion,
  type SignedCheckpoint,
} from './merkle.js';

/** One step of a check: passed, failed, or could not be decided (null). */
export interface CheckStep {
  label: string;
  ok: boolean | null;
  detail: string;
}

/** The outcome of checking an entry. */
export interface EntryCheck {
  /** True only when every step that could run passed and the proof reached the signed root. */
  verified: boolean;
  steps: CheckStep[];
  entry: ServedEntry | null;
  checkpoint: SignedCheckpoint | null;
}

async function text(path: string): Promise<string> {
  const res = await fetch(path, { credentials: 'same-origin' });
  if (!res.ok) throw new Error(`${path} answered ${res.status}`);
  return res.text();
}

/** Fetches the log's latest signed checkpoint and checks its signature with the log's published key. */
export async function signedCheckpoint(): Promise<{ checkpoint: SignedCheckpoint; step: CheckStep }> {
  const [note, key] = await Promise.all([
    text('/api/v1/transparency/checkpoint'),
    text('/api/v1/transparency/key'),
  ]);
  const checkpoint = parseCheckpoint(note);
  const sig = await verifyCheckpointSignature(checkpoint, key);
  const step: CheckStep =
    sig.state === 'valid'
      ? {
          label: 'Checkpoint signature',
          ok: true,
          detail: `The checkpoint of ${checkpoint.size} entries is signed by ${sig.keyName}, the key this server publishes. Compare that key with the one published elsewhere (for example on the council’s website) to be sure it is the log’s.`,
        }
      : sig.state === 'unsupported'
        ? {
            label: 'Checkpoint signature',
            ok: null,
            detail: `Not checked: ${sig.reason}. The proof below is still checked against the checkpoint’s root; run the porchlight verifier to check the signature.`,
          }
        : { label: 'Checkpoint signature', ok: false, detail: `The signature is not valid: ${sig.reason}.` };
  return { checkpoint, step };
}

/**
 * Checks entry `index`: its leaf hash (computed here from the canonical text), and its inclusion proof against
 * the latest signed checkpoint. `expect` adds a check that the entry is the one a registry record points to.
 */
export async function checkEntry(
  index: number,
  expect?: { label: string; test: (entry: Record<string, unknown>) => boolean; detail: string },
): Promise<EntryCheck> {
  const steps: CheckStep[] = [];
  const { checkpoint, step } = await signedCheckpoint();
  steps.push(step);
  const page = await get<{ entries: ServedEntry[] }>(
    `/api/v1/transparency/entries?start=${index}&end=${index + 1}`,
  );
  const entry = page.entries[0] ?? null;
  if (!entry) {
    steps.push({ label: 'Entry', ok: false, detail: `The log has no entry ${index}.` });
    return { verified: false, steps, entry, checkpoint };
  }
  const leaf = await leafHash(entry.canonical);
  const leafOk = toHex(leaf) === entry.leafHash;
  steps.push({
    label: 'Leaf hash',
    ok: leafOk,
    detail: leafOk
      ? `Computed in this browser from the entry’s text: SHA-256(0x00 ‖ text) = ${toHex(leaf).slice(0, 16)}…`
      : 'The hash computed here differs from the one the server gave.',
  });
  if (expect) {
    const ok = expect.test(JSON.parse(entry.canonical) as Record<string, unknown>);
    steps.push({
      label: expect.label,
      ok,
      detail: ok ? expect.detail : `The entry does not match: ${expect.detail}`,
    });
  }
  if (index >= checkpoint.size) {
    steps.push({
      label: 'Inclusion proof',
      ok: null,
      detail: `The latest signed checkpoint covers ${checkpoint.size} entries; this one is newer. Checkpoints are signed within seconds — check again shortly.`,
    });
    return { verified: false, steps, entry, checkpoint };
  }
  const proof = await get<{ hashes: string[] }>(
    `/api/v1/transparency/proof/inclusion?index=${index}&size=${checkpoint.size}`,
  );
  const included = await verifyInclusion(
    index,
    checkpoint.size,
    leaf,
    proof.hashes.map(fromBase64),
    checkpoint.rootHash,
  );
  steps.push({
    label: 'Inclusion proof',
    ok: included,
    detail: included
      ? `${proof.hashes.length} hashes lead from this entry to the signed root of ${checkpoint.size} entries: the entry is in the log, unchanged.`
      : 'The proof does not lead to the signed root: the entry or the log has been altered.',
  });
  const verified = steps.every((s) => s.ok !== false) && included && leafOk;
  return { verified, steps, entry, checkpoint };
}
