import { Ajv, type Options } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';

// ajv-formats ships CommonJS with a default export property.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

const base: Options = { allErrors: false, removeAdditional: false, useDefaults: true, strict: false };

// Bodies are JSON, so types must match exactly; a string where a number belongs is the client's bug to hear about.
const strict = addFormats(new Ajv({ ...base, coerceTypes: false }));
// Path and query values are always text on the wire; they are coerced to the schema's types.
const coercing = addFormats(new Ajv({ ...base, coerceTypes: 'array' }));

/** Fastify validator: strict JSON for bodies, coercion for params, querystring and headers. */
export const validatorCompiler: FastifySchemaCompiler<unknown> = ({ schema, httpPart }) => {
  const ajv = httpPart === 'body' ? strict : coercing;
  return ajv.compile(schema as object);
};
