import { Type } from '@sinclair/typebox';
import type { FastifyReply } from 'fastify';
import type { App } from '../http/app.js';
import { DateTime, Nullable, Strict, Uuid } from '../http/schemas.js';
import { HOUSEHOLD_ROLES } from '../households/households.service.js';
import type { CoverageService } from './coverage.service.js';
import { FOOTAGE_MAX_SECONDS, type FootageService } from './footage.service.js';
import type { BlobResponse, RecordingService } from './recording.service.js';

const Event = Type.Object(
  {
    id: Type.String(),
    cameraId: Type.String(),
    kind: Type.String(),
    startedAt: Type.String(),
    endedAt: Nullable(Type.String()),
    peakArea: Type.Number({ description: 'Largest moving share of the frame, 0..1' }),
    peakAt: Nullable(Type.String()),
    zones: Type.Array(Type.String()),
    alerted: Type.Boolean({
      description: 'Whether the mode (home/away/disarmed, schedule, snooze) allowed an alert',
    }),
    snapshotUrl: Nullable(Type.String()),
    thumbnailUrl: Nullable(Type.String()),
    clip: Type.Object({
      status: Type.String({
        description: 'pending (waiting for post-roll), ready, failed, or none (not recorded)',
      }),
      url: Nullable(Type.String()),
      sha256: Nullable(Type.String()),
      sizeBytes: Nullable(Type.Number()),
      durationMs: Nullable(Type.Number()),
    }),
  },
  { $id: 'MotionEvent' },
);

const CameraId = Strict({ cameraId: Uuid });
const EventId = Strict({ eventId: Uuid });
const Range = Strict({
  from: Type.Optional(DateTime),
  to: Type.Optional(DateTime),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
});
const binary = (type: string, description: string) => ({
  description,
  content: { [type]: { schema: { type: 'string', format: 'binary' } } },
});

/** Send a stored blob, whole or as a 206 range, with its content hash when known. */
function sendBlob(reply: FastifyReply, blob: BlobResponse, filename: string | null): FastifyReply {
  void reply
    .type(blob.contentType)
    .header('cache-control', 'private, no-cache')
    .header('accept-ranges', 'bytes');
  if (blob.sha256) {
    const b64 = Buffer.from(blob.sha256, 'hex').toString('base64');
    // RFC 3230 Digest, RFC 9530 Repr-Digest, and the plain hex for scripts; the hash is of the whole file.
    void reply
      .header('digest', `sha-256=${b64}`)
      .header('repr-digest', `sha-256=:${b64}:`)
      .header('x-content-sha256', blob.sha256)
      .header('etag', `"${blob.sha256}"`);
  }
  if (filename) void reply.header('content-disposition', `inline; filename="${filename}"`);
  if (blob.range) {
    const { start, end } = blob.range;
    return reply
      .code(206)
      .header('content-range', `bytes ${start}-${end}/${blob.size}`)
      .header('content-length', String(end - start + 1))
      .send(blob.stream);
  }
  return reply.header('content-length', String(blob.size)).send(blob.stream);
}

