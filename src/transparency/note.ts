// C2SP signed notes (signed-note), log checkpoints (tlog-checkpoint) and Ed25519 witness cosignatures
// (tlog-cosignature), byte-compatible with golang.org/x/mod/sumdb/note so that existing witnesses and verifiers
// accept what this log publishes.
//
// Parsing is strict: anything that does not re-encode to the same bytes (non-canonical base64, leading zeros,
// uppercase key ids) is refused, so one checkpoint has exactly one textual form.
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  randomBytes,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';

/** Stable codes for NoteError, for mapping to API errors. */
export type NoteErrorCode =
  | 'ERR_NOTE_MALFORMED'
  | 'ERR_NOTE_UNVERIFIED'
  | 'ERR_NOTE_BAD_SIGNATURE'
  | 'ERR_NOTE_AMBIGUOUS_KEY'
  | 'ERR_NOTE_KEY'
  | 'ERR_CHECKPOINT_MALFORMED';

/** Why a note, key or checkpoint was refused; `code` is stable, `message` says which rule failed. */
export class NoteError extends Error {
  override readonly name = 'NoteError';

  constructor(
    readonly code: NoteErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** `ed25519` signs notes (signature type 0x01); `cosignature` signs checkpoints as a witness (type 0x04). */
export type NoteKeyType = 'ed25519' | 'cosignature';

/** A private key able to sign; `verifierKey` is the public half in its encoded form. */
export interface NoteSigner {
  readonly name: string;
  readonly keyId: number;
  readonly type: NoteKeyType;
  readonly verifierKey: string;
  /** Raw Ed25519 signature over `message`; signNote and cosignCheckpoint decide what the message is. */
  sign(message: Uint8Array): Uint8Array;
}

/** A public key a note may be checked against. */
export interface NoteVerifier {
  readonly name: string;
  readonly keyId: number;
  readonly type: NoteKeyType;
  readonly verifierKey: string;
  /** Whether `signature` (the bytes after the key id) is valid for the note text. */
  verify(text: Uint8Array, signature: Uint8Array): boolean;
}

/** A signature line that a known key verified; cosignatures also carry the witness's timestamp. */
export interface VerifiedSignature {
  readonly name: string;
  readonly keyId: number;
  readonly type: NoteKeyType;
  readonly timestamp?: number;
}

/** The text of a note whose signatures checked out, and the signature lines from keys not known to the caller. */
export interface OpenedNote {
  readonly text: string;
  readonly signatures: readonly VerifiedSignature[];
  readonly unverifiedSignatures: readonly { readonly name: string; readonly keyId: number }[];
}

/** The body of a checkpoint: a log's tree head at one size. */
export interface Checkpoint {
  readonly origin: string;
  readonly size: number;
  readonly rootHash: Uint8Array;
  readonly extensions: readonly string[];
}

const TYPE_BYTE: Record<NoteKeyType, number> = { ed25519: 0x01, cosignature: 0x04 };
// DER wrappers that turn a raw 32-byte Ed25519 seed or public key into something node:crypto imports.
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_ED25519_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const SIGNATURE_PREFIX = '\u2014 ';
// Go's note.Open limit; C2SP requires at least 16.
const MAX_SIGNATURES = 100;
const ROOT_HASH_SIZE = 32;
const COSIGNATURE_HEADER = 'cosignature/v1\n';
const MAX_COSIGNATURE_TIME = Number.MAX_SAFE_INTEGER;

const utf8 = new TextEncoder();

/** Creates a fresh Ed25519 key pair encoded as signer key (`PRIVATE+KEY+...`) and verifier key. */
export function generateNoteKey(
  name: string,
  type: NoteKeyType = 'ed25519',
): { signerKey: string; verifierKey: string } {
  requireKeyName(name);
  const seed = randomBytes(32);
  const signer = signerFromSeed(name, type, seed);
  return {
    signerKey: `PRIVATE+KEY+${name}+${hex8(signer.keyId)}+${encodeKey(type, seed)}`,
    verifierKey: signer.verifierKey,
  };
}

/** Parses a `PRIVATE+KEY+<name>+<key id>+<base64(type || seed)>` signer key. */
export function parseSignerKey(signerKey: string): NoteSigner {
  const fail = (why: string): never => {
    throw new NoteError('ERR_NOTE_KEY', `invalid signer key: ${why}`);
  };
  if (!signerKey.startsWith('PRIVATE+KEY+')) fail('missing PRIVATE+KEY+ prefix');
  const { name, keyId, type, key } = splitKey(signerKey.slice('PRIVATE+KEY+'.length), fail);
  const signer = signerFromSeed(name, type, Buffer.from(key));
  if (signer.keyId !== keyId) fail('key id does not match the key');
  return signer;
}

/** Parses a `<name>+<key id>+<base64(type || public key)>` verifier key, type 0x01 or 0x04. */
export function parseVerifierKey(verifierKey: string): NoteVerifier {
  const fail = (why: string): never => {
    throw new NoteError('ERR_NOTE_KEY', `invalid verifier key: ${why}`);
  };
  const { name, keyId, type, key } = splitKey(verifierKey, fail);
  if (computeKeyId(name, type, key) !== keyId) fail('key id does not match the key');
  let publicKey: KeyObject;
  try {
    publicKey = createPublicKey({
      key: Buffer.concat([SPKI_ED25519_PREFIX, key]),
      format: 'der',
      type: 'spki',
    });
  } catch {
    return fail('not an Ed25519 public key');
  }
  const check = (message: Uint8Array, signature: Uint8Array): boolean =>
    signature.length === 64 && verify(null, message, publicKey, signature);
  return {
    name,
    keyId,
    type,
    verifierKey,
    verify:
      type === 'ed25519'
        ? check
        : (text, signature) => {
            const timestamp = cosignatureTime(signature);
            return timestamp !== null && check(cosignedMessage(timestamp, text), signature.subarray(8));
          },
  };
}

/** Signs note text (which must end in a newline) with one or more Ed25519 signers, in order. */
export function signNote(text: string, signers: NoteSigner | readonly NoteSigner[]): string {
  requireNoteText(text);
  const list: readonly NoteSigner[] = Array.isArray(signers) ? signers : [signers as NoteSigner];
  if (list.length === 0) throw new NoteError('ERR_NOTE_KEY', 'a note needs at least one signer');
  const message = utf8.encode(text);
  const lines = list.map((signer) => {
    if (signer.type !== 'ed25519') {
      throw new NoteError('ERR_NOTE_KEY', `${signer.name} is a cosignature key; use cosignCheckpoint`);
    }
    return signatureLine(signer, signer.sign(message));
  });
  return `${text}\n${lines.join('')}`;
}

/**
 * Parses a signed note and checks every signature from a known key. Signatures from unknown keys are set aside;
 * one that fails under a known key rejects the whole note, as does having no verified signature at all.
 */
export function openNote(note: string | Uint8Array, verifiers: readonly NoteVerifier[]): OpenedNote {
  const malformed = (why: string): never => {
    throw new NoteError('ERR_NOTE_MALFORMED', `malformed note: ${why}`);
  };
  let message: string;
  if (typeof note === 'string') {
    message = note;
  } else {
    try {
      // ignoreBOM keeps a leading U+FEFF as text rather than silently dropping it from what was signed.
      message = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(note);
    } catch {
      return malformed('not valid UTF-8');
    }
  }
  requireCleanText(message, malformed);
  const split = message.lastIndexOf('\n\n');
  if (split < 0) malformed('no blank line before the signatures');
  const text = message.slice(0, split + 1);
  const block = message.slice(split + 2);
  if (block === '' || !block.endsWith('\n')) {
    malformed('signature block must be non-empty and end in a newline');
  }
  const lines = block.slice(0, -1).split('\n');
  if (lines.length > MAX_SIGNATURES) malformed(`more than ${MAX_SIGNATURES} signatures`);

  const textBytes = utf8.encode(text);
  const signatures: VerifiedSignature[] = [];
  const unverifiedSignatures: { name: string; keyId: number }[] = [];
  const seenVerified = new Set<string>();
  const seenUnverified = new Set<string>();
  for (const line of lines) {
    const parsed = parseSignatureLine(line);
    if (parsed === null) return malformed(`bad signature line ${JSON.stringify(line)}`);
    const { name, keyId, signature } = parsed;
    const matches = verifiers.filter((v) => v.name === name && v.keyId === keyId);
    if (matches.length === 0) {
      if (!seenUnverified.has(line)) unverifiedSignatures.push({ name, keyId });
      seenUnverified.add(line);
      continue;
    }
    const [verifier, ...others] = matches;
    if (verifier === undefined || others.length > 0) {
      throw new NoteError('ERR_NOTE_AMBIGUOUS_KEY', `more than one verifier for ${name}+${hex8(keyId)}`);
    }
    const id = `${name}+${hex8(keyId)}`;
    if (seenVerified.has(id)) continue;
    seenVerified.add(id);
    if (!verifier.verify(textBytes, signature)) {
      throw new NoteError('ERR_NOTE_BAD_SIGNATURE', `invalid signature for key ${id}`);
    }
    const timestamp = verifier.type === 'cosignature' ? cosignatureTime(signature) : null;
    signatures.push({ name, keyId, type: verifier.type, ...(timestamp === null ? {} : { timestamp }) });
  }
  if (signatures.length === 0) {
    throw new NoteError('ERR_NOTE_UNVERIFIED', 'note has no verifiable signatures');
  }
  return { text, signatures, unverifiedSignatures };
}

/** Checkpoint note text: origin, tree size, base64 root hash and any extension lines, each ending in a newline. */
export function formatCheckpoint(checkpoint: Checkpoint): string {
  const fail = (why: string): never => {
    throw new NoteError('ERR_CHECKPOINT_MALFORMED', `cannot format checkpoint: ${why}`);
  };
  const { origin, size, rootHash, extensions } = checkpoint;
  const lines: [string, string][] = [
    ['origin', origin],
    ...extensions.map((e): [string, string] => ['extension line', e]),
  ];
  for (const [what, line] of lines) {
    if (line === '' || line.includes('\n')) fail(`${what} must be one non-empty line`);
    requireCleanText(line, (why) => fail(`${what}: ${why}`));
  }
  if (!Number.isSafeInteger(size) || size < 0) fail(`size must be a non-negative safe integer, got ${size}`);
  if (!(rootHash instanceof Uint8Array) || rootHash.length !== ROOT_HASH_SIZE) {
    fail(`root hash must be ${ROOT_HASH_SIZE} bytes`);
  }
  const text = [origin, String(size), Buffer.from(rootHash).toString('base64'), ...extensions].join('\n');
  return `${text}\n`;
}

/** Parses checkpoint note text strictly, refusing any form formatCheckpoint would not produce. */
export function parseCheckpoint(text: string): Checkpoint {
  const fail = (why: string): never => {
    throw new NoteError('ERR_CHECKPOINT_MALFORMED', `malformed checkpoint: ${why}`);
  };
  requireCleanText(text, fail);
  if (!text.endsWith('\n')) fail('must end in a newline');
  const [origin, sizeText, rootText, ...extensions] = text.slice(0, -1).split('\n');
  if (origin === undefined || sizeText === undefined || rootText === undefined) {
    return fail('needs origin, size and root hash lines');
  }
  if (origin === '') fail('origin is empty');
  if (extensions.some((line) => line === '')) fail('extension lines must be non-empty');
  if (!/^(0|[1-9][0-9]*)$/.test(sizeText)) {
    fail(`size ${JSON.stringify(sizeText)} is not a decimal without leading zeros`);
  }
  const size = Number(sizeText);
  if (!Number.isSafeInteger(size)) fail(`size ${sizeText} is too large`);
  const rootHash = decodeBase64(rootText);
  if (rootHash === null) return fail('root hash is not canonical base64');
  if (rootHash.length !== ROOT_HASH_SIZE) {
    fail(`root hash is ${rootHash.length} bytes, want ${ROOT_HASH_SIZE}`);
  }
  return { origin, size, rootHash, extensions };
}

/**
 * A witness's timestamped cosignature (tlog-cosignature, type 0x04) of checkpoint note text, as a signature line
 * ready to append to the signed checkpoint.
 */
export function cosignCheckpoint(checkpointText: string, cosigner: NoteSigner, timestamp: number): string {
  if (cosigner.type !== 'cosignature') {
    throw new NoteError('ERR_NOTE_KEY', `${cosigner.name} is not a cosignature key`);
  }
  parseCheckpoint(checkpointText);
  if (!Number.isSafeInteger(timestamp) || timestamp < 0) {
    throw new NoteError(
      'ERR_NOTE_MALFORMED',
      `cosignature time must be a non-negative integer, got ${timestamp}`,
    );
  }
  const time = new Uint8Array(8);
  new DataView(time.buffer).setBigUint64(0, BigInt(timestamp));
  const signature = cosigner.sign(cosignedMessage(timestamp, utf8.encode(checkpointText)));
  return signatureLine(cosigner, Buffer.concat([time, signature]));
}

/** Checks one cosignature line over checkpoint note text and returns the time the witness signed it. */
export function verifyCosignature(
  checkpointText: string,
  signatureLine: string,
  verifier: NoteVerifier,
): number {
  if (verifier.type !== 'cosignature') {
    throw new NoteError('ERR_NOTE_KEY', `${verifier.name} is not a cosignature key`);
  }
  parseCheckpoint(checkpointText);
  const parsed = parseSignatureLine(
    signatureLine.endsWith('\n') ? signatureLine.slice(0, -1) : signatureLine,
  );
  if (parsed === null) throw new NoteError('ERR_NOTE_MALFORMED', 'malformed cosignature line');
  if (parsed.name !== verifier.name || parsed.keyId !== verifier.keyId) {
    throw new NoteError(
      'ERR_NOTE_BAD_SIGNATURE',
      `cosignature is not from ${verifier.name}+${hex8(verifier.keyId)}`,
    );
  }
  const timestamp = cosignatureTime(parsed.signature);
  if (timestamp === null || !verifier.verify(utf8.encode(checkpointText), parsed.signature)) {
    throw new NoteError(
      'ERR_NOTE_BAD_SIGNATURE',
      `invalid cosignature from ${verifier.name}+${hex8(verifier.keyId)}`,
    );
  }
  return timestamp;
}

function signerFromSeed(name: string, type: NoteKeyType, seed: Buffer): NoteSigner {
  const privateKey = createPrivateKey({
    key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]),
    format: 'der',
    type: 'pkcs8',
  });
  const publicKey = createPublicKey(privateKey)
    .export({ format: 'der', type: 'spki' })
    .subarray(SPKI_ED25519_PREFIX.length);
  const keyId = computeKeyId(name, type, publicKey);
  return {
    name,
    keyId,
    type,
    verifierKey: `${name}+${hex8(keyId)}+${encodeKey(type, publicKey)}`,
    sign: (message) => new Uint8Array(sign(null, message, privateKey)),
  };
}

