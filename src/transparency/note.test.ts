import assert from 'node:assert/strict';
import { createHash, createPublicKey, verify } from 'node:crypto';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import {
  NoteError,
  cosignCheckpoint,
  formatCheckpoint,
  generateNoteKey,
  openNote,
  parseCheckpoint,
  parseSignerKey,
  parseVerifierKey,
  signNote,
  verifyCosignature,
  type NoteErrorCode,
} from './note.js';

const withoutControls = (s: string): string => [...s].filter((c) => c >= ' ').join('');

function rejects(fn: () => unknown, code: NoteErrorCode): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof NoteError, `expected NoteError, got ${String(err)}`);
    assert.equal(err.code, code, err.message);
    return true;
  });
}

// Vectors from golang.org/x/mod/sumdb/note note_test.go: Ed25519 is deterministic, so matching them byte for
// byte shows this module signs and encodes exactly like the reference implementation.
const PETER_VKEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const PETER_SKEY = 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
const ENOCH_VKEY = 'EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop';
const TEXT =
  "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const PETER_SIG =
  '— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n';
const ENOCH_SIG =
  '— EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n';

const ROOT = new Uint8Array(Buffer.from('CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=', 'base64'));
const CHECKPOINT = 'example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n';

describe('keys', () => {
  test('parses the reference keys and derives the reference verifier key from the signer key', () => {
    const peter = parseVerifierKey(PETER_VKEY);
    assert.equal(peter.name, 'PeterNeumann');
    assert.equal(peter.keyId, 0xc74f20a3);
    assert.equal(peter.type, 'ed25519');
    assert.equal(parseSignerKey(PETER_SKEY).verifierKey, PETER_VKEY);
  });

  test('derives the published verifier keys of other implementations from their signer keys', () => {
    const pairs = [
      [
        'PRIVATE+KEY+binarytransparency.log/example+5de0f997+AXNNv9racVtMynH7oHIogZ4xS5sAIHBl47hlrcf6vsfu',
        'binarytransparency.log/example+5de0f997+AcPfp2roeTxqSqmPdDkA9rIAd0pe3C5Je6Rze2SqBDUp',
      ],
      [
        'PRIVATE+KEY+Test-Betty+df84580a+Afge8kCzBXU7jb3cV2Q363oNXCufJ6u9mjOY1BGRY9E2',
        'Test-Betty+df84580a+AQQASqPUZoIHcJAF5mBOryctwFdTV1E0GRY4kEAtTzwB',
      ],
    ];
    for (const [skey, vkey] of pairs) assert.equal(parseSignerKey(skey ?? '').verifierKey, vkey);
  });

  test('computes the key id as the first four bytes of SHA-256(name, newline, type byte, public key)', () => {
    const { verifierKey } = generateNoteKey('example.com/log');
    const [name, id] = verifierKey.split('+') as [string, string];
    const raw = Buffer.from(verifierKey.slice(name.length + id.length + 2), 'base64');
    assert.equal(raw[0], 0x01);
    const digest = createHash('sha256').update(`${name}\n`).update(raw).digest();
    assert.equal(id, digest.subarray(0, 4).toString('hex'));
  });

  test('generates key pairs that agree for both key types', () => {
    for (const type of ['ed25519', 'cosignature'] as const) {
      const { signerKey, verifierKey } = generateNoteKey('witness.example.com/w1', type);
      const signer = parseSignerKey(signerKey);
      const verifier = parseVerifierKey(verifierKey);
      assert.equal(signer.verifierKey, verifierKey);
      assert.equal(signer.keyId, verifier.keyId);
      assert.equal(verifier.type, type);
      assert.match(signerKey, /^PRIVATE\+KEY\+witness\.example\.com\/w1\+[0-9a-f]{8}\+/);
    }
  });

  test('gives the same Ed25519 key different ids as a note key and as a cosignature key', () => {
    const { signerKey } = generateNoteKey('example.com/w');
    const noteKey = parseSignerKey(signerKey);
    const raw = Buffer.from(signerKey.split('+').slice(4).join('+'), 'base64');
    raw[0] = 0x04;
    const pub = Buffer.from(noteKey.verifierKey.split('+').slice(2).join('+'), 'base64').subarray(1);
    const cosignId = createHash('sha256')
      .update('example.com/w\n')
      .update(Uint8Array.of(4))
      .update(pub)
      .digest();
    const cosignKey = parseSignerKey(
      `PRIVATE+KEY+example.com/w+${cosignId.subarray(0, 4).toString('hex')}+${raw.toString('base64')}`,
    );
    assert.equal(cosignKey.type, 'cosignature');
    assert.notEqual(cosignKey.keyId, noteKey.keyId);
    // The note-key id does not fit the cosignature encoding of the same key.
    rejects(
      () => parseSignerKey(signerKey.replace(/\+[^+]*$/, '') + '+' + raw.toString('base64')),
      'ERR_NOTE_KEY',
    );
  });

  test('rejects every truncation and every single-character change of a verifier key', () => {
    for (let i = 0; i <= PETER_VKEY.length; i++) {
      for (let j = i + 1; j <= PETER_VKEY.length; j++) {
        if (i === 0 && j === PETER_VKEY.length) continue;
        rejects(() => parseVerifierKey(PETER_VKEY.slice(i, j)), 'ERR_NOTE_KEY');
      }
    }
    for (let i = 0; i < PETER_VKEY.length; i++) {
      const changed =
        PETER_VKEY.slice(0, i) + String.fromCharCode(PETER_VKEY.charCodeAt(i) + 1) + PETER_VKEY.slice(i + 1);
      rejects(() => parseVerifierKey(changed), 'ERR_NOTE_KEY');
    }
    // Wrong key length and unknown algorithm, each with a key id adjusted to match.
    rejects(
      () => parseVerifierKey('PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY=='),
      'ERR_NOTE_KEY',
    );
    rejects(
      () => parseVerifierKey('PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW'),
      'ERR_NOTE_KEY',
    );
    rejects(() => parseVerifierKey(PETER_VKEY.replace('c74f20a3', 'C74F20A3')), 'ERR_NOTE_KEY');
  });

  test('rejects every truncation and every single-character change of a signer key', () => {
    for (let i = 0; i <= PETER_SKEY.length; i++) {
      for (let j = i + 1; j <= PETER_SKEY.length; j++) {
        if (i === 0 && j === PETER_SKEY.length) continue;
        rejects(() => parseSignerKey(PETER_SKEY.slice(i, j)), 'ERR_NOTE_KEY');
      }
    }
    for (let i = 0; i < PETER_SKEY.length; i++) {
      const changed =
        PETER_SKEY.slice(0, i) + String.fromCharCode(PETER_SKEY.charCodeAt(i) + 1) + PETER_SKEY.slice(i + 1);
      rejects(() => parseSignerKey(changed), 'ERR_NOTE_KEY');
    }
  });

  test('refuses key names that are empty or contain spaces, plus signs or controls', () => {
    for (const name of [
      '',
      'a b',
      'a+b',
      'a\tb',
      'a\u00a0b',
      'a\u2028b',
      'a\u3000b',
      'a\u0085b',
      'a\nb',
      '\ud800',
    ]) {
      rejects(() => generateNoteKey(name), 'ERR_NOTE_KEY');
    }
    assert.doesNotThrow(() => generateNoteKey('oid/1.3.6.1.4.1.99999.1'));
    assert.doesNotThrow(() => generateNoteKey('例え.jp/ログ'));
  });
});

