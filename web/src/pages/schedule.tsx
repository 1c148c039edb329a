// The household's weekly schedule (A2): which mode is in force at which times of the week, the mode outside
// them, and the time zone the times are in; with the mode in force now and its next change as the server
// computes them, and per-camera alert snoozes. Only those who may manage cameras edit; others read.

import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { ApiError, patch } from '../api.js';
import { ErrorMessage, Loading, Notice, PageTitle, useAction, useResource } from '../components.js';
import {
  mayDo,
  MODES,
  modeLabel,
  put,
  type Camera,
  type HouseholdModeView,
  type Mode,
  type ScheduleRule,
} from '../lib/cameras.js';
import { ActionButton, Loaded, Section } from '../lib/forms.js';
import { Link } from '../router.js';

/** Days in the order a week is read here (Monday first); values as the API numbers them (0 = Sunday). */
const WEEK: { id: number; short: string; long: string }[] = [
  { id: 1, short: 'Mon', long: 'Monday' },
  { id: 2, short: 'Tue', long: 'Tuesday' },
  { id: 3, short: 'Wed', long: 'Wednesday' },
  { id: 4, short: 'Thu', long: 'Thursday' },
  { id: 5, short: 'Fri', long: 'Friday' },
  { id: 6, short: 'Sat', long: 'Saturday' },
  { id: 0, short: 'Sun', long: 'Sunday' },
];
const PRESETS: { label: string; days: number[] }[] = [
  { label: 'Weekdays', days: [1, 2, 3, 4, 5] },
  { label: 'Weekend', days: [0, 6] },
  { label: 'Every day', days: [0, 1, 2, 3, 4, 5, 6] },
];
const SNOOZES: { minutes: number; label: string }[] = [
  { minutes: 30, label: '30 minutes' },
  { minutes: 60, label: '1 hour' },
  { minutes: 120, label: '2 hours' },
  { minutes: 240, label: '4 hours' },
  { minutes: 480, label: '8 hours' },
];

/** A rule as the form edits it: a stable key, and "all day" instead of equal times. */
interface DraftRule {
  key: number;
  days: number[];
  from: string;
  to: string;
  allDay: boolean;
  mode: Mode;
}

let keys = 0;
function draftOf(r: ScheduleRule): DraftRule {
  const allDay = r.from === r.to || (r.from === '00:00' && r.to === '24:00');
  // <input type="time"> has no 24:00; midnight at the end of the day is 00:00, which the rule reads the same.
  return {
    key: ++keys,
    days: [...r.days],
    from: allDay ? '00:00' : r.from,
    to: allDay ? '00:00' : r.to === '24:00' ? '00:00' : r.to,
    allDay,
    mode: r.mode,
  };
}
function ruleOf(d: DraftRule): ScheduleRule {
  return {
    days: [...d.days].sort((a, b) => a - b),
    from: d.allDay ? '00:00' : d.from,
    to: d.allDay ? '00:00' : d.to,
    mode: d.mode,
  };
}

const minutes = (hhmm: string) => {
  const m = /^(\d{2}):(\d{2})$/.exec(hhmm);
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
};

/** "Mon–Fri", "Sat, Sun", "Every day". */
function daysInWords(days: number[]): string {
  if (days.length === 7) return 'Every day';
  const order = WEEK.filter((d) => days.includes(d.id));
  const idx = order.map((d) => WEEK.indexOf(d));
  const run = idx.length > 2 && idx.every((v, i) => i === 0 || v === idx[i - 1]! + 1);
  return run ? `${order[0]!.short}–${order.at(-1)!.short}` : order.map((d) => d.short).join(', ');
}

/** A rule in one line: "Mon–Fri 09:00–17:00: Away", with overnight and all-day spelled out. */
function ruleInWords(r: ScheduleRule): string {
  const days = daysInWords(r.days);
  const from = minutes(r.from);
  const to = r.to === '24:00' ? 24 * 60 : minutes(r.to);
  if (r.from === r.to || (from === 0 && to === 24 * 60)) return `${days}, all day: ${modeLabel(r.mode)}`;
  const overnight = from !== null && to !== null && to < from;
  return `${days} ${r.from}–${r.to}${overnight ? ' (overnight, into the next day)' : ''}: ${modeLabel(r.mode)}`;
}

