import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { del, patch, post } from '../api.js';
import {
  CopyField,
  ErrorMessage,
  Field,
  Loading,
  Notice,
  PageTitle,
  Select,
  useAction,
  useResource,
} from '../components.js';
import {
  mayDo,
  PROBE_PROBLEMS,
  type Camera,
  type CameraSettings,
  type HouseholdModeView,
  type ProbeResult,
} from '../lib/cameras.js';
import { Confirm, Section, SubmitForm, TextField, WholeNumberField, useSubmit } from '../lib/forms.js';
import { useLivePicture } from '../lib/live-picture.js';
import { shapeProblems, ZoneEditor, type Shapes } from '../lib/zone-editor.js';
import { Link, navigate } from '../router.js';

/** The settings a new camera starts with (the server's defaults). */
const DEFAULT_SETTINGS: CameraSettings = {
  motion: { sensitivity: 'medium', detectFps: 5, detectWidth: 320, zones: [], masks: [] },
  privacyZones: [],
  recording: { continuous: true, preRollSeconds: 5, postRollSeconds: 5, audio: false },
  alerts: { cooldownSeconds: 60, quietHours: null },
};

/** A checkbox with its label and a hint beneath. */
function Check({
  label,
  hint,
  checked,
  onChange,
  name,
}: {
  label: string;
  hint?: ReactNode;
  checked: boolean;
  onChange: (checked: boolean) => void;
  name: string;
}) {
  const id = useId();
  return (
    <div className="check">
      <input
        type="checkbox"
        id={id}
        name={name}
        checked={checked}
        aria-describedby={hint ? `${id}-hint` : undefined}
        onChange={(e) => onChange(e.target.checked)}
      />
      <label htmlFor={id}>{label}</label>
      {hint && (
        <span id={`${id}-hint`} className="hint">
          {hint}
        </span>
      )}
    </div>
  );
}

/** The classified answer of "Test connection", announced when it arrives. */
function ProbeAnswer({ result }: { result: ProbeResult }) {
  if (result.ok && result.video)
    return (
      <p className="probe probe-ok">
        <span aria-hidden="true">✓ </span>
        <strong>Connected.</strong> Video {result.video.codec.toUpperCase()}, {result.video.width} ×{' '}
        {result.video.height}.
      </p>
    );
  return (
    <p className="probe probe-problem">
      <span aria-hidden="true">✕ </span>
      <strong>{(result.problem && PROBE_PROBLEMS[result.problem]) ?? 'Not usable'}:</strong> {result.message}
    </p>
  );
}

/** A stream URL field with a "Test connection" button beside it. */
function StreamField({
  householdId,
  label,
  name,
  value,
  onChange,
  required,
  hint,
}: {
  householdId: string;
  label: string;
  name: string;
  value: string;
  onChange: (v: string) => void;
  required?: boolean;
  hint: ReactNode;
}) {
  const [result, setResult] = useState<ProbeResult | null>(null);
  const { busy, error, setError, run } = useAction();
  const test = () => {
    setResult(null);
    if (!value.trim()) return setError(`Enter ${label.toLowerCase()} to test it.`);
    void run(async () => {
      setResult(
        await post<ProbeResult>(`/api/v1/households/${householdId}/cameras/test-connection`, {
          url: value.trim(),
        }),
      );
    });
  };
  return (
    <div className="stream-field">
      <Field
        label={label}
        name={name}
        required={required}
        autoComplete="off"
        spellCheck={false}
        maxLength={2048}
        inputMode="url"
        hint={hint}
        value={value}
        onChange={(e) => {
          setResult(null);
          onChange(e.target.value);
        }}
      />
      <div className="actions">
        <button type="button" className="button button-small" onClick={test} disabled={busy}>
          {busy ? 'Testing…' : 'Test connection'}
          <span className="visually-hidden"> of {label.toLowerCase()}</span>
        </button>
      </div>
      <ErrorMessage error={error} />
      <div role="status" aria-live="polite">
        {result && <ProbeAnswer result={result} />}
      </div>
    </div>
  );
}

