import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { base32Decode, base32Encode, hotp, otpauthUri, totp, verifyTotp } from './totp.js';

// RFC 6238 appendix B, SHA-1 rows: the 20-byte ASCII secret "12345678901234567890", 8 digits.
const RFC_SECRET = new TextEncoder().encode('12345678901234567890');
const RFC_VECTORS: [number, string][] = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
];

test('totp matches the RFC 6238 SHA-1 test vectors', () => {
  for (const [seconds, expected] of RFC_VECTORS) assert.equal(totp(RFC_SECRET, seconds * 1000, 8), expected);
});

test('hotp matches the RFC 4226 appendix D values', () => {
  const expected = [
    '755224',
    '287082',
    '359152',
    '969429',
    '338314',
    '254676',
    '287922',
    '162583',
    '399871',
    '520489',
  ];
  expected.forEach((code, i) => assert.equal(hotp(RFC_SECRET, BigInt(i)), code));
});

test('base32 round-trips any bytes and matches RFC 4648 examples', () => {
  assert.equal(base32Encode(new TextEncoder().encode('foobar')), 'MZXW6YTBOI');
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) =>
      assert.deepEqual(base32Decode(base32Encode(bytes)), bytes),
    ),
  );
  assert.throws(() => base32Decode('not base32!'));
});

test('verifyTotp accepts one step of drift, refuses older steps and replays', () => {
  const t = 1_800_000_000_000;
  const code = totp(RFC_SECRET, t);
  const step = Math.floor(t / 30_000);
  assert.equal(verifyTotp(RFC_SECRET, code, t), step);
  assert.equal(verifyTotp(RFC_SECRET, code, t + 30_000), step);
  assert.equal(verifyTotp(RFC_SECRET, code, t - 30_000), step);
  assert.equal(verifyTotp(RFC_SECRET, code, t + 90_000), null);
  assert.equal(verifyTotp(RFC_SECRET, code, t, step), null, 'a used step cannot be replayed');
  assert.equal(verifyTotp(RFC_SECRET, 'abcdef', t), null);
  assert.equal(verifyTotp(RFC_SECRET, '12345', t), null);
});

test('otpauth URI carries issuer, account and base32 secret', () => {
  const uri = new URL(otpauthUri(RFC_SECRET, 'a@example.test', 'Porchlight'));
  assert.equal(uri.protocol, 'otpauth:');
  assert.equal(uri.searchParams.get('secret'), base32Encode(RFC_SECRET));
  assert.equal(uri.searchParams.get('issuer'), 'Porchlight');
  assert.match(decodeURIComponent(uri.pathname), /Porchlight:a@example\.test/);
});
