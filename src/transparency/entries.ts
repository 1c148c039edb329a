// What may be written to the public log (E1, P8). Every entry type has a closed allow-list schema: an object
// with exactly the listed fields, whose strings are hashes, enumerations, short codes from a fixed list, a time,
// or the name of a public body. There is no field a sentence, a name, an email or an address fits in, so a
// domain cannot leak personal data into the log by accident; anything else is refused before it is hashed.
//
// Other domains extend the log by adding a line to ENTRY_TYPES, never by loosening the building blocks below.
import { createHash } from 'node:crypto';
import { Type, type Static, type TObject, type TProperties } from '@sinclair/typebox';
import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler';
import type { Role } from '../accounts/roles.js';
import { canonicalize } from './canonical-json.js';
import {
  BREACH_STATUSES,
  BREACH_SYSTEMS,
  COMPLAINT_CATEGORIES,
  COMPLAINT_STATUSES,
  VIOLATION_CATEGORIES,
} from './register-vocabulary.js';

/** Who acted, as a class: the log never names a person, and residents never appear in it. */
export const ACTOR_CLASSES = ['agency', 'oversight', 'instance', 'moderation'] as const;

/** One actor class. */
export type ActorClass = (typeof ACTOR_CLASSES)[number];

/** A reference to something by its SHA-256, lowercase hex: the log proves what was referred to without holding it. */
export const Sha256Hex = Type.String({ pattern: '^[0-9a-f]{64}$', minLength: 64, maxLength: 64 });

/** A count or an amount in minor units; never negative, always an exact integer. */
export const Count = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER });

/**
 * An identifier from a list the instance defines (an offence category, a moderation guideline): lowercase,
 * digits and underscores only, at most 40 characters, so it cannot hold a sentence, an email or an address.
 */
export const Code = Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$', minLength: 1, maxLength: 40 });

/** The entry's time: exactly what Date.prototype.toISOString writes, so one instant has one form. */
export const EntryTime = Type.String({
  pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{3}Z$',
  minLength: 24,
  maxLength: 24,
});

/**
 * The name of a public body (an agency, a council). Letters, digits, spaces and . , & ' ( ) / - only: no @ and
 * no colon, so neither an email nor a URL fits.
 */
export const OrganisationName = Type.String({
  pattern: "^[A-Za-z0-9\\u00C0-\\u024F][A-Za-z0-9\\u00C0-\\u024F .,&'()/-]{0,99}$",
  minLength: 1,
  maxLength: 100,
});

/** A calendar date, `YYYY-MM-DD`: when something happened, with no time of day. */
export const EntryDate = Type.String({
  pattern: '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$',
  minLength: 10,
  maxLength: 10,
});

// The closed lists of oversight's registers live in a module without dependencies, so the web app uses the same.
export {
  BREACH_STATUSES,
  BREACH_SYSTEMS,
  COMPLAINT_CATEGORIES,
  COMPLAINT_STATUSES,
  VIOLATION_CATEGORIES,
} from './register-vocabulary.js';

function closed<T extends TProperties>(properties: T): TObject<T> {
  return Type.Object(properties, { additionalProperties: false });
}

/** The actor of an entry: one of the given classes and the organisation it acted for (null for the instance). */
function actor<C extends ActorClass>(...classes: C[]) {
  return closed({
    class: Type.Union(classes.map((c) => Type.Literal(c))),
    organisation: Type.Union([OrganisationName, Type.Null()]),
  });
}

/** References by hash, all required. */
function refs<K extends string>(...names: K[]) {
  return closed(Object.fromEntries(names.map((n) => [n, Sha256Hex])) as { [P in K]: typeof Sha256Hex });
}

/** Counts, all required. */
function counts<K extends string>(...names: K[]) {
  return closed(Object.fromEntries(names.map((n) => [n, Count])) as { [P in K]: typeof Count });
}

/** One of a fixed list of values. */
function oneOf<V extends string>(...values: V[]) {
  return Type.Union(values.map((v) => Type.Literal(v)));
}

