// Webhook rules (A5) as pure functions: which URLs the hub will POST to, the Standard Webhooks signature
// (https://www.standardwebhooks.com/), the secret's shape and the retry schedule.

import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import { addressKind, connectProblem } from '../shared/network-rules.js';

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

/**
 * Why a webhook may not connect to this resolved address, or null. Applied when connecting, to every address a
 * name resolves to, so a public name that resolves to this machine, a link-local address (cloud metadata) or —
 * when the local network is not allowed — a private address is refused even if DNS changes after the URL check.
 */
export function webhookAddressProblem(ip: string, rules: WebhookUrlRules): string | null {
  return connectProblem(ip, rules, "The webhook's host");
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
  const kind = family !== 0 ? addressKind(host) : null;
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
