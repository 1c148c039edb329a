import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import {
  ACTOR_CLASSES,
  ENTRY_TYPES,
  ENTRY_TYPE_NAMES,
  EntryRejected,
  OrganisationName,
  actorClassFor,
  decodeEntry,
  encodeEntry,
  sha256Hex,
  validateEntry,
} from './entries.js';
import { canonicalize } from './canonical-json.js';

/** The JSON Schema shapes the registry is built from (TypeBox output). */
interface Schema {
  type?: string;
  const?: unknown;
  anyOf?: Schema[];
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  maxLength?: number;
}

const HASH = /^[0-9a-f]{64}$/;
const CODE = '^[a-z][a-z0-9_]{0,39}$';

/** Values that satisfy a schema, generated from the schema itself so new entry types are covered unchanged. */
function arbitraryFor(schema: Schema): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.anyOf) return fc.oneof(...schema.anyOf.map(arbitraryFor));
  switch (schema.type) {
    case 'object':
      return fc.record(
        Object.fromEntries(Object.entries(schema.properties ?? {}).map(([k, s]) => [k, arbitraryFor(s)])),
        { noNullPrototype: true },
      );
    case 'string':
      if (schema.pattern === EntryTimePattern)
        return fc
          .date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
          .map((d) => d.toISOString());
      // Hashes are the most common field; bytes to hex is much faster than generating from the pattern.
      if (schema.pattern === HASH.source)
        return fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => Buffer.from(b).toString('hex'));
      return fc.stringMatching(new RegExp(schema.pattern!));
    case 'integer':
      return fc.integer({ min: schema.minimum ?? 0, max: Math.min(schema.maximum ?? 1e9, 2 ** 31) });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
  }
  throw new Error(`no generator for ${JSON.stringify(schema)}`);
}
const EntryTimePattern = (ENTRY_TYPES['witness.registered'].properties.time as Schema).pattern;

// Built once per type: building an arbitrary from a pattern is far slower than drawing from it.
const ENTRY_ARBITRARIES = Object.fromEntries(
  ENTRY_TYPE_NAMES.map((name) => [name, arbitraryFor(ENTRY_TYPES[name] as Schema)]),
) as Record<string, fc.Arbitrary<unknown>>;
const anyEntry = fc.constantFrom(...ENTRY_TYPE_NAMES).chain((name) => ENTRY_ARBITRARIES[name]!);

type Json = Record<string, unknown>;

/** Paths (lists of keys) to every object inside an entry, the entry itself included. */
function objectPaths(value: Json, prefix: string[] = []): string[][] {
  const out = [prefix];
  for (const [k, v] of Object.entries(value))
    if (v !== null && typeof v === 'object') out.push(...objectPaths(v as Json, [...prefix, k]));
  return out;
}

/** Paths to every leaf field (string, number, boolean, null) with the schema that governs it. */
function leafFields(schema: Schema, prefix: string[] = []): { path: string[]; schema: Schema }[] {
  const out: { path: string[]; schema: Schema }[] = [];
  for (const [k, s] of Object.entries(schema.properties ?? {})) {
    if (s.type === 'object') out.push(...leafFields(s, [...prefix, k]));
    else out.push({ path: [...prefix, k], schema: s });
  }
  return out;
}

