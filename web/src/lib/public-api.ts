/** Shapes of the public record's API answers (see GET /api/v1/openapi.json) and helpers to show them. */

import type {
  BREACH_STATUSES,
  BREACH_SYSTEMS,
  COMPLAINT_CATEGORIES,
  COMPLAINT_STATUSES,
  VIOLATION_CATEGORIES,
} from '../../../src/transparency/register-vocabulary.js';

/** A count under a label. */
export interface Keyed {
  key: string;
  count: number;
}

/** A count in a month, `YYYY-MM`. */
export interface Monthly {
  month: string;
  count: number;
}

/** A cell's corners as [latitude, longitude]. */
export type Boundary = [number, number][];

/** GET /api/v1/public/dashboard */
export interface Dashboard {
  generatedAt: string;
  months: string[];
  log: { size: number; entriesByType: Keyed[] };
  requests: { total: number; byMonth: Monthly[]; byCategory: Keyed[]; byAgency: Keyed[] };
  sharing: { recorded: boolean; requestsWithShares: number; clipsShared: number; shareRate: number | null };
  legalProcess: { total: number; clips: number; byBasis: Keyed[]; byMonth: Monthly[] };
  emergency: { total: number; clips: number; byMonth: Monthly[] };
  policies: { total: number; byType: Keyed[]; byMonth: Monthly[] };
  moderation: { total: number; byAction: Keyed[] };
  subsidies: {
    programmes: number;
    byCurrency: {
      currency: string;
      amountCents: number;
      vendorMatchCents: number;
      units: number;
      unitsDisbursed: number;
      amountDisbursedCents: number;
    }[];
    unitsDisbursedByMonth: Monthly[];
    k: number;
    cells: { cell: string; units: number; boundary: Boundary }[];
    suppressedCells: number;
  };
  agreements: { total: number; inForce: number; vendorApproval: number; amendments: number };
  communications: { total: number; byVendorInvolvement: Keyed[] };
  oversight: {
    complaints: { total: number; open: number; byCategory: Keyed[]; byStatus: Keyed[] };
    audits: { total: number; findings: number; violationsFound: number };
    violations: { total: number; corrected: number; byCategory: Keyed[] };
    breaches: { total: number; open: number; recordsAffected: number; ownersNotified: number };
  };
  map: {
    k: number;
    resolution: number;
    suppressedCells: number;
    cells: { cell: string; cameras: number; accepting: number; boundary: Boundary }[];
    tiles: { url: string; attribution: string | null } | null;
  };
}

/** One version of a registry record, exactly as its log entry hashes it. */
export interface RecordVersion {
  version: number;
  recordHash: string;
  entryIndex: number;
  recordedAt: string;
  canonical: string;
}

/** What every registry record shows about its place in the log. */
export interface RecordMeta {
  id: string;
  version: number;
  recordHash: string;
  entryIndex: number;
  createdAt: string;
  updatedAt: string;
}

/** A party to an agreement. */
export interface Party {
  name: string;
  kind: 'public_body' | 'vendor' | 'other';
}

/** An agreement in the list. */
export interface AgreementSummary extends RecordMeta {
  title: string;
  parties: Party[];
  signedOn: string;
  effectiveOn: string;
  expiresOn: string | null;
  vendorApprovalOfStatements: boolean;
  flaggedClauseCount: number;
}

/** A clause flagged for giving a vendor approval over official statements. */
export interface FlaggedClause {
  start: number;
  end: number;
  text: string;
  approver: string;
  approverKind: 'vendor' | 'mutual' | 'named';
  statement: string;
}

/** Who entered a version: a class of actor and a public body. */
export interface EnteredBy {
  class: string;
  organisation: string | null;
}

/** GET /api/v1/public/agreements/:id */
export interface Agreement extends AgreementSummary {
  text: string;
  flaggedClauses: FlaggedClause[];
  enteredBy: EnteredBy;
  versions: RecordVersion[];
}

/** A subsidy programme in the list. */
export interface ProgrammeSummary extends RecordMeta {
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
  unitsDisbursed: number;
  amountDisbursedCents: number;
}

/** GET /api/v1/public/subsidies/:id */
export interface Programme extends ProgrammeSummary {
  terms: string;
  enteredBy: EnteredBy;
  k: number;
  cells: { cell: string; units: number; amountCents: number }[];
  suppressedCells: number;
  versions: RecordVersion[];
}

/** An author or editor: an organisation and an official role. */
export interface OfficialRole {
  organisation: string;
  role: string;
}

/** A communication in the list. */
export interface CommunicationSummary extends RecordMeta {
  title: string;
  issuedOn: string;
  medium: string;
  author: OfficialRole;
  editors: OfficialRole[];
  vendorInvolvement: 'none' | 'reviewed' | 'drafted' | 'approved';
  vendor: string | null;
}