/** An entry of one type: its type, its time, and the type's own fields, nothing else. */
function entry<N extends string, T extends TProperties>(type: N, properties: T) {
  return closed({ type: Type.Literal(type), time: EntryTime, ...properties });
}

/**
 * Every entry type the log accepts. To log a new kind of action, add a line here (its schema must be built from
 * the blocks above) and append it with `PublicLog.append` inside the transaction that takes the action.
 */
export const ENTRY_TYPES = {
  /** An oversight body approved (or amended) a use policy after a vote (C2). */
  'policy.approved': entry('policy.approved', {
    actor: actor('oversight'),
    refs: refs('policy', 'document'),
    counts: counts('version', 'votesFor', 'votesAgainst', 'abstentions'),
  }),
  /** An agency published a footage request under a policy (D1); reach is logged only as a count. */
  'request.published': entry('request.published', {
    actor: actor('agency'),
    refs: refs('request', 'policy'),
    offenceCategory: Code,
    counts: counts('windowHours', 'areaCells'),
  }),
  /** An agency viewed or downloaded a shared clip in the evidence locker (D4). */
  'clip.accessed': entry('clip.accessed', {
    actor: actor('agency'),
    refs: refs('clip', 'request'),
    access: oneOf('view', 'download', 'logged_as_evidence', 'deleted'),
  }),
  /** A subsidy programme and its totals (C4); buyers are never listed. */
  'subsidy.recorded': entry('subsidy.recorded', {
    actor: actor('oversight', 'instance'),
    refs: refs('programme', 'document'),
    counts: counts('amountCents', 'discountCentsPerUnit', 'units', 'vendorMatchCents'),
  }),
  /** A partnership agreement entered the registry (C3), with the vendor-approval clause flagged. */
  'agreement.recorded': entry('agreement.recorded', {
    actor: actor('agency', 'oversight', 'instance'),
    refs: refs('agreement', 'document'),
    vendorApprovalOfStatements: Type.Boolean(),
  }),
  /** An official statement entered the communications registry (C5). */
  'communication.recorded': entry('communication.recorded', {
    actor: actor('agency', 'oversight', 'instance'),
    refs: refs('statement'),
    vendorInvolved: Type.Boolean(),
    counts: counts('editors'),
  }),
  /** Oversight registered an independent witness key (E2); the key is referred to by its hash. */
  'witness.registered': entry('witness.registered', {
    actor: actor('oversight'),
    refs: refs('key'),
  }),
  /** A moderator acted on a post or comment (B3); the target by hash, the reason as a guideline code. */
  'moderation.action': entry('moderation.action', {
    actor: actor('moderation'),
    refs: refs('target'),
    action: oneOf('hide', 'remove', 'restore', 'warn', 'suspend', 'dismiss_flag'),
    reason: Code,
  }),
  /** Footage was disclosed under legal process or an emergency (D5, D6). */
  'disclosure.recorded': entry('disclosure.recorded', {
    actor: actor('agency'),
    refs: refs('disclosure', 'request'),
    basis: oneOf('emergency', 'warrant', 'subpoena', 'court_order'),
    counts: counts('clips'),
  }),
  /**
   * A partnership agreement in the registry was amended (C3): the new version's record hash, the one it
   * replaces (so the versions form a chain anyone can walk) and the full text's hash.
   */
  'agreement.amended': entry('agreement.amended', {
    actor: actor('agency', 'oversight', 'instance'),
    refs: refs('agreement', 'previous', 'document'),
    vendorApprovalOfStatements: Type.Boolean(),
    counts: counts('version'),
  }),
  /** A subsidy programme's terms or totals were amended (C4). */
  'subsidy.amended': entry('subsidy.amended', {
    actor: actor('oversight', 'instance'),
    refs: refs('programme', 'previous', 'document'),
    counts: counts('version', 'amountCents', 'discountCentsPerUnit', 'units', 'vendorMatchCents'),
  }),
  /**
   * Subsidised units were handed out (C4): totals only. The batch is a salted commitment to its per-cell counts,
   * so a small batch cannot be recovered by hashing every cell of the map; buyers never appear anywhere.
   */
  'subsidy.disbursed': entry('subsidy.disbursed', {
    actor: actor('oversight', 'instance'),
    refs: refs('programme', 'batch'),
    counts: counts('units', 'cells', 'amountCents'),
  }),
  /** An official statement in the communications registry was amended (C5), with who else had a hand in it. */
  'communication.amended': entry('communication.amended', {
    actor: actor('agency', 'oversight', 'instance'),
    refs: refs('statement', 'previous'),
    vendorInvolvement: oneOf('none', 'reviewed', 'drafted', 'approved'),
    counts: counts('editors', 'version'),
  }),
  /**
   * Oversight recorded a complaint about the technology's use (C6): the agency it concerns (a public body, never
   * the complainant), its category and status, and the public summary by hash. Complainants never appear.
   */
  'complaint.recorded': entry('complaint.recorded', {
    actor: actor('oversight'),
    refs: refs('complaint', 'summary'),
    agency: Type.Union([OrganisationName, Type.Null()]),
    category: oneOf(...COMPLAINT_CATEGORIES),
    status: oneOf(...COMPLAINT_STATUSES),
    receivedOn: EntryDate,
  }),
  /** A complaint's status, outcome or details changed: a new version chained to the previous one. */
  'complaint.updated': entry('complaint.updated', {
    actor: actor('oversight'),
    refs: refs('complaint', 'previous', 'summary'),
    agency: Type.Union([OrganisationName, Type.Null()]),
    category: oneOf(...COMPLAINT_CATEGORIES),
    status: oneOf(...COMPLAINT_STATUSES),
    counts: counts('version'),
  }),
  /** Oversight recorded an audit of the technology's use (C6): who audited whom, when, and how much it found. */
  'audit.recorded': entry('audit.recorded', {
    actor: actor('oversight'),
    refs: refs('audit', 'summary'),
    /** The audit report's SHA-256 as published, or null when no document was published. */
    report: Type.Union([Sha256Hex, Type.Null()]),
    auditor: OrganisationName,
    agency: Type.Union([OrganisationName, Type.Null()]),
    periodFrom: EntryDate,
    periodTo: EntryDate,
    auditedOn: EntryDate,
    counts: counts('findings', 'violations'),
  }),
  /** An audit's record was corrected or completed. */
  'audit.updated': entry('audit.updated', {
    actor: actor('oversight'),
    refs: refs('audit', 'previous', 'summary'),
    report: Type.Union([Sha256Hex, Type.Null()]),
    auditor: OrganisationName,
    agency: Type.Union([OrganisationName, Type.Null()]),
    auditedOn: EntryDate,
    counts: counts('version', 'findings', 'violations'),
  }),
  /** A violation of the use policy was found (C6), with the audit that found it (by record hash) if any. */
  'violation.recorded': entry('violation.recorded', {
    actor: actor('oversight'),
    refs: refs('violation', 'summary'),
    audit: Type.Union([Sha256Hex, Type.Null()]),
    agency: Type.Union([OrganisationName, Type.Null()]),
    category: oneOf(...VIOLATION_CATEGORIES),
    occurredOn: EntryDate,
    corrected: Type.Boolean(),
  }),
  /** A violation's record changed, typically the corrective action taken. */
  'violation.updated': entry('violation.updated', {
    actor: actor('oversight'),
    refs: refs('violation', 'previous', 'summary'),
    agency: Type.Union([OrganisationName, Type.Null()]),
    category: oneOf(...VIOLATION_CATEGORIES),
    corrected: Type.Boolean(),
    counts: counts('version'),
  }),
  /**
   * Unauthorised access to data obtained through the system (C6): the system and agency concerned, how many
   * records or clips it reached, and whether their owners were told. Owners are counted, never named.
   */
  'breach.recorded': entry('breach.recorded', {
    actor: actor('oversight'),
    refs: refs('breach', 'summary'),
    agency: Type.Union([OrganisationName, Type.Null()]),
    system: oneOf(...BREACH_SYSTEMS),
    status: oneOf(...BREACH_STATUSES),
    discoveredOn: EntryDate,
    occurredOn: Type.Union([EntryDate, Type.Null()]),
    ownersNotifiedOn: Type.Union([EntryDate, Type.Null()]),
    counts: counts('recordsAffected'),
  }),
  /** A breach's record changed: its status, the owners' notice, the remediation. */
  'breach.updated': entry('breach.updated', {
    actor: actor('oversight'),
    refs: refs('breach', 'previous', 'summary'),
    agency: Type.Union([OrganisationName, Type.Null()]),
    system: oneOf(...BREACH_SYSTEMS),
    status: oneOf(...BREACH_STATUSES),
    ownersNotifiedOn: Type.Union([EntryDate, Type.Null()]),
    counts: counts('version', 'recordsAffected'),
  }),
} as const;

