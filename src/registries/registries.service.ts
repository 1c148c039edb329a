import type { Clock } from '../ports/clock.js';
import { AppError } from '../shared/errors.js';
import { newId } from '../shared/tokens.js';
import { actorClassFor, sha256Hex } from '../transparency/entries.js';
import type { PublicLog } from '../transparency/public-log.js';
import { coarseCell, suppress } from './cell-counts.js';
import {
  mayEnterAgreement,
  mayEnterCommunication,
  mayEnterSubsidy,
  type Decision,
  type RegistryActor,
} from './registries.policy.js';
import {
  appendAndKeep,
  lastEnteredBy,
  recordMeta,
  sameFields,
  versionView,
  type Latest,
  type RecordMeta,
  type VersionView,
} from './record-versions.js';
import type { ProgrammeRow, RegistriesRepository } from './registries.repository.js';
import {
  commitToBatch,
  sealVersion,
  textProblem,
  type AgreementFields,
  type CommunicationFields,
  type EnteredBy,
  type OfficialRole,
  type SubsidyFields,
} from './registry-records.js';
import { findVendorApprovalClauses, type AgreementParty, type FlaggedClause } from './vendor-clauses.js';

/** Tunables of the registries. */
export interface RegistriesSettings {
  /** H3 resolution of the community's coarse cells. */
  cellResolution: number;
  /** Cells with fewer units than this are left out of every public output (P1). */
  suppressionK: number;
  /** The public body that runs this server; the admin may record agreements it is party to. */
  operatorName: string | undefined;
}

/** An agreement in a list. */
export interface AgreementSummary extends RecordMeta {
  title: string;
  parties: AgreementParty[];
  signedOn: string;
  effectiveOn: string;
  expiresOn: string | null;
  vendorApprovalOfStatements: boolean;
  flaggedClauseCount: number;
}

/** An agreement with its full text, flagged clauses and every version. */
export interface AgreementView extends AgreementSummary {
  text: string;
  flaggedClauses: FlaggedClause[];
  enteredBy: EnteredBy;
  versions: VersionView[];
}

/** A subsidy programme in a list, with what has been disbursed so far. */
export interface ProgrammeSummary extends RecordMeta, Omit<SubsidyFields, 'terms'> {
  unitsDisbursed: number;
  amountDisbursedCents: number;
}

/** A programme with its terms, disbursements per coarse cell (suppressed) and every version. */
export interface ProgrammeView extends ProgrammeSummary {
  terms: string;
  enteredBy: EnteredBy;
  k: number;
  cells: { cell: string; units: number; amountCents: number }[];
  suppressedCells: number;
  versions: VersionView[];
}

/** A communication in a list. */
export interface CommunicationSummary extends RecordMeta, Omit<CommunicationFields, 'body'> {}

/** A communication with its full text and every version. */
export interface CommunicationView extends CommunicationSummary {
  body: string;
  enteredBy: EnteredBy;
  versions: VersionView[];
}

/** What one disbursement batch added. */
export interface BatchView {
  batchId: string;
  programmeId: string;
  disbursedOn: string;
  units: number;
  cells: number;
  amountCents: number;
  /** The salted commitment in the log entry (the salt stays with the server). */
  commitment: string;
  entryIndex: number;
}

/** Units per cell after suppression, for the dashboard, reports and open data. */
export interface SubsidyCells {
  k: number;
  cells: { programmeId: string; cell: string; units: number; amountCents: number }[];
  suppressedCells: number;
}

const MAX_UNITS_PER_CELL = 1_000_000;

/**
 * The public registries (C3–C5): partnership agreements with the vendor-approval clause flagged, subsidy
 * programmes with disbursements per coarse cell, and official communications with vendor involvement. Every
 * create and change is appended to the public log in the same transaction as the write (P4); the log holds the
 * SHA-256 of the version's canonical JSON, which is served with the record so anyone can compare.
 */
export class RegistriesService {
  constructor(
    private readonly repo: RegistriesRepository,
    private readonly log: PublicLog,
    private readonly clock: Clock,
    private readonly settings: RegistriesSettings,
  ) {}

