import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  clipArgs,
  concatList,
  durationArgs,
  frameJpegArgs,
  ingestCommands,
  inputArgs,
  keyframeArgs,
  probeArgs,
  sourceKindOf,
  thumbnailArgs,
  type IngestPlan,
} from '../../src/recording/ffmpeg-args.js';

const COMMON = ['-hide_banner', '-loglevel', 'error', '-nostdin'];
const RTSP_IN = [
  '-rtsp_transport',
  'tcp',
  '-timeout',
  '10000000',
  '-fflags',
  '+genpts+discardcorrupt',
  '-i',
  'rtsp://u:p@cam/main',
];
const SEGMENTS = (source: string, codec: string[]) => [
  '-map',
  source,
  ...codec,
  '-an',
  '-sn',
  '-dn',
  '-f',
  'segment',
  '-segment_time',
  '10',
  '-segment_format',
  'mpegts',
  '-segment_format_options',
  'flush_packets=1',
  '-reset_timestamps',
  '1',
  '-muxdelay',
  '0',
  '-segment_list',
  'pipe:3',
  '-segment_list_type',
  'csv',
  '/data/segments/c1/1700000000000-%06d.ts',
];
const DETECT_OUT = [
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
  '5',
  '-f',
  'image2pipe',
  'pipe:4',
];
const X264 = [
  '-c:v',
  'libx264',
  '-preset',
  'veryfast',
  '-crf',
  '23',
  '-pix_fmt',
  'yuv420p',
  '-force_key_frames',
  'expr:gte(t,n_forced*2)',
];
const DETECT_GRAPH = (src: string, pre: string) =>
  `${src}${pre},split=2[dg][dj];[dg]scale=320:180:flags=area,format=gray[grey];[dj]scale=640:360,format=yuvj420p[jpeg]`;

const plan = (over: Partial<IngestPlan> = {}): IngestPlan => ({
  mainUrl: 'rtsp://u:p@cam/main',
  detectUrl: null,
  segmentSeconds: 10,
  segmentPattern: '/data/segments/c1/1700000000000-%06d.ts',
  transcode: false,
  privacy: [],
  audio: false,
  detectFps: 5,
  detectSize: { width: 320, height: 180 },
  jpegSize: { width: 640, height: 360 },
  jpegQuality: 5,
  timeoutSeconds: 10,
  ...over,
});

describe('ffmpeg input arguments', () => {
  test('RTSP goes over TCP with a socket timeout in microseconds and tolerant timestamps', () => {
    assert.deepEqual(inputArgs('rtsp://u:p@cam/main', 10), RTSP_IN);
    assert.deepEqual(inputArgs('rtsps://cam/s', 2.5), [
      '-rtsp_transport',
      'tcp',
      '-timeout',
      '2500000',
      '-fflags',
      '+genpts+discardcorrupt',
      '-i',
      'rtsps://cam/s',
    ]);
  });
  test('HTTP (MJPEG, HLS) gets a read timeout', () => {
    assert.deepEqual(inputArgs('http://cam/video.mjpg', 5), [
      '-rw_timeout',
      '5000000',
      '-fflags',
      '+genpts+discardcorrupt',
      '-i',
      'http://cam/video.mjpg',
    ]);
    assert.deepEqual(inputArgs('https://cam/live.m3u8', 5).slice(-2), ['-i', 'https://cam/live.m3u8']);
  });
  test('local files are read at their own speed and looped forever, like a live camera', () => {
    assert.deepEqual(inputArgs('/srv/demo/door.mp4', 10), [
      '-re',
      '-stream_loop',
      '-1',
      '-i',
      '/srv/demo/door.mp4',
    ]);
  });
  test('an input that ffmpeg would read as an option is refused', () => {
    assert.throws(() => inputArgs('-f lavfi', 10), RangeError);
    assert.throws(() => inputArgs('', 10), RangeError);
    assert.throws(() => probeArgs('-i', 5), RangeError);
  });
  test('source kinds', () => {
    assert.equal(sourceKindOf('RTSP://x/y'), 'rtsp');
    assert.equal(sourceKindOf('https://x/y'), 'http');
    assert.equal(sourceKindOf('/a/b.mp4'), 'file');
  });
});

