import { AppError } from '../shared/errors.js';
import { hashToken, newId, newToken, safeEqual } from '../shared/tokens.js';
import type { SecretBox } from '../shared/secret-box.js';
import type { Clock } from '../ports/clock.js';
import type { Bus } from '../ports/bus.js';
import type { AccountsRepository, UserRow } from './accounts.repository.js';
import { MIN_PASSWORD_LENGTH, type PasswordHasher } from './password.js';
import { MFA_ROLES, isRole, organisationKindFor, type InvitableRole, type Role } from './roles.js';
import { base32Decode, base32Encode, newTotpSecret, otpauthUri, verifyTotp } from './totp.js';

/** The signed-in user as the rest of the system sees it. */
export interface AccountView {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  organisation: string | null;
  totpEnabled: boolean;
  /** False while an agency or oversight account has not enrolled two-factor: it may not act yet. */
  mayAct: boolean;
  createdAt: string;
}

/** A resolved session: who is signed in, and the CSRF token bound to this session. */
export interface AuthContext {
  user: AccountView;
  sessionIdHash: string;
  csrfToken: string;
}

/** A new session's secrets, returned once to be set as cookies. */
export interface NewSession {
  token: string;
  csrfToken: string;
  user: AccountView;
}

/** Tunables of the accounts service, from configuration. */
export interface AccountsSettings {
  sessionTtlHours: number;
  signinMaxFailures: number;
  signinLockoutMinutes: number;
  defaultSignupMode: 'open' | 'invite';
}

const INVITATION_TTL_MS = 7 * 24 * 3600_000;
const RESET_TTL_MS = 3600_000;
const SESSION_TOUCH_MS = 60_000;
const ISSUER = 'Porchlight';

/** Lower-case and trim an email so the same address is one account. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Accounts use cases: first-run admin, sign-up, sign-in with lockout and TOTP, sessions, invitations, resets. */
export class AccountsService {
  private dummyHash: Promise<string> | undefined;

  constructor(
    private readonly repo: AccountsRepository,
    private readonly hasher: PasswordHasher,
    private readonly secrets: SecretBox,
    private readonly clock: Clock,
    private readonly bus: Bus,
    private readonly settings: AccountsSettings,
  ) {}

  private iso(offsetMs = 0): string {
    return new Date(this.clock.now() + offsetMs).toISOString();
  }

  /** Whether the first-run set-up (the instance admin) is still to be done. */
  async setupStatus(): Promise<{ adminExists: boolean; signupMode: 'open' | 'invite' }> {
    return { adminExists: await this.repo.adminExists(), signupMode: await this.signupMode() };
  }

  /** Current sign-up mode (instance setting). */
  async signupMode(): Promise<'open' | 'invite'> {
    const v = await this.repo.getSetting('signup_mode');
    return v === 'open' || v === 'invite' ? v : this.settings.defaultSignupMode;
  }

  /** Change the sign-up mode. */
  async setSignupMode(mode: 'open' | 'invite'): Promise<void> {
    await this.repo.setSetting('signup_mode', mode);
  }

  /** Create the one instance admin; refused once one exists (there is never a default password). */
  async createAdmin(input: { email: string; password: string; displayName: string }): Promise<AccountView> {
    this.checkPassword(input.password);
    const hash = await this.hasher.hash(input.password);
    const view = await this.repo.transaction(async (repo) => {
      // The settings row is the race guard: two first-run requests cannot both create an admin.
      if (!(await repo.claimSetting('admin_created', this.iso()))) throw new AppError('ERR_ALREADY_SET_UP');
      return this.insertUser(repo, { ...input, role: 'admin', organisationId: null }, hash);
    });
    await this.announceCreated(view);
    return view;
  }

  /** Resident sign-up: open, or with an invitation token when the instance is invite-only. */
  async signUp(input: { email: string; password: string; displayName: string }): Promise<AccountView> {
    if (!(await this.repo.adminExists())) throw new AppError('ERR_NOT_SET_UP');
    if ((await this.signupMode()) !== 'open') throw new AppError('ERR_SIGNUP_CLOSED');
    this.checkPassword(input.password);
    const hash = await this.hasher.hash(input.password);
    const view = await this.repo.transaction((repo) =>
      this.insertUser(repo, { ...input, role: 'resident', organisationId: null }, hash),
    );
    await this.announceCreated(view);
    return view;
  }

  /** Tell other domains an account exists; called after the creating transaction committed. */
  async announceCreated(view: AccountView): Promise<void> {
    await this.bus.publish('account.created', { userId: view.id, role: view.role });
  }