describe('signed notes', () => {
  const peter = parseVerifierKey(PETER_VKEY);
  const enoch = parseVerifierKey(ENOCH_VKEY);

  test('signs exactly like the reference implementation', () => {
    assert.equal(signNote(TEXT, parseSignerKey(PETER_SKEY)), `${TEXT}\n${PETER_SIG}`);
  });

  test('opens the reference note, setting aside signatures from unknown keys', () => {
    const opened = openNote(`${TEXT}\n${PETER_SIG}${ENOCH_SIG}`, [peter]);
    assert.equal(opened.text, TEXT);
    assert.deepEqual(opened.signatures, [{ name: 'PeterNeumann', keyId: 0xc74f20a3, type: 'ed25519' }]);
    assert.deepEqual(opened.unverifiedSignatures, [{ name: 'EnochRoot', keyId: 0xaf0cfe78 }]);
    const both = openNote(`${TEXT}\n${PETER_SIG}${ENOCH_SIG}`, [enoch, peter]);
    assert.deepEqual(
      both.signatures.map((s) => s.name),
      ['PeterNeumann', 'EnochRoot'],
    );
    assert.deepEqual(both.unverifiedSignatures, []);
  });

  test('opens notes given as UTF-8 bytes and refuses invalid UTF-8', () => {
    const note = Buffer.from(`${TEXT}\n${PETER_SIG}`, 'utf8');
    assert.equal(openNote(note, [peter]).text, TEXT);
    rejects(() => openNote(Buffer.concat([Buffer.from([0xff]), note]), [peter]), 'ERR_NOTE_MALFORMED');
    // A byte-order mark is text like any other: it was not signed, so the signature fails.
    rejects(
      () => openNote(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), note]), [peter]),
      'ERR_NOTE_BAD_SIGNATURE',
    );
  });

  test('requires at least one signature from a known key', () => {
    rejects(() => openNote(`${TEXT}\n${PETER_SIG}${ENOCH_SIG}`, []), 'ERR_NOTE_UNVERIFIED');
    rejects(() => openNote(`${TEXT}\n${ENOCH_SIG}`, [peter]), 'ERR_NOTE_UNVERIFIED');
  });

  test('rejects the whole note when a known key’s signature fails', () => {
    const broken = `${PETER_SIG.slice(0, 60)}ABCD${PETER_SIG.slice(60)}`;
    rejects(() => openNote(`${TEXT}\n${broken}`, [peter]), 'ERR_NOTE_BAD_SIGNATURE');
    rejects(
      () => openNote(`${TEXT.replace('cryptography', 'cryptographY')}\n${PETER_SIG}`, [peter]),
      'ERR_NOTE_BAD_SIGNATURE',
    );
    rejects(() => openNote(`${TEXT}\n${ENOCH_SIG}${broken}`, [peter, enoch]), 'ERR_NOTE_BAD_SIGNATURE');
  });

  test('does not accept a signature under a different key that claims the same name and id', () => {
    const { signerKey } = generateNoteKey('PeterNeumann');
    const impostor = parseSignerKey(signerKey);
    const forged = signNote(TEXT, impostor).replace(/PeterNeumann (\S+)/, (_, b64: string) => {
      const bytes = Buffer.from(b64, 'base64');
      bytes.writeUInt32BE(0xc74f20a3);
      return `PeterNeumann ${bytes.toString('base64')}`;
    });
    rejects(() => openNote(forged, [peter]), 'ERR_NOTE_BAD_SIGNATURE');
    // Under its own id the impostor is simply an unknown key.
    rejects(() => openNote(signNote(TEXT, impostor), [peter]), 'ERR_NOTE_UNVERIFIED');
  });

  test('ignores repeated signatures, and refuses an ambiguous set of verifiers only when it matters', () => {
    const enochBroken = `${ENOCH_SIG.slice(0, 60)}ABCD${ENOCH_SIG.slice(60)}`;
    const opened = openNote(`${TEXT}\n${PETER_SIG}${PETER_SIG}${ENOCH_SIG}${ENOCH_SIG}${enochBroken}`, [
      peter,
    ]);
    assert.equal(opened.signatures.length, 1);
    assert.equal(opened.unverifiedSignatures.length, 2);
    rejects(() => openNote(`${TEXT}\n${ENOCH_SIG}`, [enoch, peter, enoch]), 'ERR_NOTE_AMBIGUOUS_KEY');
    assert.equal(openNote(`${TEXT}\n${PETER_SIG}`, [enoch, peter, enoch]).signatures.length, 1);
  });

  test('accepts 100 signatures and refuses more', () => {
    assert.equal(openNote(`${TEXT}\n${PETER_SIG.repeat(100)}`, [peter]).signatures.length, 1);
    rejects(() => openNote(`${TEXT}\n${PETER_SIG.repeat(101)}`, [peter]), 'ERR_NOTE_MALFORMED');
    rejects(() => openNote(`${TEXT}\n${PETER_SIG.repeat(101)}`, []), 'ERR_NOTE_MALFORMED');
  });

  test('refuses malformed notes', () => {
    const bad = [
      TEXT,
      `${TEXT}\n`,
      `${TEXT}\n${PETER_SIG.slice(0, -1)}`,
      `\u0001${TEXT}\n${PETER_SIG}`,
      `${TEXT}\r\n${PETER_SIG}`,
      `${TEXT}\n— Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=`,
      `${TEXT}\n${PETER_SIG}Unexpected line.\n`,
      `${TEXT}\n${PETER_SIG.replace('=\n', '\n')}`,
      `${TEXT}\n${PETER_SIG.replace('—', '-')}`,
      `${TEXT}\n${PETER_SIG.replace(' x08go', '  x08go')}`,
      `${TEXT}\n— PeterNeumann AAAA\n`,
      `${TEXT}\n${PETER_SIG}\n`,
      `${TEXT}\ud800\n${PETER_SIG}`,
    ];
    for (const note of bad) rejects(() => openNote(note, [peter]), 'ERR_NOTE_MALFORMED');
  });

  test('splits text from signatures at the last blank line, so text may contain blank lines', () => {
    const signer = parseSignerKey(PETER_SKEY);
    for (const text of ['a\n\nb\n', 'a\n\n', '\n', 'ends with a dash line\n— not a signature\n']) {
      assert.equal(openNote(signNote(text, signer), [peter]).text, text);
    }
  });

  test('signs with several keys in order, and every one verifies', () => {
    const keys = [generateNoteKey('a.example/log'), generateNoteKey('b.example/log')];
    const note = signNote(
      TEXT,
      keys.map((k) => parseSignerKey(k.signerKey)),
    );
    const opened = openNote(
      note,
      keys.map((k) => parseVerifierKey(k.verifierKey)),
    );
    assert.deepEqual(
      opened.signatures.map((s) => s.name),
      ['a.example/log', 'b.example/log'],
    );
  });

  test('refuses to sign text that could not be opened again', () => {
    const signer = parseSignerKey(PETER_SKEY);
    for (const text of ['', 'no newline', 'tab\there\n', 'lone \udc00\n']) {
      rejects(() => signNote(text, signer), 'ERR_NOTE_MALFORMED');
    }
    rejects(() => signNote(TEXT, []), 'ERR_NOTE_KEY');
    rejects(
      () => signNote(CHECKPOINT, parseSignerKey(generateNoteKey('w', 'cosignature').signerKey)),
      'ERR_NOTE_KEY',
    );
  });

  test('round-trips any clean text', () => {
    const signer = parseSignerKey(PETER_SKEY);
    const line = fc.string({ unit: 'binary' }).map((s) => withoutControls(s));
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 6 }), (lines) => {
        const text = `${lines.join('\n')}\n`;
        const opened = openNote(signNote(text, signer), [peter]);
        assert.equal(opened.text, text);
      }),
      { numRuns: 50 },
    );
  });
});

