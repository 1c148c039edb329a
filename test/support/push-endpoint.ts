// A Web Push service on 127.0.0.1 for tests and benchmarks. It plays the part of FCM or Mozilla's autopush: it
// receives the hub's POSTs, checks the VAPID JWT (RFC 8292) with the key in the request, and decrypts the payload
// (RFC 8291 over RFC 8188 aes128gcm) with the subscription's private key, as the browser would, using node:crypto
// only: ECDH, HKDF-SHA-256 and AES-128-GCM. Nothing from the web-push package is reused, so an encryption or
// signing mistake on the hub's side shows up as a failure here.

import {
  createDecipheriv,
  createECDH,
  createPublicKey,
  hkdfSync,
  randomBytes,
  verify,
  type ECDH,
} from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A browser-side subscription: what PushSubscription.toJSON() gives, plus the secrets to decrypt with. */
export interface TestSubscription {
  id: string;
  endpoint: string;
  keys: { p256dh: string; auth: string };
  /** The user agent's P-256 key pair (RFC 8291 ua_private / ua_public). */
  ecdh: ECDH;
  authSecret: Buffer;
}

/** The verified VAPID claims of a request. */
export interface VapidClaims {
  aud: string;
  exp: number;
  sub: string;
  /** The public key the JWT was verified with (base64url). */
  k: string;
}

/** One push message the endpoint accepted, decrypted. */
export interface ReceivedPush {
  subscriptionId: string;
  /** Request headers, lower-case names. */
  headers: http.IncomingHttpHeaders;
  /** The decrypted payload, parsed as JSON. */
  payload: Record<string, unknown>;
  vapid: VapidClaims;
  /** performance.timeOrigin + performance.now() when the request body was complete. */
  receivedAtMs: number;
}

/** Decrypt an aes128gcm Web Push message body (RFC 8291 §3.4, RFC 8188 §2) for the user agent's keys. */
export function decryptWebPush(body: Buffer, ua: ECDH, authSecret: Buffer): Buffer {
  if (body.length < 21 + 65 + 17) throw new Error('body too short for an aes128gcm header and a record');
  const salt = body.subarray(0, 16);
  const rs = body.readUInt32BE(16);
  const idlen = body[20]!;
  // RFC 8291 §4: keyid carries the application server's ephemeral public key, uncompressed.
  if (idlen !== 65) throw new Error(`keyid length ${idlen}, expected 65`);
  const asPublic = body.subarray(21, 21 + idlen);
  const record = body.subarray(21 + idlen);
  // A push message is a single record no longer than rs (RFC 8291 §4).
  if (record.length > rs) throw new Error(`record of ${record.length} bytes exceeds rs ${rs}`);
  const ecdhSecret = ua.computeSecret(asPublic);
  const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0', 'latin1'), ua.getPublicKey(), asPublic]);
  const ikm = Buffer.from(hkdfSync('sha256', ecdhSecret, authSecret, keyInfo, 32));
  const cek = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: aes128gcm\0'), 16));
  const nonce = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: nonce\0'), 12));
  const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
  decipher.setAuthTag(record.subarray(record.length - 16));
  const plain = Buffer.concat([decipher.update(record.subarray(0, record.length - 16)), decipher.final()]);
  // Padding: the last record ends with the delimiter 0x02 followed by any number of zero bytes.
  let end = plain.length - 1;
  while (end >= 0 && plain[end] === 0) end--;
  if (end < 0 || plain[end] !== 2) throw new Error('missing last-record padding delimiter 0x02');
  return plain.subarray(0, end);
}

