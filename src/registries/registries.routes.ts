import { Type } from '@sinclair/typebox';
import type { App } from '../http/app.js';
import { Nullable, Strict, Uuid } from '../http/schemas.js';
import { OrganisationName } from '../transparency/entries.js';
import { actorOf, EnteredBy, Hash, Id, literals, Meta, registerRoutes, Version } from './register-routes.js';
import type { RegistriesService } from './registries.service.js';
import { COMMUNICATION_MEDIA, VENDOR_INVOLVEMENT } from './registry-records.js';

/** A public body or company, as the log names organisations: no @ and no colon, so no email or URL fits. */
const OrgName = Type.String({
  pattern: OrganisationName.pattern,
  minLength: 1,
  maxLength: 100,
  description: "An organisation's name: letters, digits, spaces and . , & ' ( ) / - only",
});
/** An official role such as `Public Information Officer`; the same characters as an organisation's name. */
const RoleName = Type.String({
  pattern: OrganisationName.pattern,
  minLength: 1,
  maxLength: 100,
  description: "An official role (a title, not a person): letters, digits, spaces and . , & ' ( ) / - only",
});
const Day = Type.String({ format: 'date', description: 'A calendar date, YYYY-MM-DD' });
const Title = Type.String({ minLength: 1, maxLength: 300, pattern: '\\S' });
const FullText = (max: number, description: string) =>
  Type.String({ minLength: 1, maxLength: max, pattern: '\\S', description });
const Money = Type.Integer({
  minimum: 0,
  maximum: 1e15,
  description: 'Integer minor units of the currency (cents)',
});

const Party = Strict({
  name: OrgName,
  kind: literals(
    ['public_body', 'vendor', 'other'] as const,
    'Whether the party is a public body, a vendor or neither',
  ),
});
const Official = Strict({ organisation: OrgName, role: RoleName });
const Medium = literals(COMMUNICATION_MEDIA);
const Involvement = literals(VENDOR_INVOLVEMENT, 'How far a vendor had a hand in the statement');

const AgreementFieldsSchema = {
  title: Title,
  parties: Type.Array(Party, { minItems: 1, maxItems: 20 }),
  signedOn: Day,
  effectiveOn: Day,
  expiresOn: Type.Optional(Nullable(Day)),
  text: FullText(200_000, 'The full text of the agreement, as signed'),
};
const SubsidyFieldsSchema = {
  name: Title,
  funder: OrgName,
  vendor: OrgName,
  currency: Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217 code, e.g. USD' }),
  amountCents: Money,
  discountCentsPerUnit: Money,
  units: Type.Integer({ minimum: 1, maximum: 1e9, description: 'Units the programme subsidises' }),
  vendorMatchCents: Money,
  startsOn: Day,
  endsOn: Type.Optional(Nullable(Day)),
  terms: FullText(100_000, 'The programme’s published terms (the resolution or document that set it up)'),
};
const CommunicationFieldsSchema = {
  title: Title,
  body: FullText(100_000, 'The full text of the statement as issued'),
  issuedOn: Day,
  medium: Medium,
  author: Official,
  editors: Type.Array(Official, { maxItems: 50 }),
  vendorInvolvement: Involvement,
  vendor: Type.Optional(Nullable(OrgName)),
};

const FlaggedClauseSchema = Type.Object({
  start: Type.Integer({ description: 'Offset of the clause in the text (UTF-16 code units)' }),
  end: Type.Integer(),
  text: Type.String(),
  approver: Type.String({ description: 'The words naming who must approve' }),
  approverKind: literals(['vendor', 'mutual', 'named'] as const),
  statement: Type.String({ description: 'The kind of statement the approval covers, as written' }),
});
const AgreementSummarySchema = Type.Object({
  ...Meta,
  title: Type.String(),
  parties: Type.Array(Type.Object({ name: Type.String(), kind: Type.String() })),
  signedOn: Type.String(),
  effectiveOn: Type.String(),
  expiresOn: Nullable(Type.String()),
  vendorApprovalOfStatements: Type.Boolean({
    description: 'A clause gives a vendor approval over official statements',
  }),
  flaggedClauseCount: Type.Integer(),
});
const AgreementViewSchema = Type.Object(
  {
    ...AgreementSummarySchema.properties,
    text: Type.String(),
    flaggedClauses: Type.Array(FlaggedClauseSchema),
    enteredBy: EnteredBy,
    versions: Type.Array(Version),
  },
  { $id: 'Agreement' },
);
const ProgrammeSummaryProps = {
  ...Meta,
  name: Type.String(),
  funder: Type.String(),
  vendor: Type.String(),
  currency: Type.String(),
  amountCents: Type.Integer(),
  discountCentsPerUnit: Type.Integer(),
  units: Type.Integer(),
  vendorMatchCents: Type.Integer(),
  startsOn: Type.String(),
  endsOn: Nullable(Type.String()),
  unitsDisbursed: Type.Integer(),
  amountDisbursedCents: Type.Integer(),
};
const ProgrammeViewSchema = Type.Object(
  {
    ...ProgrammeSummaryProps,
    terms: Type.String(),
    enteredBy: EnteredBy,
    k: Type.Integer({ description: 'Cells with fewer units are left out' }),
    cells: Type.Array(
      Type.Object({ cell: Type.String(), units: Type.Integer(), amountCents: Type.Integer() }),
    ),
    suppressedCells: Type.Integer(),
    versions: Type.Array(Version),
  },
  { $id: 'SubsidyProgramme' },
);
const CommunicationSummaryProps = {
  ...Meta,
  title: Type.String(),
  issuedOn: Type.String(),
  medium: Type.String(),
  author: Type.Object({ organisation: Type.String(), role: Type.String() }),
  editors: Type.Array(Type.Object({ organisation: Type.String(), role: Type.String() })),
  vendorInvolvement: Type.String(),
  vendor: Nullable(Type.String()),
};
const CommunicationViewSchema = Type.Object(
  {
    ...CommunicationSummaryProps,
    body: Type.String(),
    enteredBy: EnteredBy,
    versions: Type.Array(Version),
  },
  { $id: 'Communication' },
);