  /** Create an account in a transaction the caller owns (household invitations use this); the caller announces it. */
  async createAccountIn(
    repo: AccountsRepository,
    input: {
      email: string;
      password: string;
      displayName: string;
      role: Role;
      organisationId: string | null;
    },
  ): Promise<AccountView> {
    this.checkPassword(input.password);
    const hash = await this.hasher.hash(input.password);
    return this.insertUser(repo, input, hash);
  }

  private async insertUser(
    repo: AccountsRepository,
    input: { email: string; displayName: string; role: Role; organisationId: string | null },
    passwordHash: string,
  ): Promise<AccountView> {
    const email = normaliseEmail(input.email);
    if (await repo.findUserByEmail(email)) throw new AppError('ERR_EMAIL_TAKEN');
    const row: UserRow = {
      id: newId(),
      email,
      display_name: input.displayName.trim(),
      password_hash: passwordHash,
      role: input.role,
      organisation_id: input.organisationId,
      totp_secret_enc: null,
      totp_enabled: 0,
      totp_last_step: -1,
      failed_signins: 0,
      locked_until: null,
      disabled: 0,
      created_at: this.iso(),
    };
    try {
      await repo.insertUser(row);
    } catch (e) {
      // A concurrent sign-up with the same email loses on the unique index.
      if (await repo.findUserByEmail(email)) throw new AppError('ERR_EMAIL_TAKEN');
      throw e;
    }
    return this.view(row, null);
  }

  /**
   * Check email, password and (when enrolled) the TOTP code; counts failures per account and locks it for a
   * while after too many, whatever the password.
   */
  async signIn(input: { email: string; password: string; totp?: string | undefined }): Promise<NewSession> {
    const user = await this.repo.findUserByEmail(normaliseEmail(input.email));
    if (!user || user.disabled) {
      // Spend the same time as a real check so response timing does not reveal which emails exist.
      await this.hasher.verify(await this.getDummyHash(), input.password);
      throw new AppError('ERR_INVALID_CREDENTIALS');
    }
    const now = this.clock.now();
    // The attempt is counted before the password is checked, atomically: concurrent guesses each take a number,
    // and no more than signinMaxFailures of them are ever checked before the lockout.
    const attempt = await this.repo.reserveSigninAttempt(user.id, new Date(now).toISOString());
    if (attempt === null || attempt > this.settings.signinMaxFailures) {
      if (attempt !== null) await this.lock(user.id);
      throw await this.lockedError(user.id, now);
    }
    if (!(await this.hasher.verify(user.password_hash, input.password))) {
      await this.failed(user.id, attempt);
      throw new AppError('ERR_INVALID_CREDENTIALS');
    }
    if (user.totp_enabled) {
      if (!input.totp) {
        // The password was right, so this attempt is given back; the count resets only with a good code, or
        // asking without one would reset it between guesses of the code.
        await this.repo.releaseSigninAttempt(user.id);
        throw new AppError('ERR_TOTP_REQUIRED');
      }
      const secret = base32Decode(this.secrets.open(user.totp_secret_enc!));
      const step = verifyTotp(secret, input.totp, now, user.totp_last_step);
      // A code is good once: of concurrent sign-ins with it, only the one that moves the last step on wins.
      if (step === null || !(await this.repo.useTotpStep(user.id, step))) {
        await this.failed(user.id, attempt);
        throw new AppError('ERR_TOTP_INVALID');
      }
    }
    await this.repo.updateUser(user.id, { failed_signins: 0, locked_until: null });
    return this.openSession(user);
  }

  /** A failed attempt: the one that reaches the limit locks the account. */
  private async failed(userId: string, attempt: number): Promise<void> {
    if (attempt >= this.settings.signinMaxFailures) await this.lock(userId);
  }

  private lock(userId: string): Promise<void> {
    return this.repo.lockAccount(userId, this.iso(this.settings.signinLockoutMinutes * 60_000));
  }

  private async lockedError(userId: string, now: number): Promise<AppError> {
    const lockedUntil = (await this.repo.findUserById(userId))?.locked_until;
    const untilMs = lockedUntil ? Date.parse(lockedUntil) : NaN;
    const retry = untilMs > now ? Math.ceil((untilMs - now) / 1000) : this.settings.signinLockoutMinutes * 60;
    return new AppError(
      'ERR_ACCOUNT_LOCKED',
      undefined,
      { retryAfterSeconds: retry },
      { 'retry-after': String(retry) },
    );
  }

  private getDummyHash(): Promise<string> {
    this.dummyHash ??= this.hasher.hash(newToken());
    return this.dummyHash;
  }

  private async openSession(user: UserRow): Promise<NewSession> {
    const token = newToken();
    const csrfToken = newToken();
    await this.repo.insertSession({
      id_hash: hashToken(token),
      user_id: user.id,
      csrf_token: csrfToken,
      created_at: this.iso(),
      last_seen_at: this.iso(),
      expires_at: this.iso(this.settings.sessionTtlHours * 3600_000),
    });
    return { token, csrfToken, user: await this.viewWithOrg(user) };
  }

