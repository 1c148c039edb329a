import { useEffect, useState } from 'react';
import { post } from '../api.js';
import { ErrorMessage, Loading, Notice, PageTitle, useAction, useResource } from '../components.js';
import {
  mayDo,
  MODES,
  modeLabel,
  put,
  serverHasRoute,
  shortTime,
  type Camera,
  type HouseholdModeView,
  type Mode,
  type ScheduleRule,
  useRingTest,
} from '../lib/cameras.js';
import { ActionButton, Loaded } from '../lib/forms.js';
import { LivePicture, StatusLine, useLivePicture } from '../lib/live-picture.js';
import { useWhileVisible } from '../lib/polling.js';
import { Link, useLocation } from '../router.js';
import { CameraDetailPage } from './camera-detail.js';
import { AddCameraPage, EditCameraPage } from './camera-settings.js';
import { NotFoundPage } from './areas.js';
import { SchedulePage } from './schedule.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DEMO_ROUTE = '/api/v1/households/{id}/cameras/demo';

/** The cameras area: /cameras, /cameras/new, /cameras/:id, /cameras/:id/settings. */
export function CamerasArea() {
  const { pathname } = useLocation();
  const parts = pathname.split('/').filter(Boolean).slice(1);
  if (parts.length === 0) return <CamerasPage />;
  if (parts.length === 1 && parts[0] === 'new') return <AddCameraPage />;
  if (parts.length === 2 && parts[0] === 'schedule' && UUID.test(parts[1]!))
    return <SchedulePage key={parts[1]} householdId={parts[1]!} />;
  const id = parts[0]!;
  if (!UUID.test(id)) return <NotFoundPage />;
  if (parts.length === 1) return <CameraDetailPage key={id} cameraId={id} />;
  if (parts.length === 2 && parts[1] === 'settings') return <EditCameraPage key={id} cameraId={id} />;
  return <NotFoundPage />;
}

/** The household's mode: Home / Away / Disarmed, as three pressed-or-not buttons (or words, to members). */
export function ModeSwitch({
  household,
  onChanged,
}: {
  household: HouseholdModeView;
  onChanged: (h: HouseholdModeView) => void;
}) {
  const { busy, error, run } = useAction();
  const [message, setMessage] = useState<string | null>(null);
  const manage = mayDo(household, 'manage_cameras');
  const current = MODES.find((m) => m.id === household.mode)!;
  const set = (mode: Mode) =>
    void run(async () => {
      setMessage(null);
      const next = await put<HouseholdModeView>(`/api/v1/households/${household.id}/mode`, { mode });
      onChanged(next);
      setMessage(`${household.name} is now in ${modeLabel(next.mode)} mode.`);
    });
  const labelId = `mode-${household.id}`;
  return (
    <div className="mode-switch">
      <p id={labelId} className="mode-label">
        Mode
      </p>
      {manage ? (
        <div className="segmented" role="group" aria-labelledby={labelId}>
          {MODES.map((m) => (
            <button
              key={m.id}
              type="button"
              className="segment"
              aria-pressed={household.mode === m.id}
              disabled={busy}
              onClick={() => household.mode !== m.id && set(m.id)}
            >
              {household.mode === m.id && <span aria-hidden="true">✓ </span>}
              {m.label}
            </button>
          ))}
        </div>
      ) : (
        <p className="mode-now">
          <strong>{current.label}</strong>
        </p>
      )}
      <p className="hint mode-hint">
        {current.hint} Doorbell rings always alert.
        {household.schedule.length > 0 && (
          <>
            {' '}
            A weekly schedule changes the mode at set times: <ScheduleSummary schedule={household.schedule} />
          </>
        )}
      </p>
      {household.modeNow && household.modeNow.source === 'schedule' && (
        <p className="mode-now-line">
          Now <strong>{modeLabel(household.modeNow.mode)}</strong> by the schedule
          {household.modeNow.nextChange &&
            `, until ${shortTime(Date.parse(household.modeNow.nextChange.at))}`}
          .
        </p>
      )}
      <p>
        <Link to={`/cameras/schedule/${household.id}`}>
          {manage ? 'Edit the weekly schedule' : 'See the weekly schedule'}
          <span className="visually-hidden"> of {household.name}</span>
        </Link>
      </p>
      <ErrorMessage error={error} />
      {message && <Notice>{message}</Notice>}
    </div>
  );
}

const DAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

function ScheduleSummary({ schedule }: { schedule: ScheduleRule[] }) {
  return (
    <>
      {schedule
        .map(
          (r) =>
            `${[...r.days]
              .sort()
              .map((d) => DAY_NAMES[d])
              .join(', ')} ${r.from}–${r.to} ${modeLabel(r.mode)}`,
        )
        .join('; ')}
      .
    </>
  );
}

