// Shared by the recording tests: real footage cut at run time into a temp folder, bus event collection with
// waits (never sleeps), ffprobe/ffmpeg helpers and a check that no ffmpeg outlived its runtime.

import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Bus, EventMap, EventName } from '../../src/ports/bus.js';

/** The real footage (never copied into the repository). */
export const FOOTAGE = path.resolve('../shared/media/one-by-one-person-detection.mp4');

/**
 * Cut a stretch of the footage into an H.264 file without B-frames and with a keyframe a second, as IP cameras
 * send (ffmpeg cannot stream-copy B-frame H.264 from RTSP: the first packets carry no timestamps).
 */
export function prepareFootage(
  out: string,
  options: { start: number; duration: number; width?: number; height?: number },
): string {
  const scale = options.width ? ['-vf', `scale=${options.width}:${options.height ?? -2}`] : [];
  execFileSync('ffmpeg', [
    '-hide_banner',
    '-loglevel',
    'error',
    '-y',
    '-ss',
    String(options.start),
    '-t',
    String(options.duration),
    '-i',
    FOOTAGE,
    '-an',
    ...scale,
    '-c:v',
    'libx264',
    '-preset',
    'veryfast',
    '-bf',
    '0',
    '-g',
    '10',
    '-pix_fmt',
    'yuv420p',
    out,
  ]);
  return out;
}

/**
 * The first `seconds` of the footage cut into ~10 s MPEG-TS segments with timestamps reset per file, as the
 * pipeline writes them, in `dir`: their paths in order.
 */
export function cutSegments(dir: string, seconds: number): string[] {
  const src = prepareFootage(path.join(dir, 'src.mp4'), { start: 0, duration: seconds, width: 320 });
  execFileSync('ffmpeg', [
    '-hide_banner',
    '-loglevel',
    'error',
    '-i',
    src,
    '-c',
    'copy',
    '-f',
    'segment',
    '-segment_time',
    '10',
    '-segment_format',
    'mpegts',
    '-reset_timestamps',
    '1',
    path.join(dir, 'seg-%03d.ts'),
  ]);
  return fs
    .readdirSync(dir)
    .filter((f) => f.startsWith('seg-'))
    .sort()
    .map((f) => path.join(dir, f));
}

/** One received bus event. */
export interface Received<K extends EventName = EventName> {
  name: K;
  payload: EventMap[K];
  atMs: number;
}

/** Records chosen bus events as they happen and waits for one matching a predicate (seen before or later). */
export class EventLog {
  readonly events: Received[] = [];
  private readonly waiters = new Set<() => void>();
  private readonly unsubscribe: (() => void)[] = [];

  constructor(bus: Bus, names: readonly EventName[]) {
    for (const name of names)
      this.unsubscribe.push(
        bus.subscribe(name, (payload) => {
          this.events.push({ name, payload, atMs: Date.now() });
          for (const w of [...this.waiters]) w();
        }),
      );
  }

  /** Events of one name, in order. */
  all<K extends EventName>(name: K, where: (p: EventMap[K]) => boolean = () => true): Received<K>[] {
    return this.events.filter((e) => e.name === name && where(e.payload as EventMap[K])) as Received<K>[];
  }

  /** The first event of a name matching `where` after index `from`; rejects after `timeoutMs`. */
  waitFor<K extends EventName>(
    name: K,
    where: (p: EventMap[K]) => boolean,
    timeoutMs: number,
    from = 0,
  ): Promise<Received<K>> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const hit = this.events
          .slice(from)
          .find((e) => e.name === name && where(e.payload as EventMap[K])) as Received<K> | undefined;
        if (!hit) return false;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve(hit);
        return true;
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`no ${name} event within ${timeoutMs} ms`));
      }, timeoutMs);
      if (!check()) this.waiters.add(check);
    });
  }

  /** Stop listening. */
  close(): void {
    for (const u of this.unsubscribe) u();
  }
}

/** Stream facts of a media file, from ffprobe. */
export function probeFile(file: string): { codec: string; width: number; height: number; duration: number } {
  const out = execFileSync(
    'ffprobe',
    [
      '-v',
      'error',
      '-select_streams',
      'v:0',
      '-show_entries',
      'stream=codec_name,width,height:format=duration',
      '-of',
      'json',
      file,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  ).toString('utf8');
  const j = JSON.parse(out) as {
    streams: { codec_name: string; width: number; height: number }[];
    format: { duration: string };
  };
  const s = j.streams[0]!;
  return { codec: s.codec_name, width: s.width, height: s.height, duration: Number(j.format.duration) };
}

/** Mean grey level of a region (fractions of the frame) of a picture or of a video's frame at `seconds`. */
export function meanGrey(
  file: string,
  region: [x: number, y: number, w: number, h: number],
  seconds = 0,
): number {
  const [x, y, w, h] = region;
  const raw = execFileSync(
    'ffmpeg',
    [
      '-hide_banner',
      '-loglevel',
      'error',
      // A still picture has nothing to seek in (seeking even to 0 yields no frame).
      ...(seconds > 0 ? ['-ss', String(seconds)] : []),
      '-i',
      file,
      '-frames:v',
      '1',
      '-vf',
      `crop=iw*${w}:ih*${h}:iw*${x}:ih*${y},scale=32:32`,
      '-pix_fmt',
      'gray',
      '-f',
      'rawvideo',
      'pipe:1',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  if (raw.length === 0) throw new Error(`no frame decoded from ${file}`);
  return raw.reduce((sum, v) => sum + v, 0) / raw.length;
}

/** ffmpeg and ffprobe processes that are children of this test process. */
export function childMediaProcesses(): string[] {
  const r = spawnSync('ps', ['-o', 'pid=,comm=', '--ppid', String(process.pid)], { encoding: 'utf8' });
  return r.stdout
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => /\b(ffmpeg|ffprobe)\b/.test(l));
}

/** Resolve once a condition on the outside world (a file growing) holds; rejects after `timeoutMs`. */
export async function until(condition: () => boolean, timeoutMs: number, everyMs = 100): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
