import { useEffect, useState } from 'react';
import { ago, clockTime, STATE_WORDS, type Camera, type CameraState } from './cameras.js';

/** The newest picture of a camera, as an object URL, and the time it was taken. */
export interface LivePictureState {
  src: string | null;
  /** Epoch ms of the frame (the server's x-frame-time), or null before the first. */
  atMs: number | null;
  /** Why there is no picture: not yet, no access, or the server could not be reached. */
  problem: string | null;
}

/** Wait until the tab is visible again; resolves at once when it already is. */
function whenVisible(signal: AbortSignal): Promise<void> {
  if (!document.hidden) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      document.removeEventListener('visibilitychange', check);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const check = () => {
      if (!document.hidden) done();
    };
    document.addEventListener('visibilitychange', check);
    signal.addEventListener('abort', done);
  });
}

/**
 * Fetch a camera's live.jpg every `intervalMs` while the tab is visible (a hidden tab fetches nothing). Each
 * request has a cache-busting query and waits for the previous one, so a slow hub is never asked twice at once.
 * `intervalMs` 0 fetches once (again whenever `refresh` changes).
 */
export function useLivePicture(cameraId: string | null, intervalMs = 1000, refresh = 0): LivePictureState {
  const [state, setState] = useState<LivePictureState>({ src: null, atMs: null, problem: null });

  useEffect(() => {
    if (!cameraId) return;
    const abort = new AbortController();
    const urls: string[] = [];
    let timer: ReturnType<typeof setTimeout> | undefined;
    const once = async (): Promise<boolean> => {
      await whenVisible(abort.signal);
      if (abort.signal.aborted) return false;
      let res: Response;
      try {
        res = await fetch(`/api/v1/cameras/${cameraId}/live.jpg?t=${Date.now()}`, {
          credentials: 'same-origin',
          cache: 'no-store',
          signal: abort.signal,
        });
      } catch {
        if (abort.signal.aborted) return false;
        setState((s) => ({ ...s, problem: 'The hub could not be reached.' }));
        return true;
      }
      if (!res.ok) {
        // 503: no frame yet (starting, offline). 403/404: no live access; asking again will not help.
        const stop = res.status === 403 || res.status === 404 || res.status === 401;
        setState((s) => ({
          ...s,
          problem:
            res.status === 503
              ? 'No picture from this camera yet.'
              : stop
                ? 'You may not watch this camera live.'
                : 'The picture could not be loaded.',
        }));
        return !stop;
      }
      const blob = await res.blob().catch(() => null);
      if (!blob || abort.signal.aborted) return !abort.signal.aborted;
      const frame = Date.parse(res.headers.get('x-frame-time') ?? '');
      const url = URL.createObjectURL(blob);
      urls.push(url);
      // Keep the one on screen until the next has replaced it; older ones are released.
      while (urls.length > 2) URL.revokeObjectURL(urls.shift()!);
      setState({ src: url, atMs: Number.isNaN(frame) ? Date.now() : frame, problem: null });
      return true;
    };

    const loop = async () => {
      const again = await once();
      if (again && intervalMs > 0 && !abort.signal.aborted) timer = setTimeout(() => void loop(), intervalMs);
    };
    void loop();

    return () => {
      abort.abort();
      clearTimeout(timer);
      for (const u of urls) URL.revokeObjectURL(u);
    };
  }, [cameraId, intervalMs, refresh]);

  return state;
}

/** A status badge: a symbol and a word, so it never depends on colour. */
export function StatusBadge({ state }: { state: CameraState }) {
  const w = STATE_WORDS[state];
  return (
    <span className={`badge status-badge status-${w.tone}`}>
      <span aria-hidden="true">{w.symbol} </span>
      {w.label}
    </span>
  );
}

/** The status line of a camera: state, and when the last frame came (from the picture when there is one). */
export function StatusLine({ camera, frameAtMs }: { camera: Camera; frameAtMs?: number | null }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 5000);
    return () => clearInterval(t);
  }, []);
  const last = frameAtMs ?? (camera.status.lastFrameAt ? Date.parse(camera.status.lastFrameAt) : null);
  return (
    <p className="status-line">
      <StatusBadge state={camera.status.state} />
      <span className="status-when">
        {last
          ? `Last picture ${clockTime(last)} (${ago(last, Math.max(now, last))})`
          : camera.status.state === 'disabled'
            ? 'Not recording'
            : 'No picture yet'}
      </span>
      {camera.status.lastError && camera.status.state !== 'online' && (
        <span className="sub">Last error: {camera.status.lastError}</span>
      )}
    </p>
  );
}

/** A camera's live picture, refreshed every second; its alt text names the camera and the time. */
export function LivePicture({
  camera,
  intervalMs = 1000,
  picture,
}: {
  camera: Camera;
  intervalMs?: number;
  /** A picture state already being fetched (to share with a status line); otherwise one is fetched here. */
  picture?: LivePictureState;
}) {
  const own = useLivePicture(picture ? null : camera.enabled ? camera.id : null, intervalMs);
  const p = picture ?? own;
  return (
    <div className="live-frame">
      {p.src ? (
        <img
          src={p.src}
          alt={`Live picture from ${camera.name} at ${p.atMs ? clockTime(p.atMs) : 'an unknown time'}`}
        />
      ) : (
        <div className="live-placeholder">
          <span>{!camera.enabled ? 'Camera turned off' : (p.problem ?? 'Loading the live picture…')}</span>
        </div>
      )}
    </div>
  );
}
