// ffmpeg and ffprobe argument arrays for recording, detection, clips, snapshots and probing. Pure: every array is
// built here from plain values and checked by tests on the exact array (as immich's media.ts), and the adapters
// only run what these functions return.

import { privacyFilter, type NormRect } from './privacy.js';

/** Kinds of camera source (A1). */
export type SourceKind = 'rtsp' | 'http' | 'file';

/** File descriptors of the ingest process's extra pipes: the finished-segment list and the JPEG stream. */
export const SEGMENT_LIST_FD = 3;
/** See SEGMENT_LIST_FD. */
export const JPEG_FD = 4;

/** Codecs recorded as they come; anything else is refused by "test connection". */
export const RECORDABLE_CODECS = ['h264', 'hevc', 'mjpeg'] as const;

/** The kind of source a URL or path names. */
export function sourceKindOf(input: string): SourceKind {
  if (/^rtsps?:\/\//i.test(input)) return 'rtsp';
  if (/^https?:\/\//i.test(input)) return 'http';
  return 'file';
}

function checkInput(input: string): void {
  // Anything ffmpeg could read as an option, or an empty input, is refused before it reaches a command line.
  if (input.length === 0 || input.startsWith('-')) throw new RangeError('invalid input');
}

/** A size in whole pixels. */
export interface Size {
  width: number;
  height: number;
}

/**
 * Input options and `-i`: RTSP over TCP (UDP loses packets on busy home networks and smears frames) with a socket
 * timeout, HTTP (MJPEG, HLS) with a read timeout, local files read at their own speed and looped (demo and test
 * cameras behave like live ones).
 */
export function inputArgs(input: string, timeoutSeconds: number): string[] {
  checkInput(input);
  const micros = String(Math.round(timeoutSeconds * 1_000_000));
  switch (sourceKindOf(input)) {
    case 'rtsp':
      return ['-rtsp_transport', 'tcp', '-timeout', micros, '-fflags', '+genpts+discardcorrupt', '-i', input];
    case 'http':
      return ['-rw_timeout', micros, '-fflags', '+genpts+discardcorrupt', '-i', input];
    case 'file':
      return ['-re', '-stream_loop', '-1', '-i', input];
  }
}

/** Everything that decides one camera's ingest command lines. */
export interface IngestPlan {
  mainUrl: string;
  /** Sub-stream for detection; null when detection decodes the main stream in the same process. */
  detectUrl: string | null;
  /** Target segment length; ffmpeg cuts at the first keyframe after it. */
  segmentSeconds: number;
  /** Absolute path pattern of segment files, with one `%06d` for the sequence number. */
  segmentPattern: string;
  /** Re-encode the recording (privacy zones, or a codec kept only after conversion such as MJPEG). */
  transcode: boolean;
  /** Privacy rectangles painted black in the recording (when transcoding), the detect frames and the JPEGs. */
  privacy: readonly NormRect[];
  /** Record the first audio stream, when there is one, converted to AAC (the picture is still copied). */
  audio: boolean;
  detectFps: number;
  /** Grey frames handed to the motion detector. */
  detectSize: Size;
  /** JPEGs for live view and alert snapshots, one per detect frame. */
  jpegSize: Size;
  /** ffmpeg's JPEG quality scale, 2 (best) to 31. */
  jpegQuality: number;
  /** Socket/read timeout for network sources. */
  timeoutSeconds: number;
}

/** The command lines of one camera: one process, or two when detection reads a separate sub-stream. */
export interface IngestCommands {
  /** Records segments; also decodes for detection when `detect` is null. */
  record: string[];
  /** Decodes the sub-stream for detection, or null. */
  detect: string[] | null;
}

const COMMON = ['-hide_banner', '-loglevel', 'error', '-nostdin'];

function checkPlan(plan: IngestPlan): void {
  const whole = (s: Size) =>
    Number.isInteger(s.width) && Number.isInteger(s.height) && s.width >= 8 && s.height >= 8;
  if (!whole(plan.detectSize) || !whole(plan.jpegSize))
    throw new RangeError('frame sizes must be whole pixels, at least 8x8');
  if (!(plan.detectFps > 0 && plan.detectFps <= 30))
    throw new RangeError('detect fps must be between 0 and 30');
  if (!(plan.segmentSeconds >= 1 && plan.segmentSeconds <= 600))
    throw new RangeError('segment length out of range');
  if (!plan.segmentPattern.includes('%06d')) throw new RangeError('segment pattern needs %06d');
  if (!Number.isInteger(plan.jpegQuality) || plan.jpegQuality < 2 || plan.jpegQuality > 31)
    throw new RangeError('JPEG quality must be 2..31');
}

/** Filter graph of the detect branch: rate first (only kept frames are processed), privacy, then grey + JPEG. */
function detectGraph(source: string, plan: IngestPlan, privacy: string | null): string {
  const { detectFps, detectSize, jpegSize } = plan;
  const pre = [`fps=${detectFps}`, ...(privacy ? [privacy] : [])].join(',');
  return (
    `${source}${pre},split=2[dg][dj];` +
    // Area averaging is the cleanest downscale for frame differencing.
    `[dg]scale=${detectSize.width}:${detectSize.height}:flags=area,format=gray[grey];` +
    `[dj]scale=${jpegSize.width}:${jpegSize.height},format=yuvj420p[jpeg]`
  );
}

function detectOutputs(plan: IngestPlan): string[] {
  return [
    '-map',
    '[grey]',
    '-fps_mode',
    'passthrough',
    '-c:v',
    'rawvideo',
    '-f',
    'rawvideo',
    'pipe:1',
    '-map',
    '[jpeg]',
    '-fps_mode',
    'passthrough',
    '-c:v',
    'mjpeg',
    '-q:v',
    String(plan.jpegQuality),
    '-f',
    'image2pipe',
    `pipe:${JPEG_FD}`,
  ];
}

function segmentOutput(plan: IngestPlan, videoSource: string): string[] {
  const codec = plan.transcode
    ? [
        '-c:v',
        'libx264',
        '-preset',
        'veryfast',
        '-crf',
        '23',
        '-pix_fmt',
        'yuv420p',
        // Keyframes every 2 s, so segments can still be cut near their target length and clips near their edges.
        '-force_key_frames',
        'expr:gte(t,n_forced*2)',
      ]
    : ['-c:v', 'copy'];
  // Sound only when the household turned it on. Camera audio is often G.711, which MPEG-TS cannot carry, so it is
  // converted to AAC (cheap next to video); `?` keeps a camera without sound recording.
  const audio = plan.audio ? ['-map', '0:a:0?', '-c:a', 'aac', '-b:a', '64k', '-ac', '1'] : ['-an'];
  return [
    '-map',
    videoSource,
    ...codec,
    ...audio,
    '-sn',
    '-dn',
    '-f',
    'segment',
    '-segment_time',
    String(plan.segmentSeconds),
    // MPEG-TS needs no trailer: a segment cut short by a crash or a lost stream is still playable.
    '-segment_format',
    'mpegts',
    // Each packet is written through at once, so a killed ffmpeg leaves its unfinished segment on disk.
    '-segment_format_options',
    'flush_packets=1',
    '-reset_timestamps',
    '1',
    // Each file's timestamps start at 0, so clip cut points are plain offsets into the file.
    '-muxdelay',
    '0',
    // Each finished segment is announced as "file,start,end" (seconds of stream time) on a pipe.
    '-segment_list',
    `pipe:${SEGMENT_LIST_FD}`,
    '-segment_list_type',
    'csv',
    plan.segmentPattern,
  ];
}

/** The ingest command lines of one camera. */
export function ingestCommands(plan: IngestPlan): IngestCommands {
  checkPlan(plan);
  const privacy = privacyFilter(plan.privacy);
  const recordInput = inputArgs(plan.mainUrl, plan.timeoutSeconds);
  if (plan.detectUrl === null) {
    // One decode feeds the recording (when re-encoded) and detection.
    let graph: string;
    let recordSource: string;
    if (plan.transcode) {
      graph = `[0:v]${privacy ? `${privacy},` : ''}split=2[rec][det];${detectGraph('[det]', plan, null)}`;
      recordSource = '[rec]';
    } else {
      graph = detectGraph('[0:v]', plan, privacy);
      recordSource = '0:v:0';
    }
    return {
      record: [
        ...COMMON,
        ...recordInput,
        '-filter_complex',
        graph,
        ...segmentOutput(plan, recordSource),
        ...detectOutputs(plan),
      ],
      detect: null,
    };
  }
  const record = plan.transcode
    ? [
        ...COMMON,
        ...recordInput,
        '-filter_complex',
        `[0:v]${privacy ?? 'null'}[rec]`,
        ...segmentOutput(plan, '[rec]'),
      ]
    : [...COMMON, ...recordInput, ...segmentOutput(plan, '0:v:0')];
  const detect = [
    ...COMMON,
    ...inputArgs(plan.detectUrl, plan.timeoutSeconds),
    '-an',
    '-filter_complex',
    detectGraph('[0:v]', plan, privacy),
    ...detectOutputs(plan),
  ];
  return { record, detect };
}

/** One entry of a concat list: a local file and optional cut points in seconds from its start. */
export interface ConcatEntry {
  path: string;
  inpoint?: number;
  outpoint?: number;
}

/** An ffconcat list; paths are quoted for the concat demuxer. */
export function concatList(entries: readonly ConcatEntry[]): string {
  const quote = (p: string) => `'${p.replace(/'/g, "'\\''")}'`;
  const lines = ['ffconcat version 1.0'];
  for (const e of entries) {
    if (/[\n\r]/.test(e.path)) throw new RangeError('a path in a concat list cannot hold a line break');
    lines.push(`file ${quote(e.path)}`);
    if (e.inpoint !== undefined) lines.push(`inpoint ${e.inpoint.toFixed(3)}`);
    if (e.outpoint !== undefined) lines.push(`outpoint ${e.outpoint.toFixed(3)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Join segments into an MP4 clip without re-encoding (cut at keyframes), playable from its first byte. */
export function clipArgs(listPath: string, outPath: string, codec: string): string[] {
  return [
    ...COMMON,
    '-f',
    'concat',
    '-safe',
    '0',
    '-i',
    listPath,
    '-map',
    '0:v:0',
    // The segments' sound, when they were recorded with it.
    '-map',
    '0:a:0?',
    '-c',
    'copy',
    // Packets before the first keyframe's timestamp would start the MP4 at a negative time.
    '-avoid_negative_ts',
    'make_zero',
    '-movflags',
    '+faststart',
    // Apple players only play HEVC in MP4 tagged hvc1.
    ...(codec === 'hevc' ? ['-tag:v', 'hvc1'] : []),
    '-f',
    'mp4',
    '-y',
    outPath,
  ];
}

/** One JPEG of a video at `seconds`, at most `maxWidth` wide, on stdout. */
export function frameJpegArgs(input: string, seconds: number, maxWidth: number): string[] {
  checkInput(input);
  return [
    ...COMMON,
    // Before -i: seek to the keyframe, then decode up to the moment (accurate and fast).
    '-ss',
    Math.max(0, seconds).toFixed(3),
    '-i',
    input,
    '-frames:v',
    '1',
    '-vf',
    `scale='min(${maxWidth},iw)':-2`,
    '-q:v',
    '3',
    '-f',
    'image2pipe',
    '-c:v',
    'mjpeg',
    'pipe:1',
  ];
}

/** A smaller JPEG (thumbnail) from JPEG bytes given on stdin. */
export function thumbnailArgs(width: number): string[] {
  return [
    ...COMMON,
    '-f',
    'image2pipe',
    '-c:v',
    'mjpeg',
    '-i',
    'pipe:0',
    '-frames:v',
    '1',
    '-vf',
    `scale='min(${width},iw)':-2`,
    '-q:v',
    '5',
    '-f',
    'image2pipe',
    '-c:v',
    'mjpeg',
    'pipe:1',
  ];
}

/** ffprobe: the streams of a source as JSON, for "test connection" and before starting a camera. */
export function probeArgs(input: string, timeoutSeconds: number): string[] {
  checkInput(input);
  const micros = String(Math.round(timeoutSeconds * 1_000_000));
  const kind = sourceKindOf(input);
  return [
    '-hide_banner',
    '-v',
    'error',
    ...(kind === 'rtsp' ? ['-rtsp_transport', 'tcp', '-timeout', micros] : []),
    ...(kind === 'http' ? ['-rw_timeout', micros] : []),
    '-show_entries',
    'stream=codec_type,codec_name,width,height,avg_frame_rate',
    '-of',
    'json',
    input,
  ];
}

/** ffprobe: timestamps of a file's keyframes (packets only, nothing decoded), one "pts,flags" line each. */
export function keyframeArgs(path: string): string[] {
  checkInput(path);
  return [
    '-v',
    'error',
    '-select_streams',
    'v:0',
    '-show_entries',
    'packet=pts_time,flags',
    '-of',
    'csv=p=0',
    path,
  ];
}

/** ffprobe: a file's duration in seconds. */
export function durationArgs(path: string): string[] {
  checkInput(path);
  return ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', path];
}