/** The name of an entry type. */
export type EntryType = keyof typeof ENTRY_TYPES;

/** A complete log entry of any type, as hashed into the tree. */
export type LogEntry = { [K in EntryType]: Static<(typeof ENTRY_TYPES)[K]> }[EntryType];

/** A log entry of one type. */
export type LogEntryOf<K extends EntryType> = Extract<LogEntry, { type: K }>;

type OmitTime<T> = T extends unknown ? Omit<T, 'time'> : never;

/** What a domain hands to `append`: an entry without its time, which the log stamps when it appends. */
export type NewLogEntry = OmitTime<LogEntry>;

/** Names of every entry type, in declaration order. */
export const ENTRY_TYPE_NAMES = Object.keys(ENTRY_TYPES) as EntryType[];

const CHECKERS = new Map<string, TypeCheck<TObject>>(
  ENTRY_TYPE_NAMES.map((name) => [name, TypeCompiler.Compile(ENTRY_TYPES[name] as TObject)]),
);

/** Why an entry was refused; `path` points at the offending field. Never shown to clients (it may echo input). */
export class EntryRejected extends Error {
  override readonly name = 'EntryRejected';

  constructor(
    readonly path: string,
    reason: string,
  ) {
    super(`log entry refused at ${path}: ${reason}`);
  }
}