/**
 * The public registries over HTTP (C3–C5): anyone reads them without signing in; oversight, the instance admin
 * (agreements it is party to) and agency admins (their own statements) enter them. Every write is a log entry.
 */
export function registriesRoutes(registries: RegistriesService) {
  return (app: App): void => {
    app.addSchema(AgreementViewSchema);
    app.addSchema(ProgrammeViewSchema);
    app.addSchema(CommunicationViewSchema);

    registerRoutes(app, {
      path: 'agreements',
      access: ['oversight', 'admin'],
      view: AgreementViewSchema,
      fields: AgreementFieldsSchema,
      create: {
        summary: 'Record a partnership agreement with its full text; the record is a public log entry',
        description:
          'Oversight records any agreement; the instance admin only those the operator (PORCHLIGHT_OPERATOR_NAME) is party to. ' +
          'Clauses giving a vendor approval over official statements are flagged.',
      },
      amendSummary: 'Amend an agreement: a new version, chained to the previous one in the public log',
      list: {
        key: 'agreements',
        summary: 'Partnership agreements in the registry, with their record hashes and flags',
        item: AgreementSummarySchema,
      },
      readSummary: 'One agreement: full text, flagged clauses, and every version as hashed into the log',
      record: (actor, body) =>
        registries.recordAgreement(actor, { ...body, expiresOn: body.expiresOn ?? null }),
      amend: (actor, id, body) => registries.amendAgreement(actor, id, body),
      all: () => registries.agreements(),
      one: (id) => registries.agreement(id),
    });

    registerRoutes(app, {
      path: 'subsidies',
      access: ['oversight'],
      view: ProgrammeViewSchema,
      fields: SubsidyFieldsSchema,
      create: {
        summary: 'Record a subsidy programme: funder, amount, discount per unit, units, vendor match',
      },
      amendSummary: "Amend a subsidy programme's terms or totals",
      list: {
        key: 'programmes',
        summary: 'Subsidy programmes with their totals and what has been disbursed',
        item: Type.Object(ProgrammeSummaryProps),
      },
      readSummary: 'One subsidy programme: terms, units per coarse cell (cells under k left out), versions',
      record: (actor, body) => registries.recordProgramme(actor, { ...body, endsOn: body.endsOn ?? null }),
      amend: (actor, id, body) => registries.amendProgramme(actor, id, body),
      all: () => registries.programmes(),
      one: (id) => registries.programme(id),
      more: () =>
        app.post(
          '/api/v1/registries/subsidies/:id/disbursements',
          {
            config: { access: ['oversight'] },
            schema: {
              tags: ['registries'],
              summary: 'Record subsidised units handed out, as counts per coarse H3 cell (never an address)',
              description:
                "Cells must be at the community's resolution (PORCHLIGHT_CELL_RESOLUTION); a finer cell is refused with ERR_CELL_RESOLUTION. " +
                'The log entry holds totals and a salted commitment to the cells.',
              params: Id,
              body: Strict({
                disbursedOn: Day,
                cells: Type.Array(
                  Strict({
                    cell: Type.String({ pattern: '^[0-9a-fA-F]{15}$', description: 'H3 cell index' }),
                    units: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
                  }),
                  { minItems: 1, maxItems: 2000 },
                ),
              }),
              response: {
                201: Type.Object({
                  batchId: Uuid,
                  programmeId: Uuid,
                  disbursedOn: Type.String(),
                  units: Type.Integer(),
                  cells: Type.Integer(),
                  amountCents: Type.Integer(),
                  commitment: Hash,
                  entryIndex: Type.Integer(),
                }),
              },
            },
          },
          async (req, reply) =>
            reply.code(201).send(await registries.recordDisbursements(actorOf(req), req.params.id, req.body)),
        ),
    });

    registerRoutes(app, {
      path: 'communications',
      access: ['oversight', 'agency_admin'],
      view: CommunicationViewSchema,
      fields: CommunicationFieldsSchema,
      create: {
        summary: 'Record an official statement with its author, editors and any vendor involvement',
        description:
          "An agency admin records its own agency's statements (author.organisation is the agency); oversight records any.",
      },
      amendSummary:
        'Amend an official statement (a correction, an editor or vendor involvement disclosed later)',
      list: {
        key: 'communications',
        summary: 'Official communications in the registry, with vendor involvement',
        item: Type.Object(CommunicationSummaryProps),
      },
      readSummary: 'One official communication: full text, author, editors, vendor involvement, versions',
      record: (actor, body) =>
        registries.recordCommunication(actor, { ...body, vendor: body.vendor ?? null }),
      amend: (actor, id, body) => registries.amendCommunication(actor, id, body),
      all: () => registries.communications(),
      one: (id) => registries.communication(id),
    });
  };
}
