// Webhook rules (A5) as pure functions: which URLs the hub will POST to, the Standard Webhooks signature
// (https://www.standardwebhooks.com/), the secret's shape and the retry schedule.

import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';

/** Prefix of a Standard Webhooks signing secret; the rest is the key in base64. */
export const SECRET_PREFIX = 'whsec_';

/** A new signing secret: `whsec_` and 32 random bytes in base64 (the spec asks for 24 to 64 bytes). */
export function newWebhookSecret(): string {
  return SECRET_PREFIX + randomBytes(32).toString('base64');
}

/** The HMAC key of a secret. */
function keyOf(secret: string): Buffer {
  return Buffer.from(
    secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret,
    'base64',
  );
}

/**
 * The `webhook-signature` header: `v1,` and the base64 HMAC-SHA256 of `<webhook-id>.<webhook-timestamp>.<body>`
 * under the secret's key.
 */
export function signWebhook(secret: string, id: string, timestampSeconds: number, body: string): string {
  const mac = createHmac('sha256', keyOf(secret))
    .update(`${id}.${timestampSeconds}.${body}`)
    .digest('base64');
  return `v1,${mac}`;
}

/**
 * Whether a `webhook-signature` header (space-separated `v1,<sig>` entries) holds a valid signature and the
 * timestamp is within `toleranceSeconds` of `nowSeconds` (a receiver's check; the tests' receiver uses it).
 */
export function verifyWebhook(
  secret: string,
  headers: { id: string; timestamp: string; signature: string },
  body: string,
  nowSeconds: number,
  toleranceSeconds = 300,
): boolean {
  const ts = Number(headers.timestamp);
  if (!/^\d+$/.test(headers.timestamp) || Math.abs(nowSeconds - ts) > toleranceSeconds) return false;
  const expected = Buffer.from(signWebhook(secret, headers.id, ts, body));
  return headers.signature.split(' ').some((s) => {
    const given = Buffer.from(s);
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}

/** Where webhooks may point. */
export interface WebhookUrlRules {
  /** Private addresses and local names (Home Assistant, Node-RED on the home network). */
  allowLocal: boolean;
  /** http://127.0.0.1 (tests only). */
  allowLoopback: boolean;
}

const LOCAL_NAMES = /(^|\.)(local|internal|home|lan|intranet|localdomain|home\.arpa)$/i;

function ipv4Class(
  ip: string,
): 'loopback' | 'link-local' | 'private' | 'unspecified' | 'multicast' | 'public' {
  const [a, b] = ip.split('.').map(Number) as [number, number];
  if (a === 127) return 'loopback';
  if (a === 0) return 'unspecified';
  if (a === 169 && b === 254) return 'link-local';
  if (a >= 224) return 'multicast';
  if (
    a === 10 ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 100 && b >= 64 && b <= 127)
  )
    return 'private';
  return 'public';
}

function ipv6Class(ip: string): ReturnType<typeof ipv4Class> {
  const v = ip.toLowerCase();
  if (v === '::1') return 'loopback';
  if (v === '::') return 'unspecified';
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(v);
  if (mapped) return ipv4Class(mapped[1]!);
  // The URL parser writes an IPv4-mapped address in hex: [::ffff:127.0.0.1] becomes [::ffff:7f00:1].
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(v);
  if (hex) {
    const hi = parseInt(hex[1]!, 16);
    const lo = parseInt(hex[2]!, 16);
    return ipv4Class(`${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`);
  }
  if (/^fe[89ab]/.test(v)) return 'link-local';
  if (/^f[cd]/.test(v)) return 'private';
  if (v.startsWith('ff')) return 'multicast';
  return 'public';
}

/**
 * Why a webhook may not connect to this resolved address, or null. Applied when connecting, to every address a
 * name resolves to, so a public name that resolves to this machine, a link-local address (cloud metadata) or —
 * when the local network is not allowed — a private address is refused even if DNS changes after the URL check.
 */
export function webhookAddressProblem(ip: string, rules: WebhookUrlRules): string | null {
  const family = isIP(ip);
  if (family === 0) return `${ip} is not an IP address.`;
  if (rules.allowLoopback && (ip === '127.0.0.1' || ip === '::1')) return null;
  const kind = family === 4 ? ipv4Class(ip) : ipv6Class(ip);
  if (kind === 'loopback' || kind === 'link-local' || kind === 'unspecified' || kind === 'multicast')
    return `The webhook's host resolves to ${ip}, this machine or a link-local address.`;
  if (kind === 'private' && !rules.allowLocal)
    return `The webhook's host resolves to ${ip}, on the local network, which this hub does not send to.`;
  return null;
}

/**
 * Why a webhook URL is refused, or null. http or https, no credentials in the URL (the signature proves the
 * sender; a secret path such as Home Assistant's webhook id is fine). Loopback, link-local (cloud metadata) and
 * unspecified addresses are always refused, so a household cannot aim the hub at itself; private addresses and
 * local names only when `allowLocal`. Checked on the URL as written; what a name resolves to is checked again at
 * every connection (`webhookAddressProblem`).
 */
export function webhookUrlProblem(raw: string, rules: WebhookUrlRules): string | null {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return 'The webhook URL is not a URL.';
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return 'The webhook URL must be http or https.';
  if (u.username || u.password) return 'The webhook URL must not carry a user name or password.';
  if (u.hash) return 'The webhook URL must not have a #fragment.';
  const host = u.hostname.replace(/^\[|\]$/g, '');
  if (rules.allowLoopback && host === '127.0.0.1') return null;
  const family = isIP(host);
  const kind = family === 4 ? ipv4Class(host) : family === 6 ? ipv6Class(host) : null;
  if (kind === 'loopback' || kind === 'link-local' || kind === 'unspecified' || kind === 'multicast')
    return 'The webhook URL must not point at this machine or a link-local address.';
  if (family === 0 && /^localhost\.?$|\.localhost\.?$/i.test(host))
    return 'The webhook URL must not point at this machine.';
  const local =
    kind === 'private' ||
    (family === 0 && (!host.includes('.') || LOCAL_NAMES.test(host.replace(/\.$/, ''))));
  if (local && !rules.allowLocal) return 'This hub does not send webhooks to the local network.';
  return null;
}

/** Delay before each retry after a failed attempt: attempt n (1-based) failed → wait `delays[n-1]`. */
export const DEFAULT_RETRY_DELAYS_MS: readonly number[] = [
  5_000, 30_000, 120_000, 600_000, 1_800_000, 3_600_000,
];

/** When the next attempt is due after `attempts` failed ones, or null when they are used up. */
export function nextAttemptDelay(attempts: number, delays: readonly number[]): number | null {
  return attempts >= 1 && attempts <= delays.length ? delays[attempts - 1]! : null;
}

/** Whether an HTTP status means delivered (any 2xx, per Standard Webhooks). */
export function delivered(status: number): boolean {
  return status >= 200 && status < 300;
}
