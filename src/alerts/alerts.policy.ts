// The alert rules (A3, A5) as pure functions: whether motion alerts, who receives an alert, what Web Push
// options an alert travels with, and which push subscriptions the hub accepts. No clock, no storage: every input
// is an argument, so the unit tests can try every case.

import { createPublicKey } from 'node:crypto';
import { isIP } from 'node:net';
import { may, type Standing } from '../households/households.policy.js';

/** What raised an alert. */
export type AlertKind = 'ring' | 'motion';

/** How urgent an alert is; `high` is the highest priority and is reserved for doorbell rings. */
export type AlertPriority = 'high' | 'normal';

/** Local "HH:MM" times between which motion does not alert (camera settings `alerts.quietHours`). */
export interface QuietHours {
  start: string;
  end: string;
}

/** A motion zone's alert rule, as configured on the camera. */
export interface ZoneRule {
  name: string;
  alert: boolean;
}

/** Everything the motion decision depends on. */
export interface MotionAlertInput {
  /** The pipeline's mode decision (home/away/disarmed, schedule, snooze) carried by `motion.started`. */
  modeAllows: boolean;
  /** Zones the motion was in; empty when the camera has no zones. */
  eventZones: readonly string[];
  /** The camera's zones and their alert rules. */
  zones: readonly ZoneRule[];
  /** When the motion began (epoch ms). */
  atMs: number;
  /** When this camera last alerted (ring or motion), or null. */
  lastAlertAtMs: number | null;
  cooldownSeconds: number;
  quietHours: QuietHours | null;
  /** IANA time zone the quiet hours are written in. */
  timeZone: string;
}

/** Why motion did not alert, for logs and tests. */
export type SuppressedBy = 'mode' | 'zones' | 'quiet-hours' | 'cooldown';

/** The motion decision. */
export type MotionVerdict = { alert: true } | { alert: false; reason: SuppressedBy };

/** Priority of an alert of a kind: a ring is the highest, since someone is waiting at the door. */
export function priorityOf(kind: AlertKind): AlertPriority {
  return kind === 'ring' ? 'high' : 'normal';
}

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Minutes since midnight of an "HH:MM" time; throws on anything else (settings are validated on save). */
export function minutesOf(hhmm: string): number {
  const m = TIME.exec(hhmm);
  if (!m) throw new RangeError(`not an HH:MM time: ${hhmm}`);
  return Number(m[1]) * 60 + Number(m[2]);
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Minute of the local day (0..1439) of an instant in an IANA time zone, daylight saving included. */
export function localMinuteOfDay(atMs: number, timeZone: string): number {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, format);
  }
  let hour = 0;
  let minute = 0;
  for (const part of format.formatToParts(atMs)) {
    if (part.type === 'hour') hour = Number(part.value);
    else if (part.type === 'minute') minute = Number(part.value);
  }
  return hour * 60 + minute;
}

/**
 * Whether a local minute of the day falls in quiet hours: from `start` (inclusive) to `end` (exclusive), across
 * midnight when `end` is earlier than `start`. Equal times mean all day, as in the motion schedule.
 */
export function inQuietHours(quiet: QuietHours | null, minuteOfDay: number): boolean {
  if (!quiet) return false;
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  if (start === end) return true;
  return start < end ? minuteOfDay >= start && minuteOfDay < end : minuteOfDay >= start || minuteOfDay < end;
}

/**
 * Whether the zones motion was in allow an alert: with no zone reported (the camera has none) motion anywhere
 * alerts; otherwise at least one of them must alert. A zone the camera no longer knows counts as alerting, as a
 * new zone does by default: a renamed zone must not silence the doorbell.
 */
export function zonesAllowAlert(eventZones: readonly string[], zones: readonly ZoneRule[]): boolean {
  if (eventZones.length === 0) return true;
  const rule = new Map(zones.map((z) => [z.name, z.alert]));
  return eventZones.some((name) => rule.get(name) ?? true);
}

/**
 * Whether an alert at `atMs` falls inside the camera's cooldown. An event older than the last alert (clocks
 * disagree, events arrive out of order) is inside it too; a cooldown of 0 never suppresses.
 */
export function inCooldown(atMs: number, lastAlertAtMs: number | null, cooldownSeconds: number): boolean {
  if (lastAlertAtMs === null || cooldownSeconds <= 0) return false;
  return atMs - lastAlertAtMs < cooldownSeconds * 1000;
}

/**
 * Whether motion alerts. The checks run in a fixed order (mode, zones, quiet hours, cooldown) so the reason
 * reported is the most basic one; only an alert that is sent starts a new cooldown.
 */
export function decideMotion(input: MotionAlertInput): MotionVerdict {
  if (!input.modeAllows) return { alert: false, reason: 'mode' };
  if (!zonesAllowAlert(input.eventZones, input.zones)) return { alert: false, reason: 'zones' };
  if (inQuietHours(input.quietHours, localMinuteOfDay(input.atMs, input.timeZone)))
    return { alert: false, reason: 'quiet-hours' };
  if (inCooldown(input.atMs, input.lastAlertAtMs, input.cooldownSeconds))
    return { alert: false, reason: 'cooldown' };
  return { alert: true };
}