describe('ingest command lines', () => {
  test('one camera URL: one ffmpeg copies the main stream into MPEG-TS segments and decodes it for detection', () => {
    const c = ingestCommands(plan());
    assert.equal(c.detect, null);
    assert.deepEqual(c.record, [
      ...COMMON,
      ...RTSP_IN,
      '-filter_complex',
      DETECT_GRAPH('[0:v]', 'fps=5'),
      ...SEGMENTS('0:v:0', ['-c:v', 'copy']),
      ...DETECT_OUT,
    ]);
  });

  test('privacy zones: one decode is blacked out, re-encoded with libx264 for the recording and also feeds detection', () => {
    const c = ingestCommands(plan({ transcode: true, privacy: [[0.5, 0.25, 0.25, 0.5]] }));
    const box =
      'drawbox=x=floor(iw*0.5):y=floor(ih*0.25):w=ceil(iw*0.25)+1:h=ceil(ih*0.5)+1:color=black:t=fill';
    assert.deepEqual(c.record, [
      ...COMMON,
      ...RTSP_IN,
      '-filter_complex',
      `[0:v]${box},split=2[rec][det];${DETECT_GRAPH('[det]', 'fps=5')}`,
      ...SEGMENTS('[rec]', X264),
      ...DETECT_OUT,
    ]);
  });

  test('privacy boxes are drawn on the detect branch (grey frames and JPEGs) after the rate filter', () => {
    const c = ingestCommands(plan({ privacy: [[0, 0, 1, 0.5]] }));
    const box = 'drawbox=x=floor(iw*0):y=floor(ih*0):w=ceil(iw*1)+1:h=ceil(ih*0.5)+1:color=black:t=fill';
    assert.equal(c.record[c.record.indexOf('-filter_complex') + 1], DETECT_GRAPH('[0:v]', `fps=5,${box}`));
  });

  test('a sub-stream: the recorder only copies, a second ffmpeg decodes the sub-stream', () => {
    const c = ingestCommands(plan({ detectUrl: 'rtsp://cam/sub' }));
    assert.deepEqual(c.record, [...COMMON, ...RTSP_IN, ...SEGMENTS('0:v:0', ['-c:v', 'copy'])]);
    assert.deepEqual(c.detect, [
      ...COMMON,
      '-rtsp_transport',
      'tcp',
      '-timeout',
      '10000000',
      '-fflags',
      '+genpts+discardcorrupt',
      '-i',
      'rtsp://cam/sub',
      '-an',
      '-filter_complex',
      DETECT_GRAPH('[0:v]', 'fps=5'),
      ...DETECT_OUT,
    ]);
  });

  test('a sub-stream with re-encoding (MJPEG main stream, no privacy zones) passes the picture through unchanged', () => {
    const c = ingestCommands(plan({ detectUrl: 'rtsp://cam/sub', transcode: true }));
    assert.deepEqual(c.record, [
      ...COMMON,
      ...RTSP_IN,
      '-filter_complex',
      '[0:v]null[rec]',
      ...SEGMENTS('[rec]', X264),
    ]);
  });

  test('sound, when turned on: the first audio stream if any, converted to AAC mono; the picture still copied', () => {
    const c = ingestCommands(plan({ detectUrl: 'rtsp://cam/sub', audio: true }));
    const withSound = SEGMENTS('0:v:0', ['-c:v', 'copy']);
    withSound.splice(withSound.indexOf('-an'), 1, '-map', '0:a:0?', '-c:a', 'aac', '-b:a', '64k', '-ac', '1');
    assert.deepEqual(c.record, [...COMMON, ...RTSP_IN, ...withSound]);
    // The detect process never carries sound.
    assert.ok(c.detect!.includes('-an'));
  });

  test('detect rate, sizes, JPEG quality and segment length reach the command', () => {
    const c = ingestCommands(
      plan({
        detectFps: 2,
        detectSize: { width: 160, height: 120 },
        jpegSize: { width: 320, height: 240 },
        jpegQuality: 8,
        segmentSeconds: 4,
      }),
    );
    assert.equal(
      c.record[c.record.indexOf('-filter_complex') + 1],
      '[0:v]fps=2,split=2[dg][dj];[dg]scale=160:120:flags=area,format=gray[grey];[dj]scale=320:240,format=yuvj420p[jpeg]',
    );
    assert.equal(c.record[c.record.indexOf('-segment_time') + 1], '4');
    assert.equal(c.record[c.record.indexOf('-q:v') + 1], '8');
  });

  test('impossible plans are refused before anything runs', () => {
    assert.throws(() => ingestCommands(plan({ detectSize: { width: 4, height: 4 } })), RangeError);
    assert.throws(() => ingestCommands(plan({ detectFps: 0 })), RangeError);
    assert.throws(() => ingestCommands(plan({ segmentPattern: '/x/seg.ts' })), RangeError);
    assert.throws(() => ingestCommands(plan({ jpegQuality: 1 })), RangeError);
    assert.throws(() => ingestCommands(plan({ segmentSeconds: 0 })), RangeError);
  });
});