/** GET /api/v1/public/communications/:id */
export interface Communication extends CommunicationSummary {
  body: string;
  enteredBy: EnteredBy;
  versions: RecordVersion[];
}

/** Oversight's registers (C6): the closed lists the server's entry schemas allow, from the one module both use. */
export {
  BREACH_STATUSES,
  BREACH_SYSTEMS,
  COMPLAINT_CATEGORIES,
  COMPLAINT_STATUSES,
  VIOLATION_CATEGORIES,
} from '../../../src/transparency/register-vocabulary.js';

/** GET /api/v1/public/complaints (items); the detail adds `enteredBy` and `versions`. */
export interface Complaint extends RecordMeta {
  receivedOn: string;
  agency: string | null;
  category: (typeof COMPLAINT_CATEGORIES)[number];
  summary: string;
  status: (typeof COMPLAINT_STATUSES)[number];
  outcome: string | null;
  closedOn: string | null;
  enteredBy?: EnteredBy;
  versions?: RecordVersion[];
}

/** GET /api/v1/public/audits (items). */
export interface Audit extends RecordMeta {
  auditor: string;
  agency: string | null;
  periodFrom: string;
  periodTo: string;
  auditedOn: string;
  findings: number;
  violations: number;
  summary: string;
  reportSha256: string | null;
  enteredBy?: EnteredBy;
  versions?: RecordVersion[];
}

/** GET /api/v1/public/violations (items). */
export interface Violation extends RecordMeta {
  auditId: string | null;
  agency: string | null;
  category: (typeof VIOLATION_CATEGORIES)[number];
  clause: string | null;
  occurredOn: string;
  summary: string;
  correctiveAction: string | null;
  correctedOn: string | null;
  enteredBy?: EnteredBy;
  versions?: RecordVersion[];
}

/** GET /api/v1/public/breaches (items). */
export interface Breach extends RecordMeta {
  discoveredOn: string;
  occurredOn: string | null;
  agency: string | null;
  system: (typeof BREACH_SYSTEMS)[number];
  recordsAffected: number;
  ownersNotified: boolean;
  ownersNotifiedOn: string | null;
  summary: string;
  remediation: string | null;
  status: (typeof BREACH_STATUSES)[number];
  enteredBy?: EnteredBy;
  versions?: RecordVersion[];
}

/** A column of a report table. */
export interface ReportColumn {
  key: string;
  label: string;
  kind: 'text' | 'count' | 'money' | 'date' | 'percent';
}

/** GET /api/v1/public/reports/annual/:year */
export interface AnnualReport {
  title: string;
  year: number;
  agency: string | null;
  agencies: string[];
  period: { from: string; to: string };
  generatedAt: string;
  logSize: number;
  sections: {
    id: string;
    item: string | null;
    title: string;
    paragraphs: string[];
    tables: {
      id: string;
      caption: string;
      columns: ReportColumn[];
      rows: Record<string, string | number | boolean | null>[];
      currencyKey?: string;
      empty: string;
    }[];
  }[];
}

/** GET /api/v1/public/open-data */
export interface OpenDataCatalogue {
  files: { name: string; title: string; formats: string[]; urls: string[] }[];
}

/** A served log entry. */
export interface ServedEntry {
  index: number;
  type: string;
  canonical: string;
  leafHash: string;
}

/** Integer minor units as money in a currency, e.g. 500000 USD → "$5,000.00". */
export function money(minorUnits: number, currency: string): string {
  try {
    const f = new Intl.NumberFormat(undefined, { style: 'currency', currency });
    return f.format(minorUnits / 10 ** (f.resolvedOptions().maximumFractionDigits ?? 2));
  } catch {
    return `${(minorUnits / 100).toFixed(2)} ${currency}`;
  }
}

/** A count with the reader's thousands separators. */
export function count(n: number): string {
  return n.toLocaleString();
}

/** A code like `court_order` for people: "court order". */
export function words(code: string): string {
  return code ? code.replaceAll('_', ' ').replaceAll('.', ' ') : '(none)';
}

/** A report table value for people. */
export function reportValue(
  kind: ReportColumn['kind'],
  value: string | number | boolean | null | undefined,
  currency?: string,
): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (kind === 'money' && typeof value === 'number') return money(value, currency ?? 'USD');
  if (kind === 'count' && typeof value === 'number') return count(value);
  if (kind === 'percent' && typeof value === 'number') return `${(value * 100).toFixed(1)}%`;
  return String(value);
}

const monthFormat = new Intl.DateTimeFormat(undefined, { month: 'short', timeZone: 'UTC' });
const monthYearFormat = new Intl.DateTimeFormat(undefined, {
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});

/** `2026-05` → "May" (short) or "May 2026" (long). */
export function monthLabel(month: string, long = false): string {
  const d = new Date(`${month}-01T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return month;
  return (long ? monthYearFormat : monthFormat).format(d);
}
