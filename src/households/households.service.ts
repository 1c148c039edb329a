import { latLngToCell } from 'h3-js';
import type { AccountsService, AccountView, AuthContext } from '../accounts/accounts.service.js';
import type { Role } from '../accounts/roles.js';
import {
  decideMotionActions,
  nextModeChange,
  scheduleIssues,
  type MotionMode,
  type ScheduleRule,
} from '../motion/motion-mode.js';
import { AccountsRepository } from '../accounts/accounts.repository.js';
import type { Clock } from '../ports/clock.js';
import type { Bus } from '../ports/bus.js';
import type { CommunityLink } from '../ports/community-link.js';
import { AppError } from '../shared/errors.js';
import { hashToken, newId, newToken } from '../shared/tokens.js';
import type { HouseholdRow, HouseholdsRepository } from './households.repository.js';
import {
  may,
  mayUseCamera,
  mayView,
  parseCameraIds,
  parseCapabilities,
  type Capability,
  type Standing,
} from './households.policy.js';

const INVITATION_TTL_MS = 7 * 24 * 3600_000;

function toMode(value: string): MotionMode {
  return value === 'away' || value === 'disarmed' ? value : 'home';
}

/** Whether a text is an IANA time zone this machine knows. */
export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/**
 * The stored schedule column: either a bare array of rules (written before schedules carried a time zone; the
 * recording pipeline reads those in UTC) or `{ rules, timeZone }`, the form written now.
 */
function readSchedule(json: string | null): { rules: ScheduleRule[]; timeZone: string | null } {
  if (!json) return { rules: [], timeZone: null };
  try {
    const v: unknown = JSON.parse(json);
    const rules: unknown = Array.isArray(v) ? v : (v as { rules?: unknown } | null)?.rules;
    const tz: unknown = Array.isArray(v) ? 'UTC' : (v as { timeZone?: unknown } | null)?.timeZone;
    const timeZone = typeof tz === 'string' && isTimeZone(tz) ? tz : 'UTC';
    if (!Array.isArray(rules)) return { rules: [], timeZone };
    const ok = rules as ScheduleRule[];
    return { rules: scheduleIssues(ok).length === 0 ? ok : [], timeZone };
  } catch {
    return { rules: [], timeZone: null };
  }
}

function parseSchedule(json: string | null): ScheduleRule[] {
  return readSchedule(json).rules;
}

/** Roles that can own or belong to a household; agency and oversight accounts never do. */
export const HOUSEHOLD_ROLES: readonly Role[] = ['resident', 'admin', 'moderator'];

/** A household as its owner sees it. */
export interface HouseholdDetail {
  id: string;
  name: string;
  isOwner: boolean;
  capabilities: Capability[];
  /** Cameras a member's capabilities are limited to; null for all. */
  cameraIds: string[] | null;
  accessExpiresAt: string | null;
  /** Arming mode and weekly schedule (everyone who may see the household sees them). */
  mode: MotionMode;
  schedule: { days: number[]; from: string; to: string; mode: MotionMode }[];
  /** IANA time zone the schedule's times are in. */
  timeZone: string;
  /** The mode in force now (the schedule or the default mode; cameras' own snoozes aside) and its next change. */
  modeNow: {
    mode: MotionMode;
    source: 'schedule' | 'default';
    record: boolean;
    alert: boolean;
    nextChange: { at: string; mode: MotionMode } | null;
  };
  /** Only the owner sees the exact location; it never leaves the hub. */
  location: { latitude: number; longitude: number } | null;
  community: { linked: boolean; cell: string | null };
  members: {
    userId: string;
    displayName: string;
    email: string;
    capabilities: Capability[];
    cameraIds: string[] | null;
    expiresAt: string | null;
    expired: boolean;
  }[];
  invitations: {
    id: string;
    email: string;
    capabilities: Capability[];
    cameraIds: string[] | null;
    accessExpiresAt: string | null;
    expiresAt: string;
  }[];
}

