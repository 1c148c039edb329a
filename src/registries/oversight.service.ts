import type { Clock } from '../ports/clock.js';
import { AppError } from '../shared/errors.js';
import { newId } from '../shared/tokens.js';
import { sha256Hex, type NewLogEntry } from '../transparency/entries.js';
import type { PublicLog } from '../transparency/public-log.js';
import type {
  AuditRow,
  BreachRow,
  ComplaintRow,
  OversightRepository,
  ViolationRow,
} from './oversight.repository.js';
import { mayEnterOversightRecord, type RegistryActor } from './registries.policy.js';
import type { VersionRow } from './registries.repository.js';
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
import {
  personalDataProblem,
  sealVersion,
  textProblem,
  type AuditFields,
  type BreachFields,
  type BreachStatus,
  type BreachSystem,
  type ComplaintCategory,
  type ComplaintFields,
  type ComplaintStatus,
  type EnteredBy,
  type RegistryKind,
  type SealedVersion,
  type ViolationCategory,
  type ViolationFields,
} from './registry-records.js';

/** Where a record stands in the log. */
export type OversightRecordMeta = RecordMeta;

/** Who entered the current version, and every version as hashed into the log. */
interface History {
  enteredBy: EnteredBy;
  versions: VersionView[];
}

/** A complaint in a list. */
export interface ComplaintSummary extends OversightRecordMeta, ComplaintFields {}
/** A complaint with its versions. */
export interface ComplaintView extends ComplaintSummary, History {}
/** An audit in a list. */
export interface AuditSummary extends OversightRecordMeta, AuditFields {}
/** An audit with its versions. */
export interface AuditView extends AuditSummary, History {}
/** A violation in a list. */
export interface ViolationSummary extends OversightRecordMeta, ViolationFields {}
/** A violation with its versions. */
export interface ViolationView extends ViolationSummary, History {}
/** A breach in a list. */
export interface BreachSummary extends OversightRecordMeta, BreachFields {}
/** A breach with its versions. */
export interface BreachView extends BreachSummary, History {}

/** Complaint statuses that end a complaint: only these carry a closing date. */
export const FINAL_COMPLAINT_STATUSES: readonly ComplaintStatus[] = [
  'sustained',
  'not_sustained',
  'withdrawn',
  'closed',
];

/** The longest public text a register takes (a summary, an outcome, a corrective action, a remediation). */
export const MAX_REGISTER_TEXT = 5000;

type MakeEntry = (sealed: SealedVersion, enteredBy: EnteredBy, version: number) => NewLogEntry;

/**
 * Oversight's registers for the annual surveillance report (C6; Oakland Municipal Code 9.64.010 items E–G):
 * complaints about the technology's use, audits, use policy violations and data breaches. Only oversight enters
 * them. Every record and change is appended to the public log in the same transaction as the write (P4); the
 * entry holds the version's record hash, the summary's hash, dates, categories, statuses, the public body
 * concerned and counts — never the text, and never a person (P8). The texts are public registry content and are
 * checked for obvious personal data (an email address, a phone number, a street address).
 */
export class OversightRegistersService {
  constructor(
    private readonly repo: OversightRepository,
    private readonly log: PublicLog,
    private readonly clock: Clock,
  ) {}

  private iso(): string {
    return new Date(this.clock.now()).toISOString();
  }

  /** The latest date a record may carry: tomorrow (UTC), so an entry made east of UTC is not refused. */
  private latestDay(): string {
    return new Date(this.clock.now() + 86_400_000).toISOString().slice(0, 10);
  }

  // Complaints

  /** Record a complaint (oversight). */
  async recordComplaint(actor: RegistryActor, input: ComplaintFields): Promise<ComplaintView> {
    allow(actor);
    const fields = this.cleanComplaint(input);
    const id = newId();
    await this.create(
      'complaint',
      actor,
      id,
      fields,
      (repo, now) =>
        repo.insertComplaint({ id, version: 1, ...complaintColumns(fields), ...stamp(actor, now, true) }),
      (sealed, by) => ({
        type: 'complaint.recorded',
        actor: { class: 'oversight', organisation: by.organisation },
        refs: { complaint: sealed.recordHash, summary: sha256Hex(fields.summary) },
        agency: fields.agency,
        category: fields.category,
        status: fields.status,
        receivedOn: fields.receivedOn,
      }),
    );
    return this.complaint(id);
  }

