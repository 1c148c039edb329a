import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { api, ApiError, get, post } from '../api.js';
import { ErrorMessage, Loading, Notice, PageTitle, useAction, useResource, When } from '../components.js';
import { ACTIONS_COLUMN, ActionButton, Loaded, RecordTable, Section } from '../lib/forms.js';
import { useRingTest } from '../lib/cameras.js';
import { Link } from '../router.js';
import { Webhooks } from './webhooks.js';

/** An alert as the API and the WebSocket send it. */
interface Alert {
  id: string;
  kind: 'ring' | 'motion';
  priority: 'high' | 'normal';
  cameraId: string;
  cameraName: string;
  householdId: string;
  at: string;
  snapshotUrl: string;
  eventId: string | null;
}

interface HouseholdEntry {
  id: string;
  name: string;
  isOwner: boolean;
  capabilities: string[];
}

interface CameraEntry {
  id: string;
  name: string;
  enabled: boolean;
}

/** The WebSocket closes with this code when the session ends; reconnecting would not help. */
const SESSION_ENDED = 4401;
const MAX_SHOWN = 100;

type LiveState = 'connecting' | 'live' | 'reconnecting' | 'ended';

/** Recent alerts from the history, kept current over the alert WebSocket (reconnecting with back-off). */
function useLiveAlerts() {
  const [alerts, setAlerts] = useState<Alert[] | undefined>(undefined);
  const [state, setState] = useState<LiveState>('connecting');
  const [error, setError] = useState<unknown>(null);
  const [latest, setLatest] = useState<Alert | null>(null);

  useEffect(() => {
    let stopped = false;
    let socket: WebSocket | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let attempt = 0;
    const merge = (incoming: Alert[]) =>
      setAlerts((current) => {
        const seen = new Set<string>();
        return [...incoming, ...(current ?? [])]
          .filter((a) => (seen.has(a.id) ? false : (seen.add(a.id), true)))
          .sort((a, b) => b.at.localeCompare(a.at))
          .slice(0, MAX_SHOWN);
      });
    // The history fills whatever arrived while the connection was down.
    const loadHistory = () =>
      get<{ alerts: Alert[] }>(`/api/v1/alerts?limit=${MAX_SHOWN}`).then(
        (r) => !stopped && merge(r.alerts),
        (e: unknown) => !stopped && setError(e),
      );
    const connect = () => {
      const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
      socket = new WebSocket(`${scheme}://${window.location.host}/api/v1/alerts/ws`);
      socket.onopen = () => {
        attempt = 0;
        setState('live');
        void loadHistory();
      };
      socket.onmessage = (m: MessageEvent<string>) => {
        try {
          const alert = JSON.parse(m.data) as Alert;
          merge([alert]);
          setLatest(alert);
        } catch {
          // Not an alert: nothing else is sent on this channel.
        }
      };
      socket.onclose = (e) => {
        if (stopped) return;
        if (e.code === SESSION_ENDED) {
          setState('ended');
          return;
        }
        setState('reconnecting');
        attempt++;
        retry = setTimeout(connect, Math.min(30_000, 1000 * 2 ** Math.min(attempt, 5)));
      };
    };
    void loadHistory();
    connect();
    return () => {
      stopped = true;
      clearTimeout(retry);
      socket?.close();
    };
  }, []);

  return { alerts, state, error, latest };
}

type DeviceState = 'checking' | 'unsupported' | 'insecure' | 'denied' | 'off' | 'on';