/** Options for the household service. */
export interface HouseholdsOptions {
  /** When the community runs in this process, a function that issues a link code, so households link themselves. */
  autoLinkCode?: () => Promise<string>;
  /** Time zone of schedules saved without one (PORCHLIGHT_TIMEZONE, else the machine's); default UTC. */
  timeZone?: string;
}

/** Household use cases (A7): ownership, members with per-capability expiring access, invitations, community link. */
export class HouseholdsService {
  constructor(
    private readonly repo: HouseholdsRepository,
    private readonly accounts: AccountsService,
    private readonly link: CommunityLink,
    private readonly clock: Clock,
    private readonly bus: Bus,
    private readonly options: HouseholdsOptions = {},
  ) {}

  private iso(offset = 0): string {
    return new Date(this.clock.now() + offset).toISOString();
  }

  /** Someone's standing in a household, or undefined when they have none. */
  async standingOf(userId: string, householdId: string): Promise<Standing | undefined> {
    const h = await this.repo.findHousehold(householdId);
    if (!h) return undefined;
    if (h.owner_user_id === userId) return { isOwner: true, capabilities: [], expiresAt: null };
    const m = await this.repo.findMember(householdId, userId);
    return m
      ? {
          isOwner: false,
          capabilities: parseCapabilities(m.capabilities),
          expiresAt: m.expires_at,
          cameraIds: parseCameraIds(m.camera_ids),
        }
      : undefined;
  }

  /**
   * Throw unless the user may use a capability in the household (on one camera, when given) now. Households and
   * cameras the user may not see at all look absent (404), so their existence does not leak.
   */
  async assertMay(
    userId: string,
    householdId: string,
    capability: Capability,
    cameraId?: string,
  ): Promise<Standing> {
    const s = await this.standingOf(userId, householdId);
    const now = this.clock.now();
    if (!mayView(s, now)) throw new AppError('ERR_NOT_FOUND');
    if (cameraId !== undefined && !mayUseCamera(s!, cameraId)) throw new AppError('ERR_NOT_FOUND');
    if (!may(s, capability, now, cameraId)) throw new AppError('ERR_FORBIDDEN');
    return s!;
  }

  /** Create the signed-in resident's household (one each). */
  async create(userId: string, name: string): Promise<HouseholdDetail> {
    if (await this.repo.findOwnedBy(userId))
      throw new AppError('ERR_CONFLICT', 'You already have a household.');
    const row: HouseholdRow = {
      id: newId(),
      owner_user_id: userId,
      name: name.trim(),
      latitude: null,
      longitude: null,
      mode: 'home',
      schedule: null,
      created_at: this.iso(),
    };
    try {
      await this.repo.insertHousehold(row);
    } catch (e) {
      if (await this.repo.findOwnedBy(userId))
        throw new AppError('ERR_CONFLICT', 'You already have a household.');
      throw e;
    }
    return this.detail(userId, row.id);
  }

  /** Households the user owns or may currently see as a member. */
  async listFor(userId: string): Promise<
    {
      id: string;
      name: string;
      isOwner: boolean;
      capabilities: Capability[];
      accessExpiresAt: string | null;
      cameraIds: string[] | null;
    }[]
  > {
    const now = this.clock.now();
    const out: {
      id: string;
      name: string;
      isOwner: boolean;
      capabilities: Capability[];
      accessExpiresAt: string | null;
      cameraIds: string[] | null;
    }[] = [];
    const owned = await this.repo.findOwnedBy(userId);
    if (owned)
      out.push({
        id: owned.id,
        name: owned.name,
        isOwner: true,
        capabilities: [],
        accessExpiresAt: null,
        cameraIds: null,
      });
    for (const m of await this.repo.membershipsOf(userId)) {
      const standing: Standing = {
        isOwner: false,
        capabilities: parseCapabilities(m.capabilities),
        expiresAt: m.expires_at,
        cameraIds: parseCameraIds(m.camera_ids),
      };
      if (mayView(standing, now))
        out.push({
          id: m.id,
          name: m.name,
          isOwner: false,
          capabilities: [...standing.capabilities],
          accessExpiresAt: m.expires_at,
          cameraIds: standing.cameraIds ? [...standing.cameraIds] : null,
        });
    }
    return out;
  }

