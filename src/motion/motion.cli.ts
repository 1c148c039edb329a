// `porchlight motion <video-file-or-url>`: the household's motion detector run over recorded footage (or a live
// URL) for tuning zones and sensitivity. With --json it prints one line per analysed frame and a summary line,
// so results can be piped into other tools; without it, the motion events a camera would raise.

import { parseArgs } from 'node:util';
import {
  MotionDetector,
  SENSITIVITY_PRESETS,
  scaleBoxes,
  type MotionSensitivity,
  type SensitivityLevel,
} from './motion-detector.js';
import { MotionEventTracker, type MotionEvent } from './motion-events.js';
import { detectSizeFor, probeVideoSize, readGreyFrames } from './ffmpeg-frames.js';
import { polygonProblem, type MotionZone, type Polygon } from './polygon.js';

/** Help text for `porchlight motion`. */
export const MOTION_USAGE = `Usage: porchlight motion <video-file-or-url> [options]

Runs the motion detector over a video file or stream URL (anything ffmpeg reads).

Options:
  --fps <n>          frames analysed per second (default 5)
  --width <px>       width of the detect frames; height keeps the aspect (default 320)
  --zones <json>     zones where motion counts, points as fractions (0..1) of the frame:
                     '[{"name":"porch","points":[[0.1,0.5],[0.9,0.5],[0.9,1],[0.1,1]]}]'
                     or '{"porch":[[0.1,0.5],[0.9,0.5],[0.9,1],[0.1,1]]}'
  --masks <json>     areas where motion never counts: '[[[0,0],[1,0],[1,0.1],[0,0.1]]]'
  --sensitivity <s>  low, medium or high, as in the camera settings (default medium)
  --threshold <n>    grey-level difference counted as change on a full-contrast scene (medium: 30)
  --min-area <f>     smallest moving region, as a fraction of the frame (medium: 0.0004)
  --json             print {"t","motion","area","boxes"} per frame (boxes in source pixels), then a summary
  -h, --help         show this help

Exit status: 0 on success, 1 when the input cannot be read, 2 on a usage error.`;

/** Parsed, validated command options. */
export interface MotionCommandOptions {
  input: string;
  fps: number;
  width: number;
  zones: MotionZone[];
  masks: Polygon[];
  sensitivity: Partial<MotionSensitivity>;
  json: boolean;
}

/** Outcome of argument parsing: options, a request for help, or a usage error. */
export type MotionArgs =
  { kind: 'run'; options: MotionCommandOptions } | { kind: 'help' } | { kind: 'error'; message: string };

/** Parse a --zones value: an array of {name, points} or an object of name to points. */
export function parseZones(json: string): MotionZone[] {
  const value = JSON.parse(json) as unknown;
  const entries: [string, unknown][] = Array.isArray(value)
    ? value.map((z: unknown, k): [string, unknown] => {
        const zone = z as { name?: unknown; points?: unknown } | null;
        const name = typeof zone?.name === 'string' && zone.name !== '' ? zone.name : `zone${k + 1}`;
        return [name, zone?.points];
      })
    : typeof value === 'object' && value !== null
      ? Object.entries(value)
      : [];
  if (entries.length === 0) throw new Error('--zones needs at least one zone');
  return entries.map(([name, points]) => {
    const problem = polygonProblem(points);
    if (problem !== null) throw new Error(`zone "${name}": ${problem}`);
    return { name, points: points as Polygon };
  });
}

/** Parse a --masks value: an array of polygons. */
export function parseMasks(json: string): Polygon[] {
  const value = JSON.parse(json) as unknown;
  if (!Array.isArray(value)) throw new Error('--masks is an array of polygons');
  return value.map((points: unknown, k) => {
    const problem = polygonProblem(points);
    if (problem !== null) throw new Error(`mask ${k + 1}: ${problem}`);
    return points as Polygon;
  });
}

/** Parse the command's arguments (those after `motion`) without touching the input. */
export function parseMotionArgs(argv: readonly string[]): MotionArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        fps: { type: 'string' },
        width: { type: 'string' },
        zones: { type: 'string' },
        masks: { type: 'string' },
        sensitivity: { type: 'string' },
        threshold: { type: 'string' },
        'min-area': { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    return { kind: 'error', message: (error as Error).message };
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help' };
  if (positionals.length !== 1) {
    return {
      kind: 'error',
      message: positionals.length === 0 ? 'missing <video-file-or-url>' : 'give exactly one input',
    };
  }
  const number = (
    name: string,
    raw: string | undefined,
    fallback: number,
    ok: (n: number) => boolean,
  ): number => {
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(n) || !ok(n))
      throw new Error(`--${name}: "${raw}" is out of range`);
    return n;
  };
  try {
    const fps = number('fps', values.fps, 5, (n) => n > 0 && n <= 60);
    const width = number('width', values.width, 320, (n) => Number.isInteger(n) && n >= 16 && n <= 3840);
    const level = values.sensitivity ?? 'medium';
    if (!Object.hasOwn(SENSITIVITY_PRESETS, level))
      throw new Error(`--sensitivity: "${level}" is not low, medium or high`);
    const sensitivity: Partial<MotionSensitivity> =
      level === 'medium' ? {} : { ...SENSITIVITY_PRESETS[level as SensitivityLevel] };
    if (values.threshold !== undefined) {
      sensitivity.threshold = number('threshold', values.threshold, 30, (n) => n >= 1 && n <= 254);
    }
    if (values['min-area'] !== undefined) {
      sensitivity.minRegionArea = number('min-area', values['min-area'], 0.0004, (n) => n > 0 && n < 1);
    }
    const zones = values.zones === undefined ? [] : parseZones(values.zones);
    const masks = values.masks === undefined ? [] : parseMasks(values.masks);
    const input = positionals[0] as string;
    if (input.startsWith('-')) throw new Error('the input must not start with "-"');
    return { kind: 'run', options: { input, fps, width, zones, masks, sensitivity, json: values.json } };
  } catch (error) {
    return { kind: 'error', message: (error as Error).message };
  }
}