/** The zones this browser knows, for the time zone picker. */
function knownTimeZones(current: string): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (key: string) => string[] };
  const list = intl.supportedValuesOf?.('timeZone') ?? [];
  return [...new Set(['UTC', current, ...list])].sort((a, b) => a.localeCompare(b));
}

const deviceZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

/** A moment as the household's clock shows it: "Mon 17:00". */
function inZone(iso: string, timeZone: string): string {
  try {
    return new Intl.DateTimeFormat(undefined, {
      timeZone,
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).format(new Date(iso));
  } catch {
    return new Date(iso).toLocaleString();
  }
}

function untilInWords(iso: string, nowMs: number): string {
  const m = Math.max(1, Math.round((Date.parse(iso) - nowMs) / 60_000));
  if (m < 60) return `in ${m} min`;
  const h = Math.floor(m / 60);
  if (h < 48) return m % 60 ? `in ${h} h ${m % 60} min` : `in ${h} h`;
  return `in ${Math.round(h / 24)} days`;
}

const ACTIONS: Record<Mode, string> = {
  home: 'motion is recorded, no alerts',
  away: 'motion is recorded and alerts',
  disarmed: 'motion is neither recorded nor alerted',
};

/** "Now: Away, by the schedule (motion is recorded and alerts). Next change: Disarmed at Mon 17:00." */
function ModeNow({ household }: { household: HouseholdModeView }) {
  const now = household.modeNow;
  if (!now) return null;
  const next = now.nextChange;
  return (
    <div className="schedule-now">
      <p>
        <strong>Now: {modeLabel(now.mode)}</strong>,{' '}
        {now.source === 'schedule' ? 'by the schedule' : 'the default mode'} ({ACTIONS[now.mode]}).
      </p>
      <p>
        {next ? (
          <>
            Next change: <strong>{modeLabel(next.mode)}</strong> at{' '}
            <time dateTime={next.at}>{inZone(next.at, household.timeZone ?? 'UTC')}</time> (
            {untilInWords(next.at, Date.now())}).
          </>
        ) : household.schedule.length ? (
          'No change in the coming week.'
        ) : (
          'No schedule: the mode stays until someone changes it.'
        )}
      </p>
      <p className="hint">
        Times are in the household’s time zone, <strong>{household.timeZone ?? 'UTC'}</strong>. Doorbell rings
        always alert.
      </p>
    </div>
  );
}

/** Where an API validation error points: a rule's field, the time zone, or the form as a whole. */
function fieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError) || error.code !== 'ERR_VALIDATION' || !Array.isArray(error.details))
    return {};
  const byField: Record<string, string> = {};
  for (const d of error.details as { path?: unknown; problem?: unknown }[]) {
    const path = typeof d.path === 'string' ? d.path : '';
    const m = /^\/schedule\/(\d+)(?:\/(days|from|to|mode))?/.exec(path);
    const key = m
      ? `${m[1]}.${m[2] ?? 'rule'}`
      : path === '/timeZone'
        ? 'timeZone'
        : path === '/mode'
          ? 'mode'
          : '';
    if (!key || byField[key]) continue;
    byField[key] = friendly(key, typeof d.problem === 'string' ? d.problem : '');
  }
  return byField;
}

function friendly(key: string, problem: string): string {
  const field = key.split('.')[1];
  if (key === 'timeZone') return 'Choose a time zone from the list, such as Europe/Paris or UTC.';
  if (field === 'days') return 'Choose at least one day.';
  if (field === 'from') return 'Enter a start time between 00:00 and 23:59.';
  if (field === 'to') return 'Enter an end time (00:00 means midnight).';
  if (field === 'mode') return 'Choose a mode.';
  return problem.replace(/^schedule rule \d+: /, '') || 'Check this rule.';
}

