import { Type, type TSchema } from '@sinclair/typebox';
import { ERROR_CATALOGUE } from '../shared/errors.js';

/** Error body schema, added to every route's documented responses. */
export const ErrorResponse = Type.Object(
  {
    code: Type.Union(Object.keys(ERROR_CATALOGUE).map((c) => Type.Literal(c))),
    message: Type.String(),
    requestId: Type.String(),
    details: Type.Optional(Type.Unknown()),
  },
  {
    $id: 'ErrorResponse',
    description: 'Every error: a stable code from the catalogue and a readable message.',
  },
);

/** Strict object: unknown fields are an error, not silently dropped. */
export function Strict<T extends Parameters<typeof Type.Object>[0]>(props: T, description?: string) {
  return Type.Object(props, { additionalProperties: false, ...(description ? { description } : {}) });
}

/** An email address field. */
export const Email = Type.String({ format: 'email', minLength: 3, maxLength: 254 });
/** A password field; the upper bound keeps hashing cheap for an attacker's megabyte password. */
export const Password = Type.String({ minLength: 1, maxLength: 256 });
/** A human name shown in the app. */
export const DisplayName = Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' });
/** A secret token from a link. */
export const TokenString = Type.String({ minLength: 16, maxLength: 128, pattern: '^[A-Za-z0-9_-]+$' });
/** A UUID path or body value. */
export const Uuid = Type.String({ format: 'uuid' });
/** An ISO-8601 date-time. */
export const DateTime = Type.String({ format: 'date-time' });
/** A successful empty answer. */
export const Ok = Type.Object({ ok: Type.Literal(true) });

/** A nullable value. */
export function Nullable<T extends TSchema>(schema: T) {
  return Type.Union([schema, Type.Null()]);
}