  /** Change a complaint's status, outcome or details (oversight): a new version, chained in the log. */
  async updateComplaint(
    actor: RegistryActor,
    id: string,
    patch: Partial<ComplaintFields>,
  ): Promise<ComplaintView> {
    allow(actor);
    const current = await this.complaint(id);
    const status = patch.status ?? current.status;
    const fields = this.cleanComplaint({
      receivedOn: patch.receivedOn ?? current.receivedOn,
      agency: patch.agency === undefined ? current.agency : patch.agency,
      category: patch.category ?? current.category,
      summary: patch.summary ?? current.summary,
      status,
      outcome: patch.outcome === undefined ? current.outcome : patch.outcome,
      // Reopening a complaint clears its closing date unless the change gives one.
      closedOn:
        patch.closedOn !== undefined
          ? patch.closedOn
          : FINAL_COMPLAINT_STATUSES.includes(status)
            ? current.closedOn
            : null,
    });
    if (sameFields(fields, current)) return current;
    await this.change(
      'complaint',
      actor,
      current,
      fields,
      (repo, version, now) =>
        repo.updateComplaint(id, current.version, {
          version,
          ...complaintColumns(fields),
          ...stamp(actor, now, false),
        }),
      (sealed, by, version) => ({
        type: 'complaint.updated',
        actor: { class: 'oversight', organisation: by.organisation },
        refs: {
          complaint: sealed.recordHash,
          previous: current.recordHash,
          summary: sha256Hex(fields.summary),
        },
        agency: fields.agency,
        category: fields.category,
        status: fields.status,
        counts: { version },
      }),
    );
    return this.complaint(id);
  }

  /** Every complaint, newest first. */
  async complaints(): Promise<ComplaintSummary[]> {
    const [rows, latest] = await Promise.all([
      this.repo.complaints(),
      this.repo.versions.latestVersions('complaint'),
    ]);
    return rows.map((r) => complaintSummary(r, latest.get(r.id)));
  }

  /** One complaint with its versions. */
  async complaint(id: string): Promise<ComplaintView> {
    const r = await this.repo.complaint(id);
    if (!r) throw new AppError('ERR_NOT_FOUND', 'There is no complaint with that id.');
    const versions = await this.repo.versions.versions('complaint', id);
    return { ...complaintSummary(r, versions.at(-1)), ...history(versions) };
  }

  // Audits

  /** Record an audit (oversight). */
  async recordAudit(actor: RegistryActor, input: AuditFields): Promise<AuditView> {
    allow(actor);
    const fields = this.cleanAudit(input);
    const id = newId();
    await this.create(
      'audit',
      actor,
      id,
      fields,
      (repo, now) =>
        repo.insertAudit({ id, version: 1, ...auditColumns(fields), ...stamp(actor, now, true) }),
      (sealed, by) => ({
        type: 'audit.recorded',
        actor: { class: 'oversight', organisation: by.organisation },
        refs: { audit: sealed.recordHash, summary: sha256Hex(fields.summary) },
        report: fields.reportSha256,
        auditor: fields.auditor,
        agency: fields.agency,
        periodFrom: fields.periodFrom,
        periodTo: fields.periodTo,
        auditedOn: fields.auditedOn,
        counts: { findings: fields.findings, violations: fields.violations },
      }),
    );
    return this.audit(id);
  }

