/** Shapes, words and small helpers for the camera pages (A1, A2, A6, A7); see GET /api/v1/openapi.json. */
import { useState } from 'react';
import { api, get, post } from '../api.js';
import { useAction } from '../components.js';
import type { Capability } from '../types.js';

/** A point of a polygon, normalised: 0..1 of the picture's width and height. */
export type Point = [number, number];
/** A polygon of at least three points. */
export type Polygon = Point[];

/** A named motion zone; `alert` says whether motion there may alert. */
export interface Zone {
  name: string;
  points: Polygon;
  alert: boolean;
}

/** What a household can tune per camera (every field filled in by the server). */
export interface CameraSettings {
  motion: {
    sensitivity: 'low' | 'medium' | 'high';
    detectFps: number;
    detectWidth: number;
    zones: Zone[];
    masks: Polygon[];
  };
  privacyZones: Polygon[];
  recording: { continuous: boolean; preRollSeconds: number; postRollSeconds: number; audio: boolean };
  alerts: { cooldownSeconds: number; quietHours: { start: string; end: string } | null };
}

/** The stream state the recording pipeline reports. */
export type CameraState = 'starting' | 'online' | 'reconnecting' | 'offline' | 'disabled';

/** A camera as the API shows it (URLs without passwords). */
export interface Camera {
  id: string;
  householdId: string;
  name: string;
  mainUrl: string;
  detectUrl: string | null;
  enabled: boolean;
  acceptsRequests: boolean;
  settings: CameraSettings;
  snoozeUntil: string | null;
  status: { state: CameraState; lastFrameAt: string | null; lastError: string | null; since: string };
  createdAt: string;
  updatedAt: string;
}

/** The answer to "test connection". */
export interface ProbeResult {
  ok: boolean;
  problem: string | null;
  message: string;
  video: { codec: string; width: number; height: number } | null;
}

/** A motion event. */
export interface MotionEvent {
  id: string;
  cameraId: string;
  kind: string;
  startedAt: string;
  endedAt: string | null;
  peakArea: number;
  peakAt: string | null;
  zones: string[];
  alerted: boolean;
  snapshotUrl: string | null;
  thumbnailUrl: string | null;
  clip: {
    status: string;
    url: string | null;
    sha256: string | null;
    sizeBytes: number | null;
    durationMs: number | null;
  };
}

/** A period the camera recorded nothing (offline, restarting). */
export interface Gap {
  id: string;
  startedAt: string;
  endedAt: string | null;
  reason: string;
}

/** Where a camera recorded continuously in a range (GET /api/v1/cameras/{id}/coverage). */
export interface Coverage {
  cameraId: string;
  from: string;
  to: string;
  intervals: { startedAt: string; endedAt: string }[];
  gaps: { startedAt: string; endedAt: string }[];
  coveredMs: number;
  toleranceMs: number;
  segments: number;
}

/** Household arming mode. */
export type Mode = 'home' | 'away' | 'disarmed';

/** A weekly schedule rule: on these days (0 = Sunday), between these local times, this mode. */
export interface ScheduleRule {
  days: number[];
  from: string;
  to: string;
  mode: Mode;
}

/** A household as the camera pages need it. */
export interface HouseholdModeView {
  id: string;
  name: string;
  isOwner: boolean;
  capabilities: string[];
  cameraIds: string[] | null;
  mode: Mode;
  schedule: ScheduleRule[];
  /** IANA time zone the schedule's times are in. */
  timeZone?: string;
  /** The mode in force now (schedule or default) and its next change, as the server decides them. */
  modeNow?: {
    mode: Mode;
    source: 'schedule' | 'default';
    record: boolean;
    alert: boolean;
    nextChange: { at: string; mode: Mode } | null;
  };
}

/** Whether someone in a household may use a capability (owners may do everything; the server enforces). */
export function mayDo(h: { isOwner: boolean; capabilities: string[] }, capability: Capability): boolean {
  return h.isOwner || h.capabilities.includes(capability);
}

/** The modes in the order and words the app shows them. */
export const MODES: { id: Mode; label: string; hint: string }[] = [
  { id: 'home', label: 'Home', hint: 'Motion is recorded; it does not alert.' },
  { id: 'away', label: 'Away', hint: 'Motion is recorded and alerts.' },
  { id: 'disarmed', label: 'Disarmed', hint: 'Motion is neither recorded nor alerted.' },
];

/** Words for a mode. */
export const modeLabel = (m: Mode) => MODES.find((x) => x.id === m)?.label ?? m;

/** Words for a stream state; each badge carries a word and a symbol, never colour alone. */
export const STATE_WORDS: Record<
  CameraState,
  { label: string; symbol: string; tone: 'ok' | 'warn' | 'off' }
