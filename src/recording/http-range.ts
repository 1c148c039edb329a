// HTTP byte ranges (RFC 9110 §14) for clip playback: browsers seek in a video by asking for parts of it. The
// parser is pure; the slicer cuts a range out of any readable stream (the BlobStore port reads whole objects).

import { Transform, type Readable } from 'node:stream';

/** An inclusive byte range. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * The range a `Range` header asks for within a body of `size` bytes: null to send the whole body (no header, or
 * one we do not serve such as several ranges), 'unsatisfiable' for a range entirely past the end.
 */
export function parseRange(header: string | undefined, size: number): ByteRange | 'unsatisfiable' | null {
  if (header === undefined) return null;
  const m = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header);
  // Malformed or multi-range requests may be answered with the full body (RFC 9110 §14.2).
  if (!m || (m[1] === '' && m[2] === '')) return null;
  if (m[1] === '') {
    // A suffix: the last N bytes.
    const n = Number(m[2]);
    if (!Number.isSafeInteger(n)) return null;
    if (n === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - n), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end)) return null;
  if (m[2] !== '' && Number(m[2]) < start) return null;
  if (start >= size) return 'unsatisfiable';
  return { start, end };
}

/**
 * The bytes start..end (inclusive) of a stream: earlier bytes are skipped, and the source is destroyed once the
 * range is complete so a large file is not read to its end.
 */
export function sliceStream(source: Readable, range: ByteRange): Readable {
  let offset = 0;
  let ended = false;
  const slice = new Transform({
    transform(chunk: Buffer, _enc, done) {
      // Chunks already in flight when the range completed are dropped.
      if (ended) return done();
      const from = Math.max(0, range.start - offset);
      const to = Math.min(chunk.length, range.end + 1 - offset);
      offset += chunk.length;
      if (to > from) this.push(chunk.subarray(from, to));
      if (offset > range.end) {
        ended = true;
        this.push(null);
        source.unpipe(slice);
        source.destroy();
      }
      done();
    },
  });
  source.on('error', (e) => slice.destroy(e));
  return source.pipe(slice);
}
