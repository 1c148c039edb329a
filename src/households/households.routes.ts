import { Type } from '@sinclair/typebox';
import { setSessionCookies, type App } from '../http/app.js';
import {
  DateTime,
  DisplayName,
  Email,
  Nullable,
  Ok,
  Password,
  Strict,
  TokenString,
  Uuid,
} from '../http/schemas.js';
import type { AccountsService } from '../accounts/accounts.service.js';
import { CAPABILITIES } from './households.policy.js';
import { HOUSEHOLD_ROLES, type HouseholdsService } from './households.service.js';

const Capability = Type.Union(CAPABILITIES.map((c) => Type.Literal(c)));
const Capabilities = Type.Array(Capability, { maxItems: CAPABILITIES.length, uniqueItems: true });
const Location = Strict({
  latitude: Type.Number({ minimum: -90, maximum: 90 }),
  longitude: Type.Number({ minimum: -180, maximum: 180 }),
});
const CameraIds = Nullable(Type.Array(Uuid, { maxItems: 64, uniqueItems: true }));
const Mode = Type.Union([Type.Literal('home'), Type.Literal('away'), Type.Literal('disarmed')]);
const HHMM = Type.String({ pattern: '^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$' });
const ScheduleRule = Strict({
  days: Type.Array(Type.Integer({ minimum: 0, maximum: 6 }), { minItems: 1, maxItems: 7, uniqueItems: true }),
  from: HHMM,
  to: HHMM,
  mode: Mode,
});
// An IANA name ("Europe/Paris", "America/Argentina/Buenos_Aires", "UTC", "Etc/GMT+5"); the service checks it exists.
const TimeZone = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z][A-Za-z0-9_+/-]*$' });
const HouseholdName = Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' });

const Household = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    isOwner: Type.Boolean(),
    capabilities: Type.Array(Type.String()),
    cameraIds: Nullable(Type.Array(Type.String())),
    accessExpiresAt: Nullable(Type.String()),
    location: Nullable(Type.Object({ latitude: Type.Number(), longitude: Type.Number() })),
    mode: Mode,
    schedule: Type.Array(ScheduleRule),
    timeZone: Type.String({ description: "IANA time zone of the schedule's times" }),
    modeNow: Type.Object(
      {
        mode: Mode,
        source: Type.Union([Type.Literal('schedule'), Type.Literal('default')]),
        record: Type.Boolean(),
        alert: Type.Boolean(),
        nextChange: Nullable(Type.Object({ at: Type.String(), mode: Mode })),
      },
      {
        description:
          'The mode in force now (a schedule rule, else the default mode) and when it next changes, within 8 days',
      },
    ),
    community: Type.Object({ linked: Type.Boolean(), cell: Nullable(Type.String()) }),
    members: Type.Array(
      Type.Object({
        userId: Type.String(),
        displayName: Type.String(),
        email: Type.String(),
        capabilities: Type.Array(Type.String()),
        cameraIds: Nullable(Type.Array(Type.String())),
        expiresAt: Nullable(Type.String()),
        expired: Type.Boolean(),
      }),
    ),
    invitations: Type.Array(
      Type.Object({
        id: Type.String(),
        email: Type.String(),
        capabilities: Type.Array(Type.String()),
        cameraIds: Nullable(Type.Array(Type.String())),
        accessExpiresAt: Nullable(Type.String()),
        expiresAt: Type.String(),
      }),
    ),
  },
  { $id: 'Household' },
);
const HouseholdRef = Type.Ref(Household);
const Id = Strict({ id: Uuid });

