import type { Kysely, Selectable } from 'kysely';
import type { DB, HubAlertsTable, HubPushSubscriptionsTable } from '../db/schema.js';

/** A stored alert. */
export type AlertRow = Selectable<HubAlertsTable>;
/** A stored push subscription. */
export type PushSubscriptionRow = Selectable<HubPushSubscriptionsTable>;

/** Kysely queries for sent alerts, their recipients, push subscriptions, and who belongs to a household. */
export class AlertsRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /**
   * A household's owner and members with their stored access, leaving out disabled accounts. Read here rather than
   * through the households service because an alert needs everyone at once, in one query per table.
   */
  async householdPeople(householdId: string): Promise<{
    ownerId: string | null;
    members: {
      user_id: string;
      capabilities: string;
      camera_ids: string | null;
      expires_at: string | null;
    }[];
  }> {
    const owner = await this.db
      .selectFrom('hub_households')
      .innerJoin('users', 'users.id', 'hub_households.owner_user_id')
      .select('hub_households.owner_user_id')
      .where('hub_households.id', '=', householdId)
      .where('users.disabled', '=', 0)
      .executeTakeFirst();
    const members = await this.db
      .selectFrom('hub_household_members')
      .innerJoin('users', 'users.id', 'hub_household_members.user_id')
      .select([
        'hub_household_members.user_id',
        'hub_household_members.capabilities',
        'hub_household_members.camera_ids',
        'hub_household_members.expires_at',
      ])
      .where('hub_household_members.household_id', '=', householdId)
      .where('users.disabled', '=', 0)
      .execute();
    return { ownerId: owner?.owner_user_id ?? null, members };
  }

  /** Store an alert and its recipients in one transaction. */
  async insertAlert(row: AlertRow, recipients: readonly string[]): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.insertInto('hub_alerts').values(row).execute();
      if (recipients.length)
        await trx
          .insertInto('hub_alert_recipients')
          .values(recipients.map((user_id) => ({ alert_id: row.id, user_id })))
          .execute();
    });
  }

  /** When a camera last alerted (ISO), or undefined. */
  async lastAlertAt(cameraId: string): Promise<string | undefined> {
    const r = await this.db
      .selectFrom('hub_alerts')
      .select('at')
      .where('camera_id', '=', cameraId)
      .orderBy('at', 'desc')
      .limit(1)
      .executeTakeFirst();
    return r?.at;
  }

  /** Alerts sent to a user, newest first, with the camera's current name. */
  historyOf(userId: string, limit: number) {
    return this.db
      .selectFrom('hub_alert_recipients')
      .innerJoin('hub_alerts', 'hub_alerts.id', 'hub_alert_recipients.alert_id')
      .innerJoin('hub_cameras', 'hub_cameras.id', 'hub_alerts.camera_id')
      .selectAll('hub_alerts')
      .select('hub_cameras.name as camera_name')
      .where('hub_alert_recipients.user_id', '=', userId)
      .orderBy('hub_alerts.at', 'desc')
      .orderBy('hub_alerts.id', 'desc')
      .limit(limit)
      .execute();
  }

  /** Push subscriptions of some users. */
  async subscriptionsOf(userIds: readonly string[]): Promise<PushSubscriptionRow[]> {
    if (userIds.length === 0) return [];
    return this.db
      .selectFrom('hub_push_subscriptions')
      .selectAll()
      .where('user_id', 'in', [...userIds])
      .execute();
  }

  /**
   * Save a subscription. The endpoint names one browser profile, so subscribing it again (new keys, or another
   * account signed in on the same device) replaces the old row: alerts go only to whoever subscribed it last.
   * Then the user's oldest subscriptions beyond `max` are dropped.
   */
  /** Save a subscription (or renew the user's own); null when another user's subscription has the endpoint. */
  async upsertSubscription(row: PushSubscriptionRow, max: number): Promise<string | null> {
    return this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('hub_push_subscriptions')
        .values(row)
        .onConflict((oc) =>
          oc
            .column('endpoint')
            .doUpdateSet({
              user_id: row.user_id,
              p256dh: row.p256dh,
              auth: row.auth,
              created_at: row.created_at,
              last_success_at: null,
            })
            // An endpoint stays with the account that first saved it: another account cannot take it over.
            .where('hub_push_subscriptions.user_id', '=', row.user_id),
        )
        .execute();
      const saved = await trx
        .selectFrom('hub_push_subscriptions')
        .select(['id', 'user_id'])
        .where('endpoint', '=', row.endpoint)
        .executeTakeFirstOrThrow();
      if (saved.user_id !== row.user_id) return null;
      const all = await trx
        .selectFrom('hub_push_subscriptions')
        .select('id')
        .where('user_id', '=', row.user_id)
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .execute();
      const extra = all.slice(max).map((r) => r.id);
      if (extra.length) await trx.deleteFrom('hub_push_subscriptions').where('id', 'in', extra).execute();
      return saved.id;
    });
  }

  /** Remove a user's subscription by endpoint; false when there was none. */
  async deleteSubscription(userId: string, endpoint: string): Promise<boolean> {
    const r = await this.db
      .deleteFrom('hub_push_subscriptions')
      .where('user_id', '=', userId)
      .where('endpoint', '=', endpoint)
      .executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  /** Remove a subscription the push service says is gone. */
  async deleteSubscriptionById(id: string): Promise<void> {
    await this.db.deleteFrom('hub_push_subscriptions').where('id', '=', id).execute();
  }

  /** Note a delivery, so an operator can tell live subscriptions from stale ones. */
  async markDelivered(id: string, atIso: string): Promise<void> {
    await this.db
      .updateTable('hub_push_subscriptions')
      .set({ last_success_at: atIso })
      .where('id', '=', id)
      .execute();
  }
}