  private iso(): string {
    return new Date(this.clock.now()).toISOString();
  }

  private today(): string {
    return this.iso().slice(0, 10);
  }

  // Agreements (C3)

  /** Record a partnership agreement; oversight, or the admin for agreements the operator is party to. */
  async recordAgreement(actor: RegistryActor, input: AgreementFields): Promise<AgreementView> {
    const fields = cleanAgreement(input);
    allow(mayEnterAgreement(actor, fields.parties, this.settings.operatorName));
    const id = newId();
    const now = this.iso();
    const enteredBy = this.enteredBy(actor);
    const sealed = sealVersion(
      'agreement',
      { id, version: 1, previous: null, recordedAt: now, enteredBy },
      fields,
    );
    const flagged = findVendorApprovalClauses(fields.text, fields.parties).length > 0;
    await this.repo.transaction(async (repo, trx) => {
      await repo.insertAgreement({
        id,
        version: 1,
        ...agreementColumns(fields, flagged),
        entered_by_user: actor.userId,
        created_at: now,
        updated_at: now,
      });
      await appendAndKeep(this.log, repo, trx, 'agreement', id, 1, sealed, now, {
        type: 'agreement.recorded',
        actor: enteredBy,
        refs: { agreement: sealed.recordHash, document: sha256Hex(fields.text) },
        vendorApprovalOfStatements: flagged,
      });
    });
    return this.agreement(id);
  }

  /** Amend an agreement: a new version, chained to the previous one in the record and in the log. */
  async amendAgreement(
    actor: RegistryActor,
    id: string,
    patch: Partial<AgreementFields>,
  ): Promise<AgreementView> {
    const current = await this.agreement(id);
    const fields = cleanAgreement({
      title: patch.title ?? current.title,
      parties: patch.parties ?? current.parties,
      signedOn: patch.signedOn ?? current.signedOn,
      effectiveOn: patch.effectiveOn ?? current.effectiveOn,
      expiresOn: patch.expiresOn === undefined ? current.expiresOn : patch.expiresOn,
      text: patch.text ?? current.text,
    });
    allow(mayEnterAgreement(actor, fields.parties, this.settings.operatorName, current.parties));
    if (sameFields(fields, current)) return current;
    const version = current.version + 1;
    const now = this.iso();
    const enteredBy = this.enteredBy(actor);
    const sealed = sealVersion(
      'agreement',
      { id, version, previous: current.recordHash, recordedAt: now, enteredBy },
      fields,
    );
    const flagged = findVendorApprovalClauses(fields.text, fields.parties).length > 0;
    await this.repo.transaction(async (repo, trx) => {
      const moved = !(await repo.updateAgreement(id, current.version, {
        version,
        ...agreementColumns(fields, flagged),
        entered_by_user: actor.userId,
        updated_at: now,
      }));
      if (moved)
        throw new AppError('ERR_CONFLICT', 'The agreement was changed meanwhile; reload it and try again.');
      await appendAndKeep(this.log, repo, trx, 'agreement', id, version, sealed, now, {
        type: 'agreement.amended',
        actor: enteredBy,
        refs: {
          agreement: sealed.recordHash,
          previous: current.recordHash,
          document: sha256Hex(fields.text),
        },
        vendorApprovalOfStatements: flagged,
        counts: { version },
      });
    });
    return this.agreement(id);
  }

  /** Every agreement, without the full texts. */
  async agreements(): Promise<AgreementSummary[]> {
    const [rows, latest] = await Promise.all([this.repo.agreements(), this.repo.latestVersions('agreement')]);
    return rows.map((r) => agreementSummary(r, latest.get(r.id)));
  }

