import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  classifyProbe,
  describeFailure,
  lastErrorLine,
  redactCredentials,
} from '../../src/recording/probe.js';

// Captured from ffprobe 5.1 (Debian 12) with the arguments of probeArgs(), against a GStreamer RTSP server with
// basic auth, a Python HTTP server answering 401/403/404, a TCP port that accepts and never answers, and files.
const CAPTURED = {
  refused: `[tcp @ 0x55c030d79780] Connection to tcp://127.0.0.1:1?timeout=3000000 failed: Connection refused
rtsp://127.0.0.1:1/x: Connection refused
`,
  dns: `[tcp @ 0x56081d8a9780] Failed to resolve hostname nonexistent.invalid: Name or service not known
rtsp://nonexistent.invalid/x: Input/output error
`,
  rtsp404: `[rtsp @ 0x5590d3dca9c0] method DESCRIBE failed: 404 Not Found
rtsp://127.0.0.1:37991/nope: Server returned 404 Not Found
`,
  rtsp401: `[rtsp @ 0x55eb454a79c0] method DESCRIBE failed: 401 Unauthorized
rtsp://admin:wrong@127.0.0.1:36757/cam: Server returned 401 Unauthorized (authorization failed)
`,
  http401: 'http://127.0.0.1:18081/auth: Server returned 401 Unauthorized (authorization failed)\n',
  http403: 'http://127.0.0.1:18081/forbid: Server returned 403 Forbidden (access denied)\n',
  httpTimeout: 'http://127.0.0.1:18082/x: Connection timed out\n',
  silentRtsp: 'rtsp://127.0.0.1:18082/x: Invalid data found when processing input\n',
  noFile: '/tmp/nonexist.mp4: No such file or directory\n',
  bFrames: `[mpegts @ 0x559510f4ec00] first pts and dts value must be set
av_interleaved_write_frame(): Invalid data found when processing input
`,
  failedJson: '{\n\n}\n',
  audioOnly: `{
    "programs": [

    ],
    "streams": [
        {
            "codec_name": "aac",
            "codec_type": "audio",
            "avg_frame_rate": "0/0"
        }
    ]
}
`,
  mpeg4: `{
    "programs": [

    ],
    "streams": [
        {
            "codec_name": "mpeg4",
            "codec_type": "video",
            "width": 320,
            "height": 240,
            "avg_frame_rate": "25/1"
        }
    ]
}
`,
  h264: `{
    "programs": [

    ],
    "streams": [
        {
            "codec_name": "h264",
            "codec_type": "video",
            "width": 768,
            "height": 432,
            "avg_frame_rate": "10/1"
        }
    ]
}
`,
};

const failed = (stderr: string) =>
  classifyProbe({ code: 1, stdout: CAPTURED.failedJson, stderr, timedOut: false });

describe('test connection: classifying ffprobe', () => {
  test('a camera that answers with H.264 video is fine, with its size and rate', () => {
    const r = classifyProbe({ code: 0, stdout: CAPTURED.h264, stderr: '', timedOut: false });
    assert.equal(r.ok, true);
    assert.equal(r.problem, null);
    assert.deepEqual(r.video, { codec: 'h264', width: 768, height: 432 });
    assert.equal(r.message, 'H264 768x432 at 10 fps.');
  });
  test('HEVC and MJPEG are recordable too', () => {
    for (const codec of ['hevc', 'mjpeg']) {
      const r = classifyProbe({
        code: 0,
        stdout: CAPTURED.h264.replace('h264', codec),
        stderr: '',
        timedOut: false,
      });
      assert.equal(r.ok, true, codec);
    }
  });
  test('wrong credentials (RTSP and HTTP 401) and refused access (403) are "unauthorized"', () => {
    for (const s of [CAPTURED.rtsp401, CAPTURED.http401]) {
      const r = failed(s);
      assert.equal(r.problem, 'unauthorized');
      assert.match(r.message, /401/);
    }
    assert.equal(failed(CAPTURED.http403).problem, 'unauthorized');
    assert.match(failed(CAPTURED.http403).message, /403/);
  });
  test('nothing listening, unknown host, wrong path, missing file: "unreachable", each with its own reason', () => {
    assert.deepEqual(
      [CAPTURED.refused, CAPTURED.dns, CAPTURED.rtsp404, CAPTURED.noFile, CAPTURED.silentRtsp].map((s) => [
        failed(s).problem,
        failed(s).message.split(' ').slice(0, 4).join(' '),
      ]),
      [
        ['unreachable', 'Nothing accepts connections at'],
        ['unreachable', 'The camera’s host name'],
        ['unreachable', 'The camera answered, but'],
        ['unreachable', 'The file does not'],
        ['unreachable', 'The address answered, but'],
      ],
    );
  });
  test('no answer in time: "timeout", from ffprobe itself or from our time limit', () => {
    assert.equal(failed(CAPTURED.httpTimeout).problem, 'timeout');
    assert.equal(classifyProbe({ code: null, stdout: '', stderr: '', timedOut: true }).problem, 'timeout');
  });
  test('audio only: "no-video"; a codec we cannot record: "unsupported-codec" naming it', () => {
    const audio = classifyProbe({ code: 0, stdout: CAPTURED.audioOnly, stderr: '', timedOut: false });
    assert.equal(audio.problem, 'no-video');
    assert.equal(audio.video, null);
    const mpeg4 = classifyProbe({ code: 0, stdout: CAPTURED.mpeg4, stderr: '', timedOut: false });
    assert.equal(mpeg4.problem, 'unsupported-codec');
    assert.match(mpeg4.message, /mpeg4/);
    assert.deepEqual(mpeg4.video, { codec: 'mpeg4', width: 320, height: 240 });
  });
  test('garbage on stdout with exit 0 is a failure, not a crash', () => {
    const r = classifyProbe({ code: 0, stdout: 'not json', stderr: 'boom', timedOut: false });
    assert.equal(r.ok, false);
    assert.equal(r.problem, 'unreachable');
  });
  test('a port or path that looks like a status code is not read as one', () => {
    const s = 'rtsp://127.0.0.1:401/x: Connection refused\n';
    assert.equal(describeFailure(s).problem, 'unreachable');
    assert.match(describeFailure(s).message, /Nothing accepts/);
  });
  test('recording failures: B-frames over RTSP are explained', () => {
    assert.match(describeFailure(CAPTURED.bFrames).message, /B-frames/);
  });
});

describe('readable errors never show a password', () => {
  test('credentials in URLs are masked', () => {
    assert.equal(
      redactCredentials('rtsp://admin:s3cr3t@10.0.0.2:554/a and http://u:p@h/x'),
      'rtsp://admin:***@10.0.0.2:554/a and http://u:***@h/x',
    );
  });
  test('an unknown error shows its last line, without ffmpeg pointers or passwords', () => {
    const s = 'noise\n[rtsp @ 0x55eb454a79c0] something odd at rtsp://admin:pw@cam/x\n\n';
    assert.equal(lastErrorLine(s), 'rtsp: something odd at rtsp://admin:***@cam/x');
    assert.equal(
      describeFailure(s).message,
      'The stream could not be read: rtsp: something odd at rtsp://admin:***@cam/x',
    );
    assert.equal(lastErrorLine('   \n'), null);
  });
});