  /** Correct or complete an audit's record (oversight). */
  async updateAudit(actor: RegistryActor, id: string, patch: Partial<AuditFields>): Promise<AuditView> {
    allow(actor);
    const current = await this.audit(id);
    const fields = this.cleanAudit({
      auditor: patch.auditor ?? current.auditor,
      agency: patch.agency === undefined ? current.agency : patch.agency,
      periodFrom: patch.periodFrom ?? current.periodFrom,
      periodTo: patch.periodTo ?? current.periodTo,
      auditedOn: patch.auditedOn ?? current.auditedOn,
      findings: patch.findings ?? current.findings,
      violations: patch.violations ?? current.violations,
      summary: patch.summary ?? current.summary,
      reportSha256: patch.reportSha256 === undefined ? current.reportSha256 : patch.reportSha256,
    });
    if (sameFields(fields, current)) return current;
    await this.change(
      'audit',
      actor,
      current,
      fields,
      (repo, version, now) =>
        repo.updateAudit(id, current.version, {
          version,
          ...auditColumns(fields),
          ...stamp(actor, now, false),
        }),
      (sealed, by, version) => ({
        type: 'audit.updated',
        actor: { class: 'oversight', organisation: by.organisation },
        refs: { audit: sealed.recordHash, previous: current.recordHash, summary: sha256Hex(fields.summary) },
        report: fields.reportSha256,
        auditor: fields.auditor,
        agency: fields.agency,
        auditedOn: fields.auditedOn,
        counts: { version, findings: fields.findings, violations: fields.violations },
      }),
    );
    return this.audit(id);
  }

  /** Every audit, newest first. */
  async audits(): Promise<AuditSummary[]> {
    const [rows, latest] = await Promise.all([
      this.repo.audits(),
      this.repo.versions.latestVersions('audit'),
    ]);
    return rows.map((r) => auditSummary(r, latest.get(r.id)));
  }

  /** One audit with its versions. */
  async audit(id: string): Promise<AuditView> {
    const r = await this.repo.audit(id);
    if (!r) throw new AppError('ERR_NOT_FOUND', 'There is no audit with that id.');
    const versions = await this.repo.versions.versions('audit', id);
    return { ...auditSummary(r, versions.at(-1)), ...history(versions) };
  }

  // Violations

  /** Record a use policy violation (oversight), found by one of the registered audits or otherwise. */
  async recordViolation(actor: RegistryActor, input: ViolationFields): Promise<ViolationView> {
    allow(actor);
    const fields = this.cleanViolation(input);
    const auditHash = await this.auditHash(fields.auditId);
    const id = newId();
    await this.create(
      'violation',
      actor,
      id,
      fields,
      (repo, now) =>
        repo.insertViolation({ id, version: 1, ...violationColumns(fields), ...stamp(actor, now, true) }),
      (sealed, by) => ({
        type: 'violation.recorded',
        actor: { class: 'oversight', organisation: by.organisation },
        refs: { violation: sealed.recordHash, summary: sha256Hex(fields.summary) },
        audit: auditHash,
        agency: fields.agency,
        category: fields.category,
        occurredOn: fields.occurredOn,
        corrected: fields.correctedOn !== null,
      }),
    );
    return this.violation(id);
  }

  /** Change a violation's record, typically to add the corrective action taken (oversight). */
  async updateViolation(
    actor: RegistryActor,
    id: string,
    patch: Partial<ViolationFields>,
  ): Promise<ViolationView> {
    allow(actor);
    const current = await this.violation(id);
    const fields = this.cleanViolation({
      auditId: patch.auditId === undefined ? current.auditId : patch.auditId,
      agency: patch.agency === undefined ? current.agency : patch.agency,
      category: patch.category ?? current.category,
      clause: patch.clause === undefined ? current.clause : patch.clause,
      occurredOn: patch.occurredOn ?? current.occurredOn,
      summary: patch.summary ?? current.summary,
      correctiveAction:
        patch.correctiveAction === undefined ? current.correctiveAction : patch.correctiveAction,
      correctedOn: patch.correctedOn === undefined ? current.correctedOn : patch.correctedOn,
    });
    if (sameFields(fields, current)) return current;
    await this.auditHash(fields.auditId);
    await this.change(
      'violation',
      actor,
      current,
      fields,
      (repo, version, now) =>
        repo.updateViolation(id, current.version, {
          version,
          ...violationColumns(fields),
          ...stamp(actor, now, false),
        }),
      (sealed, by, version) => ({
        type: 'violation.updated',
        actor: { class: 'oversight', organisation: by.organisation },
        refs: {
          violation: sealed.recordHash,
          previous: current.recordHash,
          summary: sha256Hex(fields.summary),
        },
        agency: fields.agency,
        category: fields.category,
        corrected: fields.correctedOn !== null,
        counts: { version },
      }),
    );
    return this.violation(id);
  }