  /** A household's detail; members see only their own standing, owners see members and invitations. */
  async detail(userId: string, householdId: string): Promise<HouseholdDetail> {
    const standing = await this.standingOf(userId, householdId);
    const now = this.clock.now();
    if (!mayView(standing, now)) throw new AppError('ERR_NOT_FOUND');
    const h = (await this.repo.findHousehold(householdId))!;
    const link = await this.repo.findLink(householdId);
    const base: HouseholdDetail = {
      id: h.id,
      name: h.name,
      isOwner: standing!.isOwner,
      capabilities: standing!.isOwner ? [] : [...standing!.capabilities],
      cameraIds: standing!.cameraIds ? [...standing!.cameraIds] : null,
      accessExpiresAt: standing!.expiresAt,
      location: null,
      mode: toMode(h.mode),
      ...this.scheduleView(toMode(h.mode), h.schedule, now),
      community: { linked: !!link, cell: null },
      members: [],
      invitations: [],
    };
    if (!standing!.isOwner) return base;
    base.location =
      h.latitude !== null && h.longitude !== null ? { latitude: h.latitude, longitude: h.longitude } : null;
    base.community.cell = link?.cell ?? null;
    base.members = (await this.repo.listMembers(householdId)).map((m) => ({
      userId: m.user_id,
      displayName: m.display_name,
      email: m.email,
      capabilities: parseCapabilities(m.capabilities),
      cameraIds: parseCameraIds(m.camera_ids),
      expiresAt: m.expires_at,
      expired: m.expires_at !== null && Date.parse(m.expires_at) <= now,
    }));
    base.invitations = (await this.repo.listOpenInvitations(householdId, this.iso())).map((i) => ({
      id: i.id,
      email: i.email,
      capabilities: parseCapabilities(i.capabilities),
      cameraIds: parseCameraIds(i.camera_ids),
      accessExpiresAt: i.access_expires_at,
      expiresAt: i.expires_at,
    }));
    return base;
  }

  private defaultTimeZone(): string {
    const tz = this.options.timeZone;
    return tz && isTimeZone(tz) ? tz : 'UTC';
  }

  /** The schedule, its time zone, and the mode in force at `nowMs` with its next change. */
  private scheduleView(
    mode: MotionMode,
    stored: string | null,
    nowMs: number,
  ): Pick<HouseholdDetail, 'schedule' | 'timeZone' | 'modeNow'> {
    const { rules, timeZone: tz } = readSchedule(stored);
    const timeZone = tz ?? this.defaultTimeZone();
    const settings = { mode, schedule: rules, timeZone };
    const decision = decideMotionActions(settings, nowMs);
    const next = nextModeChange(settings, nowMs);
    return {
      schedule: rules.map((r) => ({ ...r, days: [...r.days] })),
      timeZone,
      modeNow: {
        mode: decision.mode,
        source: decision.source === 'schedule' ? 'schedule' : 'default',
        record: decision.record,
        alert: decision.alert,
        nextChange: next ? { at: new Date(next.atMs).toISOString(), mode: next.mode } : null,
      },
    };
  }

  private async mustOwn(userId: string, householdId: string): Promise<HouseholdRow> {
    const h = await this.repo.findHousehold(householdId);
    if (!h) throw new AppError('ERR_NOT_FOUND');
    if (h.owner_user_id !== userId) {
      const s = await this.standingOf(userId, householdId);
      throw new AppError(mayView(s, this.clock.now()) ? 'ERR_FORBIDDEN' : 'ERR_NOT_FOUND');
    }
    return h;
  }

