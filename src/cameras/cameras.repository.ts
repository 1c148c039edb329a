import { PostgresAdapter, sql, type Kysely, type Selectable } from 'kysely';
import type { DB, HubCamerasTable } from '../db/schema.js';

/** A camera row. */
export type CameraRow = Selectable<HubCamerasTable>;

/** Kysely queries for cameras and their recorded gaps. */
export class CamerasRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /**
   * Insert a camera unless its household already has `perHousehold` or the hub `perHub`: counted and inserted in
   * one transaction that concurrent adds cannot interleave (PostgreSQL: a lock on the table that only camera
   * writes wait for; SQLite runs one write transaction at a time). Answers which limit refused it, or null.
   */
  async insertWithinLimits(
    row: CameraRow,
    limits: { perHousehold: number; perHub: number },
  ): Promise<'household' | 'hub' | null> {
    return this.db.transaction().execute(async (trx) => {
      if (trx.getExecutor().adapter instanceof PostgresAdapter)
        await sql`lock table hub_cameras in share row exclusive mode`.execute(trx);
      const count = async (householdId?: string) => {
        let q = trx.selectFrom('hub_cameras').select((eb) => eb.fn.countAll<number | string>().as('n'));
        if (householdId) q = q.where('household_id', '=', householdId);
        return Number((await q.executeTakeFirstOrThrow()).n);
      };
      if ((await count(row.household_id)) >= limits.perHousehold) return 'household';
      if ((await count()) >= limits.perHub) return 'hub';
      await trx.insertInto('hub_cameras').values(row).execute();
      return null;
    });
  }

  /** Insert a camera. */
  async insert(row: CameraRow): Promise<void> {
    await this.db.insertInto('hub_cameras').values(row).execute();
  }

  /** A camera by id. */
  find(id: string): Promise<CameraRow | undefined> {
    return this.db.selectFrom('hub_cameras').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Cameras of a household in creation order. */
  listByHousehold(householdId: string): Promise<CameraRow[]> {
    return this.db
      .selectFrom('hub_cameras')
      .selectAll()
      .where('household_id', '=', householdId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
  }

  /** Every enabled camera on this hub, for the recording pipeline at start. */
  listEnabled(): Promise<CameraRow[]> {
    return this.db
      .selectFrom('hub_cameras')
      .selectAll()
      .where('enabled', '=', 1)
      .orderBy('created_at')
      .execute();
  }

  /** Every camera on this hub (id, household, name), for integrations that announce them all. */
  listAll(): Promise<Pick<CameraRow, 'id' | 'household_id' | 'name' | 'enabled'>[]> {
    return this.db
      .selectFrom('hub_cameras')
      .select(['id', 'household_id', 'name', 'enabled'])
      .orderBy('created_at')
      .orderBy('id')
      .execute();
  }

  /** Change a camera. */
  async update(id: string, patch: Partial<Omit<CameraRow, 'id' | 'household_id'>>): Promise<void> {
    await this.db.updateTable('hub_cameras').set(patch).where('id', '=', id).execute();
  }

  /** Delete a camera (its gaps go with it). */
  async delete(id: string): Promise<void> {
    await this.db.deleteFrom('hub_cameras').where('id', '=', id).execute();
  }

  /** Remove a camera from every member's camera scope, so a later camera with another id is never granted by accident. */
  async dropFromScopes(householdId: string, cameraId: string): Promise<void> {
    const rows = await this.db
      .selectFrom('hub_household_members')
      .select(['user_id', 'camera_ids'])
      .where('household_id', '=', householdId)
      .where('camera_ids', 'is not', null)
      .execute();
    for (const r of rows) {
      const ids = (JSON.parse(r.camera_ids!) as string[]).filter((x) => x !== cameraId);
      await this.db
        .updateTable('hub_household_members')
        .set({ camera_ids: JSON.stringify(ids) })
        .where('household_id', '=', householdId)
        .where('user_id', '=', r.user_id)
        .execute();
    }
  }
}