function CameraTile({ camera, household }: { camera: Camera; household: HouseholdModeView }) {
  const live = mayDo(household, 'view_live');
  const recordings = mayDo(household, 'view_recordings');
  const manage = mayDo(household, 'manage_cameras');
  const picture = useLivePicture(live && camera.enabled ? camera.id : null, 1000);
  const { busy, error, rang, ring } = useRingTest();
  const headingId = `camera-${camera.id}`;
  return (
    <li className="camera-tile" aria-labelledby={headingId}>
      <h3 id={headingId}>
        {live || recordings ? <Link to={`/cameras/${camera.id}`}>{camera.name}</Link> : camera.name}
      </h3>
      {live && <LivePicture camera={camera} picture={picture} />}
      <StatusLine camera={camera} frameAtMs={picture.atMs} />
      <div className="actions">
        {recordings && (
          <Link className="button button-small" to={`/cameras/${camera.id}`}>
            Timeline<span className="visually-hidden"> of {camera.name}</span>
          </Link>
        )}
        {live && (
          <ActionButton
            className="button button-small"
            what={camera.name}
            disabled={busy}
            onClick={() => ring(camera)}
          >
            Ring test
          </ActionButton>
        )}
        {manage && (
          <Link className="button button-small button-quiet" to={`/cameras/${camera.id}/settings`}>
            Settings<span className="visually-hidden"> of {camera.name}</span>
          </Link>
        )}
      </div>
      <ErrorMessage error={error} />
      {rang && <Notice>Rang {camera.name}: every device with alerts on should ring now.</Notice>}
    </li>
  );
}

function EmptyCameras({ household, onAdded }: { household: HouseholdModeView; onAdded: () => void }) {
  const [demo, setDemo] = useState(false);
  const { busy, error, run } = useAction();
  const manage = mayDo(household, 'manage_cameras') && (household.isOwner || household.cameraIds === null);
  useEffect(() => {
    let live = true;
    if (manage) void serverHasRoute(DEMO_ROUTE).then((has) => live && setDemo(has));
    return () => {
      live = false;
    };
  }, [manage]);
  if (!manage)
    return <p>{household.name} has no cameras you may see. The household’s owner can add or share one.</p>;
  return (
    <div className="empty-state">
      <h3>No cameras yet</h3>
      <p>
        Add a camera by its stream address (RTSP or HTTP); Porchlight records it here, on this hub, and finds
        motion in it.
      </p>
      <ErrorMessage error={error} />
      <div className="actions">
        <Link className="button button-primary" to={`/cameras/new?household=${household.id}`}>
          Add camera
        </Link>
        {demo && (
          <button
            type="button"
            className="button"
            disabled={busy}
            aria-describedby={`demo-${household.id}`}
            onClick={() =>
              void run(async () => {
                await post(`/api/v1/households/${household.id}/cameras/demo`);
                onAdded();
              })
            }
          >
            {busy ? 'Adding the demo camera…' : 'Add a demo camera'}
          </button>
        )}
      </div>
      {demo && (
        <p id={`demo-${household.id}`} className="hint">
          The demo camera is a made-up doorbell scene streamed like a real camera: see motion events and
          alerts within a minute, then remove it.
        </p>
      )}
    </div>
  );
}

function HouseholdCameras({ summary, single }: { summary: HouseholdModeView; single: boolean }) {
  const detail = useResource<HouseholdModeView>(`/api/v1/households/${summary.id}`);
  const cams = useResource<{ cameras: Camera[] }>(`/api/v1/households/${summary.id}/cameras`);
  // Status badges follow the pipeline without reloading the page.
  useWhileVisible(cams.reload, 5000);
  const h = detail.data;
  const mayAdd = h && mayDo(h, 'manage_cameras') && (h.isOwner || h.cameraIds === null);
  const headingId = `household-${summary.id}`;
  return (
    <section aria-labelledby={headingId} className="household-cameras">
      <div className="section-head">
        <h2 id={headingId}>
          {single ? (
            <>
              <span className="eyebrow">Household</span> {summary.name}
            </>
          ) : (
            summary.name
          )}
        </h2>
        {mayAdd && cams.data && cams.data.cameras.length > 0 && (
          <Link className="button button-small" to={`/cameras/new?household=${summary.id}`}>
            Add camera<span className="visually-hidden"> to {summary.name}</span>
          </Link>
        )}
      </div>
      <ErrorMessage error={detail.error ?? (cams.data ? null : cams.error)} />
      {h && <ModeSwitch household={h} onChanged={detail.setData} />}
      {!cams.data || !h ? (
        !cams.error && <Loading what={`Loading the cameras of ${summary.name}`} />
      ) : cams.data.cameras.length === 0 ? (
        <EmptyCameras household={h} onAdded={cams.reload} />
      ) : (
        <ul className="camera-grid">
          {cams.data.cameras.map((c) => (
            <CameraTile key={c.id} camera={c} household={h} />
          ))}
        </ul>
      )}
    </section>
  );
}

/** Cameras (A1, A2, A6): every camera I may see, live, with its status, the ring test and the mode switch. */
export function CamerasPage() {
  const list = useResource<{ households: HouseholdModeView[] }>('/api/v1/households');
  const removed = new URLSearchParams(window.location.search).get('removed');
  return (
    <>
      <PageTitle>Cameras</PageTitle>
      {removed && <Notice>{removed} was removed.</Notice>}
      <Loaded resource={list} loading="Loading your households">
        {({ households }) =>
          households.length === 0 ? (
            <p>
              You have no household yet. <Link to="/household">Create your household</Link> to add cameras.
            </p>
          ) : (
            households.map((h) => (
              <HouseholdCameras key={h.id} summary={h} single={households.length === 1} />
            ))
          )
        }
      </Loaded>
    </>
  );
}