  /** Rename or relocate a household; a linked household reports its new coarse cell to the community. */
  async update(
    userId: string,
    householdId: string,
    patch: {
      name?: string | undefined;
      location?: { latitude: number; longitude: number } | null | undefined;
    },
  ): Promise<HouseholdDetail> {
    await this.mustOwn(userId, householdId);
    const set: Partial<HouseholdRow> = {};
    if (patch.name !== undefined) set.name = patch.name.trim();
    if (patch.location !== undefined) {
      set.latitude = patch.location?.latitude ?? null;
      set.longitude = patch.location?.longitude ?? null;
    }
    if (Object.keys(set).length) await this.repo.updateHousehold(householdId, set);
    if (patch.location) await this.syncCommunity(householdId);
    return this.detail(userId, householdId);
  }

  /** Arm, disarm or schedule the household (A2): the owner, or a member who may manage cameras. */
  async setMode(
    userId: string,
    householdId: string,
    input: { mode: MotionMode; schedule?: ScheduleRule[] | undefined; timeZone?: string | undefined },
  ): Promise<HouseholdDetail> {
    await this.assertMay(userId, householdId, 'manage_cameras');
    const set: Partial<HouseholdRow> = { mode: input.mode };
    if (input.timeZone !== undefined && !isTimeZone(input.timeZone))
      throw new AppError('ERR_VALIDATION', `"${input.timeZone}" is not a time zone this hub knows.`, [
        { in: 'body', path: '/timeZone', problem: 'must be an IANA time zone such as Europe/Paris or UTC' },
      ]);
    if (input.schedule !== undefined) {
      const issues = scheduleIssues(input.schedule);
      if (issues.length)
        throw new AppError(
          'ERR_VALIDATION',
          issues.map((i) => i.message).join('; '),
          issues.map((i) => ({ in: 'body', path: `/schedule/${i.rule}/${i.field}`, problem: i.message })),
        );
    }
    if (input.schedule !== undefined || input.timeZone !== undefined) {
      const h = await this.repo.findHousehold(householdId);
      const stored = readSchedule(h?.schedule ?? null);
      const rules = input.schedule ?? stored.rules;
      const timeZone = input.timeZone ?? stored.timeZone ?? this.defaultTimeZone();
      // Stored with its time zone, which the recording pipeline reads too (src/recording/recording.policy.ts).
      set.schedule = JSON.stringify({ rules, timeZone });
    }
    await this.repo.updateHousehold(householdId, set);
    return this.detail(userId, householdId);
  }

  /** The household's mode and schedule, for the recording pipeline's record/alert decision. */
  async motionMode(householdId: string): Promise<{ mode: MotionMode; schedule: ScheduleRule[] }> {
    const h = await this.repo.findHousehold(householdId);
    return { mode: toMode(h?.mode ?? 'home'), schedule: parseSchedule(h?.schedule ?? null) };
  }

  /** Link a household to a community with an invitation code; needs its location to derive the coarse cell. */
  async linkCommunity(userId: string, householdId: string, code: string): Promise<HouseholdDetail> {
    await this.mustOwn(userId, householdId);
    if (await this.repo.findLink(householdId))
      throw new AppError('ERR_CONFLICT', 'This household is already linked.');
    await this.linkWithCode(householdId, code);
    return this.detail(userId, householdId);
  }

  private async summary(householdId: string) {
    const h = (await this.repo.findHousehold(householdId))!;
    if (h.latitude === null || h.longitude === null)
      throw new AppError('ERR_CONFLICT', 'Set the household location first.');
    const { cellResolution } = await this.link.info();
    // Only this coarse cell leaves the hub; the exact coordinates stay in hub_households (P1).
    const counts = await this.repo.cameraCounts(householdId);
    return {
      cell: latLngToCell(h.latitude, h.longitude, cellResolution),
      cameraCount: counts.total,
      acceptingCount: counts.accepting,
    };
  }

