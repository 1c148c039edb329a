import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import type { Tally } from './log-tallies.js';

/** A stored tally row. */
export interface TallyRow extends Tally {
  entries: number;
}

/** Filters for reading tallies. */
export interface TallyFilter {
  /** Months from (inclusive), `YYYY-MM`. */
  fromMonth?: string;
  /** Months to (inclusive), `YYYY-MM`. */
  toMonth?: string;
  organisation?: string;
  types?: readonly string[];
}

/** Kysely queries for the running tallies of the public log. */
export class PublicRecordRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** Run work in one transaction. */
  transaction<T>(work: (repo: PublicRecordRepository) => Promise<T>): Promise<T> {
    return this.db.transaction().execute((trx) => work(new PublicRecordRepository(trx)));
  }

  /** How far the tallies have folded the log. */
  async cursor(): Promise<number> {
    const r = await this.db
      .selectFrom('community_log_tally_cursor')
      .select('next_index')
      .where('id', '=', 1)
      .executeTakeFirstOrThrow();
    return Number(r.next_index);
  }

  /**
   * Move the cursor from `from` to `to`: the first statement of a fold. The update takes the row's lock, so a
   * second process folding the same entries waits, then finds the cursor moved and gives up (false).
   */
  async advance(from: number, to: number, nowIso: string): Promise<boolean> {
    const r = await this.db
      .updateTable('community_log_tally_cursor')
      .set({ next_index: to, updated_at: nowIso })
      .where('id', '=', 1)
      .where('next_index', '=', from)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** Add counts to tallies, creating rows as needed. */
  async add(rows: readonly TallyRow[]): Promise<void> {
    for (const t of rows)
      await this.db
        .insertInto('community_log_tallies')
        .values({
          type: t.type,
          month: t.month,
          actor_class: t.actorClass,
          organisation: t.organisation,
          detail: t.detail,
          entries: t.entries,
          quantity: t.quantity,
        })
        .onConflict((oc) =>
          oc.columns(['type', 'month', 'actor_class', 'organisation', 'detail']).doUpdateSet({
            entries: sql<number>`community_log_tallies.entries + excluded.entries`,
            quantity: sql<number>`community_log_tallies.quantity + excluded.quantity`,
          }),
        )
        .execute();
  }

  /** Tallies matching a filter, in a stable order. */
  async tallies(filter: TallyFilter = {}): Promise<TallyRow[]> {
    let q = this.db.selectFrom('community_log_tallies').selectAll();
    if (filter.fromMonth) q = q.where('month', '>=', filter.fromMonth);
    if (filter.toMonth) q = q.where('month', '<=', filter.toMonth);
    if (filter.organisation !== undefined) q = q.where('organisation', '=', filter.organisation);
    if (filter.types) {
      if (filter.types.length === 0) return [];
      q = q.where('type', 'in', [...filter.types]);
    }
    const rows = await q
      .orderBy('month')
      .orderBy('type')
      .orderBy('actor_class')
      .orderBy('organisation')
      .orderBy('detail')
      .execute();
    return rows.map((r) => ({
      type: r.type,
      month: r.month,
      actorClass: r.actor_class,
      organisation: r.organisation,
      detail: r.detail,
      entries: Number(r.entries),
      quantity: Number(r.quantity),
    }));
  }
}
