import type { Kysely, Selectable } from 'kysely';
import type { DB, UsersTable } from '../db/schema.js';

/** A user row as stored. */
export type UserRow = Selectable<UsersTable>;

/** Kysely queries for accounts, sessions, invitations, resets and settings. */
export class AccountsRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** Run work in one transaction. */
  transaction<T>(work: (repo: AccountsRepository) => Promise<T>): Promise<T> {
    return this.db.transaction().execute((trx) => work(new AccountsRepository(trx)));
  }

  /** Whether an instance admin exists. */
  async adminExists(): Promise<boolean> {
    const row = await this.db
      .selectFrom('users')
      .select('id')
      .where('role', '=', 'admin')
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  }

  /** Find a user by id. */
  findUserById(id: string): Promise<UserRow | undefined> {
    return this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Find a user by (normalised) email. */
  findUserByEmail(email: string): Promise<UserRow | undefined> {
    return this.db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
  }

  /** Insert a user. */
  async insertUser(user: UserRow): Promise<void> {
    await this.db.insertInto('users').values(user).execute();
  }

  /** Change columns of a user. */
  async updateUser(id: string, patch: Partial<Omit<UserRow, 'id'>>): Promise<void> {
    await this.db.updateTable('users').set(patch).where('id', '=', id).execute();
  }

  /**
   * Count a sign-in attempt before its password is checked, in one statement so concurrent attempts each get
   * their own number: the attempt's number since the last success or lockout, or null while the account is
   * locked (`locked_until` after `nowIso`).
   */
  async reserveSigninAttempt(id: string, nowIso: string): Promise<number | null> {
    const row = await this.db
      .updateTable('users')
      .set((eb) => ({ failed_signins: eb('failed_signins', '+', 1) }))
      .where('id', '=', id)
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', nowIso)]))
      .returning('failed_signins')
      .executeTakeFirst();
    return row ? row.failed_signins : null;
  }

  /** Give back an attempt that turned out not to be a guess (the right password, no code yet). */
  async releaseSigninAttempt(id: string): Promise<void> {
    await this.db
      .updateTable('users')
      .set((eb) => ({ failed_signins: eb('failed_signins', '-', 1) }))
      .where('id', '=', id)
      .where('failed_signins', '>', 0)
      .execute();
  }

  /** Lock an account until a time and start its count afresh. */
  async lockAccount(id: string, untilIso: string): Promise<void> {
    await this.db
      .updateTable('users')
      .set({ failed_signins: 0, locked_until: untilIso })
      .where('id', '=', id)
      .execute();
  }

  /**
   * Use a TOTP time step once: sets it only when it is later than the last one used (compare-and-set), so of
   * concurrent sign-ins with the same code exactly one gets true.
   */
  async useTotpStep(id: string, step: number): Promise<boolean> {
    const r = await this.db
      .updateTable('users')
      .set({ totp_last_step: step })
      .where('id', '=', id)
      .where('totp_last_step', '<', step)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** Users in creation order, optionally of one role. */
  listUsers(role?: string): Promise<UserRow[]> {
    let q = this.db.selectFrom('users').selectAll().orderBy('created_at').orderBy('id');
    if (role) q = q.where('role', '=', role);
    return q.execute();
  }

  /** Insert a session. */
  async insertSession(row: DB['sessions']): Promise<void> {
    await this.db.insertInto('sessions').values(row).execute();
  }

  /** A live session and its user. */
  findSession(idHash: string, nowIso: string) {
    return this.db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .select([
        'sessions.id_hash',
        'sessions.csrf_token',
        'sessions.expires_at',
        'sessions.last_seen_at',
        'users.id as user_id',
      ])
      .where('sessions.id_hash', '=', idHash)
      .where('sessions.expires_at', '>', nowIso)
      .where('users.disabled', '=', 0)
      .executeTakeFirst();
  }

  /** Slide a session's expiry. */
  async touchSession(idHash: string, lastSeenIso: string, expiresIso: string): Promise<void> {
    await this.db
      .updateTable('sessions')
      .set({ last_seen_at: lastSeenIso, expires_at: expiresIso })
      .where('id_hash', '=', idHash)
      .execute();
  }

  /** Delete one session. */
  async deleteSession(idHash: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
  }

  /** Delete every session of a user except, optionally, one. */
  async deleteSessionsOfUser(userId: string, exceptIdHash?: string): Promise<void> {
    let q = this.db.deleteFrom('sessions').where('user_id', '=', userId);
    if (exceptIdHash) q = q.where('id_hash', '!=', exceptIdHash);
    await q.execute();
  }

  /** Remove expired sessions. */
  async purgeExpiredSessions(nowIso: string): Promise<number> {
    const r = await this.db.deleteFrom('sessions').where('expires_at', '<=', nowIso).executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  /** Find or create an organisation by kind and name. */
  async ensureOrganisation(kind: string, name: string, id: string, nowIso: string): Promise<string> {
    const existing = await this.db
      .selectFrom('organisations')
      .select('id')
      .where('kind', '=', kind)
      .where('name', '=', name)
      .executeTakeFirst();
    if (existing) return existing.id;
    await this.db.insertInto('organisations').values({ id, kind, name, created_at: nowIso }).execute();
    return id;
  }

  /** An organisation by id. */
  findOrganisation(id: string) {
    return this.db.selectFrom('organisations').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Insert an account invitation. */
  async insertInvitation(row: DB['account_invitations']): Promise<void> {
    await this.db.insertInto('account_invitations').values(row).execute();
  }

  /** An unused, unexpired invitation by token hash. */
  findOpenInvitation(tokenHash: string, nowIso: string) {
    return this.db
      .selectFrom('account_invitations')
      .selectAll()
      .where('token_hash', '=', tokenHash)
      .where('used_at', 'is', null)
      .where('expires_at', '>', nowIso)
      .executeTakeFirst();
  }

  /** Mark an invitation used; false when someone else used it first. */
  async useInvitation(id: string, nowIso: string): Promise<boolean> {
    const r = await this.db
      .updateTable('account_invitations')
      .set({ used_at: nowIso })
      .where('id', '=', id)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** Invitations the admin issued, newest first. */
  listInvitations() {
    return this.db
      .selectFrom('account_invitations')
      .leftJoin('organisations', 'organisations.id', 'account_invitations.organisation_id')
      .select([
        'account_invitations.id',
        'account_invitations.email',
        'account_invitations.role',
        'organisations.name as organisation',
        'account_invitations.created_at as createdAt',
        'account_invitations.expires_at as expiresAt',
        'account_invitations.used_at as usedAt',
      ])
      .orderBy('account_invitations.created_at', 'desc')
      .execute();
  }

  /** Insert a password reset. */
  async insertReset(row: DB['password_resets']): Promise<void> {
    await this.db.insertInto('password_resets').values(row).execute();
  }

  /** Consume an open reset link; returns its user id, or undefined. */
  async useReset(tokenHash: string, nowIso: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('password_resets')
      .select('user_id')
      .where('token_hash', '=', tokenHash)
      .where('used_at', 'is', null)
      .where('expires_at', '>', nowIso)
      .executeTakeFirst();
    if (!row) return undefined;
    const r = await this.db
      .updateTable('password_resets')
      .set({ used_at: nowIso })
      .where('token_hash', '=', tokenHash)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1 ? row.user_id : undefined;
  }

  /** Read an instance setting. */
  async getSetting(key: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('settings')
      .select('value')
      .where('key', '=', key)
      .executeTakeFirst();
    return row?.value;
  }

  /** Write an instance setting. */
  async setSetting(key: string, value: string): Promise<void> {
    await this.db
      .insertInto('settings')
      .values({ key, value })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
      .execute();
  }

  /** Insert a setting only if absent; true when this call inserted it (a cross-dialect "claim once"). */
  async claimSetting(key: string, value: string): Promise<boolean> {
    const r = await this.db
      .insertInto('settings')
      .values({ key, value })
      .onConflict((oc) => oc.column('key').doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0n) === 1;
  }
}