describe('clips, snapshots and probes', () => {
  test('concat list: quoted paths, cut points with millisecond precision', () => {
    assert.equal(
      concatList([
        { path: "/data/seg/it's.ts", inpoint: 3 },
        { path: '/data/seg/b.ts' },
        { path: '/data/seg/c.ts', outpoint: 1.25 },
      ]),
      "ffconcat version 1.0\nfile '/data/seg/it'\\''s.ts'\ninpoint 3.000\nfile '/data/seg/b.ts'\nfile '/data/seg/c.ts'\noutpoint 1.250\n",
    );
    assert.throws(() => concatList([{ path: '/a\nfile /etc/passwd' }]), RangeError);
  });
  test('clip: concat demuxer, stream copy, MP4 that starts at zero and plays while downloading', () => {
    assert.deepEqual(clipArgs('/tmp/l.ffconcat', '/tmp/c.mp4', 'h264'), [
      ...COMMON,
      '-f',
      'concat',
      '-safe',
      '0',
      '-i',
      '/tmp/l.ffconcat',
      '-map',
      '0:v:0',
      '-map',
      '0:a:0?',
      '-c',
      'copy',
      '-avoid_negative_ts',
      'make_zero',
      '-movflags',
      '+faststart',
      '-f',
      'mp4',
      '-y',
      '/tmp/c.mp4',
    ]);
    const hevc = clipArgs('/tmp/l.ffconcat', '/tmp/c.mp4', 'hevc');
    assert.deepEqual(hevc.slice(hevc.indexOf('-tag:v'), hevc.indexOf('-tag:v') + 2), ['-tag:v', 'hvc1']);
  });
  test('snapshot: seek before the input, one frame, never upscaled, JPEG on stdout', () => {
    assert.deepEqual(frameJpegArgs('/tmp/c.mp4', 4.5, 1280), [
      ...COMMON,
      '-ss',
      '4.500',
      '-i',
      '/tmp/c.mp4',
      '-frames:v',
      '1',
      '-vf',
      "scale='min(1280,iw)':-2",
      '-q:v',
      '3',
      '-f',
      'image2pipe',
      '-c:v',
      'mjpeg',
      'pipe:1',
    ]);
    assert.equal(frameJpegArgs('/tmp/c.mp4', -2, 640)[5], '0.000');
  });
  test('thumbnail: JPEG in on stdin, smaller JPEG out on stdout', () => {
    assert.deepEqual(thumbnailArgs(320), [
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
      "scale='min(320,iw)':-2",
      '-q:v',
      '5',
      '-f',
      'image2pipe',
      '-c:v',
      'mjpeg',
      'pipe:1',
    ]);
  });
  test('probe: JSON of the streams, with the transport and timeout each source kind needs', () => {
    const tail = ['-show_entries', 'stream=codec_type,codec_name,width,height,avg_frame_rate', '-of', 'json'];
    assert.deepEqual(probeArgs('rtsp://cam/x', 5), [
      '-hide_banner',
      '-v',
      'error',
      '-rtsp_transport',
      'tcp',
      '-timeout',
      '5000000',
      ...tail,
      'rtsp://cam/x',
    ]);
    assert.deepEqual(probeArgs('http://cam/x', 5), [
      '-hide_banner',
      '-v',
      'error',
      '-rw_timeout',
      '5000000',
      ...tail,
      'http://cam/x',
    ]);
    assert.deepEqual(probeArgs('/x.mp4', 5), ['-hide_banner', '-v', 'error', ...tail, '/x.mp4']);
  });
  test('keyframes and durations are read from packets and the container, nothing decoded', () => {
    assert.deepEqual(keyframeArgs('/s.ts'), [
      '-v',
      'error',
      '-select_streams',
      'v:0',
      '-show_entries',
      'packet=pts_time,flags',
      '-of',
      'csv=p=0',
      '/s.ts',
    ]);
    assert.deepEqual(durationArgs('/s.ts'), [
      '-v',
      'error',
      '-show_entries',
      'format=duration',
      '-of',
      'csv=p=0',
      '/s.ts',
    ]);
  });
});