  /** Every violation, newest first. */
  async violations(): Promise<ViolationSummary[]> {
    const [rows, latest] = await Promise.all([
      this.repo.violations(),
      this.repo.versions.latestVersions('violation'),
    ]);
    return rows.map((r) => violationSummary(r, latest.get(r.id)));
  }

  /** One violation with its versions. */
  async violation(id: string): Promise<ViolationView> {
    const r = await this.repo.violation(id);
    if (!r) throw new AppError('ERR_NOT_FOUND', 'There is no violation with that id.');
    const versions = await this.repo.versions.versions('violation', id);
    return { ...violationSummary(r, versions.at(-1)), ...history(versions) };
  }

  // Breaches

  /** Record unauthorised access to data obtained through the system (oversight). */
  async recordBreach(actor: RegistryActor, input: BreachFields): Promise<BreachView> {
    allow(actor);
    const fields = this.cleanBreach(input);
    const id = newId();
    await this.create(
      'breach',
      actor,
      id,
      fields,
      (repo, now) =>
        repo.insertBreach({ id, version: 1, ...breachColumns(fields), ...stamp(actor, now, true) }),
      (sealed, by) => ({
        type: 'breach.recorded',
        actor: { class: 'oversight', organisation: by.organisation },
        refs: { breach: sealed.recordHash, summary: sha256Hex(fields.summary) },
        agency: fields.agency,
        system: fields.system,
        status: fields.status,
        discoveredOn: fields.discoveredOn,
        occurredOn: fields.occurredOn,
        ownersNotifiedOn: fields.ownersNotifiedOn,
        counts: { recordsAffected: fields.recordsAffected },
      }),
    );
    return this.breach(id);
  }

  /** Change a breach's record: its status, the owners' notice, the remediation (oversight). */
  async updateBreach(actor: RegistryActor, id: string, patch: Partial<BreachFields>): Promise<BreachView> {
    allow(actor);
    const current = await this.breach(id);
    const notified = patch.ownersNotified ?? current.ownersNotified;
    const fields = this.cleanBreach({
      discoveredOn: patch.discoveredOn ?? current.discoveredOn,
      occurredOn: patch.occurredOn === undefined ? current.occurredOn : patch.occurredOn,
      agency: patch.agency === undefined ? current.agency : patch.agency,
      system: patch.system ?? current.system,
      recordsAffected: patch.recordsAffected ?? current.recordsAffected,
      ownersNotified: notified,
      // Saying the owners were not notified clears the date; saying they were keeps a date given before.
      ownersNotifiedOn:
        patch.ownersNotifiedOn !== undefined
          ? patch.ownersNotifiedOn
          : notified
            ? current.ownersNotifiedOn
            : null,
      summary: patch.summary ?? current.summary,
      remediation: patch.remediation === undefined ? current.remediation : patch.remediation,
      status: patch.status ?? current.status,
    });
    if (sameFields(fields, current)) return current;
    await this.change(
      'breach',
      actor,
      current,
      fields,
      (repo, version, now) =>
        repo.updateBreach(id, current.version, {
          version,
          ...breachColumns(fields),
          ...stamp(actor, now, false),
        }),
      (sealed, by, version) => ({
        type: 'breach.updated',
        actor: { class: 'oversight', organisation: by.organisation },
        refs: { breach: sealed.recordHash, previous: current.recordHash, summary: sha256Hex(fields.summary) },
        agency: fields.agency,
        system: fields.system,
        status: fields.status,
        ownersNotifiedOn: fields.ownersNotifiedOn,
        counts: { version, recordsAffected: fields.recordsAffected },
      }),
    );
    return this.breach(id);
  }

  /** Every breach, newest discovery first. */
  async breaches(): Promise<BreachSummary[]> {
    const [rows, latest] = await Promise.all([
      this.repo.breaches(),
      this.repo.versions.latestVersions('breach'),
    ]);
    return rows.map((r) => breachSummary(r, latest.get(r.id)));
  }

