// What the registries' routes share (C3–C6): the record and version schemas, the TypeBox builders, the actor of
// a request, and the four routes of a register: record, amend, list and read one.
import { Type, type Static, type TObject, type TProperties, type TSchema } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import type { Role } from '../accounts/roles.js';
import type { App } from '../http/app.js';
import { DateTime, Nullable, Strict, Uuid } from '../http/schemas.js';
import type { RegistryActor } from './registries.policy.js';

export const literals = <T extends string>(values: readonly T[], description?: string) =>
  Type.Union(
    values.map((v) => Type.Literal(v)),
    description ? { description } : {},
  );

// A change names only the fields it changes, and at least one; unknown fields are still refused.
export const partial = <T extends Parameters<typeof Strict>[0]>(props: T) =>
  Type.Partial(Strict(props), { additionalProperties: false, minProperties: 1 });

export const Hash = Type.String({ description: 'SHA-256 of the version’s canonical JSON, lowercase hex' });
export const Id = Type.Object({ id: Uuid });

/** What every record shows of its current version. */
export const Meta = {
  id: Uuid,
  version: Type.Integer(),
  recordHash: Hash,
  entryIndex: Type.Integer({ description: 'Index of the log entry of the current version' }),
  createdAt: DateTime,
  updatedAt: DateTime,
};
/** One version of a record, as hashed into the log. */
export const Version = Type.Object({
  version: Type.Integer(),
  recordHash: Hash,
  entryIndex: Type.Integer({ description: 'Index of the log entry that recorded this version' }),
  recordedAt: DateTime,
  canonical: Type.String({ description: 'The RFC 8785 canonical JSON whose SHA-256 is recordHash' }),
});
/** The class (and organisation) of the account that entered a record. */
export const EnteredBy = Type.Object({
  class: Type.String(),
  organisation: Nullable(Type.String()),
});

export function actorOf(req: FastifyRequest): RegistryActor {
  const user = req.auth!.user;
  return { userId: user.id, role: user.role, organisation: user.organisation };
}

/** A record as a route answers it (the response schema checks its shape). */
type Shown = Record<string, unknown>;

/** A register's four routes: its fields, who writes it, what each route says, and the service calls. */
export interface Register<F extends TProperties> {
  /** Written at `/api/v1/registries/<path>`, read at `/api/v1/public/<path>`. */
  path: string;
  access: readonly Role[];
  /** One record with its versions (has an $id; added to the app by the caller). */
  view: TObject;
  fields: F;
  create: { summary: string; description?: string };
  amendSummary: string;
  list: { key: string; summary: string; item: TSchema };
  readSummary: string;
  record(actor: RegistryActor, body: Static<TObject<F>>): Promise<unknown>;
  amend(actor: RegistryActor, id: string, body: Partial<Static<TObject<F>>>): Promise<unknown>;
  all(): Promise<unknown[]>;
  one(id: string): Promise<unknown>;
  /** Further routes of the register, registered after record and amend (as the API document lists them). */
  more?: () => void;
}

/** Registers POST and PATCH under /api/v1/registries and the two GETs under /api/v1/public for one register. */
export function registerRoutes<F extends TProperties>(app: App, r: Register<F>): void {
  const ref = Type.Ref(r.view);
  const config = { access: r.access };
  app.post(
    `/api/v1/registries/${r.path}`,
    {
      config,
      schema: {
        tags: ['registries'],
        summary: r.create.summary,
        ...(r.create.description === undefined ? {} : { description: r.create.description }),
        body: Strict(r.fields),
        response: { 201: ref },
      },
    },
    async (req, reply) =>
      reply.code(201).send((await r.record(actorOf(req), req.body as Static<TObject<F>>)) as Shown),
  );
  app.patch(
    `/api/v1/registries/${r.path}/:id`,
    {
      config,
      schema: {
        tags: ['registries'],
        summary: r.amendSummary,
        params: Id,
        body: partial(r.fields),
        response: { 200: ref },
      },
    },
    async (req) =>
      (await r.amend(actorOf(req), req.params.id, req.body as Partial<Static<TObject<F>>>)) as Shown,
  );
  r.more?.();
  app.get(
    `/api/v1/public/${r.path}`,
    {
      config: { access: 'public' },
      schema: {
        tags: ['public'],
        summary: r.list.summary,
        response: { 200: Type.Object({ [r.list.key]: Type.Array(r.list.item) }) },
      },
    },
    async () => ({ [r.list.key]: await r.all() }),
  );
  app.get(
    `/api/v1/public/${r.path}/:id`,
    {
      config: { access: 'public' },
      schema: { tags: ['public'], summary: r.readSummary, params: Id, response: { 200: ref } },
    },
    async (req) => (await r.one(req.params.id)) as Shown,
  );
}
