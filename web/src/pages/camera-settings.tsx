import { useEffect, useId, useRef, useState, type ReactNode, type SelectHTMLAttributes } from 'react';
import { del, patch, post } from '../api.js';
import {
  CopyField,
  ErrorMessage,
  Field,
  Form,
  Loading,
  Notice,
  PageTitle,
  Submit,
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
import { useLivePicture } from '../lib/live-picture.js';
import { shapeProblems, ZoneEditor, type Shapes } from '../lib/zone-editor.js';
import { Link, navigate } from '../router.js';

/** The settings a new camera starts with (the server's defaults). */
const DEFAULT_SETTINGS: CameraSettings = {
  motion: { sensitivity: 'medium', detectFps: 5, detectWidth: 320, zones: [], masks: [] },
  privacyZones: [],
  recording: { continuous: true, preRollSeconds: 5, postRollSeconds: 5 },
  alerts: { cooldownSeconds: 60, quietHours: null },
};

/** A labelled select with a hint, like Field. */
function SelectField({
  label,
  hint,
  children,
  ...select
}: SelectHTMLAttributes<HTMLSelectElement> & { label: string; hint?: ReactNode }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      )}
      <select id={id} aria-describedby={hint ? `${id}-hint` : undefined} {...select}>
        {children}
      </select>
    </div>
  );
}

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
  preRoll: string;
  postRoll: string;
  cooldown: string;
  quiet: boolean;
  quietStart: string;
  quietEnd: string;
  shapes: Shapes;
}

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
  const { busy, error, run } = useAction();
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => setD((x) => ({ ...x, [k]: v }));
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
    void run(async () => {
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
    <Form
      onValid={save}
      aria-label={camera ? `Settings of ${camera.name}` : 'Add a camera'}
      className="form camera-form"
    >
      <ErrorMessage error={error} />
      <fieldset className="fieldset">
        <legend>Camera</legend>
        <Field
          label="Name"
          name="name"
          required
          maxLength={100}
          hint="For you and your household, for example “Front door”."
          value={d.name}
          onChange={(e) => set('name', e.target.value)}
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
            name="removeDetect"
            label="Stop using the sub-stream"
            hint="Detect motion on the main stream instead."
            checked={d.removeDetect}
            onChange={(v) => set('removeDetect', v)}
          />
        )}
        <Check
          name="enabled"
          label="Camera on"
          hint="When off, nothing is recorded or detected and the live picture stops."
          checked={d.enabled}
          onChange={(v) => set('enabled', v)}
        />
      </fieldset>

      <fieldset className="fieldset">
        <legend>Community footage requests</legend>
        <Check
          name="acceptsRequests"
          label="This camera accepts footage requests"
          hint="Agencies may then ask, under the community’s approved use policy, for clips from a time and area; you decide each time, clip by clip, and a decline is never shown to anyone. The community and agencies only ever learn counts of cameras per coarse area, never which camera is yours or where it is."
          checked={d.acceptsRequests}
          onChange={(v) => set('acceptsRequests', v)}
        />
      </fieldset>

      <fieldset className="fieldset">
        <legend>Motion detection</legend>
        <div className="field-row">
          <SelectField
            label="Sensitivity"
            name="sensitivity"
            hint="High notices small movements; low only larger ones."
            value={d.sensitivity}
            onChange={(e) => set('sensitivity', e.target.value as Draft['sensitivity'])}
          >
            <option value="low">Low</option>
            <option value="medium">Medium</option>
            <option value="high">High</option>
          </SelectField>
          <Field
            label="Frames analysed per second"
            name="detectFps"
            type="number"
            inputMode="numeric"
            min={1}
            max={15}
            step={1}
            required
            hint="1 to 15; more notices quick motion sooner and uses more processor time."
            value={d.detectFps}
            onChange={(e) => set('detectFps', e.target.value)}
          />
          <Field
            label="Detection width (pixels)"
            name="detectWidth"
            type="number"
            inputMode="numeric"
            min={160}
            max={1280}
            step={1}
            required
            hint="160 to 1280; the picture is scaled to this width before it is analysed."
            value={d.detectWidth}
            onChange={(e) => set('detectWidth', e.target.value)}
          />
        </div>
      </fieldset>

      <fieldset className="fieldset">
        <legend>Recording</legend>
        <Check
          name="continuous"
          label="Record all the time"
          hint="Keep continuous footage for the retention period, not only the clips around motion."
          checked={d.continuous}
          onChange={(v) => set('continuous', v)}
        />
        <div className="field-row">
          <Field
            label="Seconds before motion (pre-roll)"
            name="preRoll"
            type="number"
            inputMode="numeric"
            min={0}
            max={30}
            step={1}
            required
            hint="0 to 30 seconds kept before the motion started."
            value={d.preRoll}
            onChange={(e) => set('preRoll', e.target.value)}
          />
          <Field
            label="Seconds after motion (post-roll)"
            name="postRoll"
            type="number"
            inputMode="numeric"
            min={0}
            max={60}
            step={1}
            required
            hint="0 to 60 seconds kept after the motion ended."
            value={d.postRoll}
            onChange={(e) => set('postRoll', e.target.value)}
          />
        </div>
      </fieldset>

      <fieldset className="fieldset">
        <legend>Motion alerts</legend>
        <Field
          label="Quiet time after an alert (seconds)"
          name="cooldown"
          type="number"
          inputMode="numeric"
          min={0}
          max={3600}
          step={1}
          required
          hint="0 to 3600. More motion on this camera within this time does not alert again; rings always do."
          value={d.cooldown}
          onChange={(e) => set('cooldown', e.target.value)}
        />
        <Check
          name="quiet"
          label="Quiet hours"
          hint="Motion between these times is recorded but does not alert; doorbell rings always alert."
          checked={d.quiet}
          onChange={(v) => set('quiet', v)}
        />
        {d.quiet && (
          <div className="field-row">
            <Field
              label="Quiet from"
              name="quietStart"
              type="time"
              required
              value={d.quietStart}
              onChange={(e) => set('quietStart', e.target.value)}
            />
            <Field
              label="Quiet until"
              name="quietEnd"
              type="time"
              required
              value={d.quietEnd}
              onChange={(e) => set('quietEnd', e.target.value)}
            />
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
      <Submit busy={busy} busyText={camera ? 'Saving…' : 'Adding…'}>
        {camera ? 'Save settings' : 'Add camera'}
      </Submit>
    </Form>
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
    <section aria-labelledby="doorbell-button">
      <h2 id="doorbell-button">Doorbell button</h2>
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
        <span className="confirm">
          <span>The current token stops working. Issue a new one?</span>
          <button type="button" className="button button-danger" onClick={issue} disabled={busy}>
            Yes, issue a new token
          </button>
          <button
            type="button"
            className="button button-quiet"
            autoFocus
            onClick={() => setConfirming(false)}
          >
            Cancel
          </button>
        </span>
      ) : (
        <button type="button" className="button" onClick={() => setConfirming(true)}>
          Issue a new device token
        </button>
      )}
    </section>
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
    <section aria-labelledby="remove-camera">
      <h2 id="remove-camera">Remove the camera</h2>
      <p>
        Recording stops at once and the camera disappears for everyone in the household. Its recordings are
        deleted when their retention period ends.
      </p>
      <ErrorMessage error={error} />
      {confirming ? (
        <span className="confirm">
          <span>Remove {camera.name}?</span>
          <button type="button" className="button button-danger" onClick={remove} disabled={busy}>
            Yes, remove {camera.name}
          </button>
          <button
            type="button"
            className="button button-quiet"
            autoFocus
            onClick={() => setConfirming(false)}
          >
            Cancel
          </button>
        </span>
      ) : (
        <button type="button" className="button button-danger" onClick={() => setConfirming(true)}>
          Remove camera
        </button>
      )}
    </section>
  );
}
