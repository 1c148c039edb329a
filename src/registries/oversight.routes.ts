import { Type } from '@sinclair/typebox';
import type { App } from '../http/app.js';
import { Nullable } from '../http/schemas.js';
import {
  BREACH_STATUSES,
  BREACH_SYSTEMS,
  COMPLAINT_CATEGORIES,
  COMPLAINT_STATUSES,
  OrganisationName,
  VIOLATION_CATEGORIES,
} from '../transparency/entries.js';
import { MAX_REGISTER_TEXT, type OversightRegistersService } from './oversight.service.js';
import { EnteredBy, literals, Meta, registerRoutes, Version } from './register-routes.js';

/** A public body, as the log names organisations: no @ and no colon, so no email or URL fits. */
const OrgName = (description: string) =>
  Type.String({ pattern: OrganisationName.pattern, minLength: 1, maxLength: 100, description });
const Day = (description: string) =>
  Type.String({ format: 'date', description: `${description}, YYYY-MM-DD` });
const PublicText = (description: string) =>
  Type.String({
    minLength: 1,
    maxLength: MAX_REGISTER_TEXT,
    pattern: '\\S',
    description: `${description}. Public: it must not identify residents (an email address, phone number or street address is refused).`,
  });
const Count = (description: string) => Type.Integer({ minimum: 0, maximum: 1_000_000_000, description });

const ComplaintFieldsSchema = {
  receivedOn: Day('When oversight received the complaint'),
  agency: Nullable(OrgName('The agency the complaint concerns; null when none')),
  category: literals(COMPLAINT_CATEGORIES, 'What the complaint is about'),
  summary: PublicText('Oversight’s public summary of the complaint'),
  status: literals(COMPLAINT_STATUSES, 'Where the complaint stands'),
  outcome: Type.Optional(Nullable(PublicText('The outcome and any action taken'))),
  closedOn: Type.Optional(
    Nullable(Day('When the complaint was decided, withdrawn or closed (final statuses only)')),
  ),
};
const AuditFieldsSchema = {
  auditor: OrgName('The organisation that carried out the audit'),
  agency: Nullable(OrgName('The agency audited; null for the whole programme')),
  periodFrom: Day('First day of the period audited'),
  periodTo: Day('Last day of the period audited'),
  auditedOn: Day('Date of the audit report'),
  findings: Count('Findings in the audit'),
  violations: Count('Use policy violations the audit found'),
  summary: PublicText('Public summary of the audit'),
  reportSha256: Type.Optional(
    Nullable(
      Type.String({
        pattern: '^[0-9a-fA-F]{64}$',
        description: 'SHA-256 (hex) of the published audit report document',
      }),
    ),
  ),
};
const ViolationFieldsSchema = {
  auditId: Type.Optional(Nullable(Type.String({ format: 'uuid', description: 'The audit that found it' }))),
  agency: Nullable(OrgName('The agency that broke the policy; null when none')),
  category: literals(VIOLATION_CATEGORIES, 'What kind of violation it was'),
  clause: Type.Optional(
    Nullable(
      Type.String({
        pattern: '^[A-Za-z0-9§][A-Za-z0-9§ .,()/-]{0,39}$',
        description: 'The use policy clause broken, as the policy numbers it, e.g. 4.2(b)',
      }),
    ),
  ),
  occurredOn: Day('When the violation happened'),
  summary: PublicText('Public summary of the violation'),
  correctiveAction: Type.Optional(Nullable(PublicText('The corrective action taken'))),
  correctedOn: Type.Optional(Nullable(Day('When the corrective action was taken'))),
};
const BreachFieldsSchema = {
  discoveredOn: Day('When the breach was discovered'),
  occurredOn: Type.Optional(Nullable(Day('When it happened, if known'))),
  agency: Nullable(OrgName('The agency whose access or system was concerned; null when none')),
  system: literals(BREACH_SYSTEMS, 'The system the unauthorised access reached'),
  recordsAffected: Count('Records or clips reached'),
  ownersNotified: Type.Boolean({ description: 'Whether the owners of the affected records were notified' }),
  ownersNotifiedOn: Type.Optional(Nullable(Day('When the owners were notified (exactly when they were)'))),
  summary: PublicText('Public summary of what happened'),
  remediation: Type.Optional(Nullable(PublicText('What was done about it'))),
  status: literals(BREACH_STATUSES, 'Where the handling of the breach stands'),
};