  private async linkWithCode(householdId: string, code: string): Promise<void> {
    const summary = await this.summary(householdId);
    const creds = await this.link.link(code, summary);
    await this.repo.saveLink({
      household_id: householdId,
      hub_id: creds.hubId,
      token: creds.token,
      cell: summary.cell,
      linked_at: this.iso(),
    });
  }

  /** Bring the community's view of a household up to date (or link it, when the community is local). */
  async syncCommunity(householdId: string): Promise<void> {
    const link = await this.repo.findLink(householdId);
    if (!link) {
      if (this.options.autoLinkCode) await this.linkWithCode(householdId, await this.options.autoLinkCode());
      return;
    }
    const summary = await this.summary(householdId);
    await this.link.report({ hubId: link.hub_id, token: link.token }, summary);
    await this.repo.updateLinkCell(householdId, summary.cell);
  }

  /** Invite someone by email with chosen capabilities and an optional access expiry. */
  async invite(
    userId: string,
    householdId: string,
    input: {
      email: string;
      capabilities: Capability[];
      accessExpiresAt?: string | null | undefined;
      cameraIds?: string[] | null | undefined;
    },
  ): Promise<{ token: string; expiresAt: string }> {
    const h = await this.mustOwn(userId, householdId);
    const email = input.email.trim().toLowerCase();
    const owner = await this.accounts.getAccount(h.owner_user_id);
    if (owner.email === email) throw new AppError('ERR_CONFLICT', 'You own this household.');
    if (input.accessExpiresAt && Date.parse(input.accessExpiresAt) <= this.clock.now())
      throw new AppError('ERR_VALIDATION', 'The access expiry must be in the future.');
    const token = newToken();
    const expiresAt = this.iso(INVITATION_TTL_MS);
    await this.repo.insertInvitation({
      id: newId(),
      token_hash: hashToken(token),
      household_id: householdId,
      email,
      capabilities: JSON.stringify([...new Set(input.capabilities)]),
      camera_ids: await this.cameraScope(householdId, input.cameraIds),
      access_expires_at: input.accessExpiresAt ? new Date(input.accessExpiresAt).toISOString() : null,
      created_by: userId,
      created_at: this.iso(),
      expires_at: expiresAt,
      used_at: null,
    });
    return { token, expiresAt };
  }

  /** Stored form of a camera scope; every id must be a camera of this household. */
  private async cameraScope(
    householdId: string,
    cameraIds: string[] | null | undefined,
  ): Promise<string | null> {
    if (cameraIds === null || cameraIds === undefined) return null;
    const own = new Set(await this.repo.cameraIdsOf(householdId));
    const unique = [...new Set(cameraIds)];
    if (unique.some((id) => !own.has(id)))
      throw new AppError('ERR_VALIDATION', 'Every camera must belong to this household.');
    return JSON.stringify(unique);
  }

  /** Revoke an open invitation. */
  async revokeInvitation(userId: string, householdId: string, invitationId: string): Promise<void> {
    await this.mustOwn(userId, householdId);
    if (!(await this.repo.revokeInvitation(householdId, invitationId, this.iso())))
      throw new AppError('ERR_NOT_FOUND');
  }

  /** What a household invitation offers; tells the page whether to ask for a new password or a sign-in. */
  async describeInvitation(token: string) {
    const inv = await this.repo.findOpenInvitation(hashToken(token), this.iso());
    if (!inv) throw new AppError('ERR_TOKEN_INVALID');
    return {
      householdName: inv.household_name,
      email: inv.email,
      capabilities: parseCapabilities(inv.capabilities),
      accessExpiresAt: inv.access_expires_at,
      accountExists: (await this.accounts.findByEmail(inv.email)) !== undefined,
    };
  }