/** Thrown when the reader has gone away (`| head`): stop quietly, as Unix tools do. */
class OutputClosed extends Error {}

/** Line writer that waits when the reader is slower than the detector and notices when it leaves. */
function lineWriter(out: NodeJS.WritableStream): {
  write: (line: string) => Promise<void>;
  dispose: () => void;
} {
  let closed = false;
  const onError = (): void => {
    closed = true;
  };
  out.on('error', onError);
  return {
    async write(line: string): Promise<void> {
      if (closed) throw new OutputClosed();
      if (out.write(`${line}\n`)) return;
      await new Promise<void>((resolve) => {
        const done = (): void => {
          out.off('drain', done);
          out.off('error', done);
          out.off('close', done);
          resolve();
        };
        out.on('drain', done);
        out.on('error', done);
        out.on('close', done);
      });
      if (closed) throw new OutputClosed();
    },
    dispose(): void {
      // Leave the listener a moment: an EPIPE from the last write may still be on its way.
      setImmediate(() => out.off('error', onError));
    },
  };
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
const percent = (area: number): string => `${(area * 100).toFixed(1)}%`;

function describe(event: MotionEvent): string | null {
  const zones = event.zones.length > 0 ? `, zones: ${event.zones.join(', ')}` : '';
  if (event.type === 'start') return `${seconds(event.startMs).padStart(9)}  motion start${zones}`;
  if (event.type === 'end') {
    return `${seconds(event.endMs).padStart(9)}  motion end after ${seconds(event.durationMs)}, peak ${percent(event.peakArea)} of the frame${zones}`;
  }
  return null;
}

/** Run `porchlight motion` with the arguments after `motion`; resolves to the exit status. */
export async function runMotionCommand(
  argv: string[],
  out: NodeJS.WritableStream,
  err: NodeJS.WritableStream = process.stderr,
): Promise<number> {
  const args = parseMotionArgs(argv);
  if (args.kind === 'help') {
    out.write(`${MOTION_USAGE}\n`);
    return 0;
  }
  if (args.kind === 'error') {
    err.write(`porchlight motion: ${args.message}\n\n${MOTION_USAGE}\n`);
    return 2;
  }
  const o = args.options;
  const writer = lineWriter(out);
  try {
    const source = await probeVideoSize(o.input);
    const size = detectSizeFor(source, o.width);
    const detector = new MotionDetector({
      width: size.width,
      height: size.height,
      sensitivity: o.sensitivity,
      zones: o.zones,
      masks: o.masks,
      frameIntervalMs: 1000 / o.fps,
    });
    const tracker = new MotionEventTracker();
    let frames = 0;
    let events = 0;
    let detectorNs = 0n;
    for await (const frame of readGreyFrames({ input: o.input, fps: o.fps, size })) {
      const started = process.hrtime.bigint();
      const result = detector.process(frame.data, frame.tMs);
      detectorNs += process.hrtime.bigint() - started;
      frames++;
      if (o.json) {
        const line: Record<string, unknown> = {
          t: Math.round(frame.tMs) / 1000,
          motion: result.motion,
          area: Math.round(result.area * 1e6) / 1e6,
          boxes: scaleBoxes(result.boxes, size, source),
        };
        if (o.zones.length > 0) line.zones = result.zones;
        await writer.write(JSON.stringify(line));
        continue;
      }
      for (const event of tracker.update({
        tMs: frame.tMs,
        motion: result.motion,
        area: result.area,
        zones: result.zones,
      })) {
        if (event.type === 'start') events++;
        const text = describe(event);
        if (text !== null) await writer.write(text);
      }
    }
    const detectorFps = detectorNs > 0n ? Math.round((frames * 1e9 * 10) / Number(detectorNs)) / 10 : 0;
    if (o.json) {
      await writer.write(JSON.stringify({ summary: true, frames, detector_fps: detectorFps }));
    } else {
      for (const event of tracker.finish()) {
        const text = describe(event);
        if (text !== null) await writer.write(text);
      }
      await writer.write(
        `${frames} frames analysed at ${o.fps} fps (${size.width}x${size.height} of ${source.width}x${source.height}), ` +
          `${events} motion event${events === 1 ? '' : 's'}, detector ${detectorFps} frames/s`,
      );
    }
    return 0;
  } catch (error) {
    if (error instanceof OutputClosed) return 0;
    // Camera URLs often carry a password; keep it out of terminals and logs.
    const redact = (text: string): string => text.replace(/(\w+:\/\/)[^/@\s]*@/g, '$1***@');
    err.write(redact(`porchlight motion: cannot analyse ${o.input}: ${(error as Error).message}\n`));
    return 1;
  } finally {
    writer.dispose();
  }
}