/** One rule of the form: days, times, mode; move and remove. */
function RuleEditor({
  rule,
  index,
  count,
  errors,
  onChange,
  onMove,
  onRemove,
  legendRef,
}: {
  rule: DraftRule;
  index: number;
  count: number;
  errors: Record<string, string>;
  onChange: (r: DraftRule) => void;
  onMove: (by: -1 | 1) => void;
  onRemove: () => void;
  legendRef: (el: HTMLElement | null) => void;
}) {
  const id = useId();
  const err = (f: string) => errors[`${index}.${f}`];
  const from = minutes(rule.from);
  const to = minutes(rule.to);
  const overnight = !rule.allDay && from !== null && to !== null && to < from;
  const sameTimes = !rule.allDay && from !== null && from === to;
  const n = index + 1;
  const daysError = err('days');
  return (
    <li className="schedule-rule">
      <fieldset className="fieldset" aria-describedby={err('rule') ? `${id}-rule-error` : undefined}>
        <legend ref={legendRef} tabIndex={-1}>
          Rule {n}
        </legend>
        {err('rule') && (
          <p id={`${id}-rule-error`} className="field-error">
            {err('rule')}
          </p>
        )}
        <fieldset className="schedule-days" aria-describedby={daysError ? `${id}-days-error` : undefined}>
          <legend>Days</legend>
          {daysError && (
            <p id={`${id}-days-error`} className="field-error">
              {daysError}
            </p>
          )}
          <div className="day-checks">
            {WEEK.map((d) => (
              <label key={d.id} className="day-check">
                <input
                  type="checkbox"
                  checked={rule.days.includes(d.id)}
                  aria-invalid={daysError ? true : undefined}
                  onChange={(e) =>
                    onChange({
                      ...rule,
                      days: e.target.checked ? [...rule.days, d.id] : rule.days.filter((x) => x !== d.id),
                    })
                  }
                />
                <span aria-hidden="true">{d.short}</span>
                <span className="visually-hidden">{d.long}</span>
              </label>
            ))}
          </div>
          <div className="actions">
            {PRESETS.map((p) => (
              <button
                key={p.label}
                type="button"
                className="button button-small button-quiet"
                onClick={() => onChange({ ...rule, days: [...p.days] })}
              >
                {p.label}
                <span className="visually-hidden"> for rule {n}</span>
              </button>
            ))}
          </div>
        </fieldset>
        <div className="check">
          <input
            id={`${id}-allday`}
            type="checkbox"
            checked={rule.allDay}
            onChange={(e) => onChange({ ...rule, allDay: e.target.checked })}
          />
          <label htmlFor={`${id}-allday`}>All day</label>
        </div>
        {!rule.allDay && (
          <div className="schedule-times">
            <RuleTime
              id={`${id}-from`}
              label="From"
              error={err('from')}
              value={rule.from}
              onChange={(v) => onChange({ ...rule, from: v })}
            />
            <RuleTime
              id={`${id}-to`}
              label="Until"
              error={err('to')}
              hintId={`${id}-to-hint`}
              value={rule.to}
              onChange={(v) => onChange({ ...rule, to: v })}
            />
            <p id={`${id}-to-hint`} className="hint schedule-times-hint">
              {sameTimes
                ? 'The same start and end: the rule runs all day.'
                : overnight && to === 0
                  ? 'Runs until midnight.'
                  : overnight
                    ? `Overnight: runs past midnight until ${rule.to} the next day.`
                    : '00:00 means midnight; an end earlier than the start runs overnight.'}
            </p>
          </div>
        )}
        <div className="field">
          <label htmlFor={`${id}-mode`}>Mode</label>
          {err('mode') && (
            <p id={`${id}-mode-error`} className="field-error">
              {err('mode')}
            </p>
          )}
          <select
            id={`${id}-mode`}
            value={rule.mode}
            aria-describedby={[err('mode') ? `${id}-mode-error` : '', `${id}-mode-hint`].join(' ').trim()}
            onChange={(e) => onChange({ ...rule, mode: e.target.value as Mode })}
          >
            {MODES.map((m) => (
              <option key={m.id} value={m.id}>
                {m.label}
              </option>
            ))}
          </select>
          <p id={`${id}-mode-hint`} className="hint">
            {MODES.find((m) => m.id === rule.mode)?.hint}
          </p>
        </div>
        <div className="actions">
          {index > 0 && (
            <ActionButton
              className="button button-small button-quiet"
              what={`rule ${n}`}
              onClick={() => onMove(-1)}
            >
              Move up
            </ActionButton>
          )}
          {index < count - 1 && (
            <ActionButton
              className="button button-small button-quiet"
              what={`rule ${n}`}
              onClick={() => onMove(1)}
            >
              Move down
            </ActionButton>
          )}
          <button type="button" className="button button-small button-danger" onClick={onRemove}>
            Remove rule {n}
          </button>
        </div>
      </fieldset>
    </li>
  );
}