  /** One breach with its versions. */
  async breach(id: string): Promise<BreachView> {
    const r = await this.repo.breach(id);
    if (!r) throw new AppError('ERR_NOT_FOUND', 'There is no breach with that id.');
    const versions = await this.repo.versions.versions('breach', id);
    return { ...breachSummary(r, versions.at(-1)), ...history(versions) };
  }

  // Internals

  /** Write a new record and its first version, with its log entry, in one transaction. */
  private async create(
    kind: RegistryKind,
    actor: RegistryActor,
    id: string,
    fields: ComplaintFields | AuditFields | ViolationFields | BreachFields,
    insert: (repo: OversightRepository, now: string) => Promise<void>,
    entry: MakeEntry,
  ): Promise<void> {
    const now = this.iso();
    const enteredBy = enteredByOf(actor);
    const sealed = sealVersion(kind, { id, version: 1, previous: null, recordedAt: now, enteredBy }, fields);
    await this.repo.transaction(async (repo, trx) => {
      await insert(repo, now);
      await appendAndKeep(
        this.log,
        repo.versions,
        trx,
        kind,
        id,
        1,
        sealed,
        now,
        entry(sealed, enteredBy, 1),
      );
    });
  }

  /** Write a new version of a record, chained to the current one, with its log entry, in one transaction. */
  private async change(
    kind: RegistryKind,
    actor: RegistryActor,
    current: { id: string; version: number; recordHash: string },
    fields: ComplaintFields | AuditFields | ViolationFields | BreachFields,
    update: (repo: OversightRepository, version: number, now: string) => Promise<boolean>,
    entry: MakeEntry,
  ): Promise<void> {
    const version = current.version + 1;
    const now = this.iso();
    const enteredBy = enteredByOf(actor);
    const sealed = sealVersion(
      kind,
      { id: current.id, version, previous: current.recordHash, recordedAt: now, enteredBy },
      fields,
    );
    await this.repo.transaction(async (repo, trx) => {
      if (!(await update(repo, version, now)))
        throw new AppError('ERR_CONFLICT', `The ${kind} was changed meanwhile; reload it and try again.`);
      await appendAndKeep(
        this.log,
        repo.versions,
        trx,
        kind,
        current.id,
        version,
        sealed,
        now,
        entry(sealed, enteredBy, version),
      );
    });
  }

  /** The current record hash of the audit a violation refers to (null for none); an unknown audit is refused. */
  private async auditHash(auditId: string | null): Promise<string | null> {
    if (auditId === null) return null;
    const latest = await this.repo.versions.versions('audit', auditId);
    const last = latest.at(-1);
    if (!last) throw new AppError('ERR_VALIDATION', 'There is no audit with that id.');
    return last.recordHash;
  }

  private notAfterToday(what: string, day: string | null): void {
    if (day !== null && day > this.latestDay())
      throw new AppError('ERR_VALIDATION', `${what} is in the future.`);
  }

  private cleanComplaint(f: ComplaintFields): ComplaintFields {
    const out: ComplaintFields = {
      receivedOn: f.receivedOn,
      agency: organisation(f.agency),
      category: f.category,
      summary: f.summary.trim(),
      status: f.status,
      outcome: optionalText(f.outcome),
      closedOn: f.closedOn ?? null,
    };
    publicText('The summary', out.summary);
    publicText('The outcome', out.outcome);
    this.notAfterToday('The date received', out.receivedOn);
    this.notAfterToday('The closing date', out.closedOn);
    if (out.closedOn !== null && !FINAL_COMPLAINT_STATUSES.includes(out.status))
      throw new AppError(
        'ERR_VALIDATION',
        'Only a sustained, not sustained, withdrawn or closed complaint has a closing date.',
      );
    checkOrder(out.receivedOn, out.closedOn, 'A complaint cannot close before it was received.');
    return out;
  }

