// The public registries' records as the log sees them. Each version of a record is one canonical JSON document
// (RFC 8785); its SHA-256 goes into the log entry, and the document itself is served to anyone, so a reader can
// hash what the registry shows and find the same hash in the log. Pure functions: no database, no clock.
import { randomBytes } from 'node:crypto';
import { canonicalize } from '../transparency/canonical-json.js';
import {
  sha256Hex,
  type ActorClass,
  type BREACH_STATUSES,
  type BREACH_SYSTEMS,
  type COMPLAINT_CATEGORIES,
  type COMPLAINT_STATUSES,
  type VIOLATION_CATEGORIES,
} from '../transparency/entries.js';
import type { AgreementParty } from './vendor-clauses.js';

/** The registries: three of C3–C5, and oversight's registers of complaints, audits, violations and breaches (C6). */
export type RegistryKind =
  'agreement' | 'subsidy' | 'communication' | 'complaint' | 'audit' | 'violation' | 'breach';

/** Who entered a version, as the log names actors: a class and a public body, never a person. */
export interface EnteredBy {
  class: Extract<ActorClass, 'agency' | 'oversight' | 'instance'>;
  organisation: string | null;
}

/** What every version of every record carries besides its own fields. */
interface VersionHeader {
  id: string;
  version: number;
  /** The record hash of the version this one replaces; null for the first. */
  previous: string | null;
  recordedAt: string;
  enteredBy: EnteredBy;
}

/** The fields of a partnership agreement (C3). Dates are `YYYY-MM-DD`. */
export interface AgreementFields {
  title: string;
  parties: AgreementParty[];
  signedOn: string;
  effectiveOn: string;
  expiresOn: string | null;
  text: string;
}

/** The fields of a subsidy programme (C4). Money in integer minor units of `currency`. */
export interface SubsidyFields {
  name: string;
  funder: string;
  vendor: string;
  currency: string;
  amountCents: number;
  discountCentsPerUnit: number;
  units: number;
  vendorMatchCents: number;
  startsOn: string;
  endsOn: string | null;
  terms: string;
}

/** How far a vendor had a hand in an official statement (C5). */
export const VENDOR_INVOLVEMENT = ['none', 'reviewed', 'drafted', 'approved'] as const;

/** One level of vendor involvement. */
export type VendorInvolvement = (typeof VENDOR_INVOLVEMENT)[number];

/** Kinds of official communication. */
export const COMMUNICATION_MEDIA = [
  'press_release',
  'public_statement',
  'social_media',
  'talking_points',
  'letter',
  'other',
] as const;

/** One kind of official communication. */
export type CommunicationMedium = (typeof COMMUNICATION_MEDIA)[number];

/** An author or editor of an official statement: an organisation and an official role, never a person. */
export interface OfficialRole {
  organisation: string;
  role: string;
}

/** The fields of an official communication (C5). */
export interface CommunicationFields {
  title: string;
  body: string;
  issuedOn: string;
  medium: CommunicationMedium;
  author: OfficialRole;
  editors: OfficialRole[];
  vendorInvolvement: VendorInvolvement;
  /** The vendor that had a hand in it; null exactly when involvement is `none`. */
  vendor: string | null;
}

/** One complaint category. */
export type ComplaintCategory = (typeof COMPLAINT_CATEGORIES)[number];
/** One complaint status. */
export type ComplaintStatus = (typeof COMPLAINT_STATUSES)[number];
/** One violation category. */
export type ViolationCategory = (typeof VIOLATION_CATEGORIES)[number];
/** One system a breach can reach. */
export type BreachSystem = (typeof BREACH_SYSTEMS)[number];
/** One breach status. */
export type BreachStatus = (typeof BREACH_STATUSES)[number];

/**
 * A complaint about the technology's use (C6), as oversight publishes it: never the complainant, only the agency
 * it concerns, a category, oversight's own public summary, where it stands and what was done.
 */
export interface ComplaintFields {
  receivedOn: string;
  agency: string | null;
  category: ComplaintCategory;
  summary: string;
  status: ComplaintStatus;
  outcome: string | null;
  closedOn: string | null;
}

/** An audit of the technology's use (C6). `reportSha256` is the published audit report's SHA-256, if any. */
export interface AuditFields {
  auditor: string;
  agency: string | null;
  periodFrom: string;
  periodTo: string;
  auditedOn: string;
  findings: number;
  violations: number;
  summary: string;
  reportSha256: string | null;
}

