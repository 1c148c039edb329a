import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  FrameAssembler,
  JpegSplitter,
  LineSplitter,
  parseSegmentListLine,
  WallAnchor,
} from '../../src/recording/stream-parsers.js';

const jpeg = (body: number[]) => Buffer.from([0xff, 0xd8, ...body, 0xff, 0xd9]);

describe('pipe parsers', () => {
  test('raw frames are cut at exact sizes whatever the chunking', () => {
    const a = new FrameAssembler(4);
    assert.deepEqual(a.push(Uint8Array.of(1, 2, 3)), []);
    const frames = a.push(Uint8Array.of(4, 5, 6, 7, 8, 9));
    assert.deepEqual(
      frames.map((f) => [...f]),
      [
        [1, 2, 3, 4],
        [5, 6, 7, 8],
      ],
    );
    assert.deepEqual(
      a.push(Uint8Array.of(10, 11, 12)).map((f) => [...f]),
      [[9, 10, 11, 12]],
    );
    assert.throws(() => new FrameAssembler(0), RangeError);
  });
  test('frames handed out are independent buffers', () => {
    const a = new FrameAssembler(2);
    const [f1, f2] = a.push(Uint8Array.of(1, 2, 3, 4));
    assert.notEqual(f1!.buffer, f2!.buffer);
  });
  test('JPEGs are split at SOI/EOI, across chunk boundaries, ignoring bytes between images', () => {
    const s = new JpegSplitter();
    const a = jpeg([1, 0xff, 0x00, 2]);
    const b = jpeg([3, 4]);
    const stream = Buffer.concat([Buffer.from([9, 9]), a, Buffer.from([7]), b]);
    const out: Buffer[] = [];
    // Every split point, including between FF and D8/D9.
    for (let cut = 0; cut <= stream.length; cut++) {
      const splitter = new JpegSplitter();
      const got = [...splitter.push(stream.subarray(0, cut)), ...splitter.push(stream.subarray(cut))];
      assert.deepEqual(got, [a, b], `cut at ${cut}`);
    }
    out.push(...s.push(stream));
    assert.equal(out.length, 2);
  });
  test('a runaway image without an end is dropped instead of growing memory', () => {
    const s = new JpegSplitter(16);
    assert.deepEqual(s.push(Buffer.concat([Buffer.from([0xff, 0xd8]), Buffer.alloc(32, 1)])), []);
    assert.deepEqual(s.push(jpeg([5])), [jpeg([5])]);
  });
  test('segment list lines: name, start and end in seconds; anything else is ignored', () => {
    assert.deepEqual(parseSegmentListLine('1700-000003.ts,20.900000,30.900000'), {
      file: '1700-000003.ts',
      start: 20.9,
      end: 30.9,
    });
    assert.deepEqual(parseSegmentListLine('"a,b.ts",0.000000,4.000000\r'), {
      file: 'a,b.ts',
      start: 0,
      end: 4,
    });
    for (const bad of ['', 'x.ts,1', 'x.ts,a,b', 'x.ts,5,4'])
      assert.equal(parseSegmentListLine(bad), null, bad);
  });
  test('lines arrive whole however the text is chunked', () => {
    const l = new LineSplitter();
    assert.deepEqual(l.push('a,0,1\nb,1'), ['a,0,1']);
    assert.deepEqual(l.push(',2\n\nc'), ['b,1,2']);
    assert.deepEqual(l.push('\n'), ['c']);
  });
});

describe('stream time to wall time', () => {
  test('a burst of buffered frames at connection moves the origin back to when they were captured', () => {
    const a = new WallAnchor();
    assert.equal(a.wallOf(0), undefined);
    // Frame 0 (stream 0 ms) arrives at 10 000, then 2 s of buffered frames arrive at once, then real time.
    assert.equal(a.observe(0, 10_000), 10_000);
    a.observe(2000, 10_050);
    assert.equal(a.wallOf(0), 8050);
    assert.equal(a.observe(3000, 11_050), 11_050);
    assert.equal(a.lagMs(3000, 11_050), 0);
  });
  test('falling behind shows as lag and does not drag the times later', () => {
    const a = new WallAnchor();
    a.observe(0, 1000);
    assert.equal(a.observe(1000, 2500), 2000);
    assert.equal(a.lagMs(1000, 2500), 500);
  });
});