/** The doorbell device token, shown once, and how a button uses it. */
function DeviceToken({ cameraId, token }: { cameraId: string; token: string }) {
  const curl = `curl -X POST -H "Authorization: Bearer ${token}" ${window.location.origin}/api/v1/cameras/${cameraId}/ring`;
  return (
    <div className="issued">
      <h3>Doorbell device token</h3>
      <p>
        A doorbell button (or a script, or a home-automation rule) rings this camera by sending this token. It
        is shown only now: copy it into the button’s settings. You can issue a new one later, which stops this
        one.
      </p>
      <CopyField label="Device token" value={token} />
      <CopyField
        label="Ring from a command line"
        value={curl}
        hint="The request a doorbell button sends when pressed."
      />
      {/* The whole command, wrapped, for reading on a small screen; the field above is what is copied. */}
      <pre className="command" aria-hidden="true">
        <code>{curl}</code>
      </pre>
    </div>
  );
}

/** What the form edits: the camera's fields, in form-friendly shapes. */
interface Draft {
  name: string;
  mainUrl: string;
  detectUrl: string;
  removeDetect: boolean;
  enabled: boolean;
  acceptsRequests: boolean;
  sensitivity: CameraSettings['motion']['sensitivity'];
  detectFps: string;
  detectWidth: string;
  continuous: boolean;
  audio: boolean;
  preRoll: string;
  postRoll: string;
  cooldown: string;
  quiet: boolean;
  quietStart: string;
  quietEnd: string;
  shapes: Shapes;
}

/** The fields of a Draft edited as text, and those edited with a checkbox. */
type TextKey =
  'name' | 'detectFps' | 'detectWidth' | 'preRoll' | 'postRoll' | 'cooldown' | 'quietStart' | 'quietEnd';
type FlagKey = 'removeDetect' | 'enabled' | 'acceptsRequests' | 'continuous' | 'audio' | 'quiet';

const SENSITIVITIES = [
  ['low', 'Low'],
  ['medium', 'Medium'],
  ['high', 'High'],
] as const;

function draftOf(camera: Camera | null): Draft {
  const s = camera?.settings ?? DEFAULT_SETTINGS;
  return {
    name: camera?.name ?? '',
    mainUrl: '',
    detectUrl: '',
    removeDetect: false,
    enabled: camera?.enabled ?? true,
    acceptsRequests: camera?.acceptsRequests ?? false,
    sensitivity: s.motion.sensitivity,
    detectFps: String(s.motion.detectFps),
    detectWidth: String(s.motion.detectWidth),
    continuous: s.recording.continuous,
    audio: s.recording.audio,
    preRoll: String(s.recording.preRollSeconds),
    postRoll: String(s.recording.postRollSeconds),
    cooldown: String(s.alerts.cooldownSeconds),
    quiet: s.alerts.quietHours !== null,
    quietStart: s.alerts.quietHours?.start ?? '22:00',
    quietEnd: s.alerts.quietHours?.end ?? '07:00',
    shapes: { zones: s.motion.zones, masks: s.motion.masks, privacy: s.privacyZones },
  };
}

function settingsOf(d: Draft): CameraSettings {
  return {
    motion: {
      sensitivity: d.sensitivity,
      detectFps: Number(d.detectFps),
      detectWidth: Number(d.detectWidth),
      zones: d.shapes.zones.map((z) => ({ ...z, name: z.name.trim() })),
      masks: d.shapes.masks,
    },
    privacyZones: d.shapes.privacy,
    recording: {
      continuous: d.continuous,
      audio: d.audio,
      preRollSeconds: Number(d.preRoll),
      postRollSeconds: Number(d.postRoll),
    },
    alerts: {
      cooldownSeconds: Number(d.cooldown),
      quietHours: d.quiet ? { start: d.quietStart, end: d.quietEnd } : null,
    },
  };
}

