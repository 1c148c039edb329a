import { createECDH } from 'node:crypto';
import type { LookupFunction } from 'node:net';
import { guardedLookup, guardedPost } from '../shared/outbound-http.js';
import { connectProblem } from '../shared/network-rules.js';
import webpush from 'web-push';
import { loadOrCreateKey } from '../adapters/keys.js';
import type { PushOutcome, PushSender, PushTarget } from './push-sender.js';

/** The hub's VAPID key pair (RFC 8292), base64url as the web-push package and browsers take them. */
export interface VapidKeys {
  publicKey: string;
  privateKey: string;
}

/**
 * The VAPID key pair, made on first start: the private key is 32 random bytes in `<dataDir>/keys/vapid-p256.key`
 * (mode 0600, created exclusively), the public key is derived from it. Losing the file means every browser must
 * subscribe again, since push services only accept messages signed by the key a subscription was made with.
 */
export function loadOrCreateVapidKeys(dataDir: string): VapidKeys {
  const secret = loadOrCreateKey(dataDir, 'vapid-p256.key', 32);
  const ecdh = createECDH('prime256v1');
  // 32 random bytes are a valid P-256 scalar except with probability about 2^-32; setPrivateKey refuses the rest.
  ecdh.setPrivateKey(secret);
  return {
    publicKey: ecdh.getPublicKey().toString('base64url'),
    privateKey: secret.toString('base64url'),
  };
}

/**
 * Web Push through the web-push package: it encrypts the payload (RFC 8291, aes128gcm) and signs the VAPID JWT;
 * this class sends the request itself with fetch, so it has a timeout, follows no redirect, and can reach the
 * loopback push endpoint the tests run.
 */
export class WebPushSender implements PushSender {
  readonly publicKey: string;
  /** Signed VAPID headers per push service origin, reused while their JWT has hours left. */
  private readonly vapid = new Map<string, { header: string; reuseUntilMs: number }>();
  private readonly timeoutMs: number;
  private readonly lookup: LookupFunction;

  constructor(
    private readonly keys: VapidKeys,
    private readonly subject: string,
    options: { allowLoopback?: boolean; timeoutMs?: number } = {},
  ) {
    this.publicKey = keys.publicKey;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    // Push services are public: every address an endpoint's name resolves to is checked when connecting, so a
    // name that resolves (or is re-pointed) to this machine, the local network or cloud metadata gets nothing.
    this.lookup = guardedLookup((ip) =>
      connectProblem(
        ip,
        { allowLocal: false, allowLoopback: options.allowLoopback ?? false },
        "The push endpoint's host",
      ),
    );
  }

  /** Encrypt, sign and POST one message; 404 and 410 mean the subscription is gone (RFC 8030 §7.3). */
  async send(
    target: PushTarget,
    payload: string,
    options: { ttlSeconds: number; urgency: 'high' | 'normal'; topic: string | undefined },
  ): Promise<PushOutcome> {
    let details: ReturnType<typeof webpush.generateRequestDetails>;
    let authorization: string;
    try {
      authorization = this.vapidHeader(new URL(target.endpoint).origin);
      // Without vapidDetails the package only encrypts; the VAPID header comes from vapidHeader().
      details = webpush.generateRequestDetails(
        { endpoint: target.endpoint, keys: { p256dh: target.p256dh, auth: target.auth } },
        payload,
        {
          TTL: options.ttlSeconds,
          urgency: options.urgency,
          ...(options.topic ? { topic: options.topic } : {}),
        },
      );
    } catch (e) {
      return {
        delivered: false,
        gone: false,
        status: null,
        reason: `encrypting failed: ${(e as Error).message}`,
      };
    }
    const headers: Record<string, string> = { Authorization: authorization };
    for (const [k, v] of Object.entries(details.headers))
      if (k.toLowerCase() !== 'content-length' && v !== undefined) headers[k] = String(v);
    const res = await guardedPost(details.endpoint, headers, details.body ?? Buffer.alloc(0), {
      lookup: this.lookup,
      timeoutMs: this.timeoutMs,
    });
    if (res.status === null)
      return { delivered: false, gone: false, status: null, reason: `push request failed: ${res.error}` };
    if (res.status >= 200 && res.status < 300) return { delivered: true, status: res.status };
    return {
      delivered: false,
      gone: res.status === 404 || res.status === 410,
      status: res.status,
      reason: `push service answered ${res.status}`,
    };
  }

  /**
   * The `vapid t=…, k=…` header for a push service (RFC 8292 §2, audience = its origin). Signing is most of the
   * cost of a message, so a JWT valid for 12 hours is reused for one hour.
   */
  private vapidHeader(audience: string): string {
    const now = Date.now();
    const cached = this.vapid.get(audience);
    if (cached && cached.reuseUntilMs > now) return cached.header;
    const { Authorization } = webpush.getVapidHeaders(
      audience,
      this.subject,
      this.keys.publicKey,
      this.keys.privateKey,
      'aes128gcm',
      Math.floor(now / 1000) + 12 * 3600,
    );
    // A hub talks to a handful of push services; the bound only guards against a flood of odd endpoints.
    if (this.vapid.size >= 100) this.vapid.clear();
    this.vapid.set(audience, { header: Authorization, reuseUntilMs: now + 3600_000 });
    return Authorization;
  }
}
