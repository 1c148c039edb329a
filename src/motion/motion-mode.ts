// Whether motion records, alerts, or both, at a given moment: a pure decision from the household's mode
// (home / away / disarmed), a manual override, a weekly schedule and a snooze. Recording and alerting are
// separate because "home" usually means "keep the footage, don't buzz my phone".

/** The household's arming mode. */
export type MotionMode = 'home' | 'away' | 'disarmed';

/** What motion does. */
export interface MotionActions {
  record: boolean;
  alert: boolean;
}

/** Default meaning of each mode; a household may change it. */
export const DEFAULT_MODE_ACTIONS: Readonly<Record<MotionMode, Readonly<MotionActions>>> = Object.freeze({
  home: Object.freeze({ record: true, alert: false }),
  away: Object.freeze({ record: true, alert: true }),
  disarmed: Object.freeze({ record: false, alert: false }),
});

/** Day of the week as `Date.getDay()` numbers it: 0 is Sunday. */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;

/**
 * A weekly rule: on `days`, from `from` until `to` (local "HH:MM", `to` exclusive, "24:00" allowed) the mode is
 * `mode`. When `to` is earlier than `from` the rule runs overnight into the next day; equal times mean all day.
 */
export interface ScheduleRule {
  days: readonly Weekday[];
  from: string;
  to: string;
  mode: MotionMode;
}

/** Everything the decision depends on. */
export interface MotionModeSettings {
  /** The mode when no override or schedule rule applies. */
  mode: MotionMode;
  /** Rules checked in order; the first that covers the moment decides. */
  schedule?: readonly ScheduleRule[];
  /** A manual switch that outranks the schedule until `untilMs` (epoch ms), or until cleared when null. */
  override?: { mode: MotionMode; untilMs: number | null } | null;
  /** Alerts are paused until this moment (epoch ms); recording carries on. */
  snoozeUntilMs?: number | null;
  /** IANA time zone the schedule is written in; default UTC. */
  timeZone?: string;
  /** Per-mode changes to DEFAULT_MODE_ACTIONS. */
  actions?: Partial<Record<MotionMode, MotionActions>>;
}

/** The decision, with why, so the UI can say "Away (schedule) — alerts snoozed until 14:30". */
export interface MotionDecision extends MotionActions {
  mode: MotionMode;
  source: 'override' | 'schedule' | 'default';
  /** A snooze is in force (alerts are off whatever the mode says). */
  snoozed: boolean;
}

const MODES: readonly MotionMode[] = ['home', 'away', 'disarmed'];
const TIME = /^(?:([01]\d|2[0-3]):([0-5]\d)|24:00)$/;

/** Minutes since midnight of an "HH:MM" time, or null when it is not one. */
function minutesOf(value: string): number | null {
  const m = TIME.exec(value);
  if (m === null) return null;
  if (m[1] === undefined) return 24 * 60;
  return Number(m[1]) * 60 + Number(m[2]);
}

/** A problem with one field of one schedule rule (`rule` counts from 0), for forms that show it by the field. */
export interface ScheduleIssue {
  rule: number;
  field: 'mode' | 'days' | 'from' | 'to';
  message: string;
}

/** Problems with a schedule, by rule and field; empty when it is usable. */
export function scheduleIssues(schedule: readonly ScheduleRule[]): ScheduleIssue[] {
  const issues: ScheduleIssue[] = [];
  schedule.forEach((rule, k) => {
    const at = `schedule rule ${k + 1}`;
    const add = (field: ScheduleIssue['field'], what: string) =>
      issues.push({ rule: k, field, message: `${at}: ${what}` });
    if (!MODES.includes(rule.mode)) add('mode', `unknown mode "${String(rule.mode)}"`);
    if (rule.days.length === 0) add('days', 'no days');
    if (rule.days.some((d) => !Number.isInteger(d) || d < 0 || d > 6))
      add('days', 'days are 0 (Sunday) to 6');
    const from = minutesOf(rule.from);
    if (from === null || from === 24 * 60) add('from', '"from" must be HH:MM between 00:00 and 23:59');
    if (minutesOf(rule.to) === null) add('to', '"to" must be HH:MM between 00:00 and 24:00');
  });
  return issues;
}

/** Problems with a schedule, one message per broken rule field; empty when it is usable. */
export function scheduleProblems(schedule: readonly ScheduleRule[]): string[] {
  return scheduleIssues(schedule).map((i) => i.message);
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const WEEKDAYS: Record<string, Weekday> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

/** Local weekday and minute of the day of an instant in a time zone. */
export function localWeekMinute(atMs: number, timeZone = 'UTC'): { day: Weekday; minute: number } {
  let format = formatters.get(timeZone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, format);
  }
  let day: Weekday = 0;
  let hour = 0;
  let minute = 0;
  for (const part of format.formatToParts(atMs)) {
    if (part.type === 'weekday') day = WEEKDAYS[part.value] ?? 0;
    else if (part.type === 'hour') hour = Number(part.value);
    else if (part.type === 'minute') minute = Number(part.value);
  }
  return { day, minute: hour * 60 + minute };
}

