// "Test connection" (A1) and readable camera errors: what ffprobe and ffmpeg print, classified into the few things
// a household can act on. Pure, tested on strings captured from real ffprobe runs. Messages never repeat a URL
// with its password.

import type { ProbeResult } from '../cameras/camera-runner.js';
import { RECORDABLE_CODECS } from './ffmpeg-args.js';

/** A class of problem, as the cameras domain names them. */
export type ProbeProblem = NonNullable<ProbeResult['problem']>;

/** What a finished ffprobe run gave. */
export interface ProbeRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Killed at the time limit. */
  timedOut: boolean;
}

/** The first video stream found. */
export interface VideoInfo {
  codec: string;
  width: number;
  height: number;
  /** Frames per second, when the source says. */
  fps: number | null;
}

const RULES: { test: RegExp; problem: ProbeProblem; message: string }[] = [
  {
    test: /\b401\b|authorization failed/i,
    problem: 'unauthorized',
    message: 'The camera refused the user name or password (401). Check the credentials in the URL.',
  },
  {
    test: /\b403\b|access denied/i,
    problem: 'unauthorized',
    message: 'The camera refused access (403). The account may lack permission for this stream.',
  },
  {
    test: /\b404\b|Not Found/i,
    problem: 'unreachable',
    message: 'The camera answered, but has no stream at that path (404). Check the path in the URL.',
  },
  {
    test: /Failed to resolve hostname|Name or service not known|Temporary failure in name resolution|nodename nor servname/i,
    problem: 'unreachable',
    message: 'The camera’s host name cannot be found. Check the address.',
  },
  {
    test: /Connection refused/i,
    problem: 'unreachable',
    message:
      'Nothing accepts connections at that address and port. Check the address, the port and that the camera is on.',
  },
  {
    test: /No route to host|Network is unreachable|Host is unreachable/i,
    problem: 'unreachable',
    message: 'The camera’s network cannot be reached from this hub.',
  },
  {
    test: /timed out|Operation timed out/i,
    problem: 'timeout',
    message: 'The camera did not answer in time.',
  },
  {
    test: /No such file or directory/i,
    problem: 'unreachable',
    message: 'The file does not exist.',
  },
  {
    test: /certificate|TLS|SSL|handshake/i,
    problem: 'unreachable',
    message: 'The secure connection to the camera failed (TLS).',
  },
  {
    test: /Connection reset by peer|End of file|Broken pipe/i,
    problem: 'unreachable',
    message: 'The camera closed the connection.',
  },
  {
    test: /first pts and dts value must be set/i,
    problem: 'unsupported-codec',
    message: 'The stream’s timestamps cannot be recorded without re-encoding (B-frames over RTSP).',
  },
  {
    test: /Invalid data found when processing input/i,
    problem: 'unreachable',
    message: 'The address answered, but not with a video stream this hub can read.',
  },
];

/** Remove passwords from any URL in a text. */
export function redactCredentials(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/)([^:@/\s]+):[^@/\s]*@/gi, '$1$2:***@');
}

/** The last meaningful line of an error output, credentials removed, at most 300 characters. */
export function lastErrorLine(stderr: string): string | null {
  const lines = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0 && !/^Last message repeated/i.test(l));
  const last = lines[lines.length - 1];
  // ffmpeg prefixes lines with "[component @ 0x55…]"; the pointer means nothing to a household.
  return last
    ? redactCredentials(last.replace(/\[([^\]@]+) @ 0x[0-9a-f]+\]\s*/gi, '$1: ')).slice(0, 300)
    : null;
}

/** A readable cause for an ffmpeg/ffprobe failure, from its error output. */
export function describeFailure(stderr: string): { problem: ProbeProblem; message: string } {
  // URLs go first: a port or path such as ":401/" must not read as a status code.
  const text = stderr.replace(/[a-z][a-z0-9+.-]*:\/\/\S*/gi, '<url>');
  for (const rule of RULES) if (rule.test.test(text)) return { problem: rule.problem, message: rule.message };
  const line = lastErrorLine(stderr);
  return {
    problem: 'unreachable',
    message: line ? `The stream could not be read: ${line}` : 'The stream could not be read.',
  };
}

/** The first video stream in ffprobe's JSON, or null; throws on text that is not ffprobe JSON. */
export function videoOf(json: string): VideoInfo | null {
  const parsed = JSON.parse(json) as { streams?: unknown };
  const streams = Array.isArray(parsed.streams) ? (parsed.streams as Record<string, unknown>[]) : [];
  const video = streams.find((s) => s.codec_type === 'video');
  if (!video || typeof video.codec_name !== 'string') return null;
  const width = typeof video.width === 'number' ? video.width : 0;
  const height = typeof video.height === 'number' ? video.height : 0;
  let fps: number | null = null;
  const rate = typeof video.avg_frame_rate === 'string' ? /^(\d+)\/(\d+)$/.exec(video.avg_frame_rate) : null;
  if (rate && Number(rate[2]) > 0 && Number(rate[1]) > 0) fps = Number(rate[1]) / Number(rate[2]);
  return { codec: video.codec_name, width, height, fps };
}

/** Classify one ffprobe run of a camera URL. */
export function classifyProbe(run: ProbeRun): ProbeResult & { fps?: number | null } {
  if (run.timedOut)
    return { ok: false, problem: 'timeout', message: 'The camera did not answer in time.', video: null };
  if (run.code !== 0) return { ok: false, ...describeFailure(run.stderr), video: null };
  let video: VideoInfo | null;
  try {
    video = videoOf(run.stdout);
  } catch {
    return { ok: false, ...describeFailure(run.stderr), video: null };
  }
  if (!video)
    return {
      ok: false,
      problem: 'no-video',
      message: 'The stream has no video (audio or data only).',
      video: null,
    };
  const info = { codec: video.codec, width: video.width, height: video.height };
  if (!(RECORDABLE_CODECS as readonly string[]).includes(video.codec))
    return {
      ok: false,
      problem: 'unsupported-codec',
      message: `The camera sends ${video.codec} video; this hub records H.264, H.265 (HEVC) or MJPEG. Choose one of those in the camera’s settings.`,
      video: info,
    };
  if (video.width <= 0 || video.height <= 0)
    return {
      ok: false,
      problem: 'no-video',
      message: 'The video stream has no picture size yet.',
      video: info,
    };
  return {
    ok: true,
    problem: null,
    message: `${video.codec.toUpperCase()} ${video.width}x${video.height}${video.fps ? ` at ${Math.round(video.fps * 100) / 100} fps` : ''}.`,
    video: info,
    fps: video.fps,
  };
}