  /** The session behind a cookie token, or null; slides its expiry at most once a minute. */
  async resolveSession(token: string): Promise<AuthContext | null> {
    if (!token || token.length > 200) return null;
    const idHash = hashToken(token);
    const row = await this.repo.findSession(idHash, this.iso());
    if (!row) return null;
    const user = await this.repo.findUserById(row.user_id);
    if (!user) return null;
    if (this.clock.now() - Date.parse(row.last_seen_at) > SESSION_TOUCH_MS) {
      await this.repo.touchSession(idHash, this.iso(), this.iso(this.settings.sessionTtlHours * 3600_000));
    }
    return { user: await this.viewWithOrg(user), sessionIdHash: idHash, csrfToken: row.csrf_token };
  }

  /** Delete expired sessions (a background job); returns how many went. */
  async purgeExpiredSessions(): Promise<number> {
    return this.repo.purgeExpiredSessions(this.iso());
  }

  /** End a session. */
  async signOut(userId: string, sessionIdHash: string): Promise<void> {
    await this.repo.deleteSession(sessionIdHash);
    // Live connections opened with it (alerts) close now, not at their next check.
    await this.bus.publish('sessions.ended', { userId, sessionIdHash });
  }

  /** Change one's password; every other session of the account ends. */
  async changePassword(ctx: AuthContext, current: string, next: string): Promise<void> {
    const user = await this.mustFindUser(ctx.user.id);
    if (!(await this.hasher.verify(user.password_hash, current)))
      throw new AppError('ERR_INVALID_CREDENTIALS');
    this.checkPassword(next);
    await this.repo.updateUser(user.id, { password_hash: await this.hasher.hash(next) });
    await this.repo.deleteSessionsOfUser(user.id, ctx.sessionIdHash);
    await this.bus.publish('sessions.ended', { userId: user.id, exceptSessionIdHash: ctx.sessionIdHash });
  }

  /** Admin: issue a one-hour password reset link token for a user. */
  async createResetLink(adminId: string, userId: string): Promise<{ token: string; expiresAt: string }> {
    await this.mustFindUser(userId);
    const token = newToken();
    const expiresAt = this.iso(RESET_TTL_MS);
    await this.repo.insertReset({
      token_hash: hashToken(token),
      user_id: userId,
      created_by: adminId,
      created_at: this.iso(),
      expires_at: expiresAt,
      used_at: null,
    });
    return { token, expiresAt };
  }

  /** Set a new password with a reset link; the link works once, and every session of the account ends. */
  async resetPassword(token: string, password: string): Promise<void> {
    this.checkPassword(password);
    const hash = await this.hasher.hash(password);
    const userId = await this.repo.transaction(async (repo) => {
      const userId = await repo.useReset(hashToken(token), this.iso());
      if (!userId) throw new AppError('ERR_TOKEN_INVALID');
      await repo.updateUser(userId, { password_hash: hash, failed_signins: 0, locked_until: null });
      await repo.deleteSessionsOfUser(userId);
      return userId;
    });
    await this.bus.publish('sessions.ended', { userId });
  }

  /** Admin: invite an account of a role; agency and oversight invitations name their organisation. */
  async invite(
    adminId: string,
    input: { email: string; role: InvitableRole; organisation?: string | undefined },
  ): Promise<{ token: string; expiresAt: string }> {
    const kind = organisationKindFor(input.role);
    const orgName = input.organisation?.trim();
    if (kind && !orgName) throw new AppError('ERR_VALIDATION', 'Name the agency or oversight body.');
    if (!kind && orgName)
      throw new AppError('ERR_VALIDATION', 'Only agency and oversight accounts belong to an organisation.');
    const email = normaliseEmail(input.email);
    if (await this.repo.findUserByEmail(email)) throw new AppError('ERR_EMAIL_TAKEN');
    const token = newToken();
    const expiresAt = this.iso(INVITATION_TTL_MS);
    await this.repo.transaction(async (repo) => {
      const organisationId =
        kind && orgName ? await repo.ensureOrganisation(kind, orgName, newId(), this.iso()) : null;
      await repo.insertInvitation({
        id: newId(),
        token_hash: hashToken(token),
        role: input.role,
        email,
        organisation_id: organisationId,
        created_by: adminId,
        created_at: this.iso(),
        expires_at: expiresAt,
        used_at: null,
      });
    });
    return { token, expiresAt };
  }