// Shared by both key encodings: `<name>+<8 lowercase hex>+<base64(type byte || 32 key bytes)>`.
function splitKey(
  encoded: string,
  fail: (why: string) => never,
): { name: string; keyId: number; type: NoteKeyType; key: Uint8Array } {
  const first = encoded.indexOf('+');
  const second = encoded.indexOf('+', first + 1);
  if (first < 0 || second < 0) fail('expected <name>+<key id>+<key>');
  const name = encoded.slice(0, first);
  const idText = encoded.slice(first + 1, second);
  if (!isKeyName(name)) fail('bad key name');
  if (!/^[0-9a-f]{8}$/.test(idText)) fail('key id must be 8 lowercase hex digits');
  const data = decodeBase64(encoded.slice(second + 1));
  if (data === null || data.length === 0) return fail('key is not canonical base64');
  const type = (Object.keys(TYPE_BYTE) as NoteKeyType[]).find((t) => TYPE_BYTE[t] === data[0]);
  if (type === undefined) {
    return fail(`unsupported signature type 0x${(data[0] ?? 0).toString(16).padStart(2, '0')}`);
  }
  if (data.length !== 33) fail('Ed25519 key must be 32 bytes');
  return { name, keyId: Number.parseInt(idText, 16), type, key: data.subarray(1) };
}