describe('checkpoints', () => {
  test('parses the C2SP example checkpoint', () => {
    const checkpoint = parseCheckpoint(CHECKPOINT);
    assert.equal(checkpoint.origin, 'example.com/behind-the-sofa');
    assert.equal(checkpoint.size, 20852163);
    assert.deepEqual(checkpoint.rootHash, ROOT);
    assert.deepEqual(checkpoint.extensions, []);
    assert.equal(formatCheckpoint(checkpoint), CHECKPOINT);
  });

  test('formats and parses extension lines and the empty tree', () => {
    const text = formatCheckpoint({ origin: 'o', size: 0, rootHash: ROOT, extensions: ['x', 'y z'] });
    assert.equal(text, `o\n0\n${Buffer.from(ROOT).toString('base64')}\nx\ny z\n`);
    assert.deepEqual(parseCheckpoint(text).extensions, ['x', 'y z']);
  });

  test('round-trips any valid checkpoint', () => {
    const line = fc
      .string({ unit: 'binary', minLength: 1 })
      .map((s) => withoutControls(s))
      .filter((s) => s !== '');
    fc.assert(
      fc.property(
        line,
        fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.array(line, { maxLength: 3 }),
        (origin, size, rootHash, extensions) => {
          const text = formatCheckpoint({ origin, size, rootHash, extensions });
          assert.deepEqual(parseCheckpoint(text), { origin, size, rootHash, extensions });
          assert.equal(formatCheckpoint(parseCheckpoint(text)), text);
        },
      ),
    );
  });

  test('refuses malformed checkpoints', () => {
    const root = 'CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=';
    const bad = {
      'missing trailing newline': `o\n1\n${root}`,
      'too few lines': 'o\n1\n',
      'empty origin': `\n1\n${root}\n`,
      'empty extension line': `o\n1\n${root}\n\nx\n`,
      'size with leading zero': `o\n01\n${root}\n`,
      'size of 00': `o\n00\n${root}\n`,
      'negative size': `o\n-1\n${root}\n`,
      'size with plus sign': `o\n+1\n${root}\n`,
      'size with a space': `o\n1 \n${root}\n`,
      'fractional size': `o\n1.0\n${root}\n`,
      'size in exponent form': `o\n1e3\n${root}\n`,
      'size in hex': `o\n0x10\n${root}\n`,
      'empty size': `o\n\n${root}\n`,
      'size above 2^53': `o\n18446744073709551615\n${root}\n`,
      'root of 31 bytes': `o\n1\n${Buffer.alloc(31).toString('base64')}\n`,
      'root of 33 bytes': `o\n1\n${Buffer.alloc(33).toString('base64')}\n`,
      'unpadded root': `o\n1\n${root.slice(0, -1)}\n`,
      'root with non-zero padding bits': `o\n1\n${root.slice(0, -2)}J=\n`,
      'url-safe base64 root': `o\n1\n${Buffer.from(ROOT).toString('base64url')}=\n`,
      'carriage return': `o\r\n1\n${root}\n`,
      'control character': `o\u0000\n1\n${root}\n`,
    };
    for (const [why, text] of Object.entries(bad)) {
      assert.throws(
        () => parseCheckpoint(text),
        (err: unknown) => err instanceof NoteError && err.code === 'ERR_CHECKPOINT_MALFORMED',
        why,
      );
    }
  });

  test('refuses to format a checkpoint it could not parse back', () => {
    const ok = { origin: 'o', size: 1, rootHash: ROOT, extensions: [] };
    for (const checkpoint of [
      { ...ok, origin: '' },
      { ...ok, origin: 'a\nb' },
      { ...ok, size: -1 },
      { ...ok, size: 1.5 },
      { ...ok, size: 2 ** 53 },
      { ...ok, rootHash: new Uint8Array(31) },
      { ...ok, extensions: [''] },
      { ...ok, extensions: ['a\nb'] },
      { ...ok, extensions: ['tab\t'] },
    ]) {
      rejects(() => formatCheckpoint(checkpoint), 'ERR_CHECKPOINT_MALFORMED');
    }
  });

  test('a signed checkpoint opens and parses with the log key', () => {
    const { signerKey, verifierKey } = generateNoteKey('example.com/behind-the-sofa');
    const note = signNote(CHECKPOINT, parseSignerKey(signerKey));
    const opened = openNote(note, [parseVerifierKey(verifierKey)]);
    assert.equal(parseCheckpoint(opened.text).size, 20852163);
  });
});