function withValue(entry: Json, path: string[], value: unknown): Json {
  const copy = structuredClone(entry);
  let at: Json = copy;
  for (const k of path.slice(0, -1)) at = at[k] as Json;
  // An own property even for keys like __proto__, as JSON.parse would make it.
  Object.defineProperty(at, path[path.length - 1]!, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
  return copy;
}

function refused(value: unknown): boolean {
  try {
    validateEntry(value);
    return false;
  } catch (e) {
    assert.ok(e instanceof EntryRejected, `expected EntryRejected, got ${String(e)}`);
    return true;
  }
}

function schemaOf(entry: Json): Schema {
  return ENTRY_TYPES[entry.type as keyof typeof ENTRY_TYPES] as Schema;
}

const FREE_TEXT = [
  'Jane Doe',
  'jane.doe@example.org',
  '12 Maple Street, Springfield',
  '+1 555 0100',
  'see https://example.org/x',
  'x'.repeat(5000),
  '',
];

describe('log entries: closed allow-list schemas (P8)', () => {
  test('every entry type is closed: objects allow no other fields, strings are patterned and bounded', () => {
    const walk = (s: Schema, where: string): void => {
      if (s.anyOf) return s.anyOf.forEach((x, i) => walk(x, `${where}|${i}`));
      if (s.type === 'object') {
        assert.equal(s.additionalProperties, false, `${where} must refuse other fields`);
        assert.deepEqual(
          [...(s.required ?? [])].sort(),
          Object.keys(s.properties ?? {}).sort(),
          `${where}: every field is required`,
        );
        for (const [k, x] of Object.entries(s.properties ?? {})) walk(x, `${where}.${k}`);
      }
      if (s.type === 'string' && s.const === undefined) {
        assert.ok(s.pattern, `${where} is a free string`);
        assert.ok((s.maxLength ?? Infinity) <= 100, `${where} is unbounded`);
      }
    };
    for (const name of ENTRY_TYPE_NAMES) walk(ENTRY_TYPES[name] as Schema, name);
  });

  test('generated valid entries of every type are accepted and round-trip through canonical text', () => {
    fc.assert(
      fc.property(anyEntry, (entry) => {
        const text = encodeEntry(entry);
        assert.equal(text, canonicalize(entry));
        assert.deepEqual(decodeEntry(text), entry);
      }),
      { numRuns: 500 },
    );
  });

  test('an entry carrying any extra field, at any depth, is refused', () => {
    fc.assert(
      fc.property(
        anyEntry,
        fc.nat(),
        fc.string({ minLength: 1, maxLength: 20 }),
        fc.jsonValue(),
        (e, pick, key, value) => {
          const entry = e as Json;
          const paths = objectPaths(entry);
          const path = paths[pick % paths.length]!;
          const target = path.reduce<Json>((o, k) => o[k] as Json, entry);
          fc.pre(!Object.hasOwn(target, key));
          assert.ok(refused(withValue(entry, [...path, key], value)), `extra ${[...path, key].join('.')}`);
        },
      ),
      { numRuns: 1000 },
    );
  });

  test('a hash field holding anything but 64 lowercase hex digits is refused', () => {
    const notAHash = fc.oneof(
      fc.string({ maxLength: 100 }),
      fc.stringMatching(/^[0-9a-f]{64}$/).map((h) => h.toUpperCase()),
      fc.stringMatching(/^[0-9a-f]{63}$/),
      fc.stringMatching(/^[0-9a-f]{65}$/),
      fc.constantFrom(...FREE_TEXT),
    );
    fc.assert(
      fc.property(anyEntry, fc.nat(), notAHash, (e, pick, value) => {
        fc.pre(!HASH.test(value));
        const entry = e as Json;
        const hashes = leafFields(schemaOf(entry)).filter((f) => f.schema.pattern === '^[0-9a-f]{64}$');
        const field = hashes[pick % hashes.length]!;
        assert.ok(
          refused(withValue(entry, field.path, value)),
          `${field.path.join('.')}=${JSON.stringify(value)}`,
        );
      }),
      { numRuns: 1000 },
    );
  });

  test('an enumerated or coded field holding a string outside its allowed values is refused', () => {
    fc.assert(
      fc.property(
        anyEntry,
        fc.nat(),
        fc.oneof(fc.string({ maxLength: 60 }), fc.constantFrom(...FREE_TEXT)),
        (e, pick, value) => {
          const entry = e as Json;
          const fields = leafFields(schemaOf(entry)).filter(
            (f) =>
              f.schema.const !== undefined ||
              f.schema.anyOf?.every((x) => x.const !== undefined) ||
              f.schema.pattern === CODE,
          );
          const field = fields[pick % fields.length]!;
          const allowed =
            field.schema.const !== undefined
              ? field.schema.const === value
              : field.schema.anyOf
                ? field.schema.anyOf.some((x) => x.const === value)
                : new RegExp(CODE).test(value);
          fc.pre(!allowed);
          assert.ok(
            refused(withValue(entry, field.path, value)),
            `${field.path.join('.')}=${JSON.stringify(value)}`,
          );
        },
      ),
      { numRuns: 1000 },
    );
  });

  test('any field holding a value of the wrong JSON type is refused (a string where a count belongs, …)', () => {
    fc.assert(
      fc.property(anyEntry, fc.nat(), fc.jsonValue(), (e, pick, value) => {
        const entry = e as Json;
        const fields = leafFields(schemaOf(entry));
        const field = fields[pick % fields.length]!;
        const kinds = field.schema.anyOf
          ? field.schema.anyOf.map((x) => x.type)
          : [field.schema.type === 'integer' ? 'number' : field.schema.type];
        const kind = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
        fc.pre(!kinds.includes(kind) && !(kind === 'number' && kinds.includes('integer')));
        assert.ok(
          refused(withValue(entry, field.path, value)),
          `${field.path.join('.')}=${JSON.stringify(value)}`,
        );
      }),
      { numRuns: 1000 },
    );
  });

  test('free text (names, emails, addresses, phone numbers, URLs) fits no field but an organisation name, and emails and URLs not even that', () => {
    for (const name of ENTRY_TYPE_NAMES) {
      const entry = fc.sample(arbitraryFor(ENTRY_TYPES[name] as Schema), 1)[0] as Json;
      for (const field of leafFields(schemaOf(entry))) {
        // The acting body, and the public body a record concerns (an agency, an auditor): organisation names.
        const isOrganisation = [field.schema, ...(field.schema.anyOf ?? [])].some(
          (s) => s.pattern === OrganisationName.pattern,
        );
        for (const text of FREE_TEXT) {
          const mayFit = isOrganisation && !/[@:]/.test(text) && text.length > 0 && text.length <= 100;
          if (!mayFit)
            assert.ok(refused(withValue(entry, field.path, text)), `${name} ${field.path.join('.')}`);
        }
      }
    }
  });

  test('unknown types, non-objects and non-canonical text are refused', () => {
    assert.ok(refused({ type: 'resident.profile', time: new Date().toISOString() }));
    assert.ok(refused(null));
    assert.ok(refused([]));
    assert.ok(refused('policy.approved'));
    const entry = fc.sample(arbitraryFor(ENTRY_TYPES['clip.accessed'] as Schema), 1)[0] as Json;
    const text = encodeEntry(entry);
    assert.throws(() => decodeEntry(JSON.stringify(entry, null, 1)), EntryRejected);
    assert.throws(() => decodeEntry(`${text} `), EntryRejected);
    assert.deepEqual(decodeEntry(text), entry);
    // JSON.parse makes "__proto__" an own field; it is an extra field like any other.
    assert.throws(() => decodeEntry(text.replace('{', '{"__proto__":{"name":"Jane Doe"},')), EntryRejected);
  });

  test('residents never act in the log; every other role maps to an actor class', () => {
    assert.equal(actorClassFor('resident'), null);
    assert.equal(actorClassFor('agency_officer'), 'agency');
    assert.equal(actorClassFor('agency_admin'), 'agency');
    assert.equal(actorClassFor('oversight'), 'oversight');
    assert.equal(actorClassFor('moderator'), 'moderation');
    assert.equal(actorClassFor('admin'), 'instance');
    assert.deepEqual([...ACTOR_CLASSES].sort(), ['agency', 'instance', 'moderation', 'oversight']);
  });

  test('sha256Hex is the lowercase hex SHA-256 a hash field accepts', () => {
    assert.equal(sha256Hex(''), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    assert.match(sha256Hex(new Uint8Array([1, 2, 3])), HASH);
  });
});