/** A rule's start or end time, with the problem the server found beside it and, by `hintId`, its hint. */
function RuleTime({
  id,
  label,
  error,
  hintId,
  value,
  onChange,
}: {
  id: string;
  label: string;
  error: string | undefined;
  hintId?: string;
  value: string;
  onChange: (value: string) => void;
}) {
  const errorId = error ? `${id}-error` : '';
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {error && (
        <p id={errorId} className="field-error">
          {error}
        </p>
      )}
      <input
        id={id}
        type="time"
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={[errorId, hintId ?? ''].join(' ').trim() || undefined}
        onChange={(e) => onChange(e.target.value)}
      />
    </div>
  );
}

/** The editing form: the default mode, the rules, the time zone; saved in one PUT. */
function ScheduleForm({
  household,
  onSaved,
}: {
  household: HouseholdModeView;
  onSaved: (h: HouseholdModeView) => void;
}) {
  const [mode, setMode] = useState<Mode>(household.mode);
  const [rules, setRules] = useState<DraftRule[]>(() => household.schedule.map(draftOf));
  const [timeZone, setTimeZone] = useState(household.timeZone ?? deviceZone());
  const [saved, setSaved] = useState(false);
  const { busy, error, run } = useAction();
  const zones = useMemo(() => knownTimeZones(timeZone), [timeZone]);
  const legends = useRef(new Map<number, HTMLElement>());
  const focusKey = useRef<number | null>(null);
  const errorsRef = useRef<HTMLDivElement>(null);
  const byField = fieldErrors(error);
  const invalid = Object.keys(byField).length > 0;
  const device = deviceZone();

  // After a refused save, focus goes to the first field the server pointed at.
  useEffect(() => {
    if (invalid) errorsRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [error, invalid]);

  useEffect(() => {
    if (focusKey.current === null) return;
    legends.current.get(focusKey.current)?.focus();
    focusKey.current = null;
  }, [rules]);

  const change = (next: DraftRule[]) => {
    setSaved(false);
    setRules(next);
  };
  const add = () => {
    const r: DraftRule = {
      key: ++keys,
      days: [1, 2, 3, 4, 5],
      from: '09:00',
      to: '17:00',
      allDay: false,
      mode: 'away',
    };
    focusKey.current = r.key;
    change([...rules, r]);
  };
  const move = (i: number, by: -1 | 1) => {
    const next = [...rules];
    const [r] = next.splice(i, 1);
    next.splice(i + by, 0, r!);
    focusKey.current = r!.key;
    change(next);
  };
  const remove = (i: number) => {
    const next = rules.filter((_, k) => k !== i);
    focusKey.current = next[Math.min(i, next.length - 1)]?.key ?? null;
    change(next);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      setSaved(false);
      const next = await put<HouseholdModeView>(`/api/v1/households/${household.id}/mode`, {
        mode,
        schedule: rules.map(ruleOf),
        timeZone,
      });
      onSaved(next);
      setRules(next.schedule.map(draftOf));
      setSaved(true);
    });
  };
  const tzError = byField.timeZone;

  return (
    <form className="form schedule-form" aria-labelledby="schedule-edit" onSubmit={submit} noValidate>
      <h2 id="schedule-edit">Edit the schedule</h2>
      <div ref={errorsRef} className="form">
        <fieldset className="fieldset">
          <legend>Outside the scheduled times</legend>
          {MODES.map((m) => (
            <div className="check" key={m.id}>
              <input
                type="radio"
                id={`default-${m.id}`}
                name="default-mode"
                checked={mode === m.id}
                aria-describedby={`default-${m.id}-hint`}
                onChange={() => {
                  setSaved(false);
                  setMode(m.id);
                }}
              />
              <label htmlFor={`default-${m.id}`}>{m.label}</label>
              <span id={`default-${m.id}-hint`} className="hint">
                {m.hint}
              </span>
            </div>
          ))}
        </fieldset>

        <section aria-labelledby="schedule-rules">
          <h3 id="schedule-rules">Weekly rules</h3>
          <p className="hint">
            Each rule sets the mode on the chosen days between two times. A rule whose end is earlier than its
            start runs overnight. Where rules overlap, the one higher in the list wins.
          </p>
          {rules.length === 0 ? (
            <p>No rules yet: the mode above applies all week.</p>
          ) : (
            <ol className="schedule-rules">
              {rules.map((r, i) => (
                <RuleEditor
                  key={r.key}
                  rule={r}
                  index={i}
                  count={rules.length}
                  errors={byField}
                  legendRef={(el) => {
                    if (el) legends.current.set(r.key, el);
                    else legends.current.delete(r.key);
                  }}
                  onChange={(next) => change(rules.map((x) => (x.key === r.key ? next : x)))}
                  onMove={(by) => move(i, by)}
                  onRemove={() => remove(i)}
                />
              ))}
            </ol>
          )}
          <button type="button" className="button" onClick={add} disabled={rules.length >= 32}>
            Add a rule
          </button>
        </section>

        <div className="field">
          <label htmlFor="schedule-tz">Time zone</label>
          <p id="schedule-tz-hint" className="hint">
            The times of the rules are read in this zone.
            {device && device !== timeZone && ` This device is in ${device}.`}
          </p>
          {tzError && (
            <p id="schedule-tz-error" className="field-error">
              {tzError}
            </p>
          )}
          <select
            id="schedule-tz"
            value={timeZone}
            aria-invalid={tzError ? true : undefined}
            aria-describedby={['schedule-tz-hint', tzError ? 'schedule-tz-error' : ''].join(' ').trim()}
            onChange={(e) => {
              setSaved(false);
              setTimeZone(e.target.value);
            }}
          >
            {zones.map((z) => (
              <option key={z} value={z}>
                {z.replace(/_/g, ' ')}
              </option>
            ))}
          </select>
          {device && device !== timeZone && (
            <div className="actions">
              <button
                type="button"
                className="button button-small button-quiet"
                onClick={() => {
                  setSaved(false);
                  setTimeZone(device);
                }}
              >
                Use this device’s zone ({device})
              </button>
            </div>
          )}
        </div>
      </div>
      <ErrorMessage error={invalid ? 'The schedule was not saved: see the marked fields.' : error} />
      {saved && <Notice>Schedule saved.</Notice>}
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? 'Saving…' : 'Save the schedule'}
        </button>
      </div>
    </form>
  );
}