const History = { enteredBy: EnteredBy, versions: Type.Array(Version) };
const S = Type.String();
const NS = Nullable(Type.String());
const ComplaintProps = {
  ...Meta,
  receivedOn: S,
  agency: NS,
  category: S,
  summary: S,
  status: S,
  outcome: NS,
  closedOn: NS,
};
const AuditProps = {
  ...Meta,
  auditor: S,
  agency: NS,
  periodFrom: S,
  periodTo: S,
  auditedOn: S,
  findings: Type.Integer(),
  violations: Type.Integer(),
  summary: S,
  reportSha256: NS,
};
const ViolationProps = {
  ...Meta,
  auditId: NS,
  agency: NS,
  category: S,
  clause: NS,
  occurredOn: S,
  summary: S,
  correctiveAction: NS,
  correctedOn: NS,
};
const BreachProps = {
  ...Meta,
  discoveredOn: S,
  occurredOn: NS,
  agency: NS,
  system: S,
  recordsAffected: Type.Integer(),
  ownersNotified: Type.Boolean(),
  ownersNotifiedOn: NS,
  summary: S,
  remediation: NS,
  status: S,
};
const ComplaintView = Type.Object({ ...ComplaintProps, ...History }, { $id: 'Complaint' });
const AuditView = Type.Object({ ...AuditProps, ...History }, { $id: 'Audit' });
const ViolationView = Type.Object({ ...ViolationProps, ...History }, { $id: 'Violation' });
const BreachView = Type.Object({ ...BreachProps, ...History }, { $id: 'Breach' });

/**
 * Oversight's registers over HTTP (C6): complaints, audits, violations and breaches. Anyone reads them without
 * signing in; only oversight enters and updates them (not the instance admin, not agencies). Every write is a
 * public log entry in the same transaction.
 */
export function oversightRoutes(registers: OversightRegistersService) {
  return (app: App): void => {
    for (const s of [ComplaintView, AuditView, ViolationView, BreachView]) app.addSchema(s);
    const access = ['oversight' as const];
    const create = (what: string) => ({
      summary: `Record ${what}; the record is a public log entry`,
      description:
        'Oversight only (the independent body: not the instance admin, not agencies). The log entry holds dates, ' +
        'categories, the status, the public body concerned, counts and hashes, never the text. The text is public ' +
        'registry content: an email address, phone number or street address in it is refused with ERR_VALIDATION.',
    });
    const update = (noun: string) =>
      `Update ${noun}: a new version, chained to the previous one in the public log`;
    const readOne = (noun: string) => `One ${noun} and every version as hashed into the log`;

    registerRoutes(app, {
      path: 'complaints',
      access,
      view: ComplaintView,
      fields: ComplaintFieldsSchema,
      create: create('a complaint about the technology’s use (never the complainant)'),
      amendSummary: update('a complaint’s status, outcome or details'),
      list: {
        key: 'complaints',
        summary: 'Complaints about the technology’s use, as oversight recorded them (never the complainant)',
        item: Type.Object(ComplaintProps),
      },
      readSummary: readOne('complaint'),
      record: (actor, body) =>
        registers.recordComplaint(actor, {
          ...body,
          outcome: body.outcome ?? null,
          closedOn: body.closedOn ?? null,
        }),
      amend: (actor, id, body) => registers.updateComplaint(actor, id, body),
      all: () => registers.complaints(),
      one: (id) => registers.complaint(id),
    });

    registerRoutes(app, {
      path: 'audits',
      access,
      view: AuditView,
      fields: AuditFieldsSchema,
      create: create('an audit of the technology’s use: auditor, period, findings and violations'),
      amendSummary: update('an audit'),
      list: {
        key: 'audits',
        summary: 'Audits of the technology’s use, with findings and violations counted',
        item: Type.Object(AuditProps),
      },
      readSummary: readOne('audit'),
      record: (actor, body) =>
        registers.recordAudit(actor, { ...body, reportSha256: body.reportSha256 ?? null }),
      amend: (actor, id, body) => registers.updateAudit(actor, id, body),
      all: () => registers.audits(),
      one: (id) => registers.audit(id),
    });

    registerRoutes(app, {
      path: 'violations',
      access,
      view: ViolationView,
      fields: ViolationFieldsSchema,
      create: create('a violation of the use policy, with the audit that found it if any'),
      amendSummary: update('a violation (typically the corrective action taken)'),
      list: {
        key: 'violations',
        summary: 'Violations of the use policy and the corrective action taken',
        item: Type.Object(ViolationProps),
      },
      readSummary: readOne('violation'),
      record: (actor, body) =>
        registers.recordViolation(actor, {
          ...body,
          auditId: body.auditId ?? null,
          clause: body.clause ?? null,
          correctiveAction: body.correctiveAction ?? null,
          correctedOn: body.correctedOn ?? null,
        }),
      amend: (actor, id, body) => registers.updateViolation(actor, id, body),
      all: () => registers.violations(),
      one: (id) => registers.violation(id),
    });

    registerRoutes(app, {
      path: 'breaches',
      access,
      view: BreachView,
      fields: BreachFieldsSchema,
      create: create('unauthorised access to data obtained through the system (a breach)'),
      amendSummary: update('a breach: its status, the owners’ notice, the remediation'),
      list: {
        key: 'breaches',
        summary:
          'Data breaches: unauthorised access to data obtained through the system (counts, never owners)',
        item: Type.Object(BreachProps),
      },
      readSummary: readOne('breach'),
      record: (actor, body) =>
        registers.recordBreach(actor, {
          ...body,
          occurredOn: body.occurredOn ?? null,
          ownersNotifiedOn: body.ownersNotifiedOn ?? null,
          remediation: body.remediation ?? null,
        }),
      amend: (actor, id, body) => registers.updateBreach(actor, id, body),
      all: () => registers.breaches(),
      one: (id) => registers.breach(id),
    });
  };
}
