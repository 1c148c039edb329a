import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import {
  CopyField,
  ErrorMessage,
  Loading,
  Notice,
  PageTitle,
  TableScroll,
  useResource,
} from '../components.js';
import {
  clockTime,
  dayBounds,
  dayInWords,
  dayKey,
  duration,
  mayDo,
  shiftDay,
  shortTime,
  withQuery,
  type Camera,
  type Coverage,
  type Gap,
  type HouseholdModeView,
  type MotionEvent,
  useRingTest,
} from '../lib/cameras.js';
import { ActionButton } from '../lib/forms.js';
import { LivePicture, StatusLine, useLivePicture } from '../lib/live-picture.js';
import { Link, navigate, useLocation } from '../router.js';
import { useWhileVisible } from '../lib/polling.js';

/** An event's start and end in epoch ms (an ongoing event ends now). */
function spanOf(e: MotionEvent, nowMs: number): { start: number; end: number } {
  const start = Date.parse(e.startedAt);
  const end = e.endedAt ? Date.parse(e.endedAt) : nowMs;
  return { start, end: Math.max(end, start) };
}

const peak = (area: number) => `${(area * 100).toFixed(area < 0.1 ? 1 : 0)} %`;

function megabytes(bytes: number): string {
  return bytes < 1_000_000
    ? `${Math.max(1, Math.round(bytes / 1000))} kB`
    : `${(bytes / 1_000_000).toFixed(1)} MB`;
}

/** Words for an event, for labels and headings: "Motion at 14:03:22". */
function eventTitle(e: MotionEvent): string {
  return `${e.kind === 'motion' ? 'Motion' : e.kind} at ${clockTime(Date.parse(e.startedAt))}`;
}

/** The covered interval holding a moment, if any. */
function coveredAt(covered: Coverage['intervals'], ms: number) {
  return covered.find((c) => Date.parse(c.startedAt) <= ms && ms < Date.parse(c.endedAt));
}

/** The event nearest to a moment (distance to its span), preferring events with a ready clip. */
function nearestEvent(events: MotionEvent[], ms: number, nowMs: number): MotionEvent | undefined {
  const distance = (e: MotionEvent) => {
    const s = spanOf(e, nowMs);
    return ms < s.start ? s.start - ms : ms > s.end ? ms - s.end : 0;
  };
  const ready = events.filter((e) => e.clip.status === 'ready');
  return [...(ready.length ? ready : events)].sort((a, b) => distance(a) - distance(b))[0];
}

/**
 * The 24-hour bar: continuous-recording coverage (a band under everything; clicking it picks that moment),
 * offline periods, event marks (arrow keys move between them), the current time.
 */