/** The capabilities that let someone look at what a camera saw, and so receive its alerts. */
const SEEING: readonly ['view_live', 'view_recordings'] = ['view_live', 'view_recordings'];

/**
 * Whether someone with this standing receives a camera's alerts now: the owner always; a member whose access has
 * not expired, whose camera scope includes the camera, and who may view it live or in recordings.
 */
export function isRecipient(standing: Standing | undefined, cameraId: string, nowMs: number): boolean {
  return SEEING.some((capability) => may(standing, capability, nowMs, cameraId));
}

/** A household's people as stored: the owner and each member's standing. */
export interface HouseholdPeople {
  ownerId: string | null;
  members: readonly { userId: string; standing: Standing }[];
}

/** Everyone who receives a camera's alert now, each once; no one outside the household is ever included. */
export function recipientsOf(people: HouseholdPeople, cameraId: string, nowMs: number): string[] {
  const out = new Set<string>();
  if (people.ownerId !== null) out.add(people.ownerId);
  for (const m of people.members) if (isRecipient(m.standing, cameraId, nowMs)) out.add(m.userId);
  return [...out];
}

/** How an alert travels through Web Push (RFC 8030 TTL, Urgency and Topic). */
export interface PushOptions {
  ttlSeconds: number;
  urgency: 'high' | 'normal';
  /** Replaces an undelivered earlier message with the same topic, so a phone back online gets the latest. */
  topic: string | undefined;
}

/**
 * Web Push options for an alert. A ring is urgent and useless after a few minutes; motion may wait an hour, and
 * undelivered motion alerts of one camera collapse into the latest (topic: the camera id's 32 hex digits).
 */
export function pushOptionsFor(kind: AlertKind, cameraId: string): PushOptions {
  if (kind === 'ring') return { ttlSeconds: 300, urgency: 'high', topic: undefined };
  const topic = cameraId.replaceAll('-', '').toLowerCase();
  return { ttlSeconds: 3600, urgency: 'normal', topic: /^[0-9a-f]{32}$/.test(topic) ? topic : undefined };
}

/** At most this many push subscriptions per account; the oldest goes when a new one comes. */
export const MAX_PUSH_SUBSCRIPTIONS_PER_USER = 10;

const LOCAL_NAMES = /(^|\.)(localhost|local|internal|home|lan|intranet|localdomain|home\.arpa)$/i;

/**
 * Why a push endpoint is refused, or null when it may be used. The hub will POST to it, so it must be https on a
 * public DNS name (no IP literal, no local name, no credentials, standard port), which keeps a signed-in user from
 * aiming the hub at the household's own network. `allowLoopback` (tests) also admits http://127.0.0.1.
 */
export function pushEndpointProblem(endpoint: string, allowLoopback: boolean): string | null {
  let u: URL;
  try {
    u = new URL(endpoint);
  } catch {
    return 'The endpoint is not a URL.';
  }
  if (u.username || u.password) return 'The endpoint must not carry credentials.';
  if (allowLoopback && u.hostname === '127.0.0.1' && (u.protocol === 'http:' || u.protocol === 'https:'))
    return null;
  if (u.protocol !== 'https:') return 'The endpoint must be an https URL.';
  const host = u.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) !== 0) return 'The endpoint must name a push service, not an IP address.';
  if (!host.includes('.') || LOCAL_NAMES.test(host.replace(/\.$/, '')))
    return 'The endpoint must be a public push service.';
  if (u.port !== '' && u.port !== '443') return 'The endpoint must use the standard https port.';
  return null;
}

/**
 * Why a subscription's keys are refused, or null: `p256dh` must be an uncompressed P-256 point on the curve
 * (65 bytes, base64url) and `auth` a 16-byte secret (RFC 8291 §3), or the payload cannot be encrypted.
 */
export function pushKeysProblem(p256dh: string, auth: string): string | null {
  const b64url = /^[A-Za-z0-9_-]+={0,2}$/;
  if (!b64url.test(p256dh) || !b64url.test(auth)) return 'The keys must be base64url.';
  const key = Buffer.from(p256dh, 'base64url');
  if (key.length !== 65 || key[0] !== 0x04) return 'p256dh must be an uncompressed P-256 public key.';
  try {
    createPublicKey({
      key: {
        kty: 'EC',
        crv: 'P-256',
        x: key.subarray(1, 33).toString('base64url'),
        y: key.subarray(33).toString('base64url'),
      },
      format: 'jwk',
    });
  } catch {
    return 'p256dh is not a point on the P-256 curve.';
  }
  if (Buffer.from(auth, 'base64url').length !== 16) return 'auth must be a 16-byte secret.';
  return null;
}
