// Parsers for what the ingest ffmpeg writes to its pipes: fixed-size grey frames, a stream of JPEGs, and one
// "file,start,end" line per finished segment; and the mapping from stream time to wall-clock time. Pure and
// synchronous, so they are tested on byte sequences without a process.

/** Cuts a byte stream into frames of a fixed size. */
export class FrameAssembler {
  private frame: Uint8Array;
  private filled = 0;

  constructor(readonly frameBytes: number) {
    if (!Number.isInteger(frameBytes) || frameBytes <= 0) throw new RangeError('frame size must be positive');
    this.frame = new Uint8Array(frameBytes);
  }

  /** Feed a chunk; returns the frames it completed (fresh buffers the caller may keep). */
  push(chunk: Uint8Array): Uint8Array[] {
    const out: Uint8Array[] = [];
    let offset = 0;
    while (offset < chunk.length) {
      const take = Math.min(this.frameBytes - this.filled, chunk.length - offset);
      this.frame.set(chunk.subarray(offset, offset + take), this.filled);
      this.filled += take;
      offset += take;
      if (this.filled === this.frameBytes) {
        out.push(this.frame);
        this.frame = new Uint8Array(this.frameBytes);
        this.filled = 0;
      }
    }
    return out;
  }
}

/**
 * Cuts a stream of concatenated baseline JPEGs (ffmpeg's image2pipe with mjpeg) into images. An image runs from
 * SOI (FF D8) to EOI (FF D9); inside entropy-coded data FF is always followed by 00 or a restart marker, so the
 * first FF D9 after an SOI ends the image.
 */
export class JpegSplitter {
  private parts: Uint8Array[] = [];
  private size = 0;
  // Whether the last byte seen was FF (a marker may straddle two chunks).
  private lastWasFF = false;
  private inImage = false;

  constructor(private readonly maxBytes = 8 * 1024 * 1024) {}

  /** Feed a chunk; returns the images it completed. */
  push(chunk: Uint8Array): Buffer[] {
    const out: Buffer[] = [];
    let start = 0;
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i] as number;
      if (!this.inImage) {
        if (this.lastWasFF && b === 0xd8) {
          this.inImage = true;
          this.parts = [Uint8Array.of(0xff)];
          this.size = 1;
          start = i;
        }
      } else if (this.lastWasFF && b === 0xd9) {
        this.parts.push(chunk.subarray(start, i + 1));
        this.size += i + 1 - start;
        out.push(Buffer.concat(this.parts, this.size));
        this.parts = [];
        this.size = 0;
        this.inImage = false;
        this.lastWasFF = false;
        continue;
      }
      this.lastWasFF = b === 0xff;
    }
    if (this.inImage) {
      const rest = chunk.subarray(start);
      // The SOI's FF may have been the last byte of the previous chunk, already stored above.
      this.parts.push(rest);
      this.size += rest.length;
      if (this.size > this.maxBytes) {
        // Garbage: drop it and wait for the next SOI rather than growing without bound.
        this.parts = [];
        this.size = 0;
        this.inImage = false;
      }
    }
    return out;
  }
}

/** One finished segment as ffmpeg's segment muxer lists it. */
export interface SegmentListEntry {
  file: string;
  /** Seconds of stream time. */
  start: number;
  end: number;
}

/** Parse one line of a CSV segment list ("name,start,end"); null for anything else. */
export function parseSegmentListLine(line: string): SegmentListEntry | null {
  const m = /^(.+),(-?\d+(?:\.\d+)?),(-?\d+(?:\.\d+)?)\s*$/.exec(line.trim());
  if (!m) return null;
  let file = m[1]!;
  // The muxer quotes names holding commas or quotes, CSV style.
  if (file.startsWith('"') && file.endsWith('"')) file = file.slice(1, -1).replace(/""/g, '"');
  const start = Number(m[2]);
  const end = Number(m[3]);
  if (!Number.isFinite(start) || !Number.isFinite(end) || end < start) return null;
  return { file, start, end };
}

/** Splits text arriving in chunks into complete lines. */
export class LineSplitter {
  private rest = '';
  /** Feed text; returns the complete lines it finished. */
  push(text: string): string[] {
    const lines = (this.rest + text).split('\n');
    this.rest = lines.pop() ?? '';
    // A runaway line without a newline is not a segment list entry; keep memory bounded.
    if (this.rest.length > 65536) this.rest = '';
    return lines.filter((l) => l.length > 0);
  }
}

/**
 * Maps a stream's own time to wall-clock time. Something captured at stream time t cannot reach us before it
 * happened, so every observation (arrival - t) bounds the stream's wall-clock origin from above, and the smallest
 * one seen is the best estimate: it is right after a burst of buffered frames at connection time (those arrive
 * early relative to their stream time) and is not dragged later when the machine falls behind.
 */
export class WallAnchor {
  private origin: number | null = null;

  /** Record that stream time `streamMs` arrived at wall time `arrivalMs`; returns the wall time of that moment. */
  observe(streamMs: number, arrivalMs: number): number {
    const candidate = arrivalMs - streamMs;
    if (this.origin === null || candidate < this.origin) this.origin = candidate;
    return this.origin + streamMs;
  }

  /** How far arrival trails the estimate: the processing delay now (0 when keeping up). */
  lagMs(streamMs: number, arrivalMs: number): number {
    return this.origin === null ? 0 : arrivalMs - (this.origin + streamMs);
  }

  /** Wall time of a stream time, or undefined before the first observation. */
  wallOf(streamMs: number): number | undefined {
    return this.origin === null ? undefined : this.origin + streamMs;
  }
}
