import type { Kysely, Selectable } from 'kysely';
import type { DB, HubHouseholdsTable } from '../db/schema.js';

/** A household row. */
export type HouseholdRow = Selectable<HubHouseholdsTable>;

/** Kysely queries for households, members, invitations and the per-household community link. */
export class HouseholdsRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** Run work in one transaction. */
  transaction<T>(work: (repo: HouseholdsRepository, trx: Kysely<DB>) => Promise<T>): Promise<T> {
    return this.db.transaction().execute((trx) => work(new HouseholdsRepository(trx), trx));
  }

  /** Insert a household. */
  async insertHousehold(row: HouseholdRow): Promise<void> {
    await this.db.insertInto('hub_households').values(row).execute();
  }

  /** A household by id. */
  findHousehold(id: string): Promise<HouseholdRow | undefined> {
    return this.db.selectFrom('hub_households').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** The household a user owns. */
  findOwnedBy(userId: string): Promise<HouseholdRow | undefined> {
    return this.db
      .selectFrom('hub_households')
      .selectAll()
      .where('owner_user_id', '=', userId)
      .executeTakeFirst();
  }

  /** Change a household. */
  async updateHousehold(
    id: string,
    patch: Partial<Omit<HouseholdRow, 'id' | 'owner_user_id'>>,
  ): Promise<void> {
    await this.db.updateTable('hub_households').set(patch).where('id', '=', id).execute();
  }

  /** Households a user is a member of (not owner), with the membership. */
  membershipsOf(userId: string) {
    return this.db
      .selectFrom('hub_household_members')
      .innerJoin('hub_households', 'hub_households.id', 'hub_household_members.household_id')
      .select([
        'hub_households.id',
        'hub_households.name',
        'hub_household_members.capabilities',
        'hub_household_members.expires_at',
        'hub_household_members.camera_ids',
      ])
      .where('hub_household_members.user_id', '=', userId)
      .orderBy('hub_households.name')
      .execute();
  }

  /** One membership. */
  findMember(householdId: string, userId: string) {
    return this.db
      .selectFrom('hub_household_members')
      .selectAll()
      .where('household_id', '=', householdId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
  }

  /** Members of a household with their account names. */
  listMembers(householdId: string) {
    return this.db
      .selectFrom('hub_household_members')
      .innerJoin('users', 'users.id', 'hub_household_members.user_id')
      .select([
        'users.id as user_id',
        'users.display_name',
        'users.email',
        'hub_household_members.capabilities',
        'hub_household_members.expires_at',
        'hub_household_members.camera_ids',
        'hub_household_members.created_at',
      ])
      .where('hub_household_members.household_id', '=', householdId)
      .orderBy('hub_household_members.created_at')
      .execute();
  }

  /** Add or replace a membership. */
  async upsertMember(row: DB['hub_household_members']): Promise<void> {
    await this.db
      .insertInto('hub_household_members')
      .values(row)
      .onConflict((oc) =>
        oc.columns(['household_id', 'user_id']).doUpdateSet({
          capabilities: row.capabilities,
          expires_at: row.expires_at,
          camera_ids: row.camera_ids,
        }),
      )
      .execute();
  }

  /** Change a membership; false when there is none. */
  async updateMember(
    householdId: string,
    userId: string,
    patch: { capabilities: string; expires_at: string | null; camera_ids: string | null },
  ): Promise<boolean> {
    const r = await this.db
      .updateTable('hub_household_members')
      .set(patch)
      .where('household_id', '=', householdId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** Remove a membership; false when there was none. */
  async deleteMember(householdId: string, userId: string): Promise<boolean> {
    const r = await this.db
      .deleteFrom('hub_household_members')
      .where('household_id', '=', householdId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return Number(r.numDeletedRows) === 1;
  }

  /** Insert a household invitation. */
  async insertInvitation(row: DB['hub_household_invitations']): Promise<void> {
    await this.db.insertInto('hub_household_invitations').values(row).execute();
  }

  /** An open household invitation by token hash. */
  findOpenInvitation(tokenHash: string, nowIso: string) {
    return this.db
      .selectFrom('hub_household_invitations')
      .innerJoin('hub_households', 'hub_households.id', 'hub_household_invitations.household_id')
      .selectAll('hub_household_invitations')
      .select('hub_households.name as household_name')
      .where('token_hash', '=', tokenHash)
      .where('used_at', 'is', null)
      .where('expires_at', '>', nowIso)
      .executeTakeFirst();
  }

  /** Mark an invitation used; false if it already was. */
  async useInvitation(id: string, nowIso: string): Promise<boolean> {
    const r = await this.db
      .updateTable('hub_household_invitations')
      .set({ used_at: nowIso })
      .where('id', '=', id)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** Open invitations of a household. */
  listOpenInvitations(householdId: string, nowIso: string) {
    return this.db
      .selectFrom('hub_household_invitations')
      .select(['id', 'email', 'capabilities', 'camera_ids', 'access_expires_at', 'created_at', 'expires_at'])
      .where('household_id', '=', householdId)
      .where('used_at', 'is', null)
      .where('expires_at', '>', nowIso)
      .orderBy('created_at')
      .execute();
  }

  /** Revoke an open invitation; false when none matched. */
  async revokeInvitation(householdId: string, id: string, nowIso: string): Promise<boolean> {
    const r = await this.db
      .updateTable('hub_household_invitations')
      .set({ used_at: nowIso, expires_at: nowIso })
      .where('household_id', '=', householdId)
      .where('id', '=', id)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** The community link of a household. */
  findLink(householdId: string) {
    return this.db
      .selectFrom('hub_link')
      .selectAll()
      .where('household_id', '=', householdId)
      .executeTakeFirst();
  }

  /** Save a household's community link. */
  async saveLink(row: DB['hub_link']): Promise<void> {
    await this.db
      .insertInto('hub_link')
      .values(row)
      .onConflict((oc) =>
        oc
          .column('household_id')
          .doUpdateSet({ hub_id: row.hub_id, token: row.token, cell: row.cell, linked_at: row.linked_at }),
      )
      .execute();
  }

  /** Ids of a household's cameras. */
  async cameraIdsOf(householdId: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('hub_cameras')
      .select('id')
      .where('household_id', '=', householdId)
      .execute();
    return rows.map((r) => r.id);
  }

  /** Enabled cameras of a household, and how many accept footage requests: all the community may learn. */
  async cameraCounts(householdId: string): Promise<{ total: number; accepting: number }> {
    const rows = await this.db
      .selectFrom('hub_cameras')
      .select('accepts_requests')
      .where('household_id', '=', householdId)
      .where('enabled', '=', 1)
      .execute();
    return { total: rows.length, accepting: rows.filter((r) => r.accepts_requests === 1).length };
  }

  /** Update the cell last reported. */
  async updateLinkCell(householdId: string, cell: string): Promise<void> {
    await this.db.updateTable('hub_link').set({ cell }).where('household_id', '=', householdId).execute();
  }
}
