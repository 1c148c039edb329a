// A real RTSP server for tests and benchmarks: GStreamer's gst-rtsp-server (rtsp_server.py beside this file, run
// with Debian's /usr/bin/python3) serving H.264 files looped at real speed on 127.0.0.1. Needs the Debian
// packages gstreamer1.0-rtsp gir1.2-gst-rtsp-server-1.0 python3-gi gstreamer1.0-plugins-good
// gstreamer1.0-plugins-bad (h264parse).

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { realTimeEnv } from './clock.js';

const SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'rtsp_server.py');
const PYTHON = '/usr/bin/python3';

/** What to serve. */
export interface RtspServerOptions {
  /** Mount path → H.264 MP4 (or MPEG-TS) file, e.g. { '/cam': '/tmp/x.mp4' }. */
  mounts: Record<string, string>;
  /** Port to listen on; 0 or absent picks a free one (kept across restart()). */
  port?: number;
  /** Seconds into each file where the loop starts, and how many seconds it loops. */
  start?: number;
  duration?: number;
  /** Require these credentials (RTSP basic auth). */
  user?: string;
  password?: string;
}

/** Why the RTSP server cannot run here, or null when it can. */
export function rtspServerUnavailable(): string | null {
  const r = spawnSync(
    PYTHON,
    ['-c', "import gi; gi.require_version('GstRtspServer', '1.0'); from gi.repository import GstRtspServer"],
    { encoding: 'utf8' },
  );
  return r.status === 0
    ? null
    : `GStreamer's RTSP server is not installed for ${PYTHON} (apt-get install gstreamer1.0-rtsp gir1.2-gst-rtsp-server-1.0 python3-gi gstreamer1.0-plugins-good gstreamer1.0-plugins-bad): ${r.stderr || r.error?.message || ''}`.trim();
}

/** A running RTSP server process; stop() in teardown. */
export class RtspServer {
  private child: ChildProcess | null = null;
  private exited: Promise<void> = Promise.resolve();
  port: number;

  private constructor(private readonly options: RtspServerOptions) {
    this.port = options.port ?? 0;
  }

  /** Start a server and wait until it listens. */
  static async start(options: RtspServerOptions): Promise<RtspServer> {
    const server = new RtspServer(options);
    await server.launch();
    return server;
  }

  /** The URL of a mount, with credentials when given. */
  url(mount = '/cam', credentials?: { user: string; password: string }): string {
    const auth = credentials
      ? `${encodeURIComponent(credentials.user)}:${encodeURIComponent(credentials.password)}@`
      : '';
    return `rtsp://${auth}127.0.0.1:${this.port}${mount}`;
  }

  /** Whether the server process is running. */
  get running(): boolean {
    return this.child !== null;
  }

  private launch(): Promise<void> {
    const o = this.options;
    const args = [SCRIPT, '--port', String(this.port)];
    for (const [mount, file] of Object.entries(o.mounts)) args.push('--mount', `${mount}=${file}`);
    if (o.start !== undefined) args.push('--start', String(o.start));
    if (o.duration !== undefined) args.push('--duration', String(o.duration));
    if (o.user !== undefined) args.push('--user', o.user, '--password', o.password ?? '');
    // The camera keeps real time when the suite runs under libfaketime (GStreamer's pipeline clock stalls there).
    const child = spawn(PYTHON, args, { stdio: ['ignore', 'pipe', 'pipe'], env: realTimeEnv() });
    this.child = child;
    this.exited = new Promise((resolve) => child.once('close', () => resolve()));
    void this.exited.then(() => {
      if (this.child === child) this.child = null;
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr = (stderr + d).slice(-4000)));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`RTSP server did not start within 30 s: ${stderr}`));
      }, 30_000);
      let out = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => {
        out += d;
        const m = /READY (\d+)/.exec(out);
        if (m) {
          clearTimeout(timer);
          this.port = Number(m[1]);
          resolve();
        }
      });
      child.once('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
      child.once('close', (code) => {
        clearTimeout(timer);
        reject(new Error(`RTSP server exited with ${String(code)}: ${stderr}`));
      });
    });
  }

  /** Stop the server (its clients see the connection close); waits for the process to exit. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child) return;
    child.kill('SIGTERM');
    const force = setTimeout(() => child.kill('SIGKILL'), 3000);
    await this.exited;
    clearTimeout(force);
  }

  /** Start again on the same port (a camera that comes back). */
  async restart(): Promise<void> {
    await this.stop();
    await this.launch();
  }
}