function computeKeyId(name: string, type: NoteKeyType, publicKey: Uint8Array): number {
  const digest = createHash('sha256')
    .update(utf8.encode(`${name}\n`))
    .update(Uint8Array.of(TYPE_BYTE[type]))
    .update(publicKey)
    .digest();
  return digest.readUInt32BE(0);
}

function encodeKey(type: NoteKeyType, key: Uint8Array): string {
  return Buffer.concat([Uint8Array.of(TYPE_BYTE[type]), key]).toString('base64');
}

function signatureLine(signer: NoteSigner, signature: Uint8Array): string {
  const id = Buffer.alloc(4);
  id.writeUInt32BE(signer.keyId);
  return `${SIGNATURE_PREFIX}${signer.name} ${Buffer.concat([id, signature]).toString('base64')}\n`;
}

function parseSignatureLine(line: string): { name: string; keyId: number; signature: Uint8Array } | null {
  if (!line.startsWith(SIGNATURE_PREFIX)) return null;
  const rest = line.slice(SIGNATURE_PREFIX.length);
  const space = rest.indexOf(' ');
  if (space < 0) return null;
  const name = rest.slice(0, space);
  const data = decodeBase64(rest.slice(space + 1));
  if (!isKeyName(name) || data === null || data.length < 5) return null;
  return { name, keyId: Buffer.from(data).readUInt32BE(0), signature: data.subarray(4) };
}

