import type { Kysely, Selectable } from 'kysely';
import type { DB, HubWebhookDeliveriesTable, HubWebhooksTable } from '../db/schema.js';

/** A stored webhook. */
export type WebhookRow = Selectable<HubWebhooksTable>;
/** A stored delivery. */
export type DeliveryRow = Selectable<HubWebhookDeliveriesTable>;

/** Kysely queries for household webhooks and their deliveries. */
export class WebhooksRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** A household's webhooks, oldest first. */
  listByHousehold(householdId: string): Promise<WebhookRow[]> {
    return this.db
      .selectFrom('hub_webhooks')
      .selectAll()
      .where('household_id', '=', householdId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
  }

  /** A household's enabled webhooks: where an alert of its cameras goes. */
  enabledOf(householdId: string): Promise<WebhookRow[]> {
    return this.db
      .selectFrom('hub_webhooks')
      .selectAll()
      .where('household_id', '=', householdId)
      .where('enabled', '=', 1)
      .execute();
  }

  /** A webhook by id within a household. */
  find(householdId: string, id: string): Promise<WebhookRow | undefined> {
    return this.db
      .selectFrom('hub_webhooks')
      .selectAll()
      .where('id', '=', id)
      .where('household_id', '=', householdId)
      .executeTakeFirst();
  }

  /** How many webhooks a household has. */
  async countOf(householdId: string): Promise<number> {
    const r = await this.db
      .selectFrom('hub_webhooks')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('household_id', '=', householdId)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  async insert(row: WebhookRow): Promise<void> {
    await this.db.insertInto('hub_webhooks').values(row).execute();
  }

  async update(id: string, patch: Partial<Omit<WebhookRow, 'id' | 'household_id'>>): Promise<void> {
    await this.db.updateTable('hub_webhooks').set(patch).where('id', '=', id).execute();
  }

  /** Delete a webhook; its deliveries go with it. False when there was none. */
  async delete(householdId: string, id: string): Promise<boolean> {
    const r = await this.db
      .deleteFrom('hub_webhooks')
      .where('id', '=', id)
      .where('household_id', '=', householdId)
      .executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  /** Queue deliveries. */
  async insertDeliveries(rows: DeliveryRow[]): Promise<void> {
    if (rows.length) await this.db.insertInto('hub_webhook_deliveries').values(rows).execute();
  }

  /** Pending deliveries due at `nowIso`, oldest first, with their webhook. */
  due(nowIso: string, limit: number) {
    return this.db
      .selectFrom('hub_webhook_deliveries')
      .innerJoin('hub_webhooks', 'hub_webhooks.id', 'hub_webhook_deliveries.webhook_id')
      .selectAll('hub_webhook_deliveries')
      .select(['hub_webhooks.url', 'hub_webhooks.secret_sealed', 'hub_webhooks.enabled'])
      .where('hub_webhook_deliveries.status', '=', 'pending')
      .where('hub_webhook_deliveries.next_attempt_at', '<=', nowIso)
      .orderBy('hub_webhook_deliveries.next_attempt_at')
      .limit(limit)
      .execute();
  }

  /** When the next pending delivery is due, or undefined. */
  async nextDue(): Promise<string | undefined> {
    const r = await this.db
      .selectFrom('hub_webhook_deliveries')
      .select((eb) => eb.fn.min('next_attempt_at').as('at'))
      .where('status', '=', 'pending')
      .executeTakeFirst();
    return r?.at ?? undefined;
  }

  /** Record an attempt on the delivery and on its webhook, in one transaction. */
  async recordAttempt(
    delivery: Pick<DeliveryRow, 'id' | 'webhook_id'> & Partial<DeliveryRow>,
    webhook: Partial<WebhookRow>,
  ): Promise<void> {
    const { id, webhook_id, ...set } = delivery;
    await this.db.transaction().execute(async (trx) => {
      await trx.updateTable('hub_webhook_deliveries').set(set).where('id', '=', id).execute();
      if (Object.keys(webhook).length)
        await trx.updateTable('hub_webhooks').set(webhook).where('id', '=', webhook_id).execute();
    });
  }

  /** A webhook's latest deliveries, newest first. */
  recentDeliveries(webhookId: string, limit: number): Promise<DeliveryRow[]> {
    return this.db
      .selectFrom('hub_webhook_deliveries')
      .selectAll()
      .where('webhook_id', '=', webhookId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
  }

  /** Forget finished deliveries created before `beforeIso`. */
  async purgeFinished(beforeIso: string): Promise<void> {
    await this.db
      .deleteFrom('hub_webhook_deliveries')
      .where('status', '!=', 'pending')
      .where('created_at', '<', beforeIso)
      .execute();
  }
}
