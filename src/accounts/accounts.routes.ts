import { Type } from '@sinclair/typebox';
import { clearSessionCookies, setSessionCookies, type App } from '../http/app.js';
import { DisplayName, Email, Nullable, Ok, Password, Strict, TokenString, Uuid } from '../http/schemas.js';
import type { AccountsService } from './accounts.service.js';
import { OrganisationName } from '../transparency/entries.js';
import { INVITABLE_ROLES, ROLES } from './roles.js';

/** An account as the API shows it. */
export const Account = Type.Object(
  {
    id: Type.String(),
    email: Type.String(),
    displayName: Type.String(),
    role: Type.Union(ROLES.map((r) => Type.Literal(r))),
    organisation: Nullable(Type.String()),
    totpEnabled: Type.Boolean(),
    mayAct: Type.Boolean(),
    createdAt: Type.String(),
  },
  { $id: 'Account' },
);
const AccountRef = Type.Ref(Account);
const UserEnvelope = Type.Object({ user: AccountRef });
const Link = Type.Object({ url: Type.String(), token: Type.String(), expiresAt: Type.String() });

/** Routes for set-up, sign-in, sign-up, invitations, the signed-in account and the admin's account tools. */
export function accountsRoutes(
  accounts: AccountsService,
  linkBase: (req: { protocol: string; host: string }) => string,
  signInLimit: number,
) {
  const SIGN_IN_LIMIT = signInLimit;
  return (app: App): void => {
    app.addSchema(Account);

    app.get(
      '/api/v1/setup',
      {
        config: { access: 'public' },
        schema: {
          tags: ['accounts'],
          summary: 'Whether the first-run set-up is done, and the sign-up mode',
          response: {
            200: Type.Object({
              adminExists: Type.Boolean(),
              signupMode: Type.Union([Type.Literal('open'), Type.Literal('invite')]),
            }),
          },
        },
      },
      () => accounts.setupStatus(),
    );

    app.post(
      '/api/v1/setup/admin',
      {
        config: { access: 'public', rateLimitPerMinute: SIGN_IN_LIMIT },
        schema: {
          tags: ['accounts'],
          summary: 'Create the instance admin on first run (refused once one exists) and sign in',
          body: Strict({ email: Email, password: Password, displayName: DisplayName }),
          response: { 201: UserEnvelope },
        },
      },
      async (req, reply) => {
        await accounts.createAdmin(req.body);
        const s = await accounts.signIn(req.body);
        setSessionCookies(req, reply, s.token, s.csrfToken);
        return reply.code(201).send({ user: s.user });
      },
    );

    app.get(
      '/api/v1/auth/session',
      {
        config: { access: 'public' },
        schema: {
          tags: ['accounts'],
          summary: 'The signed-in account, or null',
          response: { 200: Type.Object({ user: Nullable(AccountRef) }) },
        },
      },
      (req) => ({ user: req.auth?.user ?? null }),
    );

    app.post(
      '/api/v1/auth/sign-in',
      {
        config: { access: 'public', rateLimitPerMinute: SIGN_IN_LIMIT },
        schema: {
          tags: ['accounts'],
          summary: 'Sign in with email, password and, once enrolled, a TOTP code',
          description:
            'Answers ERR_TOTP_REQUIRED when the account has two-factor and no code was given; accounts lock for a while after repeated failures.',
          body: Strict({
            email: Email,
            password: Password,
            totp: Type.Optional(Type.String({ pattern: '^[0-9]{6}$' })),
          }),
          response: { 200: UserEnvelope },
        },
      },
      async (req, reply) => {
        const s = await accounts.signIn(req.body);
        setSessionCookies(req, reply, s.token, s.csrfToken);
        return { user: s.user };
      },
    );

    app.post(
      '/api/v1/auth/sign-up',
      {
        config: { access: 'public', rateLimitPerMinute: SIGN_IN_LIMIT },
        schema: {
          tags: ['accounts'],
          summary: 'Resident sign-up, when the instance allows open sign-up; signs in',
          body: Strict({ email: Email, password: Password, displayName: DisplayName }),
          response: { 201: UserEnvelope },
        },
      },
      async (req, reply) => {
        await accounts.signUp(req.body);
        const s = await accounts.signIn(req.body);
        setSessionCookies(req, reply, s.token, s.csrfToken);
        return reply.code(201).send({ user: s.user });
      },
    );

    app.post(
      '/api/v1/auth/sign-out',
      {
        config: { access: 'signed-in', beforeMfa: true },
        schema: { tags: ['accounts'], summary: 'End this session', response: { 200: Ok } },
      },
      async (req, reply) => {
        await accounts.signOut(req.auth!.user.id, req.auth!.sessionIdHash);
        clearSessionCookies(req, reply);
        return { ok: true as const };
      },
    );

    app.post(
      '/api/v1/auth/invitations/describe',
      {
        config: { access: 'public', rateLimitPerMinute: SIGN_IN_LIMIT * 3 },
        schema: {
          tags: ['accounts'],
          summary: 'What an account invitation is for (token in the body so it never lands in access logs)',
          body: Strict({ token: TokenString }),
          response: {
            200: Type.Object({
              email: Type.String(),
              role: Type.String(),
              organisation: Nullable(Type.String()),
            }),
          },
        },
      },
      (req) => accounts.describeInvitation(req.body.token),
    );

    app.post(
      '/api/v1/auth/invitations/accept',
      {
        config: { access: 'public', rateLimitPerMinute: SIGN_IN_LIMIT },
        schema: {
          tags: ['accounts'],
          summary: 'Accept an account invitation: choose a name and password; signs in',
          body: Strict({ token: TokenString, password: Password, displayName: DisplayName }),
          response: { 201: UserEnvelope },
        },
      },
      async (req, reply) => {
        const s = await accounts.acceptInvitation(req.body.token, req.body);
        setSessionCookies(req, reply, s.token, s.csrfToken);
        return reply.code(201).send({ user: s.user });
      },
    );

    app.post(
      '/api/v1/auth/password-reset',
      {
        config: { access: 'public', rateLimitPerMinute: SIGN_IN_LIMIT },
        schema: {
          tags: ['accounts'],
          summary: 'Set a new password with an admin-issued reset link; ends every session of the account',
          body: Strict({ token: TokenString, password: Password }),
          response: { 200: Ok },
        },
      },
      async (req) => {
        await accounts.resetPassword(req.body.token, req.body.password);
        return { ok: true as const };
      },
    );

    app.get(
      '/api/v1/me',
      {
        config: { access: 'signed-in', beforeMfa: true },
        schema: { tags: ['accounts'], summary: 'The signed-in account', response: { 200: UserEnvelope } },
      },
      (req) => ({ user: req.auth!.user }),
    );

    app.post(
      '/api/v1/me/password',
      {
        config: { access: 'signed-in', beforeMfa: true, rateLimitPerMinute: SIGN_IN_LIMIT },
        schema: {
          tags: ['accounts'],
          summary: 'Change the password; other sessions end',
          body: Strict({ currentPassword: Password, newPassword: Password }),
          response: { 200: Ok },
        },
      },
      async (req) => {
        await accounts.changePassword(req.auth!, req.body.currentPassword, req.body.newPassword);
        return { ok: true as const };
      },
    );

    app.post(
      '/api/v1/me/totp/begin',
      {
        config: { access: 'signed-in', beforeMfa: true },
        schema: {
          tags: ['accounts'],
          summary: 'Start two-factor enrolment: a new TOTP secret and otpauth URI',
          response: { 200: Type.Object({ secret: Type.String(), otpauthUri: Type.String() }) },
        },
      },
      (req) => accounts.beginTotp(req.auth!.user.id),
    );

    app.post(
      '/api/v1/me/totp/confirm',
      {
        config: { access: 'signed-in', beforeMfa: true, rateLimitPerMinute: SIGN_IN_LIMIT },
        schema: {
          tags: ['accounts'],
          summary: 'Finish two-factor enrolment with a code from the authenticator app',
          body: Strict({ code: Type.String({ pattern: '^[0-9]{6}$' }) }),
          response: { 200: UserEnvelope },
        },
      },
      async (req) => ({ user: await accounts.confirmTotp(req.auth!.user.id, req.body.code) }),
    );

    app.get(
      '/api/v1/admin/users',
      {
        config: { access: ['admin'] },
        schema: {
          tags: ['admin'],
          summary: 'Every account',
          response: { 200: Type.Object({ users: Type.Array(AccountRef) }) },
        },
      },
      async () => ({ users: await accounts.listUsers() }),
    );

    app.post(
      '/api/v1/admin/users/:id/reset-link',
      {
        config: { access: ['admin'] },
        schema: {
          tags: ['admin'],
          summary: 'Issue a one-hour password reset link for an account',
          params: Strict({ id: Uuid }),
          response: { 201: Link },
        },
      },
      async (req, reply) => {
        const { token, expiresAt } = await accounts.createResetLink(req.auth!.user.id, req.params.id);
        return reply.code(201).send({ url: `${linkBase(req)}/reset-password#${token}`, token, expiresAt });
      },
    );

    app.post(
      '/api/v1/admin/invitations',
      {
        config: { access: ['admin'] },
        schema: {
          tags: ['admin'],
          summary:
            'Invite an account: resident, moderator, agency officer or admin (with agency), oversight (with body)',
          body: Strict({
            email: Email,
            role: Type.Union(INVITABLE_ROLES.map((r) => Type.Literal(r))),
            // Organisation names appear in public-log entries, so they follow the log's rule for public bodies.
            organisation: Type.Optional(OrganisationName),
          }),
          response: { 201: Link },
        },
      },
      async (req, reply) => {
        const { token, expiresAt } = await accounts.invite(req.auth!.user.id, req.body);
        return reply.code(201).send({ url: `${linkBase(req)}/accept-invitation#${token}`, token, expiresAt });
      },
    );

    app.get(
      '/api/v1/admin/invitations',
      {
        config: { access: ['admin'] },
        schema: {
          tags: ['admin'],
          summary: 'Account invitations issued',
          response: {
            200: Type.Object({
              invitations: Type.Array(
                Type.Object({
                  id: Type.String(),
                  email: Type.String(),
                  role: Type.String(),
                  organisation: Nullable(Type.String()),
                  createdAt: Type.String(),
                  expiresAt: Type.String(),
                  usedAt: Nullable(Type.String()),
                }),
              ),
            }),
          },
        },
      },
      async () => ({ invitations: await accounts.listInvitations() }),
    );

    app.get(
      '/api/v1/admin/settings',
      {
        config: { access: ['admin'] },
        schema: {
          tags: ['admin'],
          summary: 'Instance settings',
          response: {
            200: Type.Object({ signupMode: Type.Union([Type.Literal('open'), Type.Literal('invite')]) }),
          },
        },
      },
      async () => ({ signupMode: await accounts.signupMode() }),
    );

    app.patch(
      '/api/v1/admin/settings',
      {
        config: { access: ['admin'] },
        schema: {
          tags: ['admin'],
          summary: 'Change instance settings',
          body: Strict({ signupMode: Type.Union([Type.Literal('open'), Type.Literal('invite')]) }),
          response: {
            200: Type.Object({ signupMode: Type.Union([Type.Literal('open'), Type.Literal('invite')]) }),
          },
        },
      },
      async (req) => {
        await accounts.setSignupMode(req.body.signupMode);
        return { signupMode: await accounts.signupMode() };
      },
    );
  };
}
