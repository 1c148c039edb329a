import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { controlCharacterAt } from '../../src/http/validation.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

/** A JSON Schema as found on a route (TypeBox output). */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean;
  anyOf?: JsonSchema[];
  const?: unknown;
  enum?: unknown[];
  items?: JsonSchema;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minProperties?: number;
  $ref?: string;
}

const ajv = addFormats(new Ajv({ strict: false, coerceTypes: false, removeAdditional: false }));
const compiled = new WeakMap<object, ReturnType<Ajv['compile']>>();

/** Whether a value satisfies a schema, with the same strict options the server uses for bodies. */
export function isValid(schema: JsonSchema, value: unknown): boolean {
  let v = compiled.get(schema);
  if (!v) {
    v = ajv.compile(schema);
    compiled.set(schema, v);
  }
  // The server refuses control characters in any text, whatever the schema says.
  return controlCharacterAt(value) === null && (v(value) as boolean);
}

/** A value that satisfies the schema, for the common shapes routes use. */
export function sample(schema: JsonSchema): unknown {
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return schema.enum[0];
  if (schema.anyOf) return sample(schema.anyOf.find((s) => s.type !== 'null') ?? schema.anyOf[0]!);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [k, s] of Object.entries(schema.properties ?? {})) out[k] = sample(s);
      return out;
    }
    case 'array':
      return [];
    case 'string':
      return sampleString(schema);
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    case 'boolean':
      return true;
    case 'null':
      return null;
    default:
      return {};
  }
}

function sampleString(s: JsonSchema): string {
  switch (s.format) {
    case 'email':
      return 'someone@example.test';
    case 'uuid':
      return crypto.randomUUID();
    case 'date-time':
      return new Date(Date.now() + 86_400_000).toISOString();
  }
  if (s.pattern === '^[0-9]{6}$') return '123456';
  if (s.pattern === '^[A-Za-z0-9_-]+$') return 'a'.repeat(Math.max(s.minLength ?? 1, 20));
  return 'x'.repeat(Math.max(s.minLength ?? 1, 12));
}

/** Values of every JSON type but the ones a schema accepts. */
export function wrongTypes(schema: JsonSchema): unknown[] {
  const all: unknown[] = ['text', 12345, -1.5, true, null, [], [1, 'a'], { nested: { deep: 1 } }];
  return all.filter((v) => !isValid(schema, v));
}

/** Strings that attack parsers and storage; each is invalid wherever a schema restricts strings. */
export const HOSTILE_STRINGS = [
  'x'.repeat(100_000),
  '',
  ' ',
  '\u0000',
  "'; DROP TABLE users; --",
  '../../../../etc/passwd',
  '<script>alert(1)</script>',
  '\ud800',
  '𝕏'.repeat(300),
  '%00%0d%0a',
  // Control characters inside text a schema would take (PostgreSQL refuses NUL; the others hide text).
  'Front\u0000door',
  'bell \u0007 here',
  'colour \u001b[31m red',
  'C1 \u0085 next line',
];

/**
 * Malformed variants of a valid body: each required field missing, an unknown field, every field with wrong
 * types or hostile strings. Variants that the schema would still accept are dropped (they are not malformed).
 */
export function malformedBodies(schema: JsonSchema): unknown[] {
  const base = sample(schema) as Record<string, unknown>;
  const out: unknown[] = [];
  const props = schema.properties ?? {};
  for (const key of schema.required ?? []) {
    const copy = { ...base };
    delete copy[key];
    out.push(copy);
  }
  out.push(
    { ...base, unexpectedField: 'x' },
    { ...base, __proto__x: 1, constructor: { prototype: { polluted: true } } },
  );
  for (const [key, s] of Object.entries(props)) {
    for (const w of wrongTypes(s)) out.push({ ...base, [key]: w });
    for (const h of HOSTILE_STRINGS) out.push({ ...base, [key]: h });
  }
  out.push([], 'string body', 42, null, [base]);
  return out.filter((b) => !isValid(schema, b));
}
