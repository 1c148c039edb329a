import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  detectSizeFor,
  ffmpegGreyFrameArgs,
  ffprobeSizeArgs,
  parseProbeSize,
  probeVideoSize,
  readGreyFrames,
} from './ffmpeg-frames.js';

const clip = fileURLToPath(new URL('../../../shared/media/car-detection.mp4', import.meta.url));
const haveFfmpeg =
  spawnSync('ffmpeg', ['-version']).status === 0 && spawnSync('ffprobe', ['-version']).status === 0;
const skip = !haveFfmpeg || !existsSync(clip) ? 'needs ffmpeg and ../shared/media' : false;

describe('ffmpegGreyFrameArgs', () => {
  it('decodes a file to raw grey frames at the detect rate and size', () => {
    assert.deepEqual(
      ffmpegGreyFrameArgs({ input: 'clips/door.mp4', fps: 5, size: { width: 320, height: 180 } }),
      [
        '-hide_banner',
        '-loglevel',
        'error',
        '-nostdin',
        '-i',
        'clips/door.mp4',
        '-an',
        '-sn',
        '-dn',
        '-vf',
        'fps=5,scale=320:180:flags=area',
        '-pix_fmt',
        'gray',
        '-f',
        'rawvideo',
        'pipe:1',
      ],
    );
  });

  it('reads RTSP over TCP', () => {
    const args = ffmpegGreyFrameArgs({
      input: 'rtsps://cam.local/sub',
      fps: 2.5,
      size: { width: 64, height: 36 },
    });
    assert.deepEqual(args.slice(4, 8), ['-rtsp_transport', 'tcp', '-i', 'rtsps://cam.local/sub']);
    assert.ok(args.includes('fps=2.5,scale=64:36:flags=area'));
  });

  it('refuses inputs that ffmpeg would take for options, and impossible rates or sizes', () => {
    const size = { width: 320, height: 180 };
    assert.throws(() => ffmpegGreyFrameArgs({ input: '-f', fps: 5, size }), RangeError);
    assert.throws(() => ffmpegGreyFrameArgs({ input: '', fps: 5, size }), RangeError);
    assert.throws(() => ffmpegGreyFrameArgs({ input: 'a.mp4', fps: 0, size }), RangeError);
    assert.throws(
      () => ffmpegGreyFrameArgs({ input: 'a.mp4', fps: 5, size: { width: 320.5, height: 180 } }),
      RangeError,
    );
  });
});

describe('ffprobe helpers', () => {
  it('asks for the first video stream size as JSON', () => {
    assert.deepEqual(ffprobeSizeArgs('a.mp4'), [
      '-v',
      'error',
      '-select_streams',
      'v:0',
      '-show_entries',
      'stream=width,height',
      '-of',
      'json',
      'a.mp4',
    ]);
    assert.deepEqual(ffprobeSizeArgs('rtsp://x/y').slice(2, 4), ['-rtsp_transport', 'tcp']);
  });

  it('parses the size and rejects answers without a video stream', () => {
    assert.deepEqual(parseProbeSize('{"programs":[],"streams":[{"width":768,"height":432}]}'), {
      width: 768,
      height: 432,
    });
    assert.throws(() => parseProbeSize('{"streams":[]}'), /no video stream/);
  });

  it('picks an even detect size with the source aspect, never upscaling', () => {
    assert.deepEqual(detectSizeFor({ width: 768, height: 432 }, 320), { width: 320, height: 180 });
    assert.deepEqual(detectSizeFor({ width: 1920, height: 1080 }, 320), { width: 320, height: 180 });
    assert.deepEqual(detectSizeFor({ width: 640, height: 480 }, 320), { width: 320, height: 240 });
    assert.deepEqual(detectSizeFor({ width: 240, height: 135 }, 320), { width: 240, height: 136 });
  });
});

describe('readGreyFrames', { skip }, () => {
  it('yields frames of the detect size at the requested rate from real footage', async () => {
    const source = await probeVideoSize(clip);
    assert.deepEqual(source, { width: 768, height: 432 });
    const size = detectSizeFor(source, 64);
    const frames = [];
    for await (const frame of readGreyFrames({ input: clip, fps: 2, size })) frames.push(frame);
    // 30.16 s at 2 fps.
    assert.ok(frames.length >= 60 && frames.length <= 62, String(frames.length));
    assert.ok(frames.every((f, k) => f.data.length === 64 * 36 && f.index === k && f.tMs === k * 500));
    assert.notDeepEqual(frames[0]?.data, frames[12]?.data, 'a car is in view at 6 s');
  });

  it('stops ffmpeg when the consumer stops early', async () => {
    let n = 0;
    for await (const frame of readGreyFrames({ input: clip, fps: 5, size: { width: 32, height: 18 } })) {
      assert.equal(frame.data.length, 32 * 18);
      if (++n === 3) break;
    }
    assert.equal(n, 3);
  });

  it('fails with ffmpeg’s own message when the input cannot be read', async () => {
    const frames = readGreyFrames({ input: 'does-not-exist.mp4', fps: 5, size: { width: 32, height: 18 } });
    await assert.rejects(async () => {
      for await (const _ of frames) assert.fail('no frame expected');
    }, /ffmpeg exited with 1: .*does-not-exist\.mp4/);
  });
});