/** The form for adding (camera null) or changing a camera. */
function CameraForm({
  householdId,
  camera,
  onSaved,
}: {
  householdId: string;
  camera: Camera | null;
  onSaved: (camera: Camera, deviceToken: string | null) => void;
}) {
  const [d, setD] = useState<Draft>(() => draftOf(camera));
  const [pictureKey, setPictureKey] = useState(0);
  const [shapeError, setShapeError] = useState<string[]>([]);
  const state = useSubmit();
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => setD((x) => ({ ...x, [k]: v }));
  // The name, value and onChange of the field or checkbox that edits `k`.
  const text = (k: TextKey) => ({ name: k, value: d[k], onChange: (v: string) => set(k, v) });
  const flag = (k: FlagKey) => ({ name: k, checked: d[k], onChange: (v: boolean) => set(k, v) });
  const still = useLivePicture(camera?.enabled ? camera.id : null, 0, pictureKey);
  const [saved, setSaved] = useState<string | null>(null);
  const [picture, setPicture] = useState<string | null>(null);
  // A fresh still for each "Take a new picture"; the previous one stays while the next loads.
  useEffect(() => {
    if (still.src) setPicture(still.src);
  }, [still.src]);

  const save = () => {
    const problems = shapeProblems(d.shapes);
    setShapeError(problems);
    setSaved(null);
    if (problems.length) {
      document.getElementById('zone-problems')?.focus();
      return;
    }
    void state.run(async () => {
      const settings = settingsOf(d);
      if (!camera) {
        const r = await post<{ camera: Camera; deviceToken: string }>(
          `/api/v1/households/${householdId}/cameras`,
          {
            name: d.name.trim(),
            mainUrl: d.mainUrl.trim(),
            detectUrl: d.detectUrl.trim() || null,
            enabled: d.enabled,
            acceptsRequests: d.acceptsRequests,
            settings,
          },
        );
        onSaved(r.camera, r.deviceToken);
        return;
      }
      const body: Record<string, unknown> = {
        name: d.name.trim(),
        enabled: d.enabled,
        acceptsRequests: d.acceptsRequests,
        settings,
      };
      // The stored URLs keep their passwords; an empty field keeps them unchanged.
      if (d.mainUrl.trim()) body.mainUrl = d.mainUrl.trim();
      if (d.removeDetect) body.detectUrl = null;
      else if (d.detectUrl.trim()) body.detectUrl = d.detectUrl.trim();
      const next = await patch<Camera>(`/api/v1/cameras/${camera.id}`, body);
      setD((x) => ({ ...x, mainUrl: '', detectUrl: '', removeDetect: false }));
      setSaved(`Saved. ${next.enabled ? 'The camera restarts with the change.' : 'The camera is off.'}`);
      onSaved(next, null);
    });
  };

  return (
    <SubmitForm
      label={camera ? `Settings of ${camera.name}` : 'Add a camera'}
      className="form camera-form"
      state={state}
      onValid={save}
      submit={camera ? 'Save settings' : 'Add camera'}
      busyText={camera ? 'Saving…' : 'Adding…'}
    >
      <fieldset className="fieldset">
        <legend>Camera</legend>
        <TextField
          label="Name"
          required
          maxLength={100}
          hint="For you and your household, for example “Front door”."
          {...text('name')}
        />
        <StreamField
          householdId={householdId}
          label={camera ? 'New main stream URL (optional)' : 'Main stream URL'}
          name="mainUrl"
          required={!camera}
          value={d.mainUrl}
          onChange={(v) => set('mainUrl', v)}
          hint={
            camera ? (
              <>
                Now <code>{camera.mainUrl}</code> (password hidden). Leave empty to keep it.
              </>
            ) : (
              <>
                The full-quality stream that is recorded, for example{' '}
                <code>rtsp://user:password@192.168.1.20:554/stream1</code>.
              </>
            )
          }
        />
        <StreamField
          householdId={householdId}
          label={
            camera?.detectUrl ? 'New detect sub-stream URL (optional)' : 'Detect sub-stream URL (optional)'
          }
          name="detectUrl"
          value={d.detectUrl}
          onChange={(v) => set('detectUrl', v)}
          hint={
            camera?.detectUrl ? (
              <>
                Now <code>{camera.detectUrl}</code>. Leave empty to keep it.
              </>
            ) : (
              'A smaller stream of the same camera used to look for motion, which saves processor time. Without one, motion is detected on the main stream.'
            )
          }
        />
        {camera?.detectUrl && (
          <Check
            label="Stop using the sub-stream"
            hint="Detect motion on the main stream instead."
            {...flag('removeDetect')}
          />
        )}
        <Check
          label="Camera on"
          hint="When off, nothing is recorded or detected and the live picture stops."
          {...flag('enabled')}
        />
      </fieldset>

      <fieldset className="fieldset">
        <legend>Community footage requests</legend>
        <Check
          label="This camera accepts footage requests"
          hint="Agencies may then ask, under the community’s approved use policy, for clips from a time and area; you decide each time, clip by clip, and a decline is never shown to anyone. The community and agencies only ever learn counts of cameras per coarse area, never which camera is yours or where it is."
          {...flag('acceptsRequests')}
        />
      </fieldset>

      <fieldset className="fieldset">
        <legend>Motion detection</legend>
        <div className="field-row">
          <Select
            label="Sensitivity"
            name="sensitivity"
            hint="High notices small movements; low only larger ones."
            value={d.sensitivity}
            options={SENSITIVITIES}
            onChange={(v) => set('sensitivity', v as Draft['sensitivity'])}
          />
          <WholeNumberField
            label="Frames analysed per second"
            min={1}
            max={15}
            hint="1 to 15; more notices quick motion sooner and uses more processor time."
            {...text('detectFps')}
          />
          <WholeNumberField
            label="Detection width (pixels)"
            min={160}
            max={1280}
            hint="160 to 1280; the picture is scaled to this width before it is analysed."
            {...text('detectWidth')}
          />
        </div>
      </fieldset>

      <fieldset className="fieldset">
        <legend>Recording</legend>
        <Check
          label="Record all the time"
          hint="Keep continuous footage for the retention period, not only the clips around motion."
          {...flag('continuous')}
        />
        <Check
          label="Record sound"
          hint="Off by default. Recording conversations at your door may need the consent of the people recorded where you live; check before turning it on."
          {...flag('audio')}
        />
        <div className="field-row">
          <WholeNumberField
            label="Seconds before motion (pre-roll)"
            min={0}
            max={30}
            hint="0 to 30 seconds kept before the motion started."
            {...text('preRoll')}
          />
          <WholeNumberField
            label="Seconds after motion (post-roll)"
            min={0}
            max={60}
            hint="0 to 60 seconds kept after the motion ended."
            {...text('postRoll')}
          />
        </div>
      </fieldset>

      <fieldset className="fieldset">
        <legend>Motion alerts</legend>
        <WholeNumberField
          label="Quiet time after an alert (seconds)"
          min={0}
          max={3600}
          hint="0 to 3600. More motion on this camera within this time does not alert again; rings always do."
          {...text('cooldown')}
        />
        <Check
          label="Quiet hours"
          hint="Motion between these times is recorded but does not alert; doorbell rings always alert."
          {...flag('quiet')}
        />
        {d.quiet && (
          <div className="field-row">
            <TextField label="Quiet from" type="time" required {...text('quietStart')} />
            <TextField label="Quiet until" type="time" required {...text('quietEnd')} />
          </div>
        )}
      </fieldset>

      {camera ? (
        <>
          {shapeError.length > 0 && (
            <div id="zone-problems" tabIndex={-1} className="message message-error" role="alert">
              <span className="message-label">Error: </span>
              {shapeError.join(' ')}
            </div>
          )}
          <ZoneEditor
            picture={picture}
            pictureAlt={`Picture from ${camera.name} to draw on`}
            value={d.shapes}
            onChange={(shapes) => set('shapes', shapes)}
            {...(camera.enabled ? { onRefreshPicture: () => setPictureKey((k) => k + 1) } : {})}
          />
        </>
      ) : (
        <p className="hint">
          Motion zones, masks and privacy zones are drawn on the camera’s picture once it is added.
        </p>
      )}

      {saved && <Notice>{saved}</Notice>}
    </SubmitForm>
  );
}