  /** What an invitation link is for, shown before the invitee chooses a password. */
  async describeInvitation(
    token: string,
  ): Promise<{ email: string; role: Role; organisation: string | null }> {
    const inv = await this.repo.findOpenInvitation(hashToken(token), this.iso());
    if (!inv || !isRole(inv.role)) throw new AppError('ERR_TOKEN_INVALID');
    const org = inv.organisation_id ? await this.repo.findOrganisation(inv.organisation_id) : undefined;
    return { email: inv.email, role: inv.role, organisation: org?.name ?? null };
  }

  /** Accept an account invitation: creates the account with the invited role and signs it in. */
  async acceptInvitation(
    token: string,
    input: { password: string; displayName: string },
  ): Promise<NewSession> {
    this.checkPassword(input.password);
    const hash = await this.hasher.hash(input.password);
    const user = await this.repo.transaction(async (repo) => {
      const inv = await repo.findOpenInvitation(hashToken(token), this.iso());
      if (!inv || !isRole(inv.role) || !(await repo.useInvitation(inv.id, this.iso())))
        throw new AppError('ERR_TOKEN_INVALID');
      const view = await this.insertUser(
        repo,
        {
          email: inv.email,
          displayName: input.displayName,
          role: inv.role,
          organisationId: inv.organisation_id,
        },
        hash,
      );
      return repo.findUserById(view.id);
    });
    await this.announceCreated(await this.viewWithOrg(user!));
    return this.openSession(user!);
  }

  /** Invitations issued so far. */
  listInvitations() {
    return this.repo.listInvitations();
  }

  /** Every account, for the admin. */
  async listUsers(): Promise<AccountView[]> {
    const rows = await this.repo.listUsers();
    return Promise.all(rows.map((r) => this.viewWithOrg(r)));
  }

  /** Start TOTP enrolment: a new secret, kept sealed until confirmed with a code. */
  async beginTotp(userId: string): Promise<{ secret: string; otpauthUri: string }> {
    const user = await this.mustFindUser(userId);
    if (user.totp_enabled) throw new AppError('ERR_ALREADY_ENROLLED');
    const secret = newTotpSecret();
    await this.repo.updateUser(userId, { totp_secret_enc: this.secrets.seal(base32Encode(secret)) });
    return { secret: base32Encode(secret), otpauthUri: otpauthUri(secret, user.email, ISSUER) };
  }

  /** Finish TOTP enrolment with a code from the app; from now on sign-in needs a code. */
  async confirmTotp(userId: string, code: string): Promise<AccountView> {
    const user = await this.mustFindUser(userId);
    if (user.totp_enabled) throw new AppError('ERR_ALREADY_ENROLLED');
    if (!user.totp_secret_enc) throw new AppError('ERR_CONFLICT', 'Start two-factor enrolment first.');
    const step = verifyTotp(base32Decode(this.secrets.open(user.totp_secret_enc)), code, this.clock.now());
    if (step === null) throw new AppError('ERR_TOTP_INVALID');
    await this.repo.updateUser(userId, { totp_enabled: 1, totp_last_step: step });
    return this.viewWithOrg((await this.repo.findUserById(userId))!);
  }

  /** An account by id, or ERR_NOT_FOUND. */
  async getAccount(userId: string): Promise<AccountView> {
    return this.viewWithOrg(await this.mustFindUser(userId));
  }

  /** Find an account by email (household invitations link existing accounts). */
  async findByEmail(email: string): Promise<AccountView | undefined> {
    const row = await this.repo.findUserByEmail(normaliseEmail(email));
    return row ? this.viewWithOrg(row) : undefined;
  }

  private async mustFindUser(userId: string): Promise<UserRow> {
    const user = await this.repo.findUserById(userId);
    if (!user) throw new AppError('ERR_NOT_FOUND');
    return user;
  }

  private checkPassword(password: string): void {
    if ([...password].length < MIN_PASSWORD_LENGTH) throw new AppError('ERR_WEAK_PASSWORD');
  }

  private async viewWithOrg(row: UserRow): Promise<AccountView> {
    const org = row.organisation_id ? await this.repo.findOrganisation(row.organisation_id) : undefined;
    return this.view(row, org?.name ?? null);
  }

  private view(row: UserRow, organisation: string | null): AccountView {
    const role = isRole(row.role) ? row.role : 'resident';
    return {
      id: row.id,
      email: row.email,
      displayName: row.display_name,
      role,
      organisation,
      totpEnabled: row.totp_enabled === 1,
      mayAct: !MFA_ROLES.has(role) || row.totp_enabled === 1,
      createdAt: row.created_at,
    };
  }

  /** Compare a presented CSRF token with the session's. */
  static csrfMatches(ctx: AuthContext, presented: string | undefined): boolean {
    return presented !== undefined && safeEqual(ctx.csrfToken, presented);
  }
}