/** The rule in force at a local weekday and minute, if any. */
function ruleAt(schedule: readonly ScheduleRule[], day: Weekday, minute: number): ScheduleRule | undefined {
  const yesterday = ((day + 6) % 7) as Weekday;
  return schedule.find((rule) => {
    const from = minutesOf(rule.from);
    const to = minutesOf(rule.to);
    if (from === null || to === null) return false;
    if (from === to) return rule.days.includes(day);
    if (from < to) return rule.days.includes(day) && minute >= from && minute < to;
    // Overnight: the evening part belongs to the listed day, the early-morning part to the day after it.
    return (rule.days.includes(day) && minute >= from) || (rule.days.includes(yesterday) && minute < to);
  });
}

/** Decide whether motion records and alerts at `atMs` (epoch milliseconds). */
export function decideMotionActions(settings: MotionModeSettings, atMs: number): MotionDecision {
  let mode = settings.mode;
  let source: MotionDecision['source'] = 'default';
  const override = settings.override;
  if (override && (override.untilMs === null || atMs < override.untilMs)) {
    mode = override.mode;
    source = 'override';
  } else if (settings.schedule && settings.schedule.length > 0) {
    const { day, minute } = localWeekMinute(atMs, settings.timeZone);
    const rule = ruleAt(settings.schedule, day, minute);
    if (rule) {
      mode = rule.mode;
      source = 'schedule';
    }
  }
  const actions = { ...DEFAULT_MODE_ACTIONS[mode], ...settings.actions?.[mode] };
  const snoozed = settings.snoozeUntilMs != null && atMs < settings.snoozeUntilMs;
  return { mode, source, record: actions.record, alert: actions.alert && !snoozed, snoozed };
}

const WEEK_MINUTES = 7 * 24 * 60;
const MINUTE_MS = 60_000;

/** Local minutes since Sunday 00:00 of an instant. */
function weekMinuteAt(atMs: number, timeZone: string | undefined): number {
  const { day, minute } = localWeekMinute(atMs, timeZone);
  return day * 24 * 60 + minute;
}

/** The local minutes of the week at which some rule starts or stops applying, sorted. */
function scheduleBoundaries(schedule: readonly ScheduleRule[]): number[] {
  const out = new Set<number>();
  for (const rule of schedule) {
    const from = minutesOf(rule.from);
    const to = minutesOf(rule.to);
    if (from === null || to === null) continue;
    for (const d of rule.days) {
      const day = d * 24 * 60;
      if (from === to) {
        out.add(day % WEEK_MINUTES);
        out.add((day + 24 * 60) % WEEK_MINUTES);
      } else {
        out.add((day + from) % WEEK_MINUTES);
        out.add((day + to + (to < from ? 24 * 60 : 0)) % WEEK_MINUTES);
      }
    }
  }
  return [...out].sort((a, b) => a - b);
}

/** When the mode next changes after `atMs`, and to what. */
export interface ModeChange {
  atMs: number;
  mode: MotionMode;
  source: MotionDecision['source'];
}

/**
 * The next moment within `horizonMs` at which the mode differs from the mode at `atMs` (the end of a timed
 * override, or a schedule rule starting or stopping; boundaries that keep the same mode are skipped), or null
 * when nothing changes. Rules are in local time: across a daylight-saving switch the change lands on the local
 * time the rule names (or, when that local time does not exist, on the first instant after it).
 */
export function nextModeChange(
  settings: MotionModeSettings,
  atMs: number,
  horizonMs = 8 * 24 * 3600_000,
): ModeChange | null {
  const current = decideMotionActions(settings, atMs).mode;
  const end = atMs + horizonMs;
  const override = settings.override;
  let t = atMs;
  if (override && (override.untilMs === null || atMs < override.untilMs)) {
    if (override.untilMs === null || override.untilMs > end) return null;
    t = override.untilMs;
    const after = decideMotionActions(settings, t);
    if (after.mode !== current) return { atMs: t, mode: after.mode, source: after.source };
  }
  const boundaries = scheduleBoundaries(settings.schedule ?? []);
  if (boundaries.length === 0) return null;
  const tz = settings.timeZone;
  for (let step = 0; step < 4 * boundaries.length + 16; step++) {
    const now = weekMinuteAt(t, tz);
    // The next boundary strictly after the local minute t falls in (t is at or after that minute's start).
    let delta = WEEK_MINUTES;
    for (const b of boundaries) {
      const d = (b - now + WEEK_MINUTES) % WEEK_MINUTES;
      if (d > 0 && d < delta) delta = d;
    }
    const target = (now + delta) % WEEK_MINUTES;
    let candidate = Math.floor(t / MINUTE_MS) * MINUTE_MS + delta * MINUTE_MS;
    // A daylight-saving switch in between moves local time against UTC: land on the target local minute.
    const got = weekMinuteAt(candidate, tz);
    if (got !== target) {
      const diff = ((got - target + WEEK_MINUTES + WEEK_MINUTES / 2) % WEEK_MINUTES) - WEEK_MINUTES / 2;
      const corrected = candidate - diff * MINUTE_MS;
      if (corrected > t && weekMinuteAt(corrected, tz) === target) candidate = corrected;
    }
    if (candidate > end) return null;
    const decision = decideMotionActions(settings, candidate);
    if (decision.mode !== current) return { atMs: candidate, mode: decision.mode, source: decision.source };
    t = candidate;
  }
  return null;
}