/** Add a camera to a household (owner or manage_cameras): /cameras/new?household=ID. */
export function AddCameraPage() {
  const householdId = new URLSearchParams(window.location.search).get('household');
  const households = useResource<{ households: HouseholdModeView[] }>(
    householdId ? null : '/api/v1/households',
  );
  const [added, setAdded] = useState<{ camera: Camera; token: string } | null>(null);
  const doneRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (added) doneRef.current?.focus();
  }, [added]);

  // Without a household in the address, use the one I may add cameras to.
  const chosen =
    householdId ??
    households.data?.households.find((h) => mayDo(h, 'manage_cameras') && (h.isOwner || h.cameraIds === null))
      ?.id ??
    null;

  return (
    <div className="narrow-wide">
      <PageTitle>Add a camera</PageTitle>
      <p>
        <Link to="/cameras">Back to cameras</Link>
      </p>
      {added ? (
        <section aria-labelledby="camera-added">
          <h2 id="camera-added" ref={doneRef} tabIndex={-1}>
            {added.camera.name} was added
          </h2>
          <Notice>The camera is starting; its live picture appears within a few seconds.</Notice>
          <DeviceToken cameraId={added.camera.id} token={added.token} />
          <div className="actions next-steps">
            <Link className="button button-primary" to={`/cameras/${added.camera.id}`}>
              Open {added.camera.name}
            </Link>
            <Link className="button" to={`/cameras/${added.camera.id}/settings`}>
              Draw motion zones
            </Link>
            <Link className="button button-quiet" to="/cameras">
              All cameras
            </Link>
          </div>
        </section>
      ) : households.error ? (
        <ErrorMessage error={households.error} />
      ) : !householdId && households.loading ? (
        <Loading what="Loading your household" />
      ) : !chosen ? (
        <p>
          You may not add cameras to any household. <Link to="/household">Create your household</Link> first,
          or ask its owner for “Manage cameras”.
        </p>
      ) : (
        <CameraForm
          householdId={chosen}
          camera={null}
          onSaved={(camera, token) => setAdded({ camera, token: token ?? '' })}
        />
      )}
    </div>
  );
}

