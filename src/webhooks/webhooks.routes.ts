import { Type } from '@sinclair/typebox';
import type { App } from '../http/app.js';
import { Nullable, Ok, Strict, Uuid } from '../http/schemas.js';
import { HOUSEHOLD_ROLES } from '../households/households.service.js';
import type { WebhooksService } from './webhooks.service.js';

const Webhook = Type.Object(
  {
    id: Type.String(),
    householdId: Type.String(),
    url: Type.String(),
    description: Type.String(),
    enabled: Type.Boolean(),
    createdAt: Type.String(),
    updatedAt: Type.String(),
    lastAttemptAt: Nullable(Type.String()),
    lastSuccessAt: Nullable(Type.String()),
    lastStatus: Nullable(
      Type.Integer({ description: 'HTTP status of the last attempt; null when no answer' }),
    ),
    lastError: Nullable(Type.String()),
    health: Type.Union([Type.Literal('ok'), Type.Literal('failing'), Type.Literal('unused')]),
  },
  { $id: 'Webhook' },
);
const Delivery = Type.Object({
  id: Type.String({ description: 'The webhook-id header, the same on every retry' }),
  eventType: Type.String(),
  status: Type.Union([Type.Literal('pending'), Type.Literal('delivered'), Type.Literal('failed')]),
  attempts: Type.Integer(),
  nextAttemptAt: Nullable(Type.String()),
  lastStatus: Nullable(Type.Integer()),
  lastError: Nullable(Type.String()),
  createdAt: Type.String(),
  finishedAt: Nullable(Type.String()),
});
const Url = Type.String({
  minLength: 8,
  maxLength: 2048,
  pattern: '^https?://\\S+$',
  description: 'http(s) URL the alerts are POSTed to',
});
const Description = Type.String({ maxLength: 200 });
const HouseholdId = Strict({ householdId: Uuid });
const HookId = Strict({ householdId: Uuid, webhookId: Uuid });
const Secret = Type.String({ description: 'The whsec_ signing secret; shown only in this answer' });

/** Webhook routes (hub role): a household owner's webhooks, their secrets, a test message and delivery status. */
export function webhooksRoutes(webhooks: WebhooksService) {
  return (app: App): void => {
    app.addSchema(Webhook);
    const access = HOUSEHOLD_ROLES;
    const base = '/api/v1/households/:householdId/webhooks';

    app.get(
      base,
      {
        config: { access },
        schema: {
          tags: ['webhooks'],
          summary: "The household's webhooks (owner only), with the last delivery's outcome",
          params: HouseholdId,
          response: { 200: Type.Object({ webhooks: Type.Array(Type.Ref(Webhook)) }) },
        },
      },
      async (req) => ({ webhooks: await webhooks.list(req.auth!.user, req.params.householdId) }),
    );

    app.post(
      base,
      {
        config: { access },
        schema: {
          tags: ['webhooks'],
          summary:
            "Add a webhook (owner only): each alert of the household's cameras is POSTed there, signed per Standard Webhooks",
          description:
            'The answer holds the `whsec_` signing secret, shown only this once. Each message has the headers ' +
            '`webhook-id`, `webhook-timestamp` and `webhook-signature` (`v1,` + base64 HMAC-SHA256 of ' +
            '`id.timestamp.body`), and a JSON body `{type, timestamp, data}` with `type` `alert.ring` or ' +
            '`alert.motion`. Failed deliveries are retried with exponential backoff.',
          params: HouseholdId,
          body: Strict({
            url: Url,
            description: Type.Optional(Description),
            enabled: Type.Optional(Type.Boolean()),
          }),
          response: { 201: Type.Object({ webhook: Type.Ref(Webhook), secret: Secret }) },
        },
      },
      async (req, reply) =>
        reply.code(201).send(await webhooks.create(req.auth!.user, req.params.householdId, req.body)),
    );

    app.patch(
      `${base}/:webhookId`,
      {
        config: { access },
        schema: {
          tags: ['webhooks'],
          summary: 'Change a webhook’s URL, description, or switch it on or off (owner only)',
          params: HookId,
          body: Strict({
            url: Type.Optional(Url),
            description: Type.Optional(Description),
            enabled: Type.Optional(Type.Boolean()),
          }),
          response: { 200: Type.Ref(Webhook) },
        },
      },
      async (req) => webhooks.update(req.auth!.user, req.params.householdId, req.params.webhookId, req.body),
    );

    app.delete(
      `${base}/:webhookId`,
      {
        config: { access },
        schema: {
          tags: ['webhooks'],
          summary: 'Remove a webhook and its pending deliveries (owner only)',
          params: HookId,
          response: { 200: Ok },
        },
      },
      async (req) => {
        await webhooks.remove(req.auth!.user, req.params.householdId, req.params.webhookId);
        return { ok: true as const };
      },
    );

    app.post(
      `${base}/:webhookId/secret`,
      {
        config: { access },
        schema: {
          tags: ['webhooks'],
          summary: 'Replace the signing secret (owner only); the old one stops working at once',
          params: HookId,
          response: { 200: Type.Object({ secret: Secret }) },
        },
      },
      async (req) => webhooks.rotateSecret(req.auth!.user, req.params.householdId, req.params.webhookId),
    );

    app.post(
      `${base}/:webhookId/test`,
      {
        config: { access },
        schema: {
          tags: ['webhooks'],
          summary: 'Send a `webhook.test` message to check the receiver (owner only)',
          params: HookId,
          response: { 202: Type.Object({ deliveryId: Type.String() }) },
        },
      },
      async (req, reply) =>
        reply
          .code(202)
          .send(await webhooks.test(req.auth!.user, req.params.householdId, req.params.webhookId)),
    );

    app.get(
      `${base}/:webhookId/deliveries`,
      {
        config: { access },
        schema: {
          tags: ['webhooks'],
          summary: "A webhook's latest deliveries, newest first, with attempts and errors (owner only)",
          params: HookId,
          querystring: Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }) }),
          response: { 200: Type.Object({ deliveries: Type.Array(Delivery) }) },
        },
      },
      async (req) => ({
        deliveries: await webhooks.deliveries(
          req.auth!.user,
          req.params.householdId,
          req.params.webhookId,
          req.query.limit,
        ),
      }),
    );
  };
}