  /** One agreement with its text, flagged clauses and versions. */
  async agreement(id: string): Promise<AgreementView> {
    const r = await this.repo.agreement(id);
    if (!r) throw new AppError('ERR_NOT_FOUND', 'There is no agreement with that id.');
    const versions = await this.repo.versions('agreement', id);
    const summary = agreementSummary(r, versions.at(-1));
    const parties = summary.parties;
    return {
      ...summary,
      text: r.full_text,
      flaggedClauses: findVendorApprovalClauses(r.full_text, parties),
      enteredBy: lastEnteredBy(versions, 'registry'),
      versions: versions.map(versionView),
    };
  }

  // Subsidy programmes (C4)

  /** Record a subsidy programme (oversight). */
  async recordProgramme(actor: RegistryActor, input: SubsidyFields): Promise<ProgrammeView> {
    allow(mayEnterSubsidy(actor));
    const fields = cleanSubsidy(input);
    const id = newId();
    const now = this.iso();
    const enteredBy = this.enteredBy(actor);
    const sealed = sealVersion(
      'subsidy',
      { id, version: 1, previous: null, recordedAt: now, enteredBy },
      fields,
    );
    await this.repo.transaction(async (repo, trx) => {
      await repo.insertProgramme({
        id,
        version: 1,
        ...programmeColumns(fields),
        entered_by_user: actor.userId,
        created_at: now,
        updated_at: now,
      });
      await appendAndKeep(this.log, repo, trx, 'subsidy', id, 1, sealed, now, {
        type: 'subsidy.recorded',
        actor: { class: 'oversight', organisation: enteredBy.organisation },
        refs: { programme: sealed.recordHash, document: sha256Hex(fields.terms) },
        counts: subsidyCounts(fields),
      });
    });
    return this.programme(id);
  }

  /** Amend a subsidy programme's terms or totals (oversight). */
  async amendProgramme(
    actor: RegistryActor,
    id: string,
    patch: Partial<SubsidyFields>,
  ): Promise<ProgrammeView> {
    allow(mayEnterSubsidy(actor));
    const current = await this.programme(id);
    const fields = cleanSubsidy({
      name: patch.name ?? current.name,
      funder: patch.funder ?? current.funder,
      vendor: patch.vendor ?? current.vendor,
      currency: patch.currency ?? current.currency,
      amountCents: patch.amountCents ?? current.amountCents,
      discountCentsPerUnit: patch.discountCentsPerUnit ?? current.discountCentsPerUnit,
      units: patch.units ?? current.units,
      vendorMatchCents: patch.vendorMatchCents ?? current.vendorMatchCents,
      startsOn: patch.startsOn ?? current.startsOn,
      endsOn: patch.endsOn === undefined ? current.endsOn : patch.endsOn,
      terms: patch.terms ?? current.terms,
    });
    if (fields.units < current.unitsDisbursed)
      throw new AppError('ERR_CONFLICT', `${current.unitsDisbursed} units are disbursed already.`);
    if (sameFields(fields, current)) return current;
    const version = current.version + 1;
    const now = this.iso();
    const enteredBy = this.enteredBy(actor);
    const sealed = sealVersion(
      'subsidy',
      { id, version, previous: current.recordHash, recordedAt: now, enteredBy },
      fields,
    );
    await this.repo.transaction(async (repo, trx) => {
      const moved = !(await repo.updateProgramme(id, current.version, {
        version,
        ...programmeColumns(fields),
        entered_by_user: actor.userId,
        updated_at: now,
      }));
      if (moved)
        throw new AppError('ERR_CONFLICT', 'The programme was changed meanwhile; reload it and try again.');
      await appendAndKeep(this.log, repo, trx, 'subsidy', id, version, sealed, now, {
        type: 'subsidy.amended',
        actor: { class: 'oversight', organisation: enteredBy.organisation },
        refs: {
          programme: sealed.recordHash,
          previous: current.recordHash,
          document: sha256Hex(fields.terms),
        },
        counts: { version, ...subsidyCounts(fields) },
      });
    });
    return this.programme(id);
  }