/** Verify `Authorization: vapid t=<JWT>, k=<public key>` (RFC 8292 §2-3) for a push service origin. */
export function verifyVapid(header: string | undefined, origin: string, nowSeconds: number): VapidClaims {
  const m = /^vapid t=([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+),\s*k=([A-Za-z0-9_-]+)$/.exec(
    header ?? '',
  );
  if (!m) throw new Error(`not a vapid authorization: ${header ?? '(none)'}`);
  const [jwt, k] = [m[1]!, m[2]!];
  const [h, p, s] = jwt.split('.') as [string, string, string];
  const head = JSON.parse(Buffer.from(h, 'base64url').toString('utf8')) as { alg?: string; typ?: string };
  if (head.alg !== 'ES256') throw new Error(`JWT alg ${head.alg}, expected ES256`);
  const point = Buffer.from(k, 'base64url');
  if (point.length !== 65 || point[0] !== 4) throw new Error('k is not an uncompressed P-256 point');
  const key = createPublicKey({
    key: {
      kty: 'EC',
      crv: 'P-256',
      x: point.subarray(1, 33).toString('base64url'),
      y: point.subarray(33).toString('base64url'),
    },
    format: 'jwk',
  });
  // JWS ES256 signatures are r || s, 32 bytes each (RFC 7518 §3.4), not DER.
  const ok = verify(
    'sha256',
    Buffer.from(`${h}.${p}`),
    { key, dsaEncoding: 'ieee-p1363' },
    Buffer.from(s, 'base64url'),
  );
  if (!ok) throw new Error('VAPID JWT signature does not verify with k');
  const claims = JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as Partial<VapidClaims>;
  if (claims.aud !== origin) throw new Error(`JWT aud ${claims.aud}, expected ${origin}`);
  if (typeof claims.exp !== 'number' || claims.exp <= nowSeconds || claims.exp > nowSeconds + 24 * 3600)
    throw new Error(`JWT exp ${claims.exp} is not within the next 24 hours`);
  if (typeof claims.sub !== 'string' || !/^(mailto:|https:)/.test(claims.sub))
    throw new Error(`JWT sub ${claims.sub} is not a mailto: or https: contact`);
  return { aud: claims.aud, exp: claims.exp, sub: claims.sub, k };
}

/** The loopback push service. */
export class PushEndpoint {
  readonly received: ReceivedPush[] = [];
  /** Requests it could not verify or decrypt; a correct hub leaves this empty. */
  readonly errors: string[] = [];
  /** Called with each message as soon as it is accepted (benchmarks time arrivals with it). */
  onReceive: ((message: ReceivedPush) => void) | undefined;
  private readonly subscriptions = new Map<string, TestSubscription>();
  private readonly statuses = new Map<string, number>();
  private readonly waiters = new Set<() => void>();
  private expectedKey: string | undefined;

  private constructor(
    private readonly server: http.Server,
    readonly origin: string,
  ) {}

  /** Start listening on 127.0.0.1 on a free port. */
  static async start(): Promise<PushEndpoint> {
    const server = http.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const endpoint = new PushEndpoint(server, `http://127.0.0.1:${port}`);
    server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => endpoint.handle(req, res));
    return endpoint;
  }

  /** Refuse requests signed with any VAPID key but this one (the hub's, from GET /api/v1/push/key). */
  expectVapidKey(publicKey: string): void {
    this.expectedKey = publicKey;
  }

  /** A new subscription as a browser would make it: a fresh P-256 key pair and 16-byte auth secret. */
  newSubscription(): TestSubscription {
    const ecdh = createECDH('prime256v1');
    ecdh.generateKeys();
    const authSecret = randomBytes(16);
    const id = randomBytes(12).toString('hex');
    const sub: TestSubscription = {
      id,
      endpoint: `${this.origin}/push/${id}`,
      keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: authSecret.toString('base64url') },
      ecdh,
      authSecret,
    };
    this.subscriptions.set(id, sub);
    return sub;
  }

  /** Answer this status to a subscription's messages from now on (410: the user revoked it). */
  respondWith(subscriptionId: string, status: number): void {
    this.statuses.set(subscriptionId, status);
  }

  /** Messages received for one subscription. */
  messagesFor(subscriptionId: string): ReceivedPush[] {
    return this.received.filter((r) => r.subscriptionId === subscriptionId);
  }

  /** Resolve with the first received message that matches, waiting up to `timeoutMs`. */
  async waitFor(match: (r: ReceivedPush) => boolean, timeoutMs = 5000): Promise<ReceivedPush> {
    const found = this.received.find(match);
    if (found) return found;
    return new Promise((resolve, reject) => {
      const check = () => {
        const hit = this.received.find(match);
        if (!hit) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve(hit);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(
          new Error(`no matching push within ${timeoutMs} ms; errors: ${this.errors.join('; ') || 'none'}`),
        );
      }, timeoutMs);
      this.waiters.add(check);
    });
  }

  /** Stop listening. */
  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const receivedAtMs = performance.timeOrigin + performance.now();
      const id = /^\/push\/([0-9a-f]+)$/.exec(req.url ?? '')?.[1];
      const sub = id ? this.subscriptions.get(id) : undefined;
      if (req.method !== 'POST' || !sub) {
        res.writeHead(404).end();
        return;
      }
      const status = this.statuses.get(sub.id);
      if (status !== undefined) {
        res.writeHead(status).end();
        return;
      }
      try {
        if (req.headers['content-encoding'] !== 'aes128gcm')
          throw new Error(`content-encoding ${req.headers['content-encoding']}`);
        if (!/^\d+$/.test(String(req.headers.ttl ?? ''))) throw new Error('missing TTL header');
        const vapid = verifyVapid(req.headers.authorization, this.origin, Math.floor(Date.now() / 1000));
        if (this.expectedKey && vapid.k !== this.expectedKey)
          throw new Error('signed with an unexpected VAPID key');
        const plain = decryptWebPush(Buffer.concat(chunks), sub.ecdh, sub.authSecret);
        const payload = JSON.parse(plain.toString('utf8')) as Record<string, unknown>;
        const message = { subscriptionId: sub.id, headers: req.headers, payload, vapid, receivedAtMs };
        this.received.push(message);
        this.onReceive?.(message);
        res.writeHead(201, { location: `${this.origin}/message/${randomBytes(6).toString('hex')}` }).end();
        for (const w of [...this.waiters]) w();
      } catch (e) {
        this.errors.push(`${sub.id}: ${(e as Error).message}`);
        // RFC 8030 has the push service refuse what it cannot accept; 400 keeps the subscription alive.
        res.writeHead(400).end();
      }
    });
  }
}