/** Household routes (hub role): the household, its members and their access, invitations, community link. */
export function householdsRoutes(
  households: HouseholdsService,
  accounts: AccountsService,
  linkBase: (req: { protocol: string; host: string }) => string,
  limit: number,
) {
  return (app: App): void => {
    app.addSchema(Household);
    const access = HOUSEHOLD_ROLES;

    app.get(
      '/api/v1/households',
      {
        config: { access },
        schema: {
          tags: ['households'],
          summary: 'Households I own or may currently see as a member',
          response: {
            200: Type.Object({
              households: Type.Array(
                Type.Object({
                  id: Type.String(),
                  name: Type.String(),
                  isOwner: Type.Boolean(),
                  capabilities: Type.Array(Type.String()),
                  accessExpiresAt: Nullable(Type.String()),
                  cameraIds: Nullable(Type.Array(Type.String())),
                }),
              ),
            }),
          },
        },
      },
      async (req) => ({ households: await households.listFor(req.auth!.user.id) }),
    );

    app.post(
      '/api/v1/households',
      {
        config: { access },
        schema: {
          tags: ['households'],
          summary: 'Create my household',
          body: Strict({ name: HouseholdName }),
          response: { 201: HouseholdRef },
        },
      },
      async (req, reply) => reply.code(201).send(await households.create(req.auth!.user.id, req.body.name)),
    );

    app.get(
      '/api/v1/households/:id',
      {
        config: { access },
        schema: { tags: ['households'], summary: 'A household', params: Id, response: { 200: HouseholdRef } },
      },
      (req) => households.detail(req.auth!.user.id, req.params.id),
    );

    app.patch(
      '/api/v1/households/:id',
      {
        config: { access },
        schema: {
          tags: ['households'],
          summary: 'Rename the household or set its location (kept on the hub; only a coarse cell is shared)',
          params: Id,
          body: Type.Object(
            { name: Type.Optional(HouseholdName), location: Type.Optional(Nullable(Location)) },
            { additionalProperties: false, minProperties: 1 },
          ),
          response: { 200: HouseholdRef },
        },
      },
      (req) => households.update(req.auth!.user.id, req.params.id, req.body),
    );

    app.put(
      '/api/v1/households/:id/mode',
      {
        config: { access },
        schema: {
          tags: ['households'],
          summary:
            'Set the default mode (home, away, disarmed), the weekly schedule and its time zone (owner or manage_cameras)',
          params: Id,
          body: Strict({
            mode: Mode,
            schedule: Type.Optional(Type.Array(ScheduleRule, { maxItems: 32 })),
            timeZone: Type.Optional(TimeZone),
          }),
          response: { 200: HouseholdRef },
        },
      },
      (req) => households.setMode(req.auth!.user.id, req.params.id, req.body as never),
    );

    app.post(
      '/api/v1/households/:id/community-link',
      {
        config: { access, rateLimitPerMinute: limit },
        schema: {
          tags: ['households'],
          summary: 'Link the household to a community server with an invitation code',
          params: Id,
          body: Strict({ code: TokenString }),
          response: { 200: HouseholdRef },
        },
      },
      (req) => households.linkCommunity(req.auth!.user.id, req.params.id, req.body.code),
    );

    app.post(
      '/api/v1/households/:id/invitations',
      {
        config: { access },
        schema: {
          tags: ['households'],
          summary: 'Invite a member with chosen capabilities and an optional access expiry',
          params: Id,
          body: Strict({
            email: Email,
            capabilities: Capabilities,
            accessExpiresAt: Type.Optional(Nullable(DateTime)),
            cameraIds: Type.Optional(CameraIds),
          }),
          response: {
            201: Type.Object({ url: Type.String(), token: Type.String(), expiresAt: Type.String() }),
          },
        },
      },
      async (req, reply) => {
        const { token, expiresAt } = await households.invite(req.auth!.user.id, req.params.id, req.body);
        return reply.code(201).send({ url: `${linkBase(req)}/join-household#${token}`, token, expiresAt });
      },
    );

    app.delete(
      '/api/v1/households/:id/invitations/:invitationId',
      {
        config: { access },
        schema: {
          tags: ['households'],
          summary: 'Revoke an open invitation',
          params: Strict({ id: Uuid, invitationId: Uuid }),
          response: { 200: Ok },
        },
      },
      async (req) => {
        await households.revokeInvitation(req.auth!.user.id, req.params.id, req.params.invitationId);
        return { ok: true as const };
      },
    );

    app.patch(
      '/api/v1/households/:id/members/:userId',
      {
        config: { access },
        schema: {
          tags: ['households'],
          summary: "Change a member's capabilities or access expiry (takes effect at once)",
          params: Strict({ id: Uuid, userId: Uuid }),
          body: Strict({
            capabilities: Capabilities,
            expiresAt: Nullable(DateTime),
            cameraIds: Type.Optional(CameraIds),
          }),
          response: { 200: HouseholdRef },
        },
      },
      (req) => households.updateMember(req.auth!.user.id, req.params.id, req.params.userId, req.body),
    );

    app.delete(
      '/api/v1/households/:id/members/:userId',
      {
        config: { access },
        schema: {
          tags: ['households'],
          summary: 'Remove a member (owner) or leave the household (member)',
          params: Strict({ id: Uuid, userId: Uuid }),
          response: { 200: Ok },
        },
      },
      async (req) => {
        await households.removeMember(req.auth!.user.id, req.params.id, req.params.userId);
        return { ok: true as const };
      },
    );

    app.post(
      '/api/v1/household-invitations/describe',
      {
        config: { access: 'public', rateLimitPerMinute: limit * 3 },
        schema: {
          tags: ['households'],
          summary: 'What a household invitation offers',
          body: Strict({ token: TokenString }),
          response: {
            200: Type.Object({
              householdName: Type.String(),
              email: Type.String(),
              capabilities: Type.Array(Type.String()),
              accessExpiresAt: Nullable(Type.String()),
              accountExists: Type.Boolean(),
            }),
          },
        },
      },
      (req) => households.describeInvitation(req.body.token),
    );

    app.post(
      '/api/v1/household-invitations/accept',
      {
        config: { access: 'public', rateLimitPerMinute: limit },
        schema: {
          tags: ['households'],
          summary: 'Accept a household invitation, signed in or by creating an account (then signed in)',
          body: Strict({
            token: TokenString,
            displayName: Type.Optional(DisplayName),
            password: Type.Optional(Password),
          }),
          response: { 200: Type.Object({ householdId: Type.String(), user: Type.Ref('Account') }) },
        },
      },
      async (req, reply) => {
        const result = await households.acceptInvitation(req.body.token, req.auth, req.body);
        if (result.created) {
          const s = await accounts.signIn({ email: result.account.email, password: req.body.password! });
          setSessionCookies(req, reply, s.token, s.csrfToken);
        }
        return { householdId: result.householdId, user: result.account };
      },
    );
  };
}