  /**
   * Record subsidised units handed out, as counts per coarse cell (oversight). A buyer's address never reaches
   * the server: a cell finer than the community's resolution is refused, and the log holds only totals and a
   * salted commitment to the cells.
   */
  async recordDisbursements(
    actor: RegistryActor,
    programmeId: string,
    input: { disbursedOn: string; cells: { cell: string; units: number }[] },
  ): Promise<BatchView> {
    allow(mayEnterSubsidy(actor));
    const cells = input.cells.map((c) => ({
      cell: coarseCell(c.cell, this.settings.cellResolution),
      units: c.units,
    }));
    if (cells.length === 0) throw new AppError('ERR_VALIDATION', 'List at least one cell.');
    if (new Set(cells.map((c) => c.cell)).size !== cells.length)
      throw new AppError('ERR_VALIDATION', 'Each cell may appear once in a batch; add its units together.');
    if (cells.some((c) => !Number.isSafeInteger(c.units) || c.units < 1 || c.units > MAX_UNITS_PER_CELL))
      throw new AppError('ERR_VALIDATION', `Units per cell must be from 1 to ${MAX_UNITS_PER_CELL}.`);
    const batchId = newId();
    const now = this.iso();
    const enteredBy = this.enteredBy(actor);
    return this.repo.transaction(async (repo, trx) => {
      const p = await repo.programme(programmeId);
      if (!p) throw new AppError('ERR_NOT_FOUND', 'There is no subsidy programme with that id.');
      if (input.disbursedOn < p.starts_on || (p.ends_on && input.disbursedOn > p.ends_on))
        throw new AppError('ERR_VALIDATION', 'The disbursement date is outside the programme’s dates.');
      const units = cells.reduce((n, c) => n + c.units, 0);
      const already = await repo.unitsDisbursed(programmeId);
      if (already + units > p.units)
        throw new AppError(
          'ERR_CONFLICT',
          `The programme has ${p.units} units; ${already} are disbursed, so at most ${p.units - already} more.`,
        );
      const rows = cells.map((c) => ({ ...c, amountCents: c.units * p.discount_cents_per_unit }));
      const amountCents = rows.reduce((n, c) => n + c.amountCents, 0);
      const { salt, commitment } = commitToBatch({
        programmeId,
        batchId,
        disbursedOn: input.disbursedOn,
        cells: rows,
      });
      const latest = await repo.versions('subsidy', programmeId);
      const programmeHash = latest.at(-1)!.recordHash;
      // The commitment is computed before anything is written; the entry index is only known after the append,
      // so the batch row comes last and a refused append leaves nothing behind.
      const appended = await this.log.append(trx, {
        type: 'subsidy.disbursed',
        actor: { class: 'oversight', organisation: enteredBy.organisation },
        refs: { programme: programmeHash, batch: commitment },
        counts: { units, cells: rows.length, amountCents },
      });
      await repo.insertBatch(
        {
          id: batchId,
          programme_id: programmeId,
          disbursed_on: input.disbursedOn,
          salt,
          commitment,
          entry_index: appended.index,
          entered_by_user: actor.userId,
          recorded_at: now,
        },
        rows.map((r) => ({ cell: r.cell, units: r.units, amount_cents: r.amountCents })),
      );
      return {
        batchId,
        programmeId,
        disbursedOn: input.disbursedOn,
        units,
        cells: rows.length,
        amountCents,
        commitment,
        entryIndex: appended.index,
      };
    });
  }

  /** Every programme with what it has disbursed. */
  async programmes(): Promise<ProgrammeSummary[]> {
    const [rows, latest, totals] = await Promise.all([
      this.repo.programmes(),
      this.repo.latestVersions('subsidy'),
      this.repo.batchTotals(),
    ]);
    const byProgramme = new Map(totals.map((t) => [t.programmeId, t]));
    return rows.map((r) => programmeSummary(r, latest.get(r.id), byProgramme.get(r.id)));
  }

