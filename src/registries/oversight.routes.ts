import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import type { App } from '../http/app.js';
import { DateTime, Nullable, Strict, Uuid } from '../http/schemas.js';
import {
  BREACH_STATUSES,
  BREACH_SYSTEMS,
  COMPLAINT_CATEGORIES,
  COMPLAINT_STATUSES,
  OrganisationName,
  VIOLATION_CATEGORIES,
} from '../transparency/entries.js';
import { MAX_REGISTER_TEXT, type OversightRegistersService } from './oversight.service.js';
import type { RegistryActor } from './registries.policy.js';

const literals = <T extends string>(values: readonly T[], description?: string) =>
  Type.Union(
    values.map((v) => Type.Literal(v)),
    description ? { description } : {},
  );

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
const Hash = Type.String({ description: 'SHA-256 of the version’s canonical JSON, lowercase hex' });
const Id = Type.Object({ id: Uuid });

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

// A change names only the fields it changes, and at least one; unknown fields are still refused.
const partial = <T extends Parameters<typeof Strict>[0]>(props: T) =>
  Type.Partial(Strict(props), { additionalProperties: false, minProperties: 1 });

const Meta = {
  id: Uuid,
  version: Type.Integer(),
  recordHash: Hash,
  entryIndex: Type.Integer({ description: 'Index of the log entry of the current version' }),
  createdAt: DateTime,
  updatedAt: DateTime,
};
const History = {
  enteredBy: Type.Object({ class: Type.String(), organisation: Nullable(Type.String()) }),
  versions: Type.Array(
    Type.Object({
      version: Type.Integer(),
      recordHash: Hash,
      entryIndex: Type.Integer({ description: 'Index of the log entry that recorded this version' }),
      recordedAt: DateTime,
      canonical: Type.String({ description: 'The RFC 8785 canonical JSON whose SHA-256 is recordHash' }),
    }),
  ),
};
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

function actorOf(req: FastifyRequest): RegistryActor {
  const user = req.auth!.user;
  return { userId: user.id, role: user.role, organisation: user.organisation };
}

/**
 * Oversight's registers over HTTP (C6): complaints, audits, violations and breaches. Anyone reads them without
 * signing in; only oversight enters and updates them (not the instance admin, not agencies). Every write is a
 * public log entry in the same transaction.
 */
