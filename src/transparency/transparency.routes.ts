import { Type } from '@sinclair/typebox';
import type { App } from '../http/app.js';
import { Strict } from '../http/schemas.js';
import type { TransparencyService } from './transparency.service.js';

const Index = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER });
const Hex = Type.String({ description: 'SHA-256, lowercase hex' });
const Base64Hashes = Type.Array(Type.String(), { description: 'Proof hashes, base64, from the leaf up' });
const Text = (description: string) => ({
  description,
  content: { 'text/plain': { schema: Type.String() } },
});

const Witness = Type.Object(
  {
    name: Type.String(),
    keyId: Type.String({ description: 'Key id, 8 hex digits' }),
    verifierKey: Type.String(),
    registeredAt: Type.String(),
    entryIndex: Type.Integer({ description: 'Index of the witness.registered log entry' }),
    lastCosigned: Type.Union([Type.Object({ size: Type.Integer(), timestamp: Type.Integer() }), Type.Null()]),
  },
  { $id: 'Witness' },
);

/**
 * The public log over HTTP (E1, E2, E5): checkpoints, entries and proofs for anyone without signing in, witness
 * registration for oversight, and cosignatures from registered witnesses.
 */
export function transparencyRoutes(log: TransparencyService) {
  return (app: App): void => {
    app.addSchema(Witness);
    const WitnessRef = Type.Ref(Witness);

    app.get(
      '/api/v1/transparency/checkpoint',
      {
        config: { access: 'public' },
        schema: {
          tags: ['transparency'],
          summary: "The log's latest signed checkpoint (C2SP tlog-checkpoint), with witnesses' cosignatures",
          response: { 200: Text('A signed note: origin, size, base64 root hash, then signature lines') },
        },
      },
      async (_req, reply) =>
        reply
          .type('text/plain; charset=utf-8')
          .header('cache-control', 'no-cache')
          .send(await log.checkpoint()),
    );

    app.get(
      '/api/v1/transparency/key',
      {
        config: { access: 'public' },
        schema: {
          tags: ['transparency'],
          summary: "The log's note verifier key, to check checkpoint signatures with",
          response: { 200: Text('name+keyid+base64 key, one line') },
        },
      },
      async (_req, reply) => reply.type('text/plain; charset=utf-8').send(`${log.verifierKey()}\n`),
    );

    app.get(
      '/api/v1/transparency/entries',
      {
        config: { access: 'public' },
        schema: {
          tags: ['transparency'],
          summary: 'Log entries with index from start (inclusive) to end (exclusive), at most one page',
          description:
            'Each entry is its RFC 8785 canonical JSON text; its leaf hash is SHA-256(0x00 || UTF-8 bytes). ' +
            'Fewer entries than asked come back at the end of the log or of a page; ask again from the next index.',
          querystring: Type.Object({ start: Index, end: Index }),
          response: {
            200: Type.Object({
              treeSize: Type.Integer(),
              entries: Type.Array(
                Type.Object({
                  index: Type.Integer(),
                  type: Type.String(),
                  canonical: Type.String(),
                  leafHash: Hex,
                }),
              ),
            }),
          },
        },
      },
      (req) => log.entries(req.query.start, req.query.end),
    );

    app.get(
      '/api/v1/transparency/proof/inclusion',
      {
        config: { access: 'public' },
        schema: {
          tags: ['transparency'],
          summary: 'RFC 9162 inclusion proof of entry index in the tree of size entries',
          querystring: Type.Object({ index: Index, size: Index }),
          response: {
            200: Type.Object({
              index: Type.Integer(),
              size: Type.Integer(),
              leafHash: Hex,
              hashes: Base64Hashes,
            }),
          },
        },
      },
      (req) => log.inclusionProof(req.query.index, req.query.size),
    );

    app.get(
      '/api/v1/transparency/proof/consistency',
      {
        config: { access: 'public' },
        schema: {
          tags: ['transparency'],
          summary: 'RFC 9162 consistency proof from the tree of first entries to the tree of second entries',
          querystring: Type.Object({ first: Index, second: Index }),
          response: {
            200: Type.Object({ first: Type.Integer(), second: Type.Integer(), hashes: Base64Hashes }),
          },
        },
      },
      (req) => log.consistencyProof(req.query.first, req.query.second),
    );

    app.get(
      '/api/v1/transparency/witnesses',
      {
        config: { access: 'public' },
        schema: {
          tags: ['transparency'],
          summary: 'Registered witnesses and the last checkpoint each cosigned',
          response: { 200: Type.Object({ witnesses: Type.Array(WitnessRef) }) },
        },
      },
      async () => ({ witnesses: await log.witnesses() }),
    );

    app.post(
      '/api/v1/transparency/witnesses',
      {
        config: { access: ['oversight'] },
        schema: {
          tags: ['transparency'],
          summary: "Register a witness's cosignature verifier key; the registration is itself a log entry",
          body: Strict({
            verifierKey: Type.String({
              minLength: 12,
              maxLength: 300,
              pattern: '^[^\\s+]+\\+[0-9a-f]{8}\\+[A-Za-z0-9+/]+=*$',
              description: 'name+keyid+base64(0x04 || Ed25519 public key)',
            }),
          }),
          response: { 201: WitnessRef },
        },
      },
      async (req, reply) => {
        const user = req.auth!.user;
        const witness = await log.registerWitness(
          { userId: user.id, role: user.role, organisation: user.organisation },
          req.body.verifierKey,
        );
        return reply.code(201).send(witness);
      },
    );

    app.post(
      '/api/v1/transparency/cosignatures',
      {
        // A witness is a program, not a browser session: the cosignature is its own proof of origin, and a
        // forged cross-site request could carry nothing a witness key did not sign, so CSRF does not apply.
        config: { access: 'public', bearerOnly: true, rateLimitPerMinute: 600 },
        schema: {
          tags: ['transparency'],
          summary: "A registered witness's cosignature (C2SP tlog-cosignature) of the checkpoint of a size",
          body: Strict({
            size: Index,
            cosignature: Type.String({
              minLength: 10,
              maxLength: 400,
              pattern: '^\u2014 \\S+ [A-Za-z0-9+/]+=*\\n?$',
              description:
                'One signature line: "— <witness name> <base64(key id || timestamp || signature)>"',
            }),
          }),
          response: {
            201: Type.Object({ witness: Type.String(), size: Type.Integer(), timestamp: Type.Integer() }),
          },
        },
      },
      async (req, reply) =>
        reply.code(201).send(await log.addCosignature(req.body.size, req.body.cosignature)),
    );
  };
}
