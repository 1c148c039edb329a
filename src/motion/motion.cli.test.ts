import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { parseMasks, parseMotionArgs, parseZones, runMotionCommand } from './motion.cli.js';

const media = (name: string): string =>
  fileURLToPath(new URL(`../../../shared/media/${name}`, import.meta.url));
const oneByOne = media('one-by-one-person-detection.mp4');
const cars = media('car-detection.mp4');
const haveFfmpeg =
  spawnSync('ffmpeg', ['-version']).status === 0 && spawnSync('ffprobe', ['-version']).status === 0;
const skip =
  !haveFfmpeg || !existsSync(oneByOne) || !existsSync(cars) ? 'needs ffmpeg and ../shared/media' : false;

/** A writable that keeps what is written. */
function sink(): Writable & { text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  return Object.assign(stream, { text: () => text });
}

interface FrameLine {
  t: number;
  motion: boolean;
  area: number;
  boxes: [number, number, number, number][];
  zones?: string[];
}

describe('parseMotionArgs', () => {
  it('applies the defaults', () => {
    assert.deepEqual(parseMotionArgs(['clip.mp4']), {
      kind: 'run',
      options: { input: 'clip.mp4', fps: 5, width: 320, zones: [], masks: [], sensitivity: {}, json: false },
    });
  });

  it('reads every option', () => {
    const args = parseMotionArgs([
      'rtsp://cam/sub',
      '--fps',
      '2',
      '--width',
      '480',
      '--json',
      '--threshold',
      '20',
      '--min-area',
      '0.001',
      '--zones',
      '{"porch":[[0,0.5],[1,0.5],[1,1]]}',
      '--masks',
      '[[[0,0],[1,0],[1,0.1]]]',
    ]);
    assert.equal(args.kind, 'run');
    if (args.kind !== 'run') return;
    assert.equal(args.options.fps, 2);
    assert.equal(args.options.width, 480);
    assert.equal(args.options.json, true);
    assert.deepEqual(args.options.sensitivity, { threshold: 20, minRegionArea: 0.001 });
    assert.deepEqual(args.options.zones, [
      {
        name: 'porch',
        points: [
          [0, 0.5],
          [1, 0.5],
          [1, 1],
        ],
      },
    ]);
    assert.deepEqual(args.options.masks, [
      [
        [0, 0],
        [1, 0],
        [1, 0.1],
      ],
    ]);
  });

  it('explains usage errors', () => {
    const cases: [string[], RegExp][] = [
      [[], /missing <video-file-or-url>/],
      [['a.mp4', 'b.mp4'], /exactly one input/],
      [['a.mp4', '--fps', 'fast'], /--fps: "fast" is out of range/],
      [['a.mp4', '--fps', '0'], /--fps/],
      [['a.mp4', '--width', '10.5'], /--width/],
      [['a.mp4', '--bogus'], /Unknown option '--bogus'/],
      [
        ['a.mp4', '--zones', '[{"name":"x","points":[[0,0],[2000,0],[0,1]]}]'],
        /zone "x": point coordinates are fractions/,
      ],
      [['a.mp4', '--zones', 'not json'], /JSON/],
      [['a.mp4', '--masks', '{}'], /--masks is an array/],
      [['a.mp4', '--sensitivity', 'max'], /--sensitivity: "max" is not low, medium or high/],
    ];
    for (const [argv, message] of cases) {
      const result = parseMotionArgs(argv);
      assert.equal(result.kind, 'error', argv.join(' '));
      if (result.kind === 'error') assert.match(result.message, message);
    }
    assert.deepEqual(parseMotionArgs(['--help']), { kind: 'help' });
  });

  it('starts from a sensitivity preset and lets explicit numbers override it', () => {
    const args = parseMotionArgs(['a.mp4', '--sensitivity', 'low', '--threshold', '33']);
    assert.equal(args.kind, 'run');
    if (args.kind !== 'run') return;
    assert.equal(args.options.sensitivity.threshold, 33);
    assert.equal(args.options.sensitivity.minRegionArea, 0.0015);
  });

  it('accepts zones as a list or a map and names unnamed ones', () => {
    const square = [
      [0, 0],
      [1, 0],
      [1, 1],
    ];
    assert.deepEqual(
      parseZones(JSON.stringify([{ points: square }, { name: 'gate', points: square }])).map((z) => z.name),
      ['zone1', 'gate'],
    );
    assert.deepEqual(
      parseZones(JSON.stringify({ a: square, b: square })).map((z) => z.name),
      ['a', 'b'],
    );
    assert.throws(() => parseZones('[]'), /at least one zone/);
    assert.deepEqual(parseMasks('[]'), []);
  });
});

