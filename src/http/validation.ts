import { Ajv, type Options } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifySchemaCompiler, FastifySchemaValidationError } from 'fastify';

// ajv-formats ships CommonJS with a default export property.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

const base: Options = { allErrors: false, removeAdditional: false, useDefaults: true, strict: false };

// Bodies are JSON, so types must match exactly; a string where a number belongs is the client's bug to hear about.
const strict = addFormats(new Ajv({ ...base, coerceTypes: false }));
// Path and query values are always text on the wire; they are coerced to the schema's types.
const coercing = addFormats(new Ajv({ ...base, coerceTypes: 'array' }));

/**
 * Where the first control character is in a request value (a JSON pointer), or null. C0 controls but tab, line
 * feed and carriage return, DEL and C1 controls are refused in every text a client sends: NUL breaks
 * PostgreSQL text, and the others hide text from the people who read it. Iterative, so no nesting depth
 * overflows the stack.
 */
export function controlCharacterAt(value: unknown): string | null {
  const stack: [unknown, string][] = [[value, '']];
  let visited = 0;
  while (stack.length) {
    const [v, at] = stack.pop()!;
    if (++visited > 1_000_000) return null;
    if (typeof v === 'string') {
      // eslint-disable-next-line no-control-regex
      if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/.test(v)) return at;
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], `${at}/${i}`]);
    } else if (v !== null && typeof v === 'object') {
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
        const path = `${at}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`;
        if (controlCharacterAt(k) !== null) return path;
        stack.push([x, path]);
      }
    }
  }
  return null;
}

type Check = ((data: unknown) => boolean) & { errors?: FastifySchemaValidationError[] | null };

/**
 * Fastify validator: strict JSON for bodies, coercion for params, querystring and headers; no control
 * characters in body or query text, whatever the schema.
 */
export const validatorCompiler: FastifySchemaCompiler<unknown> = ({ schema, httpPart }) => {
  const ajv = httpPart === 'body' ? strict : coercing;
  const validate = ajv.compile(schema as object);
  // Path parameters keep their own checks (ids by pattern; a tile path answers its own code).
  if (httpPart !== 'body' && httpPart !== 'querystring') return validate;
  const check: Check = (data: unknown) => {
    const at = controlCharacterAt(data);
    if (at !== null) {
      check.errors = [
        {
          instancePath: at,
          schemaPath: '#',
          keyword: 'controlCharacters',
          message: 'must not contain control characters',
          params: {},
        },
      ];
      return false;
    }
    const ok = validate(data);
    check.errors = validate.errors as FastifySchemaValidationError[] | null | undefined;
    return ok;
  };
  return check;
};