  private cleanAudit(f: AuditFields): AuditFields {
    const out: AuditFields = {
      auditor: f.auditor.trim(),
      agency: organisation(f.agency),
      periodFrom: f.periodFrom,
      periodTo: f.periodTo,
      auditedOn: f.auditedOn,
      findings: f.findings,
      violations: f.violations,
      summary: f.summary.trim(),
      reportSha256: f.reportSha256 ? f.reportSha256.toLowerCase() : null,
    };
    publicText('The summary', out.summary);
    checkOrder(out.periodFrom, out.periodTo, 'The period audited cannot end before it starts.');
    checkOrder(out.periodFrom, out.auditedOn, 'An audit cannot be dated before the period it covers starts.');
    this.notAfterToday('The audit date', out.auditedOn);
    for (const n of [out.findings, out.violations])
      if (!Number.isSafeInteger(n) || n < 0)
        throw new AppError('ERR_VALIDATION', 'Counts are whole numbers.');
    return out;
  }

  private cleanViolation(f: ViolationFields): ViolationFields {
    const out: ViolationFields = {
      auditId: f.auditId ?? null,
      agency: organisation(f.agency),
      category: f.category,
      clause: f.clause?.trim() || null,
      occurredOn: f.occurredOn,
      summary: f.summary.trim(),
      correctiveAction: optionalText(f.correctiveAction),
      correctedOn: f.correctedOn ?? null,
    };
    publicText('The summary', out.summary);
    publicText('The corrective action', out.correctiveAction);
    this.notAfterToday('The date of the violation', out.occurredOn);
    this.notAfterToday('The date it was corrected', out.correctedOn);
    checkOrder(out.occurredOn, out.correctedOn, 'A violation cannot be corrected before it happened.');
    if (out.correctedOn !== null && out.correctiveAction === null)
      throw new AppError(
        'ERR_VALIDATION',
        'Describe the corrective action when giving the date it was taken.',
      );
    return out;
  }

  private cleanBreach(f: BreachFields): BreachFields {
    const out: BreachFields = {
      discoveredOn: f.discoveredOn,
      occurredOn: f.occurredOn ?? null,
      agency: organisation(f.agency),
      system: f.system,
      recordsAffected: f.recordsAffected,
      ownersNotified: f.ownersNotified,
      ownersNotifiedOn: f.ownersNotifiedOn ?? null,
      summary: f.summary.trim(),
      remediation: optionalText(f.remediation),
      status: f.status,
    };
    publicText('The summary', out.summary);
    publicText('The remediation', out.remediation);
    this.notAfterToday('The date discovered', out.discoveredOn);
    this.notAfterToday('The date the owners were notified', out.ownersNotifiedOn);
    checkOrder(
      out.occurredOn ?? out.discoveredOn,
      out.discoveredOn,
      'A breach cannot be discovered before it happened.',
    );
    if (out.ownersNotified !== (out.ownersNotifiedOn !== null))
      throw new AppError('ERR_VALIDATION', 'Give the date the owners were notified exactly when they were.');
    checkOrder(
      out.occurredOn ?? '0000-01-01',
      out.ownersNotifiedOn,
      'Owners cannot be notified before the breach happened.',
    );
    if (!Number.isSafeInteger(out.recordsAffected) || out.recordsAffected < 0)
      throw new AppError('ERR_VALIDATION', 'Records affected is a whole number.');
    return out;
  }
}

function allow(actor: RegistryActor): void {
  const decision = mayEnterOversightRecord(actor);
  if (!decision.allowed) throw new AppError(decision.code);
}

function enteredByOf(actor: RegistryActor): EnteredBy {
  return { class: 'oversight', organisation: actor.organisation };
}

/** Text shown to the public: hashable, and without obvious personal data. */
function publicText(what: string, text: string | null): void {
  if (text === null) return;
  if (!text) throw new AppError('ERR_VALIDATION', `${what} is empty.`);
  if (text.length > MAX_REGISTER_TEXT)
    throw new AppError('ERR_VALIDATION', `${what} is longer than ${MAX_REGISTER_TEXT} characters.`);
  const problem = textProblem(text) ?? personalDataProblem(text);
  if (problem)
    throw new AppError(
      'ERR_VALIDATION',
      `${what} ${problem}. Registers are public: describe what happened without identifying residents.`,
    );
}