  /** One programme with its terms, suppressed cells and versions. */
  async programme(id: string): Promise<ProgrammeView> {
    const r = await this.repo.programme(id);
    if (!r) throw new AppError('ERR_NOT_FOUND', 'There is no subsidy programme with that id.');
    const [versions, totals, cells] = await Promise.all([
      this.repo.versions('subsidy', id),
      this.repo.batchTotals(),
      this.repo.cellTotals(),
    ]);
    const mine = suppress(
      cells.filter((c) => c.programmeId === id),
      (c) => c.units,
      this.settings.suppressionK,
    );
    return {
      ...programmeSummary(
        r,
        versions.at(-1),
        totals.find((t) => t.programmeId === id),
      ),
      terms: r.terms,
      enteredBy: lastEnteredBy(versions, 'registry'),
      k: this.settings.suppressionK,
      cells: mine.cells.map((c) => ({ cell: c.cell, units: c.units, amountCents: c.amountCents })),
      suppressedCells: mine.suppressedCells,
      versions: versions.map(versionView),
    };
  }

  /**
   * Units per programme and cell, suppressed (P1): only cells with at least k units in a programme appear. The
   * unit is always the programme's whole history, never a slice of it, so no two public figures for one cell can
   * be subtracted to reveal a count under k.
   */
  async subsidyCells(): Promise<SubsidyCells> {
    const k = this.settings.suppressionK;
    const { cells, suppressedCells } = suppress(await this.repo.cellTotals(), (c) => c.units, k);
    return { k, cells, suppressedCells };
  }

  /** Batches, units and money per programme over a date range (no cells, so nothing to suppress). */
  disbursementTotals(range: { from?: string; to?: string } = {}) {
    return this.repo.batchTotals(range);
  }

  // Communications (C5)

  /** Record an official communication: oversight, or an agency admin for its own agency's statements. */
  async recordCommunication(actor: RegistryActor, input: CommunicationFields): Promise<CommunicationView> {
    const fields = cleanCommunication(input);
    allow(mayEnterCommunication(actor, fields.author.organisation));
    const id = newId();
    const now = this.iso();
    const enteredBy = this.enteredBy(actor);
    const sealed = sealVersion(
      'communication',
      { id, version: 1, previous: null, recordedAt: now, enteredBy },
      fields,
    );
    await this.repo.transaction(async (repo, trx) => {
      await repo.insertCommunication({
        id,
        version: 1,
        ...communicationColumns(fields),
        entered_by_user: actor.userId,
        created_at: now,
        updated_at: now,
      });
      await appendAndKeep(this.log, repo, trx, 'communication', id, 1, sealed, now, {
        type: 'communication.recorded',
        actor: enteredBy,
        refs: { statement: sealed.recordHash },
        vendorInvolved: fields.vendorInvolvement !== 'none',
        counts: { editors: fields.editors.length },
      });
    });
    return this.communication(id);
  }

  /** Amend an official communication (a correction, a newly disclosed editor or vendor involvement). */
  async amendCommunication(
    actor: RegistryActor,
    id: string,
    patch: Partial<CommunicationFields>,
  ): Promise<CommunicationView> {
    const current = await this.communication(id);
    const fields = cleanCommunication({
      title: patch.title ?? current.title,
      body: patch.body ?? current.body,
      issuedOn: patch.issuedOn ?? current.issuedOn,
      medium: patch.medium ?? current.medium,
      author: patch.author ?? current.author,
      editors: patch.editors ?? current.editors,
      vendorInvolvement: patch.vendorInvolvement ?? current.vendorInvolvement,
      // Saying there was no vendor involvement clears the vendor; naming one keeps what was there otherwise.
      vendor:
        patch.vendor !== undefined
          ? patch.vendor
          : patch.vendorInvolvement === 'none'
            ? null
            : current.vendor,
    });
    allow(mayEnterCommunication(actor, fields.author.organisation, current.author.organisation));
    if (sameFields(fields, current)) return current;
    const version = current.version + 1;
    const now = this.iso();
    const enteredBy = this.enteredBy(actor);
    const sealed = sealVersion(
      'communication',
      { id, version, previous: current.recordHash, recordedAt: now, enteredBy },
      fields,
    );
    await this.repo.transaction(async (repo, trx) => {
      const moved = !(await repo.updateCommunication(id, current.version, {
        version,
        ...communicationColumns(fields),
        entered_by_user: actor.userId,
        updated_at: now,
      }));
      if (moved)
        throw new AppError('ERR_CONFLICT', 'The statement was changed meanwhile; reload it and try again.');
      await appendAndKeep(this.log, repo, trx, 'communication', id, version, sealed, now, {
        type: 'communication.amended',
        actor: enteredBy,
        refs: { statement: sealed.recordHash, previous: current.recordHash },
        vendorInvolvement: fields.vendorInvolvement,
        counts: { editors: fields.editors.length, version },
      });
    });
    return this.communication(id);
  }