  /**
   * Accept a household invitation. A signed-in invitee joins with the account they have; a new invitee
   * chooses a name and password and gets a resident account. Returns the account and whether it is new.
   */
  async acceptInvitation(
    token: string,
    auth: AuthContext | null,
    newAccount: { displayName?: string | undefined; password?: string | undefined },
  ): Promise<{ householdId: string; account: AccountView; created: boolean }> {
    // Read before the transaction (SQLite has one connection): a household invitation makes a new account only
    // where anyone may sign up; on an invite-only instance it adds accounts that exist (or the admin invited).
    const signupOpen = auth ? true : (await this.accounts.signupMode()) === 'open';
    return this.repo
      .transaction(async (repo, trx) => {
        const inv = await repo.findOpenInvitation(hashToken(token), this.iso());
        if (!inv) throw new AppError('ERR_TOKEN_INVALID');
        let account: AccountView;
        let created = false;
        if (auth) {
          if (!HOUSEHOLD_ROLES.includes(auth.user.role))
            throw new AppError('ERR_FORBIDDEN', 'Agency and oversight accounts cannot join a household.');
          if (auth.user.email !== inv.email)
            throw new AppError('ERR_FORBIDDEN', `This invitation is for ${inv.email}.`);
          account = auth.user;
        } else {
          // Inside the transaction every read goes through it: SQLite has one connection.
          if (await new AccountsRepository(trx).findUserByEmail(inv.email))
            throw new AppError('ERR_UNAUTHENTICATED', `Sign in as ${inv.email} to accept.`);
          if (!signupOpen)
            throw new AppError(
              'ERR_SIGNUP_CLOSED',
              `Accounts on this instance are made by its admin's invitation: ask them for one for ${inv.email}, then accept this invitation signed in.`,
            );
          if (!newAccount.displayName || !newAccount.password)
            throw new AppError('ERR_VALIDATION', 'Choose a display name and a password.');
          account = await this.accounts.createAccountIn(new AccountsRepository(trx), {
            email: inv.email,
            displayName: newAccount.displayName,
            password: newAccount.password,
            role: 'resident',
            organisationId: null,
          });
          created = true;
        }
        const h = await repo.findHousehold(inv.household_id);
        if (h?.owner_user_id === account.id) throw new AppError('ERR_CONFLICT', 'You own this household.');
        if (!(await repo.useInvitation(inv.id, this.iso()))) throw new AppError('ERR_TOKEN_INVALID');
        await repo.upsertMember({
          household_id: inv.household_id,
          user_id: account.id,
          capabilities: inv.capabilities,
          camera_ids: inv.camera_ids,
          expires_at: inv.access_expires_at,
          created_at: this.iso(),
        });
        return { householdId: inv.household_id, account, created };
      })
      .then(async (r) => {
        if (r.created) await this.accounts.announceCreated(r.account);
        await this.bus.publish('household.member.added', {
          householdId: r.householdId,
          userId: r.account.id,
        });
        return r;
      });
  }

  /** Change a member's capabilities or expiry. */
  async updateMember(
    userId: string,
    householdId: string,
    memberId: string,
    input: { capabilities: Capability[]; expiresAt: string | null; cameraIds?: string[] | null | undefined },
  ): Promise<HouseholdDetail> {
    await this.mustOwn(userId, householdId);
    if (input.expiresAt && Date.parse(input.expiresAt) <= this.clock.now())
      throw new AppError(
        'ERR_VALIDATION',
        'The access expiry must be in the future; remove the member to end access now.',
      );
    const ok = await this.repo.updateMember(householdId, memberId, {
      capabilities: JSON.stringify([...new Set(input.capabilities)]),
      camera_ids: await this.cameraScope(householdId, input.cameraIds),
      expires_at: input.expiresAt ? new Date(input.expiresAt).toISOString() : null,
    });
    if (!ok) throw new AppError('ERR_NOT_FOUND');
    return this.detail(userId, householdId);
  }

  /** Remove a member (the owner), or leave (the member themself). */
  async removeMember(userId: string, householdId: string, memberId: string): Promise<void> {
    if (userId !== memberId) await this.mustOwn(userId, householdId);
    if (!(await this.repo.deleteMember(householdId, memberId))) throw new AppError('ERR_NOT_FOUND');
    await this.bus.publish('household.member.removed', { householdId, userId: memberId });
  }
}
