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

/** Problems with a schedule, one message per broken rule; empty when it is usable. */
export function scheduleProblems(schedule: readonly ScheduleRule[]): string[] {
  const problems: string[] = [];
  schedule.forEach((rule, k) => {
    const at = `schedule rule ${k + 1}`;
    if (!MODES.includes(rule.mode)) problems.push(`${at}: unknown mode "${String(rule.mode)}"`);
    if (rule.days.length === 0) problems.push(`${at}: no days`);
    if (rule.days.some((d) => !Number.isInteger(d) || d < 0 || d > 6))
      problems.push(`${at}: days are 0 (Sunday) to 6`);
    const from = minutesOf(rule.from);
    if (from === null || from === 24 * 60)
      problems.push(`${at}: "from" must be HH:MM between 00:00 and 23:59`);
    if (minutesOf(rule.to) === null) problems.push(`${at}: "to" must be HH:MM between 00:00 and 24:00`);
  });
  return problems;
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
