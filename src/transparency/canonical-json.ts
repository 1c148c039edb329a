// RFC 8785 JSON Canonicalization Scheme: one byte sequence per JSON value, so that a log entry hashes the same
// wherever it is produced or re-verified.
//
// Input is refused rather than coerced whenever JSON.stringify would silently change or drop it (undefined,
// functions, Dates, NaN, lone surrogates): a canonical form that quietly differs from the caller's value would
// be logged and hashed as something the caller never meant.

/** A value RFC 8785 can canonicalize. */
export type JsonValue =
  null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** Why a value has no canonical JSON form; `path` points at the offending part, e.g. `$.items[2].name`. */
export class CanonicalJsonError extends Error {
  override readonly name = 'CanonicalJsonError';
  readonly code = 'ERR_CANONICAL_JSON';

  constructor(
    readonly path: string,
    reason: string,
  ) {
    super(`${path}: ${reason}`);
  }
}

/** RFC 8785 canonical JSON text of `value`; throws CanonicalJsonError for anything that is not plain JSON data. */
export function canonicalize(value: unknown): string {
  const out: string[] = [];
  write(value, '$', new Set(), out);
  return out.join('');
}

/** UTF-8 bytes of the canonical form, which is what gets hashed or signed. */
export function canonicalBytes(value: unknown): Uint8Array {
  return new TextEncoder().encode(canonicalize(value));
}

function write(value: unknown, path: string, ancestors: Set<object>, out: string[]): void {
  switch (typeof value) {
    case 'string':
      out.push(quote(value, path));
      return;
    case 'boolean':
      out.push(value ? 'true' : 'false');
      return;
    case 'number':
      if (!Number.isFinite(value)) throw new CanonicalJsonError(path, `${value} is not a JSON number`);
      // RFC 8785 §3.2.2.3 adopts ECMAScript Number::toString, which String() is (and it prints -0 as 0).
      out.push(String(value));
      return;
    case 'object':
      if (value === null) {
        out.push('null');
        return;
      }
      if (ancestors.has(value)) throw new CanonicalJsonError(path, 'value contains itself');
      ancestors.add(value);
      if (Array.isArray(value)) writeArray(value, path, ancestors, out);
      else writeObject(value, path, ancestors, out);
      ancestors.delete(value);
      return;
    default:
      throw new CanonicalJsonError(path, `${typeof value} is not JSON`);
  }
}

function writeArray(value: unknown[], path: string, ancestors: Set<object>, out: string[]): void {
  if (Object.getPrototypeOf(value) !== Array.prototype) {
    throw new CanonicalJsonError(path, 'array subclass is not JSON');
  }
  out.push('[');
  for (let i = 0; i < value.length; i++) {
    if (i > 0) out.push(',');
    // A hole reads as undefined, which write() refuses.
    write(value[i], `${path}[${i}]`, ancestors, out);
  }
  out.push(']');
}

function writeObject(value: object, path: string, ancestors: Set<object>, out: string[]): void {
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) {
    const kind = (value.constructor as { name?: unknown } | undefined)?.name;
    throw new CanonicalJsonError(path, `${typeof kind === 'string' ? kind : 'non-plain'} object is not JSON`);
  }
  if (Object.getOwnPropertySymbols(value).length > 0) {
    throw new CanonicalJsonError(path, 'symbol key is not JSON');
  }
  const record = value as Record<string, unknown>;
  // RFC 8785 §3.2.3 sorts by UTF-16 code units, which is exactly how JavaScript compares strings.
  const keys = Object.keys(record).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  out.push('{');
  keys.forEach((key, i) => {
    const keyPath = `${path}${/^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`}`;
    if (i > 0) out.push(',');
    out.push(quote(key, keyPath), ':');
    write(record[key], keyPath, ancestors, out);
  });
  out.push('}');
}

function quote(text: string, path: string): string {
  // A lone surrogate has no UTF-8 encoding, so its hash would depend on how the encoder replaced it.
  if (/\p{Cs}/u.test(text)) throw new CanonicalJsonError(path, 'string contains a lone surrogate');
  // For well-formed strings, ECMAScript's QuoteJSONString is RFC 8785 §3.2.2.2: \b \t \n \f \r " \\ escaped,
  // other controls as lowercase \u00xx, everything else (including / and U+2028) as is.
  return JSON.stringify(text);
}