/** Per-camera alert snoozes: alerts pause, recording carries on. */
function Snoozes({ household }: { household: HouseholdModeView }) {
  const cams = useResource<{ cameras: Camera[] }>(`/api/v1/households/${household.id}/cameras`);
  const [minutesFor, setMinutesFor] = useState(60);
  const { busy, error, run } = useAction();
  const [message, setMessage] = useState<string | null>(null);
  const now = Date.now();
  const set = (c: Camera, until: string | null) =>
    void run(async () => {
      setMessage(null);
      await patch<Camera>(`/api/v1/cameras/${c.id}`, { snoozeUntil: until });
      cams.reload();
      setMessage(
        until
          ? `Alerts from ${c.name} are snoozed until ${inZone(until, household.timeZone ?? 'UTC')}.`
          : `Alerts from ${c.name} are back on.`,
      );
    });
  const list = cams.data?.cameras ?? [];
  return (
    <Section id="snooze" title="Snooze alerts" className="narrow">
      <p className="hint">
        A snooze pauses a camera’s motion alerts for a while; it keeps recording, and doorbell rings still
        alert.
      </p>
      <ErrorMessage error={cams.data ? error : cams.error} />
      {cams.loading && <Loading what="Loading the cameras" />}
      {cams.data && list.length === 0 && <p>No cameras yet.</p>}
      {list.length > 0 && (
        <>
          <div className="field">
            <label htmlFor="snooze-for">Snooze for</label>
            <select
              id="snooze-for"
              value={minutesFor}
              onChange={(e) => setMinutesFor(Number(e.target.value))}
            >
              {SNOOZES.map((s) => (
                <option key={s.minutes} value={s.minutes}>
                  {s.label}
                </option>
              ))}
            </select>
          </div>
          <ul className="snooze-list">
            {list.map((c) => {
              const snoozed = c.snoozeUntil !== null && Date.parse(c.snoozeUntil) > now;
              return (
                <li key={c.id}>
                  <span>
                    <strong>{c.name}</strong>:{' '}
                    {snoozed
                      ? `snoozed until ${inZone(c.snoozeUntil!, household.timeZone ?? 'UTC')}`
                      : 'alerts on'}
                  </span>
                  <span className="actions">
                    <ActionButton
                      className="button button-small"
                      what={c.name}
                      disabled={busy}
                      onClick={() => set(c, new Date(Date.now() + minutesFor * 60_000).toISOString())}
                    >
                      Snooze
                    </ActionButton>
                    {snoozed && (
                      <ActionButton
                        className="button button-small button-quiet"
                        what={`from ${c.name}`}
                        disabled={busy}
                        onClick={() => set(c, null)}
                      >
                        Resume alerts
                      </ActionButton>
                    )}
                  </span>
                </li>
              );
            })}
          </ul>
        </>
      )}
      {message && <Notice>{message}</Notice>}
    </Section>
  );
}

