import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';
import { Type } from '@sinclair/typebox';
import type { App } from '../http/app.js';
import { Strict } from '../http/schemas.js';
import { AppError } from '../shared/errors.js';
import { parseTilePath } from './tiles.js';
import type { TransparencyService } from './transparency.service.js';

const gzip = promisify(gzipCallback);

const Index = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER });
const Hex = Type.String({ description: 'SHA-256, lowercase hex' });
const Base64Hashes = Type.Array(Type.String(), { description: 'Proof hashes, base64, from the leaf up' });
const Text = (description: string) => ({
  description,
  content: { 'text/plain': { schema: Type.String() } },
});

const Binary = (description: string) => ({
  description,
  // Typed as bytes for the handler; documented as a binary string.
  content: {
    'application/octet-stream': { schema: Type.Unsafe<Uint8Array>({ type: 'string', format: 'binary' }) },
  },
});
const TilePathParam = Type.Object({
  '*': Type.String({ maxLength: 128, description: 'The rest of the tile path, as in the summary' }),
});

/** The C2SP tlog-tiles prefix: `<prefix>/checkpoint`, `<prefix>/tile/<L>/<N>[.p/<W>]`, `<prefix>/tile/entries/…`. */
export const TLOG_PREFIX = '/api/v1/transparency/tlog';
// Tiles and bundles never change once the tree holds them (the log is append-only), partial ones included.
const IMMUTABLE = 'public, max-age=31536000, immutable';

// Whether the client takes gzip (C2SP: entry bundles SHOULD be compressed at the HTTP layer).
function acceptsGzip(header: string | string[] | undefined): boolean {
  const value = Array.isArray(header) ? header.join(',') : (header ?? '');
  return value.split(',').some((part) => {
    const [coding = '', ...params] = part.trim().toLowerCase().split(';');
    if (coding.trim() !== 'gzip' && coding.trim() !== '*') return false;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return q === undefined || Number(q.slice(2)) > 0;
  });
}

const asBuffer = (data: Uint8Array): Buffer => Buffer.from(data.buffer, data.byteOffset, data.byteLength);

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

    // C2SP tlog-tiles: the same tree as static, cacheable resources, so mirrors and monitors can copy the log
    // with plain GETs. Two wildcard routes with their own parser: N is a variable number of path segments.
    app.get(
      `${TLOG_PREFIX}/checkpoint`,
      {
        config: { access: 'public' },
        schema: {
          tags: ['transparency'],
          summary:
            'tlog-tiles: the latest signed checkpoint, the same note as /api/v1/transparency/checkpoint',
          description: 'Cached for at most two seconds: it changes as the log grows.',
          response: { 200: Text('A signed note: origin, size, base64 root hash, then signature lines') },
        },
      },
      async (_req, reply) =>
        reply
          .type('text/plain; charset=utf-8')
          .header('cache-control', 'public, max-age=2')
          .send(await log.checkpoint()),
    );

    app.get(
      `${TLOG_PREFIX}/tile/entries/*`,
      {
        config: { access: 'public' },
        schema: {
          tags: ['transparency'],
          summary:
            'tlog-tiles: entry bundle tile/entries/N[.p/W], entries N×256 onwards, each uint16-length-prefixed',
          description:
            'Each entry is a big-endian uint16 length, then its RFC 8785 canonical JSON bytes, whose leaf hashes ' +
            'are hashes of level-0 tile N. N is written in groups of three digits, all but the last prefixed ' +
            'with x (1234067 is x001/x234/067); .p/W asks for the first W (1 to 255) entries of a bundle the ' +
            'tree has not filled yet. Gzip-compressed when the client accepts it; immutable once served.',
          params: TilePathParam,
          response: { 200: Binary('The entry bundle') },
        },
      },
      async (req, reply) => {
        const tile = parseTilePath(`tile/entries/${req.params['*']}`);
        if (tile?.kind !== 'entries') throw new AppError('ERR_TILE_PATH');
        const bundle = await log.entryBundle(tile.index, tile.width);
        void reply
          .type('application/octet-stream')
          .header('cache-control', IMMUTABLE)
          .header('vary', 'accept-encoding');
        if (!acceptsGzip(req.headers['accept-encoding'])) return reply.send(asBuffer(bundle));
        // The fastest level: entry JSON compresses about sixfold even so, at a third of the default's CPU.
        return reply.header('content-encoding', 'gzip').send(await gzip(bundle, { level: 1 }));
      },
    );

    app.get(
      `${TLOG_PREFIX}/tile/*`,
      {
        config: { access: 'public' },
        schema: {
          tags: ['transparency'],
          summary: 'tlog-tiles: hash tile tile/L/N[.p/W], up to 256 hashes of tree level 8L, concatenated',
          description:
            'Hash i of tile N at level L is the root of the 256^L leaves from (N×256 + i)×256^L; level 0 holds ' +
            'leaf hashes. L is 0 to 63; N is written as for entry bundles; .p/W asks for the first W (1 to ' +
            '255) hashes of a tile the tree has not filled yet. 32×W bytes; immutable once served.',
          params: TilePathParam,
          response: { 200: Binary('The hash tile') },
        },
      },
      async (req, reply) => {
        const tile = parseTilePath(`tile/${req.params['*']}`);
        if (tile?.kind !== 'hashes') throw new AppError('ERR_TILE_PATH');
        const data = await log.hashTile(tile.level, tile.index, tile.width);
        return reply.type('application/octet-stream').header('cache-control', IMMUTABLE).send(asBuffer(data));
      },
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
