import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';

/** Kysely queries for hub invitations and linked hubs. */
export class LinkedHubsRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** Run work in one transaction. */
  transaction<T>(work: (repo: LinkedHubsRepository) => Promise<T>): Promise<T> {
    return this.db.transaction().execute((trx) => work(new LinkedHubsRepository(trx)));
  }

  /** Insert an invitation. */
  async insertInvitation(row: DB['community_hub_invitations']): Promise<void> {
    await this.db.insertInto('community_hub_invitations').values(row).execute();
  }

  /** Claim an open invitation by code hash; false when absent, used or expired. */
  async claimInvitation(codeHash: string, nowIso: string): Promise<boolean> {
    const r = await this.db
      .updateTable('community_hub_invitations')
      .set({ used_at: nowIso })
      .where('code_hash', '=', codeHash)
      .where('used_at', 'is', null)
      .where('expires_at', '>', nowIso)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** Insert a linked hub. */
  async insertHub(row: DB['community_hubs']): Promise<void> {
    await this.db.insertInto('community_hubs').values(row).execute();
  }

  /** A linked hub by id. */
  findHub(id: string) {
    return this.db.selectFrom('community_hubs').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Change a linked hub's summary. */
  async updateHub(
    id: string,
    patch: { cell: string; camera_count: number; accepting_count: number; updated_at: string },
  ): Promise<void> {
    await this.db.updateTable('community_hubs').set(patch).where('id', '=', id).execute();
  }

  /** Forget a linked hub. */
  async deleteHub(id: string): Promise<void> {
    await this.db.deleteFrom('community_hubs').where('id', '=', id).execute();
  }

  /** Households and cameras per cell. */
  countsByCell() {
    return this.db
      .selectFrom('community_hubs')
      .select((eb) => [
        'cell',
        eb.fn.countAll<string | number>().as('households'),
        eb.fn.sum<string | number>('camera_count').as('cameras'),
        eb.fn.sum<string | number>('accepting_count').as('accepting'),
      ])
      .groupBy('cell')
      .orderBy('cell')
      .execute();
  }

  /** Number of linked households. */
  async countHubs(): Promise<number> {
    const r = await this.db
      .selectFrom('community_hubs')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }
}