/** A violation of the use policy (C6), found by an audit or otherwise. */
export interface ViolationFields {
  auditId: string | null;
  agency: string | null;
  category: ViolationCategory;
  /** The policy clause broken, as the policy numbers it (e.g. `4.2(b)`); null when none applies. */
  clause: string | null;
  occurredOn: string;
  summary: string;
  correctiveAction: string | null;
  correctedOn: string | null;
}

/** Unauthorised access to data obtained through the system (C6). Owners are counted and told, never named. */
export interface BreachFields {
  discoveredOn: string;
  occurredOn: string | null;
  agency: string | null;
  system: BreachSystem;
  recordsAffected: number;
  ownersNotified: boolean;
  ownersNotifiedOn: string | null;
  summary: string;
  remediation: string | null;
  status: BreachStatus;
}

/** A version of a record: its canonical text and that text's SHA-256. */
export interface SealedVersion {
  canonical: string;
  recordHash: string;
}

/** Canonical JSON and hash of one version of a record; `registry` names the kind inside the hashed text. */
export function sealVersion(
  kind: RegistryKind,
  header: VersionHeader,
  fields:
    | AgreementFields
    | SubsidyFields
    | CommunicationFields
    | ComplaintFields
    | AuditFields
    | ViolationFields
    | BreachFields,
): SealedVersion {
  // Field order does not matter (canonical JSON sorts keys); `registry` keeps an agreement's hash from ever
  // matching another kind of record with the same fields.
  const canonical = canonicalize({ registry: kind, ...header, ...fields });
  return { canonical, recordHash: sha256Hex(canonical) };
}

/** One row of a disbursement batch: subsidised units in one coarse cell. */
export interface CellUnits {
  cell: string;
  units: number;
  amountCents: number;
}

/**
 * A salted commitment to a batch's per-cell counts. The log shows only totals; the commitment lets oversight
 * later prove what the batch held (by revealing the salt) while nobody can recover a small batch's cells by
 * hashing every cell of the map, which an unsalted hash would allow.
 */
export function commitToBatch(
  batch: { programmeId: string; batchId: string; disbursedOn: string; cells: CellUnits[] },
  salt: string = randomBytes(32).toString('hex'),
): { salt: string; commitment: string } {
  const cells = [...batch.cells].sort((a, b) => (a.cell < b.cell ? -1 : a.cell > b.cell ? 1 : 0));
  const commitment = sha256Hex(canonicalize({ registry: 'subsidy.disbursement', ...batch, cells, salt }));
  return { salt, commitment };
}

/**
 * Text that can be hashed and shown everywhere: no lone surrogates (no UTF-8 form, so no stable hash) and no
 * control characters other than tab and line breaks. Returns the name of the problem, or null.
 */
export function textProblem(text: string): string | null {
  if (/\p{Cs}/u.test(text)) return 'contains a lone surrogate';
  // eslint-disable-next-line no-control-regex -- control characters are exactly what this looks for
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text)) return 'contains a control character';
  return null;
}

// What obviously identifies a person in text meant for the public: an email address, a phone number, a street
// address. Not a guarantee (a name cannot be told from any other word), only a guard against the plain mistakes.
const EMAIL = /[^\s@<>()]+@[^\s@<>()]+\.[A-Za-z]{2,}/;
const PHONE = /(\+\d{1,3}[\s.-]?)?\(?\b\d{3}\)?[\s.-]\d{3}[\s.-]\d{4}\b|\+\d[\d\s().-]{8,}\d/;
const STREET =
  /\b\d{1,5}[A-Za-z]?\s+(?:[A-Z][\p{L}'-]*\s+){1,3}(?:Street|St|Avenue|Ave|Road|Rd|Lane|Ln|Drive|Dr|Court|Ct|Boulevard|Blvd|Way|Place|Pl|Terrace|Close|Crescent)\b\.?/u;

/**
 * Public registry text about complaints, audits, violations and breaches must not identify residents. Returns
 * what it found that looks like personal data (an email address, a phone number, a street address), or null.
 */
export function personalDataProblem(text: string): string | null {
  if (EMAIL.test(text)) return 'contains an email address';
  if (PHONE.test(text)) return 'contains a phone number';
  if (STREET.test(text)) return 'contains a street address';
  return null;
}
