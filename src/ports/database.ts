import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';

/** Which SQL engine is behind the connection. */
export type Dialect = 'sqlite' | 'postgres';

/** The database port: a Kysely instance over SQLite or PostgreSQL, and how to close it. */
export interface Database {
  readonly db: Kysely<DB>;
  readonly dialect: Dialect;
  /** PostgreSQL schema the tables live in, when not the default search path. */
  readonly schema?: string | undefined;
  /** Close every connection. */
  close(): Promise<void>;
}
