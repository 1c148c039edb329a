import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type {
  CommunityAgreementsTable,
  CommunityCommunicationsTable,
  CommunitySubsidyProgrammesTable,
  DB,
} from '../db/schema.js';
import type { RegistryKind } from './registry-records.js';

/** A stored version of a registry record. */
export interface VersionRow {
  version: number;
  canonical: string;
  recordHash: string;
  entryIndex: number;
  recordedAt: string;
}

/** Units and money disbursed per cell (raw counts: the service suppresses before anything is shown). */
export interface CellTotal {
  programmeId: string;
  cell: string;
  units: number;
  amountCents: number;
}

// Both engines cap the parameters of one statement; a batch of cells is inserted in chunks below the cap.
const INSERT_CHUNK = 500;

/** Kysely queries for the public registries. */
export class RegistriesRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** Run work in one transaction; `trx` is what the public log appends through. */
  transaction<T>(work: (repo: RegistriesRepository, trx: Kysely<DB>) => Promise<T>): Promise<T> {
    return this.db.transaction().execute((trx) => work(new RegistriesRepository(trx), trx));
  }

  /** Insert a version row. */
  async insertVersion(row: {
    kind: RegistryKind;
    record_id: string;
    version: number;
    canonical: string;
    record_hash: string;
    entry_index: number;
    recorded_at: string;
  }): Promise<void> {
    await this.db.insertInto('community_registry_versions').values(row).execute();
  }

  /** Every version of a record, oldest first. */
  async versions(kind: RegistryKind, id: string): Promise<VersionRow[]> {
    const rows = await this.db
      .selectFrom('community_registry_versions')
      .select(['version', 'canonical', 'record_hash', 'entry_index', 'recorded_at'])
      .where('kind', '=', kind)
      .where('record_id', '=', id)
      .orderBy('version')
      .execute();
    return rows.map((r) => ({
      version: r.version,
      canonical: r.canonical,
      recordHash: r.record_hash,
      entryIndex: Number(r.entry_index),
      recordedAt: r.recorded_at,
    }));
  }

  /** The latest version's hash and log index of every record of a kind, by record id. */
  async latestVersions(kind: RegistryKind): Promise<Map<string, { recordHash: string; entryIndex: number }>> {
    const rows = await this.db
      .selectFrom('community_registry_versions as v')
      .select(['v.record_id', 'v.record_hash', 'v.entry_index'])
      .where('v.kind', '=', kind)
      .where('v.version', '=', (eb) =>
        eb
          .selectFrom('community_registry_versions as w')
          .select((e) => e.fn.max('w.version').as('m'))
          .where('w.kind', '=', kind)
          .whereRef('w.record_id', '=', 'v.record_id'),
      )
      .execute();
    return new Map(
      rows.map((r) => [r.record_id, { recordHash: r.record_hash, entryIndex: Number(r.entry_index) }]),
    );
  }

  // Agreements

  /** Insert an agreement. */
  async insertAgreement(row: Insertable<CommunityAgreementsTable>): Promise<void> {
    await this.db.insertInto('community_agreements').values(row).execute();
  }

  /** Replace an agreement's fields with a new version; false when the version moved on meanwhile. */
  async updateAgreement(
    id: string,
    fromVersion: number,
    patch: Updateable<Omit<CommunityAgreementsTable, 'id' | 'created_at'>>,
  ): Promise<boolean> {
    const r = await this.db
      .updateTable('community_agreements')
      .set(patch)
      .where('id', '=', id)
      .where('version', '=', fromVersion)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** One agreement. */
  agreement(id: string): Promise<Selectable<CommunityAgreementsTable> | undefined> {
    return this.db.selectFrom('community_agreements').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Every agreement, newest signature first. */
  agreements(): Promise<Selectable<CommunityAgreementsTable>[]> {
    return this.db
      .selectFrom('community_agreements')
      .selectAll()
      .orderBy('signed_on', 'desc')
      .orderBy('id')
      .execute();
  }

  // Subsidy programmes

  /** Insert a programme. */
  async insertProgramme(row: Insertable<CommunitySubsidyProgrammesTable>): Promise<void> {
    await this.db.insertInto('community_subsidy_programmes').values(row).execute();
  }

  /** Replace a programme's fields with a new version; false when the version moved on meanwhile. */
  async updateProgramme(
    id: string,
    fromVersion: number,
    patch: Updateable<Omit<CommunitySubsidyProgrammesTable, 'id' | 'created_at'>>,
  ): Promise<boolean> {
    const r = await this.db
      .updateTable('community_subsidy_programmes')
      .set(patch)
      .where('id', '=', id)
      .where('version', '=', fromVersion)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** One programme. */
  async programme(id: string): Promise<ProgrammeRow | undefined> {
    const r = await this.db
      .selectFrom('community_subsidy_programmes')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return r && toProgramme(r);
  }

  /** Every programme, newest start first. */
  async programmes(): Promise<ProgrammeRow[]> {
    const rows = await this.db
      .selectFrom('community_subsidy_programmes')
      .selectAll()
      .orderBy('starts_on', 'desc')
      .orderBy('id')
      .execute();
    return rows.map(toProgramme);
  }

  /** Insert a disbursement batch and its cells. */
  async insertBatch(
    batch: {
      id: string;
      programme_id: string;
      disbursed_on: string;
      salt: string;
      commitment: string;
      entry_index: number;
      entered_by_user: string;
      recorded_at: string;
    },
    cells: { cell: string; units: number; amount_cents: number }[],
  ): Promise<void> {
    await this.db.insertInto('community_subsidy_batches').values(batch).execute();
    for (let i = 0; i < cells.length; i += INSERT_CHUNK)
      await this.db
        .insertInto('community_subsidy_disbursements')
        .values(cells.slice(i, i + INSERT_CHUNK).map((c) => ({ ...c, batch_id: batch.id })))
        .execute();
  }

  /** Units disbursed so far by a programme. */
  async unitsDisbursed(programmeId: string): Promise<number> {
    const r = await this.db
      .selectFrom('community_subsidy_disbursements as d')
      .innerJoin('community_subsidy_batches as b', 'b.id', 'd.batch_id')
      .select((eb) => eb.fn.sum<string | number | null>('d.units').as('units'))
      .where('b.programme_id', '=', programmeId)
      .executeTakeFirstOrThrow();
    return Number(r.units ?? 0);
  }

  /** Units and money per programme and cell, over batches disbursed in [from, to] (dates; either open). */
  async cellTotals(range: { from?: string; to?: string } = {}): Promise<CellTotal[]> {
    let q = this.db
      .selectFrom('community_subsidy_disbursements as d')
      .innerJoin('community_subsidy_batches as b', 'b.id', 'd.batch_id')
      .select((eb) => [
        'b.programme_id',
        'd.cell',
        eb.fn.sum<string | number>('d.units').as('units'),
        eb.fn.sum<string | number>('d.amount_cents').as('amount'),
      ])
      .groupBy(['b.programme_id', 'd.cell'])
      .orderBy('b.programme_id')
      .orderBy('d.cell');
    if (range.from) q = q.where('b.disbursed_on', '>=', range.from);
    if (range.to) q = q.where('b.disbursed_on', '<=', range.to);
    const rows = await q.execute();
    return rows.map((r) => ({
      programmeId: r.programme_id,
      cell: r.cell,
      units: Number(r.units),
      amountCents: Number(r.amount),
    }));
  }

  /** Batches per programme over [from, to]: count, units and money (no cells). */
  async batchTotals(range: { from?: string; to?: string } = {}) {
    let q = this.db
      .selectFrom('community_subsidy_batches as b')
      .innerJoin('community_subsidy_disbursements as d', 'd.batch_id', 'b.id')
      .select((eb) => [
        'b.programme_id',
        eb.fn.count<string | number>('b.id').distinct().as('batches'),
        eb.fn.sum<string | number>('d.units').as('units'),
        eb.fn.sum<string | number>('d.amount_cents').as('amount'),
      ])
      .groupBy('b.programme_id');
    if (range.from) q = q.where('b.disbursed_on', '>=', range.from);
    if (range.to) q = q.where('b.disbursed_on', '<=', range.to);
    const rows = await q.execute();
    return rows.map((r) => ({
      programmeId: r.programme_id,
      batches: Number(r.batches),
      units: Number(r.units),
      amountCents: Number(r.amount),
    }));
  }

  // Communications

  /** Insert a communication. */
  async insertCommunication(row: Insertable<CommunityCommunicationsTable>): Promise<void> {
    await this.db.insertInto('community_communications').values(row).execute();
  }

  /** Replace a communication's fields with a new version; false when the version moved on meanwhile. */
  async updateCommunication(
    id: string,
    fromVersion: number,
    patch: Updateable<Omit<CommunityCommunicationsTable, 'id' | 'created_at'>>,
  ): Promise<boolean> {
    const r = await this.db
      .updateTable('community_communications')
      .set(patch)
      .where('id', '=', id)
      .where('version', '=', fromVersion)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** One communication. */
  communication(id: string): Promise<Selectable<CommunityCommunicationsTable> | undefined> {
    return this.db.selectFrom('community_communications').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Every communication, newest first. */
  communications(): Promise<Selectable<CommunityCommunicationsTable>[]> {
    return this.db
      .selectFrom('community_communications')
      .selectAll()
      .orderBy('issued_on', 'desc')
      .orderBy('id')
      .execute();
  }
}

/** A programme row with its 64-bit columns read as numbers. */
export interface ProgrammeRow {
  id: string;
  version: number;
  name: string;
  funder: string;
  vendor: string;
  currency: string;
  amount_cents: number;
  discount_cents_per_unit: number;
  units: number;
  vendor_match_cents: number;
  starts_on: string;
  ends_on: string | null;
  terms: string;
  entered_by_user: string;
  created_at: string;
  updated_at: string;
}

function toProgramme(r: Selectable<CommunitySubsidyProgrammesTable>): ProgrammeRow {
  return {
    ...r,
    amount_cents: Number(r.amount_cents),
    discount_cents_per_unit: Number(r.discount_cents_per_unit),
    units: Number(r.units),
    vendor_match_cents: Number(r.vendor_match_cents),
  };
}