function DayBar({
  day,
  events,
  gaps,
  covered,
  selected,
  onSelect,
  onPickTime,
  nowMs,
}: {
  day: { start: number; end: number };
  events: MotionEvent[];
  gaps: Gap[];
  covered: Coverage['intervals'];
  selected: string | null;
  onSelect: (id: string) => void;
  onPickTime: (ms: number) => void;
  nowMs: number;
}) {
  const length = day.end - day.start;
  const at = (ms: number) => Math.min(100, Math.max(0, ((ms - day.start) / length) * 100));
  const ordered = useMemo(() => [...events].sort((a, b) => a.startedAt.localeCompare(b.startedAt)), [events]);
  // One tab stop for the whole bar (the selected mark, else the first); arrows move between marks.
  const [focusId, setFocusId] = useState<string | null>(null);
  const tabStop = ordered.find((e) => e.id === (focusId ?? selected))?.id ?? ordered[0]?.id;
  const refs = useRef(new Map<string, HTMLButtonElement>());

  const onKey = (e: KeyboardEvent<HTMLButtonElement>, index: number) => {
    const next =
      e.key === 'ArrowRight' || e.key === 'ArrowDown'
        ? index + 1
        : e.key === 'ArrowLeft' || e.key === 'ArrowUp'
          ? index - 1
          : e.key === 'Home'
            ? 0
            : e.key === 'End'
              ? ordered.length - 1
              : null;
    if (next === null) return;
    e.preventDefault();
    const target = ordered[Math.max(0, Math.min(ordered.length - 1, next))];
    if (!target) return;
    setFocusId(target.id);
    refs.current.get(target.id)?.focus();
  };

  const ticks = [0, 3, 6, 9, 12, 15, 18, 21, 24];
  return (
    <div className="day-bar-wrap">
      <div
        className="day-bar"
        role="group"
        aria-label="Events on the day’s timeline (arrow keys move between them)"
        onClick={(ev) => {
          // Pointer shortcut on the coverage band; the list under the bar offers the same to keyboards.
          if (ev.target !== ev.currentTarget && !(ev.target as HTMLElement).classList.contains('day-cover'))
            return;
          const rect = ev.currentTarget.getBoundingClientRect();
          if (rect.width <= 0) return;
          const ms = day.start + ((ev.clientX - rect.left) / rect.width) * length;
          if (coveredAt(covered, ms)) onPickTime(ms);
        }}
      >
        {covered.map((c) => {
          const start = Math.max(day.start, Date.parse(c.startedAt));
          const end = Math.min(day.end, Date.parse(c.endedAt));
          if (end <= start) return null;
          return (
            <span
              key={c.startedAt}
              className="day-cover"
              style={{ left: `${at(start)}%`, width: `${at(end) - at(start)}%` }}
              title={`Recorded ${shortTime(start)}–${shortTime(end)}`}
              aria-hidden="true"
            />
          );
        })}
        {gaps.map((g) => {
          const start = Math.max(day.start, Date.parse(g.startedAt));
          const end = Math.min(day.end, g.endedAt ? Date.parse(g.endedAt) : nowMs);
          if (end <= start) return null;
          return (
            <span
              key={g.id}
              className="day-gap"
              style={{ left: `${at(start)}%`, width: `${at(end) - at(start)}%` }}
              title={`No recording ${shortTime(start)}–${shortTime(end)}`}
              aria-hidden="true"
            />
          );
        })}
        {nowMs > day.start && nowMs < day.end && (
          <span className="day-now" style={{ left: `${at(nowMs)}%` }} aria-hidden="true" />
        )}
        {ordered.map((e, i) => {
          const s = spanOf(e, nowMs);
          return (
            <button
              key={e.id}
              ref={(el) => {
                if (el) refs.current.set(e.id, el);
                else refs.current.delete(e.id);
              }}
              type="button"
              className="day-mark"
              data-selected={e.id === selected}
              aria-pressed={e.id === selected}
              tabIndex={e.id === tabStop ? 0 : -1}
              style={{ left: `${at(s.start)}%`, width: `${at(s.end) - at(s.start)}%` }}
              aria-label={`${eventTitle(e)}, ${e.endedAt ? duration(s.end - s.start) : 'ongoing'}`}
              onFocus={() => setFocusId(e.id)}
              onKeyDown={(ev) => onKey(ev, i)}
              onClick={() => onSelect(e.id)}
            />
          );
        })}
      </div>
      <div className="day-ticks" aria-hidden="true">
        {ticks.map((h) => (
          <span
            key={h}
            className={h % 6 ? 'day-tick day-tick-minor' : 'day-tick'}
            style={{ left: `${(h / 24) * 100}%` }}
          >
            {String(h).padStart(2, '0')}
          </span>
        ))}
      </div>
    </div>
  );
}