export function oversightRoutes(registers: OversightRegistersService) {
  return (app: App): void => {
    for (const s of [ComplaintView, AuditView, ViolationView, BreachView]) app.addSchema(s);
    const write = (what: string) => ({
      config: { access: ['oversight' as const] },
      tags: ['registries'],
      summary: `Record ${what}; the record is a public log entry`,
      description:
        'Oversight only (the independent body: not the instance admin, not agencies). The log entry holds dates, ' +
        'categories, the status, the public body concerned, counts and hashes, never the text. The text is public ' +
        'registry content: an email address, phone number or street address in it is refused with ERR_VALIDATION.',
    });
    const update = (noun: string) =>
      `Update ${noun}: a new version, chained to the previous one in the public log`;
    const readOne = (noun: string) => `One ${noun} and every version as hashed into the log`;

    // Complaints

    const ComplaintRef = Type.Ref(ComplaintView);
    const complaintWrite = write('a complaint about the technology’s use (never the complainant)');
    app.post(
      '/api/v1/registries/complaints',
      {
        config: complaintWrite.config,
        schema: {
          tags: complaintWrite.tags,
          summary: complaintWrite.summary,
          description: complaintWrite.description,
          body: Strict(ComplaintFieldsSchema),
          response: { 201: ComplaintRef },
        },
      },
      async (req, reply) =>
        reply.code(201).send(
          await registers.recordComplaint(actorOf(req), {
            ...req.body,
            outcome: req.body.outcome ?? null,
            closedOn: req.body.closedOn ?? null,
          }),
        ),
    );
    app.patch(
      '/api/v1/registries/complaints/:id',
      {
        config: complaintWrite.config,
        schema: {
          tags: complaintWrite.tags,
          summary: update('a complaint’s status, outcome or details'),
          params: Id,
          body: partial(ComplaintFieldsSchema),
          response: { 200: ComplaintRef },
        },
      },
      (req) => registers.updateComplaint(actorOf(req), req.params.id, req.body),
    );
    app.get(
      '/api/v1/public/complaints',
      {
        config: { access: 'public' },
        schema: {
          tags: ['public'],
          summary:
            'Complaints about the technology’s use, as oversight recorded them (never the complainant)',
          response: { 200: Type.Object({ complaints: Type.Array(Type.Object(ComplaintProps)) }) },
        },
      },
      async () => ({ complaints: await registers.complaints() }),
    );
    app.get(
      '/api/v1/public/complaints/:id',
      {
        config: { access: 'public' },
        schema: {
          tags: ['public'],
          summary: readOne('complaint'),
          params: Id,
          response: { 200: ComplaintRef },
        },
      },
      (req) => registers.complaint(req.params.id),
    );

    // Audits

    const AuditRef = Type.Ref(AuditView);
    const auditWrite = write('an audit of the technology’s use: auditor, period, findings and violations');
    app.post(
      '/api/v1/registries/audits',
      {
        config: auditWrite.config,
        schema: {
          tags: auditWrite.tags,
          summary: auditWrite.summary,
          description: auditWrite.description,
          body: Strict(AuditFieldsSchema),
          response: { 201: AuditRef },
        },
      },
      async (req, reply) =>
        reply.code(201).send(
          await registers.recordAudit(actorOf(req), {
            ...req.body,
            reportSha256: req.body.reportSha256 ?? null,
          }),
        ),
    );
    app.patch(
      '/api/v1/registries/audits/:id',
      {
        config: auditWrite.config,
        schema: {
          tags: auditWrite.tags,
          summary: update('an audit'),
          params: Id,
          body: partial(AuditFieldsSchema),
          response: { 200: AuditRef },
        },
      },
      (req) => registers.updateAudit(actorOf(req), req.params.id, req.body),
    );
    app.get(
      '/api/v1/public/audits',
      {
        config: { access: 'public' },
        schema: {
          tags: ['public'],
          summary: 'Audits of the technology’s use, with findings and violations counted',
          response: { 200: Type.Object({ audits: Type.Array(Type.Object(AuditProps)) }) },
        },
      },
      async () => ({ audits: await registers.audits() }),
    );
    app.get(
      '/api/v1/public/audits/:id',
      {
        config: { access: 'public' },
        schema: { tags: ['public'], summary: readOne('audit'), params: Id, response: { 200: AuditRef } },
      },
      (req) => registers.audit(req.params.id),
    );

    // Violations

    const ViolationRef = Type.Ref(ViolationView);
    const violationWrite = write('a violation of the use policy, with the audit that found it if any');
    app.post(
      '/api/v1/registries/violations',
      {
        config: violationWrite.config,
        schema: {
          tags: violationWrite.tags,
          summary: violationWrite.summary,
          description: violationWrite.description,
          body: Strict(ViolationFieldsSchema),
          response: { 201: ViolationRef },
        },
      },
      async (req, reply) =>
        reply.code(201).send(
          await registers.recordViolation(actorOf(req), {
            ...req.body,
            auditId: req.body.auditId ?? null,
            clause: req.body.clause ?? null,
            correctiveAction: req.body.correctiveAction ?? null,
            correctedOn: req.body.correctedOn ?? null,
          }),
        ),
    );
    app.patch(
      '/api/v1/registries/violations/:id',
      {
        config: violationWrite.config,
        schema: {
          tags: violationWrite.tags,
          summary: update('a violation (typically the corrective action taken)'),
          params: Id,
          body: partial(ViolationFieldsSchema),
          response: { 200: ViolationRef },
        },
      },
      (req) => registers.updateViolation(actorOf(req), req.params.id, req.body),
    );
    app.get(
      '/api/v1/public/violations',
      {
        config: { access: 'public' },
        schema: {
          tags: ['public'],
          summary: 'Violations of the use policy and the corrective action taken',
          response: { 200: Type.Object({ violations: Type.Array(Type.Object(ViolationProps)) }) },
        },
      },
      async () => ({ violations: await registers.violations() }),
    );
    app.get(
      '/api/v1/public/violations/:id',
      {
        config: { access: 'public' },
        schema: {
          tags: ['public'],
          summary: readOne('violation'),
          params: Id,
          response: { 200: ViolationRef },
        },
      },
      (req) => registers.violation(req.params.id),
    );

    // Breaches

    const BreachRef = Type.Ref(BreachView);
    const breachWrite = write('unauthorised access to data obtained through the system (a breach)');
    app.post(
      '/api/v1/registries/breaches',
      {
        config: breachWrite.config,
        schema: {
          tags: breachWrite.tags,
          summary: breachWrite.summary,
          description: breachWrite.description,
          body: Strict(BreachFieldsSchema),
          response: { 201: BreachRef },
        },
      },
      async (req, reply) =>
        reply.code(201).send(
          await registers.recordBreach(actorOf(req), {
            ...req.body,
            occurredOn: req.body.occurredOn ?? null,
            ownersNotifiedOn: req.body.ownersNotifiedOn ?? null,
            remediation: req.body.remediation ?? null,
          }),
        ),
    );
    app.patch(
      '/api/v1/registries/breaches/:id',
      {
        config: breachWrite.config,
        schema: {
          tags: breachWrite.tags,
          summary: update('a breach: its status, the owners’ notice, the remediation'),
          params: Id,
          body: partial(BreachFieldsSchema),
          response: { 200: BreachRef },
        },
      },
      (req) => registers.updateBreach(actorOf(req), req.params.id, req.body),
    );
    app.get(
      '/api/v1/public/breaches',
      {
        config: { access: 'public' },
        schema: {
          tags: ['public'],
          summary:
            'Data breaches: unauthorised access to data obtained through the system (counts, never owners)',
          response: { 200: Type.Object({ breaches: Type.Array(Type.Object(BreachProps)) }) },
        },
      },
      async () => ({ breaches: await registers.breaches() }),
    );
    app.get(
      '/api/v1/public/breaches/:id',
      {
        config: { access: 'public' },
        schema: { tags: ['public'], summary: readOne('breach'), params: Id, response: { 200: BreachRef } },
      },
      (req) => registers.breach(req.params.id),
    );
  };
}