function cosignedMessage(timestamp: number, text: Uint8Array): Uint8Array {
  return Buffer.concat([utf8.encode(`${COSIGNATURE_HEADER}time ${timestamp}\n`), text]);
}

// The timestamp of a 0x04 cosignature, or null when the bytes cannot be one (or the time does not fit a number).
function cosignatureTime(signature: Uint8Array): number | null {
  if (signature.length !== 8 + 64) return null;
  const time = new DataView(signature.buffer, signature.byteOffset, 8).getBigUint64(0);
  return time <= BigInt(MAX_COSIGNATURE_TIME) ? Number(time) : null;
}

// RFC 4648 §4 base64 with padding, accepted only in the form Buffer would write it back.
function decodeBase64(text: string): Uint8Array | null {
  if (text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) return null;
  const bytes = Buffer.from(text, 'base64');
  return bytes.toString('base64') === text ? new Uint8Array(bytes) : null;
}

// C2SP: key names are non-empty with no Unicode spaces (Go's unicode.IsSpace) and no plus; control characters
// could never appear in a note anyway.
function isKeyName(name: string): boolean {
  return name !== '' && !/[\p{Cc}\p{Z}\u0085+]/u.test(name) && !/\p{Cs}/u.test(name);
}

function requireKeyName(name: string): void {
  if (!isKeyName(name)) {
    throw new NoteError(
      'ERR_NOTE_KEY',
      `key name ${JSON.stringify(name)} must be non-empty, without spaces or "+"`,
    );
  }
}

// Notes are UTF-8 with no ASCII control characters other than newline.
function requireCleanText(text: string, fail: (why: string) => never): void {
  if (/\p{Cs}/u.test(text)) fail('contains a lone surrogate');
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x20 && unit !== 0x0a) {
      fail(`contains control character U+${unit.toString(16).padStart(4, '0')}`);
    }
  }
}

function requireNoteText(text: string): void {
  const fail = (why: string): never => {
    throw new NoteError('ERR_NOTE_MALFORMED', `malformed note text: ${why}`);
  };
  requireCleanText(text, fail);
  if (!text.endsWith('\n')) fail('must end in a newline');
}

function hex8(n: number): string {
  return n.toString(16).padStart(8, '0');
}