/** Checks an entry against its type's allow-list schema; throws EntryRejected naming the first bad field. */
export function validateEntry(value: unknown): asserts value is LogEntry {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new EntryRejected('$', 'an entry is a JSON object');
  const type = (value as { type?: unknown }).type;
  const checker =
    typeof type === 'string' && Object.hasOwn(ENTRY_TYPES, type) ? CHECKERS.get(type) : undefined;
  if (!checker) throw new EntryRejected('$.type', `unknown entry type ${JSON.stringify(type)}`);
  if (!checker.Check(value)) {
    const first = checker.Errors(value).First();
    throw new EntryRejected(`$${first?.path.replaceAll('/', '.') ?? ''}`, first?.message ?? 'does not match');
  }
}

/** Validates an entry and returns its RFC 8785 canonical JSON text, the exact bytes the leaf hash covers. */
export function encodeEntry(value: unknown): string {
  validateEntry(value);
  return canonicalize(value);
}

/** Parses stored or downloaded canonical text back into an entry, refusing text that is not canonical or valid. */
export function decodeEntry(text: string): LogEntry {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new EntryRejected('$', 'not JSON');
  }
  validateEntry(value);
  if (canonicalize(value) !== text) throw new EntryRejected('$', 'not in RFC 8785 canonical form');
  return value;
}

/** SHA-256 hex of text or bytes: how domains refer to a document, a request or a key in an entry. */
export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The actor class an account role acts as in the log; null for residents, who never appear in it. */
export function actorClassFor(role: Role): ActorClass | null {
  switch (role) {
    case 'agency_officer':
    case 'agency_admin':
      return 'agency';
    case 'oversight':
      return 'oversight';
    case 'moderator':
      return 'moderation';
    case 'admin':
      return 'instance';
    case 'resident':
      return null;
  }
}
