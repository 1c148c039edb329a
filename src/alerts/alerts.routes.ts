import websocket from '@fastify/websocket';
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { SESSION_COOKIE, type App } from '../http/app.js';
import { Nullable, Ok, Strict, Uuid } from '../http/schemas.js';
import { HOUSEHOLD_ROLES } from '../households/households.service.js';
import { AppError } from '../shared/errors.js';
import type { AlertSockets } from './alert-sockets.js';
import type { AlertsService } from './alerts.service.js';

const Alert = Type.Object(
  {
    id: Type.String(),
    kind: Type.Union([Type.Literal('ring'), Type.Literal('motion')]),
    priority: Type.Union([Type.Literal('high'), Type.Literal('normal')], {
      description: 'high (the highest) for doorbell rings, normal for motion',
    }),
    cameraId: Type.String(),
    cameraName: Type.String(),
    householdId: Type.String(),
    at: Type.String(),
    snapshotUrl: Type.String({ description: "The motion event's snapshot, or the camera's latest frame" }),
    eventId: Nullable(Type.String()),
  },
  { $id: 'Alert' },
);
const CameraId = Strict({ cameraId: Uuid });
const Base64Url = (min: number, max: number) =>
  Type.String({ minLength: min, maxLength: max, pattern: '^[A-Za-z0-9_-]+={0,2}$' });
const Endpoint = Type.String({ minLength: 12, maxLength: 2048, description: "The push service's https URL" });

/** Options the routes take from configuration. */
export interface AlertsRouteOptions {
  /** Requests per minute per client address for the ring routes. */
  rateLimit: number;
  /** The public URL, whose origin may also open the alert WebSocket. */
  publicUrl: string | undefined;
}

/** The bearer token of an `Authorization: Bearer …` header, if any. */
function bearerToken(req: FastifyRequest): string | undefined {
  const m = /^Bearer\s+(\S{1,200})\s*$/i.exec(req.headers.authorization ?? '');
  return m?.[1];
}

/**
 * Alert routes (hub role): the doorbell ring (device token) and the web app's ring test, the live alert
 * WebSocket, alert history, and Web Push subscriptions.
 */
export function alertsRoutes(alerts: AlertsService, sockets: AlertSockets, options: AlertsRouteOptions) {
  return async (app: App): Promise<void> => {
    // Registered here so only the hub role has WebSockets; a client has nothing to send, so frames stay small.
    await app.register(websocket, { options: { maxPayload: 4096 } });
    app.addSchema(Alert);
    const access = HOUSEHOLD_ROLES;
    const publicOrigin = options.publicUrl ? new URL(options.publicUrl).origin : undefined;

    app.post(
      '/api/v1/cameras/:cameraId/ring',
      {
        // A doorbell button is a device, not a browser: it proves itself with its bearer token, which a
        // cross-site form cannot send, so CSRF does not apply.
        config: { access: 'public', bearerOnly: true, rateLimitPerMinute: options.rateLimit },
        schema: {
          tags: ['alerts'],
          summary:
            "Doorbell press (A3): send the camera's device token as Authorization: Bearer; no body needed",
          params: CameraId,
          response: { 202: Type.Object({ ringId: Type.String() }) },
        },
      },
      async (req, reply) =>
        reply.code(202).send(await alerts.ringFromDevice(req.params.cameraId, bearerToken(req))),
    );

    app.post(
      '/api/v1/cameras/:cameraId/ring/test',
      {
        config: { access, rateLimitPerMinute: options.rateLimit },
        schema: {
          tags: ['alerts'],
          summary: 'Ring the doorbell from the web app (needs view_live) to try alerts on every device',
          params: CameraId,
          response: { 202: Type.Object({ ringId: Type.String() }) },
        },
      },
      async (req, reply) =>
        reply.code(202).send(await alerts.ringFromUser(req.auth!.user, req.params.cameraId)),
    );

    app.get(
      '/api/v1/alerts',
      {
        config: { access },
        schema: {
          tags: ['alerts'],
          summary: 'My recent alerts, newest first (only cameras I may still see)',
          querystring: Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }) }),
          response: { 200: Type.Object({ alerts: Type.Array(Type.Ref(Alert)) }) },
        },
      },
      async (req) => ({ alerts: await alerts.history(req.auth!.user, req.query.limit) }),
    );

    app.route({
      method: 'GET',
      url: '/api/v1/alerts/ws',
      config: { access },
      schema: {
        tags: ['alerts'],
        summary: 'Live alerts: a WebSocket that receives each alert as one JSON message (Alert)',
        description:
          'Upgrade with the session cookie. The server pings every 30 s; the connection closes with code 4401 ' +
          'when the session ends. A plain GET answers 426.',
      },
      // Cross-site WebSocket hijacking: browsers send cookies with a WebSocket handshake from any page, so only
      // this site's own pages may open one. The host is compared, not the scheme, so a TLS proxy that does not
      // forward the protocol still works; programs that send no Origin are not browsers and may connect.
      preHandler: async (req) => {
        const origin = req.headers.origin;
        if (origin === undefined || origin === publicOrigin) return;
        let host: string | undefined;
        try {
          host = new URL(origin).host;
        } catch {
          host = undefined;
        }
        if (host !== req.host)
          throw new AppError('ERR_FORBIDDEN', 'This page may not open the alert connection.');
      },
      handler: async () => {
        throw new AppError('ERR_UPGRADE_REQUIRED');
      },
      wsHandler: (socket, req) => {
        sockets.add(req.auth!.user.id, req.cookies[SESSION_COOKIE] ?? '', socket, req.auth!.sessionIdHash);
      },
    });

    app.get(
      '/api/v1/push/key',
      {
        config: { access: 'public' },
        schema: {
          tags: ['alerts'],
          summary:
            "The hub's VAPID public key (base64url), the applicationServerKey for pushManager.subscribe",
          response: { 200: Type.Object({ publicKey: Type.String() }) },
        },
      },
      async () => ({ publicKey: alerts.vapidPublicKey() }),
    );

    app.post(
      '/api/v1/push/subscriptions',
      {
        config: { access },
        schema: {
          tags: ['alerts'],
          summary: "Receive alerts on this device by Web Push (the browser's PushSubscription.toJSON())",
          body: Strict({
            endpoint: Endpoint,
            expirationTime: Type.Optional(Nullable(Type.Number())),
            keys: Strict({ p256dh: Base64Url(80, 100), auth: Base64Url(16, 32) }),
          }),
          response: { 201: Type.Object({ id: Type.String() }) },
        },
      },
      async (req, reply) => reply.code(201).send(await alerts.subscribePush(req.auth!.user, req.body)),
    );

    app.delete(
      '/api/v1/push/subscriptions',
      {
        config: { access },
        schema: {
          tags: ['alerts'],
          summary: 'Stop Web Push alerts to a device of mine (by its endpoint)',
          body: Strict({ endpoint: Endpoint }),
          response: { 200: Ok },
        },
      },
      async (req) => {
        await alerts.unsubscribePush(req.auth!.user, req.body.endpoint);
        return { ok: true as const };
      },
    );
  };
}