  /** Every communication, without the full texts. */
  async communications(): Promise<CommunicationSummary[]> {
    const [rows, latest] = await Promise.all([
      this.repo.communications(),
      this.repo.latestVersions('communication'),
    ]);
    return rows.map((r) => {
      const { body: _body, ...summary } = communicationView(r, latest.get(r.id));
      return summary;
    });
  }

  /** One communication with its text and versions. */
  async communication(id: string): Promise<CommunicationView> {
    const r = await this.repo.communication(id);
    if (!r) throw new AppError('ERR_NOT_FOUND', 'There is no communication with that id.');
    const versions = await this.repo.versions('communication', id);
    return {
      ...communicationView(r, versions.at(-1)),
      enteredBy: lastEnteredBy(versions, 'registry'),
      versions: versions.map(versionView),
    };
  }

  // Internals

  /** The log's actor for an account: its class and public body; the admin acts for the operator. */
  private enteredBy(actor: RegistryActor): EnteredBy {
    const cls = actorClassFor(actor.role);
    if (cls !== 'agency' && cls !== 'oversight' && cls !== 'instance') throw new AppError('ERR_FORBIDDEN');
    return {
      class: cls,
      organisation: actor.role === 'admin' ? (this.settings.operatorName ?? null) : actor.organisation,
    };
  }
}

function allow(decision: Decision): void {
  if (!decision.allowed) throw new AppError(decision.code);
}

function checkText(what: string, text: string): void {
  const problem = textProblem(text);
  if (problem) throw new AppError('ERR_VALIDATION', `${what} ${problem}.`);
}

function checkDates(first: string, last: string | null, message: string): void {
  if (last !== null && last < first) throw new AppError('ERR_VALIDATION', message);
}

function cleanAgreement(f: AgreementFields): AgreementFields {
  const out: AgreementFields = {
    title: f.title.trim(),
    parties: f.parties.map((p) => ({ name: p.name.trim(), kind: p.kind })),
    signedOn: f.signedOn,
    effectiveOn: f.effectiveOn,
    expiresOn: f.expiresOn ?? null,
    text: f.text,
  };
  checkText('The title', out.title);
  checkText('The text', out.text);
  const names = out.parties.map((p) => p.name.toLocaleLowerCase('en'));
  if (new Set(names).size !== names.length)
    throw new AppError('ERR_VALIDATION', 'Each party is listed once.');
  checkDates(out.effectiveOn, out.expiresOn, 'The agreement cannot expire before it takes effect.');
  return out;
}

function cleanSubsidy(f: SubsidyFields): SubsidyFields {
  const out: SubsidyFields = {
    ...f,
    name: f.name.trim(),
    funder: f.funder.trim(),
    vendor: f.vendor.trim(),
    endsOn: f.endsOn ?? null,
  };
  checkText('The name', out.name);
  checkText('The terms', out.terms);
  checkDates(out.startsOn, out.endsOn, 'The programme cannot end before it starts.');
  return out;
}

function cleanCommunication(f: CommunicationFields): CommunicationFields {
  const role = (r: OfficialRole): OfficialRole => ({
    organisation: r.organisation.trim(),
    role: r.role.trim(),
  });
  const out: CommunicationFields = {
    ...f,
    title: f.title.trim(),
    author: role(f.author),
    editors: f.editors.map(role),
    vendor: f.vendor?.trim() || null,
  };
  checkText('The title', out.title);
  checkText('The text', out.body);
  if ((out.vendorInvolvement === 'none') !== (out.vendor === null))
    throw new AppError(
      'ERR_VALIDATION',
      'Name the vendor exactly when it reviewed, drafted or approved the statement (involvement other than none).',
    );
  return out;
}

