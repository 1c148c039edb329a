// Pure rules of the recording pipeline: whether motion records and alerts right now (the household's mode,
// schedule and the camera's snooze, decided by src/motion/motion-mode.ts), which segments and cut points make
// an event's clip, and where in the clip its peak frame is.

import {
  decideMotionActions,
  scheduleProblems,
  type MotionDecision,
  type MotionMode,
  type MotionModeSettings,
  type ScheduleRule,
} from '../motion/motion-mode.js';

const MODES: readonly MotionMode[] = ['home', 'away', 'disarmed'];

/** The household and camera columns the decision reads. */
export interface ModeFacts {
  /** hub_households.mode */
  mode: string;
  /** hub_households.schedule: JSON, either rules or `{ rules, timeZone }`. */
  schedule: string | null;
  /** hub_cameras.snooze_until (ISO) */
  snoozeUntil: string | null;
}

/**
 * Mode settings from stored columns. Anything unreadable falls back to the safe side: an unknown mode is "away"
 * (record and alert; a doorbell that silently stops working is worse than one alert too many) and a broken
 * schedule is ignored.
 */
export function modeSettingsFrom(facts: ModeFacts): MotionModeSettings {
  const mode = (MODES as readonly string[]).includes(facts.mode) ? (facts.mode as MotionMode) : 'away';
  let schedule: ScheduleRule[] = [];
  let timeZone: string | undefined;
  if (facts.schedule) {
    try {
      const parsed: unknown = JSON.parse(facts.schedule);
      const rules = Array.isArray(parsed)
        ? parsed
        : parsed && typeof parsed === 'object'
          ? ((parsed as { rules?: unknown; schedule?: unknown }).rules ??
            (parsed as { schedule?: unknown }).schedule)
          : undefined;
      const tz =
        parsed && typeof parsed === 'object' ? (parsed as { timeZone?: unknown }).timeZone : undefined;
      if (Array.isArray(rules) && rules.every(isRuleShape) && scheduleProblems(rules).length === 0) {
        schedule = rules;
        if (typeof tz === 'string' && validTimeZone(tz)) timeZone = tz;
      }
    } catch {
      schedule = [];
    }
  }
  const snooze = facts.snoozeUntil ? Date.parse(facts.snoozeUntil) : NaN;
  return {
    mode,
    schedule,
    snoozeUntilMs: Number.isFinite(snooze) ? snooze : null,
    ...(timeZone ? { timeZone } : {}),
  };
}

function isRuleShape(v: unknown): v is ScheduleRule {
  if (!v || typeof v !== 'object') return false;
  const r = v as Record<string, unknown>;
  return (
    Array.isArray(r.days) &&
    typeof r.from === 'string' &&
    typeof r.to === 'string' &&
    typeof r.mode === 'string'
  );
}

function validTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Whether motion at `atMs` records and alerts, from the stored columns. */
export function motionActionsAt(facts: ModeFacts, atMs: number): MotionDecision {
  return decideMotionActions(modeSettingsFrom(facts), atMs);
}

/** The span of footage an event's clip covers: pre-roll before the first motion, post-roll after the last. */
export function clipWindow(
  startMs: number,
  endMs: number,
  preRollSeconds: number,
  postRollSeconds: number,
): { fromMs: number; toMs: number } {
  return { fromMs: startMs - preRollSeconds * 1000, toMs: endMs + postRollSeconds * 1000 };
}

/** A stored segment as clip planning sees it. */
export interface SegmentSpan {
  id: string;
  key: string;
  startMs: number;
  endMs: number;
}

/** The segments of a clip and where to cut them. */
export interface ClipPlan {
  entries: { segment: SegmentSpan; inpoint?: number; outpoint?: number }[];
  /** Wall time of the clip's first frame (the keyframe the cut starts on). */
  startMs: number;
  endMs: number;
}

/** The latest keyframe at or before `desired` seconds (0 when none is): cutting there keeps all the pre-roll. */
export function keyframeAtOrBefore(keyframes: readonly number[], desired: number): number {
  let best = 0;
  for (const k of keyframes) if (k <= desired + 1e-6 && k > best) best = k;
  return best;
}

/**
 * Which segments make the clip of a window, and the cut points: the first segment starts at its last keyframe at
 * or before the window's start (`firstKeyframes`, seconds into that segment; omitted means cut at its start), the
 * last ends at the window's end. Null when no segment overlaps the window.
 */
export function planClip(
  segments: readonly SegmentSpan[],
  window: { fromMs: number; toMs: number },
  firstKeyframes?: readonly number[],
): ClipPlan | null {
  const used = segments
    .filter((s) => s.endMs > window.fromMs && s.startMs < window.toMs)
    .sort((a, b) => a.startMs - b.startMs);
  if (used.length === 0) return null;
  const entries: ClipPlan['entries'] = used.map((segment) => ({ segment }));
  const first = entries[0]!;
  const last = entries[entries.length - 1]!;
  let startMs = first.segment.startMs;
  const wantIn = (window.fromMs - first.segment.startMs) / 1000;
  if (wantIn > 0) {
    const cut = firstKeyframes ? keyframeAtOrBefore(firstKeyframes, wantIn) : 0;
    if (cut > 0) {
      first.inpoint = cut;
      startMs = first.segment.startMs + cut * 1000;
    }
  }
  let endMs = last.segment.endMs;
  if (window.toMs < last.segment.endMs) {
    last.outpoint = (window.toMs - last.segment.startMs) / 1000;
    endMs = window.toMs;
  }
  return { entries, startMs, endMs };
}

/** Seconds into the clip of a wall-clock moment (for the peak snapshot), kept inside the clip. */
export function offsetInClip(plan: { startMs: number; endMs: number }, atMs: number): number {
  const clamped = Math.min(Math.max(atMs, plan.startMs), plan.endMs);
  return (clamped - plan.startMs) / 1000;
}

/** Whether a segment overlaps a window (a segment an unfinished clip needs is held from retention). */
export function overlaps(
  segment: { startMs: number; endMs: number },
  window: { fromMs: number; toMs: number },
): boolean {
  return segment.endMs > window.fromMs && segment.startMs < window.toMs;
}