describe('cosignatures', () => {
  const log = generateNoteKey('example.com/behind-the-sofa');
  const witness = generateNoteKey('witness.example.com/w1', 'cosignature');
  const logSigner = parseSignerKey(log.signerKey);
  const logVerifier = parseVerifierKey(log.verifierKey);
  const cosigner = parseSignerKey(witness.signerKey);
  const cosignVerifier = parseVerifierKey(witness.verifierKey);
  const TIME = 1679315147;

  test('signs "cosignature/v1", the time line and the checkpoint, and prefixes the big-endian time', () => {
    const line = cosignCheckpoint(CHECKPOINT, cosigner, TIME);
    assert.match(line, /^— witness\.example\.com\/w1 [A-Za-z0-9+/]+=*\n$/);
    const bytes = Buffer.from(line.trim().split(' ')[2] ?? '', 'base64');
    assert.equal(bytes.length, 4 + 8 + 64);
    assert.equal(bytes.readUInt32BE(0), cosignVerifier.keyId);
    assert.equal(bytes.readBigUInt64BE(4), BigInt(TIME));
    const raw = Buffer.from(witness.verifierKey.split('+').slice(2).join('+'), 'base64');
    assert.equal(raw[0], 0x04);
    const publicKey = createPublicKey({
      key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), raw.subarray(1)]),
      format: 'der',
      type: 'spki',
    });
    const message = Buffer.from(`cosignature/v1\ntime ${TIME}\n${CHECKPOINT}`, 'utf8');
    assert.ok(verify(null, message, publicKey, bytes.subarray(12)));
  });

  test('verifies a cosignature and returns its time', () => {
    assert.equal(
      verifyCosignature(CHECKPOINT, cosignCheckpoint(CHECKPOINT, cosigner, TIME), cosignVerifier),
      TIME,
    );
    assert.equal(
      verifyCosignature(CHECKPOINT, cosignCheckpoint(CHECKPOINT, cosigner, 0).trimEnd(), cosignVerifier),
      0,
    );
  });

  test('a cosigned checkpoint opens with log and witness keys, reporting the witness time', () => {
    const note = signNote(CHECKPOINT, logSigner) + cosignCheckpoint(CHECKPOINT, cosigner, TIME);
    const opened = openNote(note, [logVerifier, cosignVerifier]);
    assert.deepEqual(opened.signatures, [
      { name: logVerifier.name, keyId: logVerifier.keyId, type: 'ed25519' },
      { name: cosignVerifier.name, keyId: cosignVerifier.keyId, type: 'cosignature', timestamp: TIME },
    ]);
    assert.equal(openNote(note, [logVerifier]).unverifiedSignatures.length, 1);
  });

  test('rejects a cosignature over another checkpoint, with another time, or from another witness', () => {
    const line = cosignCheckpoint(CHECKPOINT, cosigner, TIME);
    const other = CHECKPOINT.replace('20852163', '20852164');
    rejects(() => verifyCosignature(other, line, cosignVerifier), 'ERR_NOTE_BAD_SIGNATURE');
    const bytes = Buffer.from(line.trim().split(' ')[2] ?? '', 'base64');
    bytes.writeBigUInt64BE(BigInt(TIME + 1), 4);
    const retimed = `— ${cosigner.name} ${bytes.toString('base64')}\n`;
    rejects(() => verifyCosignature(CHECKPOINT, retimed, cosignVerifier), 'ERR_NOTE_BAD_SIGNATURE');
    rejects(
      () => openNote(signNote(CHECKPOINT, logSigner) + retimed, [logVerifier, cosignVerifier]),
      'ERR_NOTE_BAD_SIGNATURE',
    );
    const stranger = parseVerifierKey(generateNoteKey('witness.example.com/w1', 'cosignature').verifierKey);
    rejects(() => verifyCosignature(CHECKPOINT, line, stranger), 'ERR_NOTE_BAD_SIGNATURE');
    bytes.writeBigUInt64BE(2n ** 63n, 4);
    rejects(
      () => verifyCosignature(CHECKPOINT, `— ${cosigner.name} ${bytes.toString('base64')}\n`, cosignVerifier),
      'ERR_NOTE_BAD_SIGNATURE',
    );
  });

  test('keeps note keys and cosignature keys apart', () => {
    rejects(() => cosignCheckpoint(CHECKPOINT, logSigner, TIME), 'ERR_NOTE_KEY');
    rejects(
      () => verifyCosignature(CHECKPOINT, cosignCheckpoint(CHECKPOINT, cosigner, TIME), logVerifier),
      'ERR_NOTE_KEY',
    );
  });

  test('refuses to cosign or check text that is not a checkpoint, and bad times', () => {
    rejects(() => cosignCheckpoint(TEXT, cosigner, TIME), 'ERR_CHECKPOINT_MALFORMED');
    rejects(
      () => verifyCosignature(TEXT, cosignCheckpoint(CHECKPOINT, cosigner, TIME), cosignVerifier),
      'ERR_CHECKPOINT_MALFORMED',
    );
    rejects(() => cosignCheckpoint(CHECKPOINT, cosigner, -1), 'ERR_NOTE_MALFORMED');
    rejects(() => cosignCheckpoint(CHECKPOINT, cosigner, 1.5), 'ERR_NOTE_MALFORMED');
    rejects(
      () => verifyCosignature(CHECKPOINT, 'not a signature line', cosignVerifier),
      'ERR_NOTE_MALFORMED',
    );
  });
});