/** The chosen event: its clip in a player, its hash and a download link. */
function EventPlayer({ event, cameraName }: { event: MotionEvent; cameraName: string }) {
  const s = spanOf(event, Date.now());
  const headingId = `event-${event.id}`;
  const stamp = dayKey(s.start) + '-' + clockTime(s.start).replace(/\D/g, '');
  return (
    <section className="event-player" aria-labelledby={headingId}>
      <h3 id={headingId}>{eventTitle(event)}</h3>
      {event.clip.status === 'ready' && event.clip.url ? (
        <>
          <video
            key={event.id}
            className="clip"
            controls
            playsInline
            preload="metadata"
            src={event.clip.url}
            {...(event.snapshotUrl ? { poster: event.snapshotUrl } : {})}
            aria-label={`Clip of ${eventTitle(event).toLowerCase()} on ${cameraName}`}
          />
          <div className="actions">
            <a
              className="button button-small"
              href={event.clip.url}
              download={`porchlight-${cameraName.replace(/[^\w-]+/g, '-')}-${stamp}.mp4`}
            >
              Download the clip{event.clip.sizeBytes ? ` (${megabytes(event.clip.sizeBytes)})` : ''}
            </a>
            {event.snapshotUrl && (
              <a
                className="button button-small button-quiet"
                href={event.snapshotUrl}
                target="_blank"
                rel="noreferrer"
              >
                Open the snapshot
              </a>
            )}
          </div>
          {event.clip.sha256 && (
            <CopyField
              label="SHA-256 of the clip"
              value={event.clip.sha256}
              hint="The fingerprint of the whole file: anyone can check a copy with sha256sum and get the same."
            />
          )}
        </>
      ) : (
        <p className="message message-info">
          {event.clip.status === 'pending'
            ? 'The clip is being prepared: it is finished a few seconds after the motion ends.'
            : event.clip.status === 'failed'
              ? 'The clip of this event could not be built.'
              : 'No clip was recorded for this event (the household was disarmed, or the camera did not record).'}
        </p>
      )}
      <dl className="facts">
        <dt>Started</dt>
        <dd>
          {dayInWords(s.start)}, {clockTime(s.start)}
        </dd>
        <dt>Motion lasted</dt>
        <dd>{event.endedAt ? duration(s.end - s.start) : 'Still going on'}</dd>
        {event.clip.durationMs !== null && (
          <>
            <dt>Clip length</dt>
            <dd>{duration(event.clip.durationMs)} (with the seconds before and after)</dd>
          </>
        )}
        <dt>Zones</dt>
        <dd>{event.zones.length ? event.zones.join(', ') : 'Anywhere in the picture'}</dd>
        <dt>Largest movement</dt>
        <dd>{peak(event.peakArea)} of the picture</dd>
        <dt>Alert</dt>
        <dd>{event.alerted ? 'The mode allowed an alert' : 'No alert (the mode does not alert)'}</dd>
      </dl>
    </section>
  );
}

/** Continuous recording from a moment, a minute at a time, with the way to the nearest event. */
function FootagePlayer({
  cameraId,
  cameraName,
  atMs,
  onShift,
  nearest,
  onNearest,
}: {
  cameraId: string;
  cameraName: string;
  atMs: number;
  onShift: (byMs: number) => void;
  nearest: MotionEvent | undefined;
  onNearest: (id: string) => void;
}) {
  const [failed, setFailed] = useState(false);
  useEffect(() => setFailed(false), [atMs]);
  const src = `/api/v1/cameras/${cameraId}/footage?from=${encodeURIComponent(new Date(atMs).toISOString())}&seconds=60`;
  const stamp = dayKey(atMs) + '-' + clockTime(atMs).replace(/\D/g, '');
  return (
    <section className="event-player" aria-labelledby="footage-heading">
      <h3 id="footage-heading">Recording from {clockTime(atMs)}</h3>
      {failed ? (
        <p className="message message-info">
          This minute cannot be played: nothing was recorded then, or retention has removed it.
        </p>
      ) : (
        <video
          key={src}
          className="clip"
          controls
          playsInline
          preload="metadata"
          src={src}
          onError={() => setFailed(true)}
          aria-label={`Continuous recording of ${cameraName} from ${clockTime(atMs)}`}
        />
      )}
      <div className="actions">
        <button type="button" className="button button-small" onClick={() => onShift(-60_000)}>
          <span aria-hidden="true">←</span>&nbsp;A minute earlier
        </button>
        <button type="button" className="button button-small" onClick={() => onShift(60_000)}>
          A minute later&nbsp;<span aria-hidden="true">→</span>
        </button>
        {!failed && (
          <a
            className="button button-small button-quiet"
            href={src}
            download={`porchlight-${cameraName.replace(/[^\w-]+/g, '-')}-${stamp}.mp4`}
          >
            Download this minute
          </a>
        )}
        {nearest && (
          <button
            type="button"
            className="button button-small button-quiet"
            onClick={() => onNearest(nearest.id)}
          >
            Nearest event, at {clockTime(Date.parse(nearest.startedAt))}
          </button>
        )}
      </div>
      <p className="hint">
        A minute of the continuous recording, joined from the stored segments without re-encoding; it starts
        at the nearest picture the camera sent in full, a moment before the time chosen.
      </p>
    </section>
  );
}