/** Change or remove a camera (owner or manage_cameras): /cameras/:id/settings. */
export function EditCameraPage({ cameraId }: { cameraId: string }) {
  const cam = useResource<Camera>(`/api/v1/cameras/${cameraId}`);
  const household = useResource<HouseholdModeView>(
    cam.data ? `/api/v1/households/${cam.data.householdId}` : null,
  );
  const c = cam.data;
  const h = household.data;
  return (
    <div className="narrow-wide">
      <PageTitle title={c ? `Settings of ${c.name}` : 'Camera settings'}>
        {c ? `Settings of ${c.name}` : 'Camera settings'}
      </PageTitle>
      <p>
        <Link to="/cameras">Back to cameras</Link>
        {c && (
          <>
            {' · '}
            <Link to={`/cameras/${c.id}`}>Open {c.name}</Link>
          </>
        )}
      </p>
      <ErrorMessage error={cam.error ?? household.error} />
      {(!c || (!h && !household.error)) && !cam.error && <Loading what="Loading the camera" />}
      {c && h && !mayDo(h, 'manage_cameras') && (
        <p>You may look at this camera but not change it. Ask the household’s owner for “Manage cameras”.</p>
      )}
      {c && h && mayDo(h, 'manage_cameras') && (
        <>
          <CameraForm householdId={c.householdId} camera={c} onSaved={(next) => cam.setData(next)} />
          <DeviceTokenSection camera={c} />
          <RemoveCamera camera={c} />
        </>
      )}
    </div>
  );
}

function DeviceTokenSection({ camera }: { camera: Camera }) {
  const [confirming, setConfirming] = useState(false);
  const [token, setToken] = useState<string | null>(null);
  const { busy, error, run } = useAction();
  const issue = () =>
    void run(async () => {
      const r = await post<{ deviceToken: string }>(`/api/v1/cameras/${camera.id}/device-token`);
      setToken(r.deviceToken);
      setConfirming(false);
    });
  return (
    <Section id="doorbell-button" title="Doorbell button">
      <p>
        A button rings this camera with its device token:{' '}
        <code>
          curl -X POST -H "Authorization: Bearer TOKEN" {window.location.origin}/api/v1/cameras/{camera.id}
          /ring
        </code>
        . The token was shown when the camera was added. If it is lost, issue a new one; the old one then
        stops working.
      </p>
      <ErrorMessage error={error} />
      {token ? (
        <DeviceToken cameraId={camera.id} token={token} />
      ) : confirming ? (
        <Confirm
          question="The current token stops working. Issue a new one?"
          confirm="Yes, issue a new token"
          busy={busy}
          onConfirm={issue}
          onCancel={() => setConfirming(false)}
        />
      ) : (
        <button type="button" className="button" onClick={() => setConfirming(true)}>
          Issue a new device token
        </button>
      )}
    </Section>
  );
}

function RemoveCamera({ camera }: { camera: Camera }) {
  const [confirming, setConfirming] = useState(false);
  const { busy, error, run } = useAction();
  const remove = () =>
    void run(async () => {
      await del(`/api/v1/cameras/${camera.id}`);
      navigate('/cameras?removed=' + encodeURIComponent(camera.name));
    });
  return (
    <Section id="remove-camera" title="Remove the camera">
      <p>
        Recording stops at once and the camera disappears for everyone in the household. Its recordings are
        deleted when their retention period ends.
      </p>
      <ErrorMessage error={error} />
      {confirming ? (
        <Confirm
          question={`Remove ${camera.name}?`}
          confirm={`Yes, remove ${camera.name}`}
          busy={busy}
          onConfirm={remove}
          onCancel={() => setConfirming(false)}
        />
      ) : (
        <button type="button" className="button button-danger" onClick={() => setConfirming(true)}>
          Remove camera
        </button>
      )}
    </Section>
  );
}
