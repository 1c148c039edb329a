// Checking the public log in the browser, trusting nothing the server says without proof: RFC 9162 leaf hashes
// and inclusion proofs over SHA-256 (WebCrypto), C2SP checkpoints, and the checkpoint's Ed25519 note signature.
// Follows RFC 9162 §2.1.3.2 step by step; the server's own verifier (src/transparency) does the same in Node.

const utf8 = new TextEncoder();

/** SHA-256 of the concatenated parts. */
export async function sha256(...parts: Uint8Array[]): Promise<Uint8Array> {
  const total = parts.reduce((n, p) => n + p.length, 0);
  const joined = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    joined.set(p, at);
    at += p.length;
  }
  return new Uint8Array(await crypto.subtle.digest('SHA-256', joined));
}

/** RFC 9162 leaf hash of an entry's canonical text: SHA-256(0x00 || UTF-8 bytes). */
export function leafHash(canonical: string): Promise<Uint8Array> {
  return sha256(Uint8Array.of(0x00), utf8.encode(canonical));
}

/** SHA-256 of text, as lowercase hex: how the log refers to a registry record's canonical JSON. */
export async function sha256Hex(text: string): Promise<string> {
  return toHex(await sha256(utf8.encode(text)));
}

function nodeHash(left: Uint8Array, right: Uint8Array): Promise<Uint8Array> {
  return sha256(Uint8Array.of(0x01), left, right);
}

/** Lowercase hex of bytes. */
export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Bytes of standard base64 (RFC 4648 §4); throws on anything else. */
export function fromBase64(text: string): Uint8Array {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) throw new Error('not base64');
  const bin = atob(text);
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

/** Whether two byte strings are equal. */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/**
 * RFC 9162 §2.1.3.2: the root that an inclusion proof for leaf `index` of a tree of `size` leaves leads to, or
 * null when the proof has the wrong length for that position. Plain division, not bit shifts: indices may
 * exceed 2^31.
 */
export async function rootFromInclusionProof(
  index: number,
  size: number,
  leaf: Uint8Array,
  proof: readonly Uint8Array[],
): Promise<Uint8Array | null> {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0 || index >= size) return null;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of proof) {
    if (p.length !== 32) return null;
    if (sn === 0) return null;
    if (fn % 2 === 1 || fn === sn) {
      r = await nodeHash(p, r);
      // Skip the levels where this node is the right edge with no sibling.
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = await nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 ? r : null;
}

/** Whether an inclusion proof puts `leaf` at `index` in the tree of `size` leaves whose root is `root`. */
export async function verifyInclusion(
  index: number,
  size: number,
  leaf: Uint8Array,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): Promise<boolean> {
  const computed = await rootFromInclusionProof(index, size, leaf, proof);
  return computed !== null && equalBytes(computed, root);
}

/** A parsed signed checkpoint: the body lines and the signature lines. */
export interface SignedCheckpoint {
  /** The signed text: origin, size, root hash (and any extension lines), each ending in a newline. */
  text: string;
  origin: string;
  size: number;
  rootHash: Uint8Array;
  signatures: { name: string; keyId: Uint8Array; signature: Uint8Array }[];
}

/** Parses a C2SP signed checkpoint note; throws on anything malformed. */
export function parseCheckpoint(note: string): SignedCheckpoint {
  const split = note.lastIndexOf('\n\n');
  if (split < 0) throw new Error('no blank line before the signatures');
  const text = note.slice(0, split + 1);
  const [origin, sizeText, rootText] = text.slice(0, -1).split('\n');
  if (!origin || !sizeText || !rootText || !/^(0|[1-9][0-9]*)$/.test(sizeText))
    throw new Error('not a checkpoint');
  const rootHash = fromBase64(rootText);
  if (rootHash.length !== 32) throw new Error('root hash is not 32 bytes');
  const signatures = note
    .slice(split + 2)
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const m = /^\u2014 (\S+) ([A-Za-z0-9+/]+=*)$/.exec(line);
      if (!m) throw new Error(`bad signature line ${line}`);
      const data = fromBase64(m[2]!);
      return { name: m[1]!, keyId: data.slice(0, 4), signature: data.slice(4) };
    });
  return { text, origin, size: Number(sizeText), rootHash, signatures };
}

/** The outcome of checking a checkpoint's signature. */
export type SignatureCheck =
  | { state: 'valid'; keyName: string }
  | { state: 'invalid'; reason: string }
  | { state: 'unsupported'; reason: string };

/**
 * Checks the log's Ed25519 signature on a checkpoint with WebCrypto, given the log's verifier key
 * (`name+keyid+base64(0x01 || public key)`). Browsers without Ed25519 in WebCrypto get `unsupported`, never a
 * false "valid".
 */
export async function verifyCheckpointSignature(
  checkpoint: SignedCheckpoint,
  verifierKey: string,
): Promise<SignatureCheck> {
  // The name and key id come first; the base64 key itself may contain "+".
  const m = /^([^+\s]+)\+([0-9a-f]{8})\+([A-Za-z0-9+/]+=*)$/.exec(verifierKey.trim());
  if (!m) return { state: 'invalid', reason: 'the verifier key is malformed' };
  const [, name, idText, keyText] = m as unknown as [string, string, string, string];
  let key: Uint8Array;
  try {
    key = fromBase64(keyText);
  } catch {
    return { state: 'invalid', reason: 'the verifier key is malformed' };
  }
  if (key.length !== 33 || key[0] !== 0x01) return { state: 'invalid', reason: 'not an Ed25519 note key' };
  const publicKey = key.slice(1);
  // The key id is the first four bytes of SHA-256(name || "\n" || 0x01 || public key).
  const id = (await sha256(utf8.encode(`${name}\n`), Uint8Array.of(0x01), publicKey)).slice(0, 4);
  if (toHex(id) !== idText) return { state: 'invalid', reason: 'the key id does not match the key' };
  const line = checkpoint.signatures.find((s) => s.name === name && equalBytes(s.keyId, id));
  if (!line) return { state: 'invalid', reason: 'the checkpoint has no signature from the log’s key' };
  let imported: CryptoKey;
  try {
    imported = await crypto.subtle.importKey('raw', new Uint8Array(publicKey), { name: 'Ed25519' }, false, [
      'verify',
    ]);
  } catch {
    return { state: 'unsupported', reason: 'this browser cannot check Ed25519 signatures (WebCrypto)' };
  }
  const ok = await crypto.subtle.verify(
    { name: 'Ed25519' },
    imported,
    new Uint8Array(line.signature),
    new Uint8Array(utf8.encode(checkpoint.text)),
  );
  return ok
    ? { state: 'valid', keyName: name }
    : { state: 'invalid', reason: 'the signature does not verify' };
}
