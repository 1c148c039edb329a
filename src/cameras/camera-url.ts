import path from 'node:path';

/** Kinds of stream source a camera can have (A1). */
export type SourceKind = 'rtsp' | 'http' | 'file';

/** A parsed, checked stream URL. */
export interface StreamUrl {
  kind: SourceKind;
  /** What ffmpeg is given: the URL as entered (with credentials), or an absolute path for files. */
  input: string;
  /** The URL without its password, safe to show and to log. */
  display: string;
}

/** Why a stream URL was refused. */
export class StreamUrlError extends Error {}

/**
 * Check a camera stream URL: rtsp(s)://, http(s):// (MJPEG or HLS), or a local file under the directory the
 * admin allowed (`fileRoot`; files are refused when it is unset, so one household cannot point a "camera" at
 * another's recordings on a shared hub).
 */
export function parseStreamUrl(raw: string, fileRoot: string | undefined): StreamUrl {
  const text = raw.trim();
  // eslint-disable-next-line no-control-regex -- control characters are exactly what must be refused
  if (!text || text.length > 2048 || /[\u0000-\u001f\s]/.test(text))
    throw new StreamUrlError('Enter the stream URL without spaces.');
  if (text.startsWith('/') || text.startsWith('file:')) {
    if (!fileRoot) throw new StreamUrlError('Local files are not enabled as camera sources on this hub.');
    const p = path.resolve(text.startsWith('file:') ? new URL(text).pathname : text);
    const root = path.resolve(fileRoot);
    if (p !== root && !p.startsWith(root + path.sep))
      throw new StreamUrlError(`Local files must be under ${root}.`);
    return { kind: 'file', input: p, display: p };
  }
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    throw new StreamUrlError(
      'That is not a URL. Camera URLs look like rtsp://user:password@192.168.1.20:554/stream1.',
    );
  }
  const kind: SourceKind | undefined =
    u.protocol === 'rtsp:' || u.protocol === 'rtsps:'
      ? 'rtsp'
      : u.protocol === 'http:' || u.protocol === 'https:'
        ? 'http'
        : undefined;
  if (!kind) throw new StreamUrlError('Use an rtsp://, rtsps://, http:// or https:// URL.');
  if (!u.hostname) throw new StreamUrlError('The URL has no host.');
  return { kind, input: text, display: redactUrl(text) };
}

/** The URL with any password replaced, for display and logs. */
export function redactUrl(raw: string): string {
  try {
    const u = new URL(raw);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return raw.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
  }
}