function base64UrlToBytes(value: string): Uint8Array<ArrayBuffer> {
  const b64 = value
    .replace(/-/g, '+')
    .replace(/_/g, '/')
    .padEnd(Math.ceil(value.length / 4) * 4, '=');
  const raw = atob(b64);
  const out = new Uint8Array(new ArrayBuffer(raw.length));
  for (let i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
  return out;
}

const pushSupported = () =>
  'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window;

/** This browser's Web Push subscription: whether it is on, and turning it on or off. */
function usePushDevice() {
  const [state, setState] = useState<DeviceState>('checking');

  useEffect(() => {
    let live = true;
    void (async () => {
      if (!pushSupported()) return setState('unsupported');
      if (!window.isSecureContext) return setState('insecure');
      if (Notification.permission === 'denied') return setState('denied');
      const reg = await navigator.serviceWorker.getRegistration('/');
      const sub = await reg?.pushManager.getSubscription();
      if (sub && Notification.permission === 'granted') {
        // Tell the hub again: the browser may have renewed the subscription since it was saved.
        const saved = await post('/api/v1/push/subscriptions', sub.toJSON()).then(
          () => true,
          // Another account on this hub saved this browser's subscription: notifications are off for this one.
          (e: unknown) => !(e instanceof ApiError && e.code === 'ERR_PUSH_SUBSCRIPTION_TAKEN'),
        );
        if (live) setState(saved ? 'on' : 'off');
      } else if (live) setState('off');
    })().catch(() => live && setState('off'));
    return () => {
      live = false;
    };
  }, []);

  const enable = useCallback(async () => {
    const permission = await Notification.requestPermission();
    if (permission !== 'granted') {
      setState(permission === 'denied' ? 'denied' : 'off');
      return;
    }
    await navigator.serviceWorker.register('/sw.js', { scope: '/' });
    const reg = await navigator.serviceWorker.ready;
    const { publicKey } = await get<{ publicKey: string }>('/api/v1/push/key');
    const options = { userVisibleOnly: true, applicationServerKey: base64UrlToBytes(publicKey) };
    let sub: PushSubscription;
    try {
      sub = await reg.pushManager.subscribe(options).catch(async (e: unknown) => {
        // A subscription made with another key (the hub's keys were renewed) must go before a new one is made.
        const old = await reg.pushManager.getSubscription();
        if (!old) throw e;
        await old.unsubscribe();
        return reg.pushManager.subscribe(options);
      });
    } catch {
      throw new ApiError(
        0,
        'ERR_PUSH_SERVICE',
        'This browser could not reach its push service, so notifications cannot be turned on. Check the ' +
          'connection, or whether the browser allows notifications, and try again.',
      );
    }
    await post('/api/v1/push/subscriptions', sub.toJSON()).catch(async (e: unknown) => {
      // The browser's subscription is another account's (someone else signed in here before): a new one.
      if (!(e instanceof ApiError && e.code === 'ERR_PUSH_SUBSCRIPTION_TAKEN')) throw e;
      await sub.unsubscribe();
      sub = await reg.pushManager.subscribe(options);
      await post('/api/v1/push/subscriptions', sub.toJSON());
    });
    setState('on');
  }, []);

  const disable = useCallback(async () => {
    const reg = await navigator.serviceWorker.getRegistration('/');
    const sub = await reg?.pushManager.getSubscription();
    if (sub) {
      await api('DELETE', '/api/v1/push/subscriptions', { endpoint: sub.endpoint }).catch((e: unknown) => {
        if (!(e instanceof ApiError && e.status === 404)) throw e;
      });
      await sub.unsubscribe();
    }
    setState('off');
  }, []);

  return { state, enable, disable };
}

function ThisDevice() {
  const device = usePushDevice();
  const { busy, error, run } = useAction();
  const [done, setDone] = useState<string | null>(null);
  const explain: Record<DeviceState, string> = {
    checking: 'Checking this device…',
    unsupported:
      'This browser cannot receive Web Push notifications. Keep this page open to see alerts live.',
    insecure:
      'Notifications need a secure connection. Open Porchlight over https (or on this computer at localhost).',
    denied:
      'Notifications are blocked for this site. Allow them in the browser’s site settings, then come back here.',
    off: 'This device does not receive alerts while Porchlight is closed.',
    on: 'This device receives alerts as notifications, even while Porchlight is closed.',
  };
  // Turn notifications on or off, then say so.
  const change = (action: () => Promise<void>, message: string) => () =>
    void run(async () => {
      setDone(null);
      await action();
      setDone(message);
    });
  return (
    <Section id="this-device" title="This device" className="narrow">
      <p>
        {device.state === 'on' && <span className="badge badge-ok">On</span>}
        {explain[device.state]}
      </p>
      <ErrorMessage error={error} />
      {done && <Notice>{done}</Notice>}
      {device.state === 'off' && (
        <ActionButton
          className="button button-primary"
          disabled={busy}
          onClick={change(device.enable, 'Notifications are on for this device.')}
        >
          Enable notifications on this device
        </ActionButton>
      )}
      {device.state === 'on' && (
        <ActionButton
          disabled={busy}
          onClick={change(device.disable, 'This device no longer receives notifications.')}
        >
          Turn off notifications on this device
        </ActionButton>
      )}
    </Section>
  );
}

function Snapshot({ alert }: { alert: Alert }) {
  const [attempt, setAttempt] = useState(0);
  // A brand-new event's picture can lag the alert by a moment: try again a few times before giving up.
  if (attempt > 3) return <p className="hint">No snapshot available.</p>;
  return (
    <img
      src={attempt === 0 ? alert.snapshotUrl : `${alert.snapshotUrl}?try=${attempt}`}
      alt={`Snapshot from ${alert.cameraName}`}
      loading="lazy"
      style={{ display: 'block', width: '100%', height: 'auto', borderRadius: 4, marginBottom: '0.5rem' }}
      onError={() => setTimeout(() => setAttempt((n) => n + 1), 2000)}
    />
  );
}

function RecentAlerts({ cameraFilter }: { cameraFilter: string | null }) {
  const { alerts, state, error, latest } = useLiveAlerts();
  const shown = alerts?.filter((a) => !cameraFilter || a.cameraId === cameraFilter);
  const filterName = cameraFilter ? alerts?.find((a) => a.cameraId === cameraFilter)?.cameraName : undefined;
  const status: Record<LiveState, ReactNode> = {
    connecting: <span className="badge">Connecting…</span>,
    live: <span className="badge badge-ok">Live</span>,
    reconnecting: <span className="badge badge-warn">Reconnecting…</span>,
    ended: <span className="badge badge-warn">Signed out</span>,
  };
  return (
    <Section id="recent-alerts" title={<>Recent alerts {status[state]}</>}>
      {/* Screen readers hear each new alert as it arrives. */}
      <p className="visually-hidden" role="status" aria-live="polite">
        {latest
          ? `${latest.kind === 'ring' ? 'Someone is at the door' : 'Motion'}: ${latest.cameraName}`
          : ''}
      </p>
      {state === 'ended' && <ErrorMessage error="Your session ended. Sign in again to see alerts live." />}
      {cameraFilter && (
        <p>
          Showing alerts from {filterName ?? 'one camera'}. <Link to="/alerts">Show all cameras</Link>
        </p>
      )}
      <ErrorMessage error={error} />
      {!shown ? (
        <Loading what="Loading alerts" />
      ) : shown.length === 0 ? (
        <p>No alerts yet. Rings and motion from your cameras appear here as they happen.</p>
      ) : (
        <div className="cards">
          {shown.map((a) => (
            <article key={a.id} className="card" aria-labelledby={`alert-${a.id}`}>
              <h3 id={`alert-${a.id}`} style={{ marginTop: '0.9rem' }}>
                {a.kind === 'ring' ? (
                  <span className="badge badge-warn">Doorbell</span>
                ) : (
                  <span className="badge">Motion</span>
                )}
                <Link to={`/cameras/${a.cameraId}${a.eventId ? `?event=${a.eventId}` : ''}`}>
                  {a.cameraName}
                </Link>
              </h3>
              <p>
                {a.kind === 'ring' ? 'Someone is at the door' : 'Motion detected'}, <When iso={a.at} />
              </p>
              <Snapshot alert={a} />
            </article>
          ))}
        </div>
      )}
    </Section>
  );
}

function HouseholdCameras({ household, focus }: { household: HouseholdEntry; focus: string | null }) {
  const cams = useResource<{ cameras: CameraEntry[] }>(`/api/v1/households/${household.id}/cameras`);
  const { busy, error, rang, ring } = useRingTest();
  const mayRing = household.isOwner || household.capabilities.includes('view_live');
  useEffect(() => {
    if (focus) document.getElementById(`camera-${focus}`)?.scrollIntoView({ block: 'center' });
  }, [cams.data, focus]);
  if (cams.error) return <ErrorMessage error={cams.error} />;
  if (!cams.data) return <Loading what={`Loading cameras of ${household.name}`} />;
  if (cams.data.cameras.length === 0) return <p>{household.name} has no cameras yet.</p>;
  return (
    <>
      <ErrorMessage error={error} />
      {rang && (
        <Notice>
          Rang {rang}. Every device with notifications on should now show “Someone is at the door”.
        </Notice>
      )}
      <RecordTable
        caption={`Cameras of ${household.name}`}
        captionClassName="visually-hidden"
        head={['Camera', ACTIONS_COLUMN]}
        rows={cams.data.cameras.map((c) => ({
          id: c.id,
          rowId: `camera-${c.id}`,
          cells: [
            <>
              {c.name}
              {!c.enabled && <span className="badge">Off</span>}
            </>,
            mayRing && (
              <ActionButton what={c.name} disabled={busy} onClick={() => ring(c)}>
                Ring test
              </ActionButton>
            ),
          ],
        }))}
      />
    </>
  );
}

function RingTest({ focus }: { focus: string | null }) {
  const households = useResource<{ households: HouseholdEntry[] }>('/api/v1/households');
  return (
    <Section id="ring-test" title="Try the doorbell">
      <p className="hint">
        A ring test alerts everyone who may see the camera, exactly like the real button, so each person can
        check their devices.
      </p>
      <Loaded resource={households} loading="Loading cameras">
        {({ households: list }) =>
          list.length === 0 ? (
            <p>
              You have no household yet. <Link to="/household">Set one up</Link> to add cameras.
            </p>
          ) : (
            list.map((h) => (
              <div key={h.id}>
                {list.length > 1 && <h3>{h.name}</h3>}
                <HouseholdCameras household={h} focus={focus} />
              </div>
            ))
          )
        }
      </Loaded>
    </Section>
  );
}

/** Alerts (A3, A5): notifications on this device, recent alerts live, and a ring test per camera. */
export function AlertsPage() {
  const camera = new URLSearchParams(window.location.search).get('camera');
  return (
    <>
      <PageTitle>Alerts</PageTitle>
      <p className="lead">
        Doorbell rings and motion from the cameras you may see, as they happen. Rings always alert; motion
        follows each camera’s cooldown, quiet hours and zones.
      </p>
      <ThisDevice />
      <RecentAlerts cameraFilter={camera} />
      <RingTest focus={camera} />
      <Webhooks />
    </>
  );
}
