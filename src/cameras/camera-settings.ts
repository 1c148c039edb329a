import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';

// Polygons are normalised (0..1 of width and height) so a zone drawn on a snapshot holds at any resolution.
const Point = Type.Tuple([
  Type.Number({ minimum: -0.01, maximum: 1.01 }),
  Type.Number({ minimum: -0.01, maximum: 1.01 }),
]);
const Polygon = Type.Array(Point, { minItems: 3, maxItems: 64 });

/** A named area where motion counts, and whether motion there may alert (per-zone rules, A5). */
export const Zone = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 40, pattern: '^[^\\x00-\\x1f]+$' }),
    points: Polygon,
    alert: Type.Boolean({ default: true }),
  },
  { additionalProperties: false },
);

/** Everything a household can tune per camera; each default is what a doorbell needs out of the box. */
export const CameraSettings = Type.Object(
  {
    motion: Type.Object(
      {
        sensitivity: Type.Union([Type.Literal('low'), Type.Literal('medium'), Type.Literal('high')], {
          default: 'medium',
        }),
        /** Analysed frames per second on the detect stream. */
        detectFps: Type.Integer({ minimum: 1, maximum: 15, default: 5 }),
        /** Width the detect stream is scaled to before analysis; height follows the aspect ratio. */
        detectWidth: Type.Integer({ minimum: 160, maximum: 1280, default: 320 }),
        zones: Type.Array(Zone, { maxItems: 16, default: [] }),
        masks: Type.Array(Polygon, { maxItems: 16, default: [] }),
      },
      { additionalProperties: false, default: {} },
    ),
    /** Areas blacked out in stored footage and snapshots (re-encodes this camera's recording). */
    privacyZones: Type.Array(Polygon, { maxItems: 16, default: [] }),
    recording: Type.Object(
      {
        /** Keep continuous segments (for the retention days), not only event clips. */
        continuous: Type.Boolean({ default: true }),
        preRollSeconds: Type.Integer({ minimum: 0, maximum: 30, default: 5 }),
        postRollSeconds: Type.Integer({ minimum: 0, maximum: 60, default: 5 }),
        /**
         * Record the camera's sound with the picture (AAC, mono, 64 kb/s; the camera's codec is converted, as
         * G.711 cannot be stored). Off by default: recording conversations at a door is restricted in some places.
         */
        audio: Type.Boolean({ default: false }),
      },
      { additionalProperties: false, default: {} },
    ),
    alerts: Type.Object(
      {
        /** Seconds after an alert during which further motion on this camera does not alert again. */
        cooldownSeconds: Type.Integer({ minimum: 0, maximum: 3600, default: 60 }),
        /** Local times (HH:MM) between which motion does not alert; rings always do. */
        quietHours: Type.Union(
          [
            Type.Null(),
            Type.Object(
              {
                start: Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$' }),
                end: Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$' }),
              },
              { additionalProperties: false },
            ),
          ],
          { default: null },
        ),
      },
      { additionalProperties: false, default: {} },
    ),
  },
  { additionalProperties: false, $id: 'CameraSettings' },
);

/** A camera's settings with every default filled in. */
export type CameraSettings = Static<typeof CameraSettings>;

/** Fill defaults into partial settings (stored rows and API input alike); throws on anything invalid. */
export function normaliseSettings(input: unknown): CameraSettings {
  const value = Value.Default(CameraSettings, structuredClone(input ?? {}));
  if (!Value.Check(CameraSettings, value)) {
    const first = [...Value.Errors(CameraSettings, value)][0];
    throw new Error(`invalid camera settings at ${first?.path ?? '/'}: ${first?.message ?? 'invalid'}`);
  }
  return value;
}

/**
 * What the recording pipeline needs to run one camera: URLs with credentials (decrypted only in memory) and the
 * settings. The pipeline never reads the cameras table itself.
 */
export interface CameraSpec {
  id: string;
  householdId: string;
  name: string;
  mainUrl: string;
  /** Sub-stream for motion detection; the main stream is used when absent. */
  detectUrl: string | null;
  settings: CameraSettings;
}