/** /cameras/schedule/:householdId — the schedule, read-only without manage_cameras. */
export function SchedulePage({ householdId }: { householdId: string }) {
  const h = useResource<HouseholdModeView>(`/api/v1/households/${householdId}`);
  const data = h.data;
  const manage = !!data && mayDo(data, 'manage_cameras');
  return (
    <>
      <PageTitle title={data ? `Schedule of ${data.name}` : 'Schedule'}>Schedule</PageTitle>
      <p>
        <Link to="/cameras">All cameras</Link>
      </p>
      <Loaded resource={h} loading="Loading the schedule">
        {(data) => (
          <>
            <section aria-labelledby="schedule-status" className="narrow">
              <h2 id="schedule-status" className="visually-hidden">
                Mode now
              </h2>
              <ModeNow household={data} />
            </section>
            {manage ? (
              <ScheduleForm household={data} onSaved={h.setData} />
            ) : (
              <Section id="schedule-read" title="Weekly schedule" className="narrow">
                {data.schedule.length ? (
                  <ol>
                    {data.schedule.map((r, i) => (
                      <li key={i}>{ruleInWords(r)}</li>
                    ))}
                  </ol>
                ) : (
                  <p>No weekly schedule.</p>
                )}
                <p>Outside these times: {modeLabel(data.mode)}.</p>
                <p className="hint">
                  Only the owner, or a member who may manage cameras, can change the schedule.
                </p>
              </Section>
            )}
            {manage && <Snoozes household={data} />}
          </>
        )}
      </Loaded>
    </>
  );
}