/** The day's events as a table: picture, time, duration, zones, peak area, and a button to play each. */
function EventTable({
  events,
  selected,
  onSelect,
  nowMs,
}: {
  events: MotionEvent[];
  selected: string | null;
  onSelect: (id: string) => void;
  nowMs: number;
}) {
  return (
    <TableScroll label="Events of the day">
      <table className="event-table">
        <thead>
          <tr>
            <th scope="col">Picture</th>
            <th scope="col">Time</th>
            <th scope="col">Duration</th>
            <th scope="col">Zones</th>
            <th scope="col" className="num">
              Peak area
            </th>
            <th scope="col">Clip</th>
          </tr>
        </thead>
        <tbody>
          {events.map((e) => {
            const s = spanOf(e, nowMs);
            const title = eventTitle(e);
            return (
              <tr key={e.id} aria-current={e.id === selected ? 'true' : undefined}>
                <td className="thumb-cell">
                  {e.thumbnailUrl ? (
                    <img
                      className="thumb"
                      src={e.thumbnailUrl}
                      alt={`Picture of ${title.toLowerCase()}`}
                      loading="lazy"
                    />
                  ) : (
                    <span className="thumb thumb-none">No picture</span>
                  )}
                </td>
                <th scope="row">
                  <time dateTime={e.startedAt}>{clockTime(s.start)}</time>
                  {e.alerted && <span className="sub">Alerted</span>}
                </th>
                <td>{e.endedAt ? duration(s.end - s.start) : 'Ongoing'}</td>
                <td>{e.zones.length ? e.zones.join(', ') : '—'}</td>
                <td className="num">{peak(e.peakArea)}</td>
                <td className="row-actions">
                  {e.clip.status === 'ready' ? (
                    <button
                      type="button"
                      className={
                        e.id === selected ? 'button button-small button-primary' : 'button button-small'
                      }
                      aria-pressed={e.id === selected}
                      onClick={() => onSelect(e.id)}
                    >
                      {e.id === selected ? 'Playing' : 'Play'}
                      <span className="visually-hidden"> clip of {title.toLowerCase()}</span>
                    </button>
                  ) : (
                    <button
                      type="button"
                      className="button button-small button-quiet"
                      onClick={() => onSelect(e.id)}
                    >
                      {e.clip.status === 'pending' ? 'Preparing…' : 'No clip'}
                      <span className="visually-hidden"> for {title.toLowerCase()}; show details</span>
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </TableScroll>
  );
}

/** The timeline of one day (A6): day picker, 24-hour bar, event list and the player. */
function Timeline({ camera }: { camera: Camera }) {
  const { pathname } = useLocation();
  const query = new URLSearchParams(window.location.search);
  const today = dayKey(Date.now());
  const day = dayBounds(query.get('day') ?? '') ? query.get('day')! : today;
  const bounds = dayBounds(day)!;
  const selected = query.get('event');
  const [nowMs, setNowMs] = useState(() => Date.now());
  const range = `from=${encodeURIComponent(new Date(bounds.start).toISOString())}&to=${encodeURIComponent(
    new Date(bounds.end).toISOString(),
  )}`;
  const events = useResource<{ events: MotionEvent[] }>(
    `/api/v1/cameras/${camera.id}/events?${range}&limit=500`,
  );
  const recordings = useResource<{ gaps: Gap[] }>(
    `/api/v1/cameras/${camera.id}/recordings?${range}&limit=500`,
  );
  const coverage = useResource<Coverage>(`/api/v1/cameras/${camera.id}/coverage?${range}`);
  const covered = coverage.data?.intervals ?? [];
  // The moment continuous recording plays from, when one was picked on the band or in the list.
  const [footageAt, setFootageAt] = useState<number | null>(null);
  const list = events.data?.events ?? [];
  const isToday = day === today;
  const pending = list.some((e) => e.clip.status === 'pending' || !e.endedAt);
  const refresh = useCallback(() => {
    setNowMs(Date.now());
    events.reload();
    recordings.reload();
    coverage.reload();
  }, [events.reload, recordings.reload, coverage.reload]);
  // Today's timeline (and any clip still being built) stays current while it is on screen.
  useWhileVisible(refresh, isToday || pending ? 10_000 : 3_600_000);

  const go = (values: Record<string, string | null>) =>
    navigate(withQuery(pathname, values), { replace: true });
  const chosen = list.find((e) => e.id === selected) ?? null;
  const player = useRef<HTMLDivElement>(null);
  const reveal = () =>
    requestAnimationFrame(() => player.current?.scrollIntoView({ block: 'nearest', behavior: 'smooth' }));
  const select = (id: string) => {
    setFootageAt(null);
    go({ event: id });
    reveal();
  };
  // A moment of covered time plays the continuous recording from there (whole seconds).
  const pickTime = (ms: number) => {
    setFootageAt(Math.floor(ms / 1000) * 1000);
    if (selected) go({ event: null });
    reveal();
  };
  const nearFootage = footageAt === null ? undefined : nearestEvent(list, footageAt, nowMs);

  return (
    <section aria-labelledby="timeline">
      <h2 id="timeline">Timeline</h2>
      <div className="day-picker">
        <button
          type="button"
          className="button button-small"
          onClick={() => go({ day: shiftDay(day, -1), event: null })}
        >
          <span aria-hidden="true">←</span>Previous day
        </button>
        <div className="field day-field">
          <label htmlFor="timeline-day">Day</label>
          <input
            id="timeline-day"
            type="date"
            value={day}
            max={today}
            onChange={(e) => dayBounds(e.target.value) && go({ day: e.target.value, event: null })}
          />
        </div>
        <button
          type="button"
          className="button button-small"
          disabled={isToday}
          onClick={() => go({ day: shiftDay(day, 1), event: null })}
        >
          Next day<span aria-hidden="true">→</span>
        </button>
        {!isToday && (
          <button
            type="button"
            className="button button-small button-quiet"
            onClick={() => go({ day: null, event: null })}
          >
            Today
          </button>
        )}
      </div>
      <p className="day-summary" role="status">
        {dayInWords(bounds.start)}:{' '}
        {events.data ? `${list.length} ${list.length === 1 ? 'event' : 'events'}` : 'loading events'}
        {coverage.data && `, recorded ${duration(coverage.data.coveredMs)}`}
        {recordings.data &&
          recordings.data.gaps.length > 0 &&
          `, ${recordings.data.gaps.length} without recording`}
      </p>
      <ErrorMessage error={events.data ? null : events.error} />
      <DayBar
        day={bounds}
        events={list}
        gaps={recordings.data?.gaps ?? []}
        covered={covered}
        selected={selected}
        onSelect={select}
        onPickTime={pickTime}
        nowMs={nowMs}
      />
      <p className="day-legend hint">
        <span className="legend-mark" aria-hidden="true" /> Motion event{' '}
        <span className="legend-cover" aria-hidden="true" /> Recorded continuously{' '}
        <span className="legend-gap" aria-hidden="true" /> No recording (camera offline or restarting)
      </p>
      {covered.length > 0 && (
        <details className="gaps coverage">
          <summary>
            Recorded continuously ({covered.length} {covered.length === 1 ? 'period' : 'periods'})
          </summary>
          <ul>
            {covered.map((c) => {
              const start = Math.max(bounds.start, Date.parse(c.startedAt));
              const end = Math.min(bounds.end, Date.parse(c.endedAt));
              return (
                <li key={c.startedAt}>
                  {clockTime(start)} – {clockTime(end)} ({duration(end - start)}){' '}
                  <button
                    type="button"
                    className="button button-small button-quiet"
                    onClick={() => pickTime(start)}
                  >
                    Play<span className="visually-hidden"> the recording from {clockTime(start)}</span>
                  </button>
                </li>
              );
            })}
          </ul>
        </details>
      )}
      {recordings.data && recordings.data.gaps.length > 0 && (
        <details className="gaps">
          <summary>Periods without recording ({recordings.data.gaps.length})</summary>
          <ul>
            {recordings.data.gaps.map((g) => (
              <li key={g.id}>
                {clockTime(Math.max(bounds.start, Date.parse(g.startedAt)))} –{' '}
                {g.endedAt ? clockTime(Math.min(bounds.end, Date.parse(g.endedAt))) : 'now'}: {g.reason}
              </li>
            ))}
          </ul>
        </details>
      )}
      <div ref={player}>
        {footageAt !== null ? (
          <FootagePlayer
            cameraId={camera.id}
            cameraName={camera.name}
            atMs={footageAt}
            onShift={(by) => setFootageAt(footageAt + by)}
            nearest={nearFootage}
            onNearest={select}
          />
        ) : chosen ? (
          <EventPlayer event={chosen} cameraName={camera.name} />
        ) : (
          selected && events.data && <p>That event is not on this day.</p>
        )}
      </div>
      {events.loading ? (
        <Loading what="Loading events" />
      ) : events.data && list.length === 0 ? (
        <p>No motion on this day.</p>
      ) : (
        events.data && <EventTable events={list} selected={selected} onSelect={select} nowMs={nowMs} />
      )}
    </section>
  );
}

/** One camera (A1, A6): live picture and status, ring test, and the timeline of a day with clips. */
export function CameraDetailPage({ cameraId }: { cameraId: string }) {
  const cam = useResource<Camera>(`/api/v1/cameras/${cameraId}`);
  const household = useResource<HouseholdModeView>(
    cam.data ? `/api/v1/households/${cam.data.householdId}` : null,
  );
  useWhileVisible(cam.reload, 5000);
  const c = cam.data;
  const h = household.data;
  const live = !!h && mayDo(h, 'view_live');
  const picture = useLivePicture(live && c?.enabled ? cameraId : null, 1000);
  const { busy, error, rang, setRang, ring } = useRingTest();
  useEffect(() => setRang(null), [cameraId, setRang]);

  return (
    <>
      <PageTitle title={c?.name ?? 'Camera'}>{c?.name ?? 'Camera'}</PageTitle>
      <p>
        <Link to="/cameras">All cameras</Link>
        {c && h && mayDo(h, 'manage_cameras') && (
          <>
            {' · '}
            <Link to={`/cameras/${c.id}/settings`}>Settings</Link>
          </>
        )}
      </p>
      <ErrorMessage error={c ? null : cam.error} />
      <ErrorMessage error={household.error} />
      {(!c || !h) && !cam.error && !household.error && <Loading what="Loading the camera" />}
      {c && h && (
        <>
          <section aria-labelledby="live" className="camera-live">
            <h2 id="live" className="visually-hidden">
              Live
            </h2>
            {live && <LivePicture camera={c} picture={picture} />}
            <div className="camera-side">
              <StatusLine camera={c} frameAtMs={picture.atMs} />
              {live && (
                <div className="actions">
                  <ActionButton disabled={busy} onClick={() => ring(c)}>
                    Ring test
                  </ActionButton>
                </div>
              )}
              <ErrorMessage error={error} />
              {rang && <Notice>Rang {c.name}: every device with alerts on should ring now.</Notice>}
              {!live && <p className="hint">You may not watch this camera live.</p>}
            </div>
          </section>
          {mayDo(h, 'view_recordings') ? (
            <Timeline camera={c} />
          ) : (
            <p>You may not play this camera’s recordings. Ask the household’s owner for “View recordings”.</p>
          )}
        </>
      )}
    </>
  );
}