function optionalText(text: string | null | undefined): string | null {
  return text?.trim() || null;
}

function organisation(name: string | null | undefined): string | null {
  return name?.trim() || null;
}

function checkOrder(first: string, last: string | null, message: string): void {
  if (last !== null && last < first) throw new AppError('ERR_VALIDATION', message);
}

function stamp(
  actor: RegistryActor,
  now: string,
  isNew: true,
): {
  entered_by_user: string;
  created_at: string;
  updated_at: string;
};
function stamp(
  actor: RegistryActor,
  now: string,
  isNew: false,
): { entered_by_user: string; updated_at: string };
function stamp(actor: RegistryActor, now: string, isNew: boolean) {
  return isNew
    ? { entered_by_user: actor.userId, created_at: now, updated_at: now }
    : { entered_by_user: actor.userId, updated_at: now };
}

function complaintColumns(f: ComplaintFields) {
  return {
    received_on: f.receivedOn,
    agency: f.agency,
    category: f.category,
    summary: f.summary,
    status: f.status,
    outcome: f.outcome,
    closed_on: f.closedOn,
  };
}

function auditColumns(f: AuditFields) {
  return {
    auditor: f.auditor,
    agency: f.agency,
    period_from: f.periodFrom,
    period_to: f.periodTo,
    audited_on: f.auditedOn,
    findings: f.findings,
    violations: f.violations,
    summary: f.summary,
    report_sha256: f.reportSha256,
  };
}

function violationColumns(f: ViolationFields) {
  return {
    audit_id: f.auditId,
    agency: f.agency,
    category: f.category,
    clause: f.clause,
    occurred_on: f.occurredOn,
    summary: f.summary,
    corrective_action: f.correctiveAction,
    corrected_on: f.correctedOn,
  };
}

function breachColumns(f: BreachFields) {
  return {
    discovered_on: f.discoveredOn,
    occurred_on: f.occurredOn,
    agency: f.agency,
    system: f.system,
    records_affected: f.recordsAffected,
    owners_notified: f.ownersNotified ? 1 : 0,
    owners_notified_on: f.ownersNotifiedOn,
    summary: f.summary,
    remediation: f.remediation,
    status: f.status,
  };
}

function complaintSummary(r: ComplaintRow, latest: Latest): ComplaintSummary {
  return {
    ...recordMeta(r, latest, 'register'),
    receivedOn: r.received_on,
    agency: r.agency,
    category: r.category as ComplaintCategory,
    summary: r.summary,
    status: r.status as ComplaintStatus,
    outcome: r.outcome,
    closedOn: r.closed_on,
  };
}

function auditSummary(r: AuditRow, latest: Latest): AuditSummary {
  return {
    ...recordMeta(r, latest, 'register'),
    auditor: r.auditor,
    agency: r.agency,
    periodFrom: r.period_from,
    periodTo: r.period_to,
    auditedOn: r.audited_on,
    findings: Number(r.findings),
    violations: Number(r.violations),
    summary: r.summary,
    reportSha256: r.report_sha256,
  };
}

function violationSummary(r: ViolationRow, latest: Latest): ViolationSummary {
  return {
    ...recordMeta(r, latest, 'register'),
    auditId: r.audit_id,
    agency: r.agency,
    category: r.category as ViolationCategory,
    clause: r.clause,
    occurredOn: r.occurred_on,
    summary: r.summary,
    correctiveAction: r.corrective_action,
    correctedOn: r.corrected_on,
  };
}

function breachSummary(r: BreachRow, latest: Latest): BreachSummary {
  return {
    ...recordMeta(r, latest, 'register'),
    discoveredOn: r.discovered_on,
    occurredOn: r.occurred_on,
    agency: r.agency,
    system: r.system as BreachSystem,
    recordsAffected: Number(r.records_affected),
    ownersNotified: Number(r.owners_notified) === 1,
    ownersNotifiedOn: r.owners_notified_on,
    summary: r.summary,
    remediation: r.remediation,
    status: r.status as BreachStatus,
  };
}

function history(versions: VersionRow[]): History {
  return { enteredBy: lastEnteredBy(versions, 'register'), versions: versions.map(versionView) };
}