/** Recording routes (hub role): events and their pictures and clips, the timeline, live picture and camera status. */
export function recordingRoutes(recording: RecordingService) {
  return (app: App): void => {
    app.addSchema(Event);
    const access = HOUSEHOLD_ROLES;
    const EventRef = Type.Ref(Event);

    app.get(
      '/api/v1/cameras/:cameraId/events',
      {
        config: { access },
        schema: {
          tags: ['recordings'],
          summary: "A camera's motion events in a time range (default: the last 24 hours), newest first",
          params: CameraId,
          querystring: Range,
          response: { 200: Type.Object({ events: Type.Array(EventRef) }) },
        },
      },
      async (req) => ({ events: await recording.listEvents(req.auth!.user, req.params.cameraId, req.query) }),
    );

    app.get(
      '/api/v1/cameras/:cameraId/recordings',
      {
        config: { access },
        schema: {
          tags: ['recordings'],
          summary: "A camera's recorded segments and outages (gaps) in a time range, for the timeline",
          params: CameraId,
          querystring: Strict({
            from: DateTime,
            to: DateTime,
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 5000 })),
          }),
          response: {
            200: Type.Object({
              segments: Type.Array(
                Type.Object({
                  id: Type.String(),
                  startedAt: Type.String(),
                  endedAt: Type.String(),
                  durationMs: Type.Number(),
                  sizeBytes: Type.Number(),
                }),
              ),
              gaps: Type.Array(
                Type.Object({
                  id: Type.String(),
                  startedAt: Type.String(),
                  endedAt: Nullable(Type.String()),
                  reason: Type.String(),
                }),
              ),
            }),
          },
        },
      },
      (req) => recording.recordings(req.auth!.user, req.params.cameraId, req.query),
    );

    app.get(
      '/api/v1/events/:eventId',
      {
        config: { access },
        schema: {
          tags: ['recordings'],
          summary: 'A motion event',
          params: EventId,
          response: { 200: EventRef },
        },
      },
      (req) => recording.event(req.auth!.user, req.params.eventId),
    );

    for (const which of ['snapshot', 'thumbnail'] as const) {
      app.get(
        `/api/v1/events/:eventId/${which}`,
        {
          config: { access },
          schema: {
            tags: ['recordings'],
            summary:
              which === 'snapshot'
                ? "The event's snapshot JPEG at its peak (privacy zones blacked out)"
                : "The event's thumbnail JPEG",
            params: EventId,
            response: { 200: binary('image/jpeg', 'JPEG image') },
          },
        },
        async (req, reply) =>
          sendBlob(reply, await recording.eventImage(req.auth!.user, req.params.eventId, which), null),
      );
    }

    app.get(
      '/api/v1/events/:eventId/clip',
      {
        config: { access },
        schema: {
          tags: ['recordings'],
          summary:
            "The event's clip (MP4, pre-roll to post-roll, not re-encoded) with its SHA-256 in Digest and x-content-sha256; supports Range",
          params: EventId,
          response: {
            200: binary('video/mp4', 'The whole clip'),
            206: binary('video/mp4', 'The requested byte range'),
          },
        },
      },
      async (req, reply) => {
        const range = typeof req.headers.range === 'string' ? req.headers.range : undefined;
        const clip = await recording.eventClip(req.auth!.user, req.params.eventId, range);
        return sendBlob(reply, clip, `porchlight-${req.params.eventId}.mp4`);
      },
    );

    app.get(
      '/api/v1/cameras/:cameraId/live.jpg',
      {
        config: { access },
        schema: {
          tags: ['recordings'],
          summary:
            "The camera's newest picture (JPEG, refreshed with every detect frame; privacy zones blacked out)",
          params: CameraId,
          response: { 200: binary('image/jpeg', 'JPEG image') },
        },
      },
      async (req, reply) => {
        const live = await recording.liveJpeg(req.auth!.user, req.params.cameraId);
        return reply
          .type('image/jpeg')
          .header('cache-control', 'no-store')
          .header('last-modified', new Date(live.at).toUTCString())
          .header('x-frame-time', live.at)
          .send(live.jpeg);
      },
    );

    app.get(
      '/api/v1/cameras/:cameraId/status',
      {
        config: { access },
        schema: {
          tags: ['recordings'],
          summary:
            "The camera's stream state: online, reconnecting, offline; last frame, last error, counters",
          params: CameraId,
          response: {
            200: Type.Object({
              cameraId: Type.String(),
              state: Type.String(),
              since: Type.String(),
              lastFrameAt: Nullable(Type.String()),
              lastError: Nullable(Type.String()),
              running: Type.Boolean(),
              latestJpegAt: Nullable(Type.String()),
              stats: Nullable(
                Type.Object({
                  runs: Type.Number(),
                  frames: Type.Number(),
                  lagMs: Type.Number(),
                  detectMs: Type.Number(),
                  segments: Type.Number(),
                }),
              ),
            }),
          },
        },
      },
      (req) => recording.cameraStatus(req.auth!.user, req.params.cameraId),
    );
  };
}

const Span = Type.Object({ startedAt: Type.String(), endedAt: Type.String() });

/** Continuous-recording coverage for the timeline (A6): merged intervals and gaps, bounded for any range. */
export function coverageRoutes(coverage: CoverageService) {
  return (app: App): void => {
    app.get(
      '/api/v1/cameras/:cameraId/coverage',
      {
        config: { access: HOUSEHOLD_ROLES },
        schema: {
          tags: ['recordings'],
          summary:
            'Where a camera recorded continuously in a range (at most 31 days): segments merged into intervals, and the gaps between them up to now',
          params: CameraId,
          querystring: Strict({ from: DateTime, to: DateTime }),
          response: {
            200: Type.Object({
              cameraId: Type.String(),
              from: Type.String(),
              to: Type.String(),
              intervals: Type.Array(Span, {
                description: 'Covered intervals, oldest first, clipped to the range',
              }),
              gaps: Type.Array(Span, { description: 'Uncovered stretches of the range, up to now' }),
              coveredMs: Type.Number(),
              toleranceMs: Type.Number({
                description:
                  'Segments closer than this are one interval; it grows when the answer would exceed 1000 intervals',
              }),
              segments: Type.Number({ description: 'Segments found in the range' }),
            }),
          },
        },
      },
      (req) => coverage.coverage(req.auth!.user, req.params.cameraId, req.query),
    );
  };
}

/** Continuous recording played from any moment (A6): segments joined into an MP4 without re-encoding. */
export function footageRoutes(footage: FootageService) {
  return (app: App): void => {
    app.get(
      '/api/v1/cameras/:cameraId/footage',
      {
        config: { access: HOUSEHOLD_ROLES },
        schema: {
          tags: ['recordings'],
          summary:
            "A camera's continuous recording from a moment (MP4, not re-encoded, starting at the keyframe at or before it; default 60 s, at most 300 s); x-footage-start and x-footage-end say what it covers",
          params: CameraId,
          querystring: Strict({
            from: DateTime,
            seconds: Type.Optional(Type.Integer({ minimum: 1, maximum: FOOTAGE_MAX_SECONDS })),
          }),
          response: { 200: binary('video/mp4', 'The footage') },
        },
      },
      async (req, reply) => {
        const f = await footage.footage(req.auth!.user, req.params.cameraId, req.query);
        const stamp = f.startedAt.replace(/[^0-9]/g, '').slice(0, 14);
        return reply
          .type('video/mp4')
          .header('cache-control', 'private, no-store')
          .header('content-length', String(f.size))
          .header('x-content-sha256', f.sha256)
          .header('x-footage-start', f.startedAt)
          .header('x-footage-end', f.endedAt)
          .header('content-disposition', `inline; filename="porchlight-${req.params.cameraId}-${stamp}.mp4"`)
          .send(f.stream);
      },
    );
  };
}