function agreementColumns(f: AgreementFields, flagged: boolean) {
  return {
    title: f.title,
    parties: JSON.stringify(f.parties),
    signed_on: f.signedOn,
    effective_on: f.effectiveOn,
    expires_on: f.expiresOn,
    full_text: f.text,
    vendor_approval: flagged ? 1 : 0,
  };
}

function programmeColumns(f: SubsidyFields) {
  return {
    name: f.name,
    funder: f.funder,
    vendor: f.vendor,
    currency: f.currency,
    amount_cents: f.amountCents,
    discount_cents_per_unit: f.discountCentsPerUnit,
    units: f.units,
    vendor_match_cents: f.vendorMatchCents,
    starts_on: f.startsOn,
    ends_on: f.endsOn,
    terms: f.terms,
  };
}

function communicationColumns(f: CommunicationFields) {
  return {
    title: f.title,
    body: f.body,
    issued_on: f.issuedOn,
    medium: f.medium,
    author_organisation: f.author.organisation,
    author_role: f.author.role,
    editors: JSON.stringify(f.editors),
    vendor_involvement: f.vendorInvolvement,
    vendor: f.vendor,
  };
}

function subsidyCounts(f: SubsidyFields) {
  return {
    amountCents: f.amountCents,
    discountCentsPerUnit: f.discountCentsPerUnit,
    units: f.units,
    vendorMatchCents: f.vendorMatchCents,
  };
}

function agreementSummary(
  r: {
    id: string;
    version: number;
    title: string;
    parties: string;
    signed_on: string;
    effective_on: string;
    expires_on: string | null;
    full_text: string;
    created_at: string;
    updated_at: string;
  },
  latest: Latest,
): AgreementSummary {
  const parties = JSON.parse(r.parties) as AgreementParty[];
  const flagged = findVendorApprovalClauses(r.full_text, parties);
  return {
    ...recordMeta(r, latest, 'registry'),
    title: r.title,
    parties,
    signedOn: r.signed_on,
    effectiveOn: r.effective_on,
    expiresOn: r.expires_on,
    vendorApprovalOfStatements: flagged.length > 0,
    flaggedClauseCount: flagged.length,
  };
}

function programmeSummary(
  r: ProgrammeRow,
  latest: Latest,
  totals: { units: number; amountCents: number } | undefined,
): ProgrammeSummary {
  return {
    ...recordMeta(r, latest, 'registry'),
    name: r.name,
    funder: r.funder,
    vendor: r.vendor,
    currency: r.currency,
    amountCents: r.amount_cents,
    discountCentsPerUnit: r.discount_cents_per_unit,
    units: r.units,
    vendorMatchCents: r.vendor_match_cents,
    startsOn: r.starts_on,
    endsOn: r.ends_on,
    unitsDisbursed: totals?.units ?? 0,
    amountDisbursedCents: totals?.amountCents ?? 0,
  };
}

function communicationView(
  r: {
    id: string;
    version: number;
    title: string;
    body: string;
    issued_on: string;
    medium: string;
    author_organisation: string;
    author_role: string;
    editors: string;
    vendor_involvement: string;
    vendor: string | null;
    created_at: string;
    updated_at: string;
  },
  latest: Latest,
): CommunicationSummary & { body: string } {
  return {
    ...recordMeta(r, latest, 'registry'),
    title: r.title,
    body: r.body,
    issuedOn: r.issued_on,
    medium: r.medium as CommunicationFields['medium'],
    author: { organisation: r.author_organisation, role: r.author_role },
    editors: JSON.parse(r.editors) as OfficialRole[],
    vendorInvolvement: r.vendor_involvement as CommunicationFields['vendorInvolvement'],
    vendor: r.vendor,
  };
}