> = {
  online: { label: 'Online', symbol: '●', tone: 'ok' },
  starting: { label: 'Starting', symbol: '◌', tone: 'off' },
  reconnecting: { label: 'Reconnecting', symbol: '↻', tone: 'warn' },
  offline: { label: 'Offline', symbol: '✕', tone: 'warn' },
  disabled: { label: 'Turned off', symbol: '–', tone: 'off' },
};

/** What each "test connection" problem means, in plain words. */
export const PROBE_PROBLEMS: Record<string, string> = {
  unreachable: 'Unreachable',
  unauthorized: 'Wrong user name or password',
  timeout: 'No answer in time',
  'no-video': 'No video in the stream',
  'unsupported-codec': 'Unsupported video format',
};

/** Send a PUT through the same path as every other call (CSRF header, parsed errors). */
export function put<T>(path: string, body: unknown): Promise<T> {
  // api.ts names the methods the app used so far; PUT travels exactly like PATCH (JSON body, CSRF header).
  return api<T>('PUT' as 'PATCH', path, body);
}

let openapiPaths: Promise<Set<string>> | undefined;

/** Whether the server has a route (by its OpenAPI path, e.g. /api/v1/households/{id}/cameras/demo). */
export async function serverHasRoute(path: string, method = 'post'): Promise<boolean> {
  openapiPaths ??= get<{ paths?: Record<string, Record<string, unknown>> }>('/api/v1/openapi.json').then(
    (doc) => {
      const out = new Set<string>();
      for (const [p, ops] of Object.entries(doc.paths ?? {}))
        for (const m of Object.keys(ops)) out.add(`${m.toLowerCase()} ${p}`);
      return out;
    },
    () => {
      openapiPaths = undefined;
      return new Set<string>();
    },
  );
  return (await openapiPaths).has(`${method.toLowerCase()} ${path}`);
}

const timeFmt = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
const shortTimeFmt = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const dayFmt = new Intl.DateTimeFormat(undefined, {
  weekday: 'long',
  year: 'numeric',
  month: 'long',
  day: 'numeric',
});

/** A clock time with seconds, in local time. */
export const clockTime = (ms: number) => timeFmt.format(new Date(ms));
/** A clock time without seconds. */
export const shortTime = (ms: number) => shortTimeFmt.format(new Date(ms));
/** A day in words. */
export const dayInWords = (ms: number) => dayFmt.format(new Date(ms));

/** A duration in words: "4 s", "1 min 20 s", "2 h 5 min". */
export function duration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return s % 60 ? `${m} min ${s % 60} s` : `${m} min`;
  return m % 60 ? `${Math.floor(m / 60)} h ${m % 60} min` : `${Math.floor(m / 60)} h`;
}

/** "How long ago", rounded, for status lines. */
export function ago(ms: number, nowMs: number): string {
  const s = Math.round((nowMs - ms) / 1000);
  if (s < 5) return 'just now';
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ago`;
  return `${Math.floor(s / 86_400)} days ago`;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A local day as <input type="date"> writes it. */
export function dayKey(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** The start and end (exclusive) of a local day, in epoch ms; DST days are 23 or 25 hours long. */
export function dayBounds(key: string): { start: number; end: number } | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(key);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]) - 1, Number(m[3])];
  const start = new Date(y, mo, d).getTime();
  const end = new Date(y, mo, d + 1).getTime();
  return Number.isNaN(start) ? null : { start, end };
}

/** The day before or after. */
export function shiftDay(key: string, by: number): string {
  const b = dayBounds(key);
  if (!b) return key;
  const d = new Date(b.start);
  return dayKey(new Date(d.getFullYear(), d.getMonth(), d.getDate() + by).getTime());
}

/** The address of a page with some query values changed (null removes one). */
export function withQuery(pathname: string, values: Record<string, string | null>): string {
  const q = new URLSearchParams(window.location.search);
  for (const [k, v] of Object.entries(values)) {
    if (v === null) q.delete(k);
    else q.set(k, v);
  }
  const s = q.toString();
  return s ? `${pathname}?${s}` : pathname;
}

/** The ring test (A3): rings a camera exactly like its button; `rang` names the camera last rung. */
export function useRingTest() {
  const { busy, error, run } = useAction();
  const [rang, setRang] = useState<string | null>(null);
  const ring = (camera: { id: string; name: string }) =>
    void run(async () => {
      setRang(null);
      await post(`/api/v1/cameras/${camera.id}/ring/test`);
      setRang(camera.name);
    });
  return { busy, error, rang, setRang, ring };
}
