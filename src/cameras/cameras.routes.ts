import { Type } from '@sinclair/typebox';
import type { App } from '../http/app.js';
import { DateTime, Nullable, Ok, Strict, Uuid } from '../http/schemas.js';
import { HOUSEHOLD_ROLES } from '../households/households.service.js';
import { CameraSettings } from './camera-settings.js';
import type { CamerasService } from './cameras.service.js';

const StreamUrl = Type.String({
  minLength: 1,
  maxLength: 2048,
  description: 'rtsp://, rtsps://, http(s):// (MJPEG or HLS), or an allowed local file',
});
const CameraName = Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' });
// Settings arrive partial; the service fills defaults and checks the whole.
const SettingsInput = Type.Object(
  {},
  {
    additionalProperties: true,
    maxProperties: 8,
    description: 'Partial CameraSettings; omitted fields take their defaults.',
  },
);

const Status = Type.Object({
  state: Type.Union(
    ['starting', 'online', 'reconnecting', 'offline', 'disabled'].map((s) => Type.Literal(s)),
  ),
  lastFrameAt: Nullable(Type.String()),
  lastError: Nullable(Type.String()),
  since: Type.String(),
});

const Camera = Type.Object(
  {
    id: Type.String(),
    householdId: Type.String(),
    name: Type.String(),
    mainUrl: Type.String({ description: 'Without its password' }),
    detectUrl: Nullable(Type.String()),
    enabled: Type.Boolean(),
    acceptsRequests: Type.Boolean(),
    settings: Type.Ref(CameraSettings),
    snoozeUntil: Nullable(Type.String()),
    status: Status,
    createdAt: Type.String(),
    updatedAt: Type.String(),
  },
  { $id: 'Camera' },
);
const CameraRef = Type.Ref(Camera);
const CameraId = Strict({ cameraId: Uuid });

/** Camera routes (hub role): add, list, change, remove cameras; device tokens; test connection. */
export function camerasRoutes(cameras: CamerasService, rateLimit: number) {
  return (app: App): void => {
    app.addSchema(CameraSettings);
    app.addSchema(Camera);
    const access = HOUSEHOLD_ROLES;

    app.get(
      '/api/v1/households/:id/cameras',
      {
        config: { access },
        schema: {
          tags: ['cameras'],
          summary: 'Cameras of a household that I may see',
          params: Strict({ id: Uuid }),
          response: { 200: Type.Object({ cameras: Type.Array(CameraRef) }) },
        },
      },
      async (req) => ({ cameras: await cameras.list(req.auth!.user, req.params.id) }),
    );

    app.post(
      '/api/v1/households/:id/cameras',
      {
        config: { access },
        schema: {
          tags: ['cameras'],
          summary: 'Add a camera (needs manage_cameras); answers its doorbell device token once',
          params: Strict({ id: Uuid }),
          body: Strict({
            name: CameraName,
            mainUrl: StreamUrl,
            detectUrl: Type.Optional(Nullable(StreamUrl)),
            enabled: Type.Optional(Type.Boolean()),
            acceptsRequests: Type.Optional(Type.Boolean()),
            settings: Type.Optional(SettingsInput),
          }),
          response: { 201: Type.Object({ camera: CameraRef, deviceToken: Type.String() }) },
        },
      },
      async (req, reply) =>
        reply.code(201).send(await cameras.create(req.auth!.user, req.params.id, req.body)),
    );

    app.post(
      '/api/v1/households/:id/cameras/test-connection',
      {
        config: { access, rateLimitPerMinute: rateLimit },
        schema: {
          tags: ['cameras'],
          summary: 'Try a stream URL: unreachable, wrong credentials, no video, unsupported codec, or fine',
          params: Strict({ id: Uuid }),
          body: Strict({ url: StreamUrl }),
          response: {
            200: Type.Object({
              ok: Type.Boolean(),
              problem: Nullable(Type.String()),
              message: Type.String(),
              video: Nullable(
                Type.Object({ codec: Type.String(), width: Type.Integer(), height: Type.Integer() }),
              ),
            }),
          },
        },
      },
      (req) => cameras.testConnection(req.auth!.user, req.params.id, req.body.url),
    );

    app.get(
      '/api/v1/cameras/:cameraId',
      {
        config: { access },
        schema: {
          tags: ['cameras'],
          summary: 'A camera and its live status',
          params: CameraId,
          response: { 200: CameraRef },
        },
      },
      (req) => cameras.get(req.auth!.user, req.params.cameraId),
    );

    app.patch(
      '/api/v1/cameras/:cameraId',
      {
        config: { access },
        schema: {
          tags: ['cameras'],
          summary:
            'Change a camera (needs manage_cameras); a new stream URL, motion or privacy setting restarts its ingest, a new name, snooze or pre/post-roll applies without a gap',
          params: CameraId,
          body: Type.Object(
            {
              name: Type.Optional(CameraName),
              mainUrl: Type.Optional(StreamUrl),
              detectUrl: Type.Optional(Nullable(StreamUrl)),
              enabled: Type.Optional(Type.Boolean()),
              acceptsRequests: Type.Optional(Type.Boolean()),
              settings: Type.Optional(SettingsInput),
              snoozeUntil: Type.Optional(Nullable(DateTime)),
            },
            { additionalProperties: false, minProperties: 1 },
          ),
          response: { 200: CameraRef },
        },
      },
      (req) => cameras.update(req.auth!.user, req.params.cameraId, req.body),
    );

    app.delete(
      '/api/v1/cameras/:cameraId',
      {
        config: { access },
        schema: {
          tags: ['cameras'],
          summary: 'Remove a camera (needs manage_cameras)',
          params: CameraId,
          response: { 200: Ok },
        },
      },
      async (req) => {
        await cameras.remove(req.auth!.user, req.params.cameraId);
        return { ok: true as const };
      },
    );

    app.post(
      '/api/v1/cameras/:cameraId/device-token',
      {
        config: { access },
        schema: {
          tags: ['cameras'],
          summary: 'Issue a new doorbell device token; the old one stops working',
          params: CameraId,
          response: { 201: Type.Object({ deviceToken: Type.String() }) },
        },
      },
      async (req, reply) =>
        reply
          .code(201)
          .send({ deviceToken: await cameras.rotateDeviceToken(req.auth!.user, req.params.cameraId) }),
    );
  };
}
