import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type {
  CommunityAuditsTable,
  CommunityBreachesTable,
  CommunityComplaintsTable,
  CommunityViolationsTable,
  DB,
} from '../db/schema.js';
import { RegistriesRepository } from './registries.repository.js';

/** A stored complaint. */
export type ComplaintRow = Selectable<CommunityComplaintsTable>;
/** A stored audit. */
export type AuditRow = Selectable<CommunityAuditsTable>;
/** A stored violation. */
export type ViolationRow = Selectable<CommunityViolationsTable>;
/** A stored breach. */
export type BreachRow = Selectable<CommunityBreachesTable>;

/**
 * Kysely queries for oversight's registers of complaints, audits, violations and breaches. Versions are kept in
 * the registries' version table, through `versions` (the same handle: inside a transaction, the transaction's).
 */
export class OversightRepository {
  /** The registries' version queries on the same handle. */
  readonly versions: RegistriesRepository;

  constructor(private readonly db: Kysely<DB>) {
    this.versions = new RegistriesRepository(db);
  }

  /** Run work in one transaction; `trx` is what the public log appends through. */
  transaction<T>(work: (repo: OversightRepository, trx: Kysely<DB>) => Promise<T>): Promise<T> {
    return this.db.transaction().execute((trx) => work(new OversightRepository(trx), trx));
  }

  // Complaints

  /** Insert a complaint. */
  async insertComplaint(row: Insertable<CommunityComplaintsTable>): Promise<void> {
    await this.db.insertInto('community_complaints').values(row).execute();
  }

  /** Replace a complaint's fields with a new version; false when the version moved on meanwhile. */
  async updateComplaint(
    id: string,
    fromVersion: number,
    patch: Updateable<Omit<CommunityComplaintsTable, 'id' | 'created_at'>>,
  ): Promise<boolean> {
    const r = await this.db
      .updateTable('community_complaints')
      .set(patch)
      .where('id', '=', id)
      .where('version', '=', fromVersion)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** One complaint. */
  complaint(id: string): Promise<ComplaintRow | undefined> {
    return this.db.selectFrom('community_complaints').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Every complaint, newest first. */
  complaints(): Promise<ComplaintRow[]> {
    return this.db
      .selectFrom('community_complaints')
      .selectAll()
      .orderBy('received_on', 'desc')
      .orderBy('id')
      .execute();
  }

  // Audits

  /** Insert an audit. */
  async insertAudit(row: Insertable<CommunityAuditsTable>): Promise<void> {
    await this.db.insertInto('community_audits').values(row).execute();
  }

  /** Replace an audit's fields with a new version; false when the version moved on meanwhile. */
  async updateAudit(
    id: string,
    fromVersion: number,
    patch: Updateable<Omit<CommunityAuditsTable, 'id' | 'created_at'>>,
  ): Promise<boolean> {
    const r = await this.db
      .updateTable('community_audits')
      .set(patch)
      .where('id', '=', id)
      .where('version', '=', fromVersion)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** One audit. */
  audit(id: string): Promise<AuditRow | undefined> {
    return this.db.selectFrom('community_audits').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Every audit, newest first. */
  audits(): Promise<AuditRow[]> {
    return this.db
      .selectFrom('community_audits')
      .selectAll()
      .orderBy('audited_on', 'desc')
      .orderBy('id')
      .execute();
  }

  // Violations

  /** Insert a violation. */
  async insertViolation(row: Insertable<CommunityViolationsTable>): Promise<void> {
    await this.db.insertInto('community_violations').values(row).execute();
  }

  /** Replace a violation's fields with a new version; false when the version moved on meanwhile. */
  async updateViolation(
    id: string,
    fromVersion: number,
    patch: Updateable<Omit<CommunityViolationsTable, 'id' | 'created_at'>>,
  ): Promise<boolean> {
    const r = await this.db
      .updateTable('community_violations')
      .set(patch)
      .where('id', '=', id)
      .where('version', '=', fromVersion)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** One violation. */
  violation(id: string): Promise<ViolationRow | undefined> {
    return this.db.selectFrom('community_violations').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Every violation, newest first. */
  violations(): Promise<ViolationRow[]> {
    return this.db
      .selectFrom('community_violations')
      .selectAll()
      .orderBy('occurred_on', 'desc')
      .orderBy('id')
      .execute();
  }

  // Breaches

  /** Insert a breach. */
  async insertBreach(row: Insertable<CommunityBreachesTable>): Promise<void> {
    await this.db.insertInto('community_breaches').values(row).execute();
  }

  /** Replace a breach's fields with a new version; false when the version moved on meanwhile. */
  async updateBreach(
    id: string,
    fromVersion: number,
    patch: Updateable<Omit<CommunityBreachesTable, 'id' | 'created_at'>>,
  ): Promise<boolean> {
    const r = await this.db
      .updateTable('community_breaches')
      .set(patch)
      .where('id', '=', id)
      .where('version', '=', fromVersion)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** One breach. */
  breach(id: string): Promise<BreachRow | undefined> {
    return this.db.selectFrom('community_breaches').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Every breach, newest discovery first. */
  breaches(): Promise<BreachRow[]> {
    return this.db
      .selectFrom('community_breaches')
      .selectAll()
      .orderBy('discovered_on', 'desc')
      .orderBy('id')
      .execute();
  }
}