describe('runMotionCommand', () => {
  it('exits 2 with the usage on bad arguments and 0 with it on --help', async () => {
    const out = sink();
    const err = sink();
    assert.equal(await runMotionCommand(['--fps', '0', 'a.mp4'], out, err), 2);
    assert.match(err.text(), /porchlight motion: --fps.*\n\nUsage: porchlight motion/s);
    assert.equal(await runMotionCommand(['-h'], out, err), 0);
    assert.match(out.text(), /^Usage: porchlight motion/);
  });

  it('exits 1 when the input cannot be read', { skip }, async () => {
    const err = sink();
    assert.equal(await runMotionCommand(['no-such-clip.mp4'], sink(), err), 1);
    assert.match(err.text(), /cannot analyse no-such-clip\.mp4/);
  });

  it('keeps a camera password out of the error message', { skip }, async () => {
    const err = sink();
    const url = 'rtsp://admin:hunter2@127.0.0.1:1/stream';
    assert.equal(await runMotionCommand([url], sink(), err), 1);
    assert.doesNotMatch(err.text(), /hunter2/);
    assert.match(err.text(), /rtsp:\/\/\*\*\*@127\.0\.0\.1:1\/stream/);
  });

  it(
    'prints one JSON line per frame and a summary; still stretches are still, walking is motion',
    { skip },
    async () => {
      const out = sink();
      assert.equal(await runMotionCommand([oneByOne, '--json'], out, sink()), 0);
      const lines = out
        .text()
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      const summary = lines.pop() as { summary: boolean; frames: number; detector_fps: number };
      const frames = lines as unknown as FrameLine[];
      assert.equal(summary.summary, true);
      assert.equal(summary.frames, frames.length);
      assert.ok(frames.length >= 695 && frames.length <= 698, String(frames.length)); // 139.4 s at 5 fps
      assert.ok(summary.detector_fps > 0);
      frames.forEach((f, k) => {
        assert.deepEqual(Object.keys(f), ['t', 'motion', 'area', 'boxes']);
        assert.equal(f.t, Math.round(k * 200) / 1000);
        assert.ok(f.area >= 0 && f.area <= 1);
        assert.equal(f.motion, f.boxes.length > 0);
        for (const [x, y, w, h] of f.boxes)
          assert.ok(x >= 0 && y >= 0 && w > 0 && h > 0 && x + w <= 768 && y + h <= 432);
      });
      const during = (from: number, to: number): FrameLine[] => frames.filter((f) => f.t >= from && f.t < to);
      // Labels read off the footage: the room is empty from 46 to 49.6 s; the first visitor walks out from 18.2 to
      // 19.8 s (exit on the right), the second walks in from 23 to 24.6 s.
      assert.ok(
        during(46, 49.6).every((f) => !f.motion),
        'empty room',
      );
      assert.ok(
        during(88.2, 91.6).every((f) => !f.motion),
        'empty room',
      );
      assert.ok(
        during(18.2, 19.8).every((f) => f.motion),
        'walking out',
      );
      assert.ok(
        during(23, 24.6).every((f) => f.motion),
        'walking in',
      );
      // Walking out to the right: the box ends near the right edge of the 768-pixel frame.
      const leaving = during(19.2, 19.4)[0] as FrameLine;
      assert.ok((leaving.boxes[0]?.[0] ?? 0) + (leaving.boxes[0]?.[2] ?? 0) > 600, JSON.stringify(leaving));
    },
  );

  it('reports the zones hit when zones are given, and motion only inside them', { skip }, async () => {
    const out = sink();
    // Top half of the car park only: cars coming in from the bottom are outside it at first.
    const zones = JSON.stringify({
      top: [
        [0, 0],
        [1, 0],
        [1, 0.5],
        [0, 0.5],
      ],
    });
    assert.equal(await runMotionCommand([cars, '--json', '--fps', '2', '--zones', zones], out, sink()), 0);
    const frames = out
      .text()
      .trimEnd()
      .split('\n')
      .slice(0, -1)
      .map((l) => JSON.parse(l) as FrameLine);
    assert.ok(frames.every((f) => Array.isArray(f.zones) && f.zones.length === (f.motion ? 1 : 0)));
    assert.ok(
      frames.every((f) => f.boxes.every(([, y]) => y < 216)),
      'boxes stay in the top half',
    );
    assert.ok(frames.some((f) => f.motion));
  });

  it('prints motion events without --json', { skip }, async () => {
    const out = sink();
    assert.equal(await runMotionCommand([cars, '--fps', '2'], out, sink()), 0);
    const text = out.text();
    assert.match(text, /motion start/);
    assert.match(text, /motion end after [\d.]+ s, peak [\d.]+% of the frame/);
    assert.match(
      text,
      /\d+ frames analysed at 2 fps \(320x180 of 768x432\), \d+ motion events?, detector [\d.]+ frames\/s/,
    );
  });
});
