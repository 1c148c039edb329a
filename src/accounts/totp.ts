import { createHmac, randomBytes } from 'node:crypto';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32 without padding, as authenticator apps expect. */
export function base32Encode(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

/** Decode RFC 4648 base32 (case-insensitive, padding and spaces ignored); throws on other characters. */
export function base32Decode(text: string): Uint8Array {
  const clean = text.replace(/[\s=]/g, '').toUpperCase();
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const ch of clean) {
    const idx = BASE32.indexOf(ch);
    if (idx < 0) throw new Error('invalid base32');
    value = (value << 5) | idx;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Uint8Array.from(out);
}

/** A new 160-bit TOTP secret (RFC 4226 recommends at least 128 bits). */
export function newTotpSecret(): Uint8Array {
  return randomBytes(20);
}

/** RFC 4226 HOTP value for a counter, as a zero-padded decimal string. */
export function hotp(secret: Uint8Array, counter: bigint, digits = 6, algorithm = 'sha1'): string {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(counter);
  const mac = createHmac(algorithm, secret).update(msg).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const code =
    ((mac[offset]! & 0x7f) << 24) | (mac[offset + 1]! << 16) | (mac[offset + 2]! << 8) | mac[offset + 3]!;
  return String(code % 10 ** digits).padStart(digits, '0');
}

/** RFC 6238 TOTP code at a time (30 s steps). */
export function totp(secret: Uint8Array, timeMs: number, digits = 6, algorithm = 'sha1'): string {
  return hotp(secret, BigInt(Math.floor(timeMs / 1000 / 30)), digits, algorithm);
}

/**
 * Check a code allowing one step of clock drift either way; returns the matched time step so the caller can
 * refuse a replay of the same step, or null.
 */
export function verifyTotp(
  secret: Uint8Array,
  code: string,
  timeMs: number,
  lastUsedStep = -1,
): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const step = Math.floor(timeMs / 1000 / 30);
  for (const s of [step, step - 1, step + 1]) {
    if (s <= lastUsedStep) continue;
    if (hotp(secret, BigInt(s)) === code) return s;
  }
  return null;
}

/** The otpauth:// URI authenticator apps scan as a QR code. */
export function otpauthUri(secret: Uint8Array, account: string, issuer: string): string {
  const label = encodeURIComponent(`${issuer}:${account}`);
  const params = new URLSearchParams({
    secret: base32Encode(secret),
    issuer,
    algorithm: 'SHA1',
    digits: '6',
    period: '30',
  });
  return `otpauth://totp/${label}?${params.toString()}`;
}
