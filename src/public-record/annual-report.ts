// The annual surveillance report (C6), built from the public log's tallies and the registries. Its sections follow
// the items Oakland Municipal Code 9.64.010 requires of an annual surveillance report (A–K), and add the requests
// made and their outcomes and the official statements of the year. Where Porchlight holds no data for an item it
// says so in words — a report that silently shows zero would claim more than the system knows. Pure.
import type {
  AuditSummary,
  BreachSummary,
  ComplaintSummary,
  ViolationSummary,
} from '../registries/oversight.service.js';
import type {
  AgreementSummary,
  CommunicationSummary,
  ProgrammeSummary,
  SubsidyCells,
} from '../registries/registries.service.js';
import { DISCLOSURE_TYPE, LEGAL_PROCESS_BASES, REQUEST_TYPE, SHARE_TYPE } from './log-tallies.js';
import type { TallyRow } from './public-record.repository.js';
import type { ReportSection, ReportTable } from './report-model.js';

/** Everything the report is built from; tallies are already limited to the year (and agency, if any). */
export interface AnnualReportData {
  year: number;
  agency: string | null;
  generatedAt: string;
  logSize: number;
  tallies: TallyRow[];
  knownEntryTypes: readonly string[];
  cameraMap: {
    k: number;
    cells: { cell: string; cameras: number; accepting: number }[];
    suppressedCells: number;
  };
  programmes: ProgrammeSummary[];
  disbursedInYear: { programmeId: string; batches: number; units: number; amountCents: number }[];
  subsidyCells: SubsidyCells;
  agreements: AgreementSummary[];
  communications: CommunicationSummary[];
  /** Oversight's registers, already limited to the year (and agency, if any). */
  complaints: ComplaintSummary[];
  audits: AuditSummary[];
  violations: ViolationSummary[];
  breaches: BreachSummary[];
}

/** The report: a title, the period it covers, and its sections. */
export interface AnnualReport {
  title: string;
  year: number;
  agency: string | null;
  period: { from: string; to: string };
  generatedAt: string;
  logSize: number;
  sections: ReportSection[];
}

const sum = (rows: readonly TallyRow[], f: (r: TallyRow) => number = (r) => r.entries) =>
  rows.reduce((n, r) => n + f(r), 0);

function groupCount(rows: readonly TallyRow[], key: (r: TallyRow) => string, f = (r: TallyRow) => r.entries) {
  const m = new Map<string, number>();
  for (const r of rows) m.set(key(r), (m.get(key(r)) ?? 0) + f(r));
  return [...m.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
}

const plural = (n: number, one: string, many = `${one}s`) =>
  `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;
const label = (code: string) => (code ? code.replaceAll('_', ' ') : '(none)');

/** Builds the annual surveillance report for a year, for one agency or all. */
export function buildAnnualReport(d: AnnualReportData): AnnualReport {
  const from = `${d.year}-01-01`;
  const to = `${d.year}-12-31`;
  const who = d.agency ?? 'all agencies';
  const of = (type: string) => d.tallies.filter((t) => t.type === type);
  const requests = of(REQUEST_TYPE);
  const disclosures = of(DISCLOSURE_TYPE);
  const shares = of(SHARE_TYPE);
  const accesses = of('clip.accessed');
  const policyEvents = d.tallies.filter((t) => t.type.startsWith('policy.'));
  const requestOutcomeTypes = d.tallies.filter(
    (t) => t.type.startsWith('request.') && t.type !== REQUEST_TYPE,
  );
  const months = Array.from({ length: 12 }, (_, i) => `${d.year}-${String(i + 1).padStart(2, '0')}`);
  const legal = disclosures.filter((t) => (LEGAL_PROCESS_BASES as readonly string[]).includes(t.detail));
  const emergency = disclosures.filter((t) => t.detail === 'emergency');
  const shareRecorded = d.knownEntryTypes.includes(SHARE_TYPE);

  const sections: ReportSection[] = [];

  sections.push({
    id: 'use',
    item: 'A',
    title: 'How the technology was used',
    paragraphs: [
      `Residents' doorbell and home cameras record at their own homes; the footage stays there. Agencies can only ask for footage through published requests under the community's approved use policy, and every request is an entry in the public log.`,
      `In ${d.year}, ${who === 'all agencies' ? 'agencies' : who} published ${plural(sum(requests), 'footage request')}.`,
      `The evidence locker recorded ${plural(sum(accesses), 'access', 'accesses')} to shared clips (views, downloads, clips logged as evidence and deletions).`,
    ],
    tables: [
      {
        id: 'requests-by-month',
        caption: `Footage requests published per month, ${d.year}`,
        columns: [
          { key: 'month', label: 'Month', kind: 'text' },
          { key: 'requests', label: 'Requests', kind: 'count' },
        ],
        rows: months.map((m) => ({ month: m, requests: sum(requests.filter((r) => r.month === m)) })),
        empty: 'No requests.',
      },
      {
        id: 'requests-by-category',
        caption: 'Footage requests by offence category',
        columns: [
          { key: 'category', label: 'Offence category', kind: 'text' },
          { key: 'requests', label: 'Requests', kind: 'count' },
        ],
        rows: groupCount(requests, (r) => r.detail).map(([k, n]) => ({ category: label(k), requests: n })),
        empty: 'No requests were published, so there are no categories to show.',
      },
      {
        id: 'evidence-access',
        caption: 'Evidence locker activity by kind',
        columns: [
          { key: 'access', label: 'Kind', kind: 'text' },
          { key: 'entries', label: 'Entries', kind: 'count' },
        ],
        rows: groupCount(accesses, (r) => r.detail).map(([k, n]) => ({ access: label(k), entries: n })),
        empty: 'No evidence locker activity was recorded.',
      },
    ],
  });

  sections.push({
    id: 'requests',
    item: null,
    title: 'Requests made and their outcomes',
    paragraphs: [
      `Requests by agency are counted from the public log. ${
        requestOutcomeTypes.length === 0 && !shareRecorded
          ? "Residents' responses (shared or declined) are not yet recorded in the log, so no outcomes can be reported; declines are never visible to agencies by design."
          : `Outcomes recorded: ${plural(
              sum(shares, (r) => r.quantity),
              'clip',
            )} shared by residents.`
      }`,
    ],
    tables: [
      {
        id: 'requests-by-agency',
        caption: 'Footage requests by agency',
        columns: [
          { key: 'agency', label: 'Agency', kind: 'text' },
          { key: 'requests', label: 'Requests', kind: 'count' },
        ],
        rows: groupCount(requests, (r) => r.organisation).map(([k, n]) => ({
          agency: k || '(none)',
          requests: n,
        })),
        empty: 'No agency published a request.',
      },
      {
        id: 'request-outcomes',
        caption: 'Request outcomes recorded in the log',
        columns: [
          { key: 'outcome', label: 'Outcome', kind: 'text' },
          { key: 'entries', label: 'Entries', kind: 'count' },
        ],
        rows: [
          ...groupCount(requestOutcomeTypes, (r) => r.type).map(([k, n]) => ({ outcome: k, entries: n })),
          ...(shareRecorded
            ? [{ outcome: 'clips shared by residents', entries: sum(shares, (r) => r.quantity) }]
            : []),
        ],
        empty: 'None recorded: the log has no entries for request outcomes yet.',
      },
    ],
  });

  sections.push({
    id: 'sharing',
    item: 'B',
    title: 'Data shared with outside entities',
    paragraphs: [
      `Footage reaches an agency only when a resident shares a specific clip, under a recorded legal process, or in a recorded emergency disclosure (P3).`,
      `In ${d.year}: ${plural(sum(legal), 'disclosure')} under legal process (${plural(
        sum(legal, (r) => r.quantity),
        'clip',
      )}) and ${plural(sum(emergency), 'emergency disclosure')} (${plural(
        sum(emergency, (r) => r.quantity),
        'clip',
      )}).`,
      shareRecorded
        ? `Residents shared ${plural(
            sum(shares, (r) => r.quantity),
            'clip',
          )} in answer to requests.`
        : `Clips shared by residents in answer to requests are not yet recorded in the log; none are reported.`,
    ],
    tables: [
      {
        id: 'disclosures',
        caption: 'Disclosures by recipient agency and legal standard',
        columns: [
          { key: 'agency', label: 'Recipient agency', kind: 'text' },
          { key: 'basis', label: 'Legal standard', kind: 'text' },
          { key: 'disclosures', label: 'Disclosures', kind: 'count' },
          { key: 'clips', label: 'Clips', kind: 'count' },
        ],
        rows: disclosures.length
          ? groupRows(disclosures, (r) => [r.organisation, r.detail]).map((g) => ({
              agency: g.key[0] || '(none)',
              basis: label(g.key[1]!),
              disclosures: g.entries,
              clips: g.quantity,
            }))
          : [],
        empty: 'None recorded.',
      },
    ],
  });

  const shownCameras = d.cameraMap.cells.reduce((n, c) => n + c.cameras, 0);
  sections.push({
    id: 'hardware',
    item: 'C',
    title: 'What the technology is installed on',
    paragraphs: [
      `Doorbell and home cameras installed by residents on their own homes, linked to this community through their household hub. The community knows each home only by its coarse map cell and camera count.`,
      `As of ${d.generatedAt.slice(0, 10)}: ${plural(shownCameras, 'camera')} in ${plural(d.cameraMap.cells.length, 'area')} with at least ${d.cameraMap.k} cameras; ${plural(d.cameraMap.suppressedCells, 'further area')} with fewer cameras ${d.cameraMap.suppressedCells === 1 ? 'is' : 'are'} not shown.`,
    ],
    tables: [],
  });

  sections.push({
    id: 'deployment',
    item: 'D',
    title: 'Where the technology is deployed',
    paragraphs: [
      `Cameras and subsidised units are counted per coarse H3 map cell; a cell with fewer than ${d.cameraMap.k} is left out so no household can be singled out (P1). Camera counts are as of the report's generation; subsidised units are each programme's totals to date.`,
    ],
    tables: [
      {
        id: 'cameras-by-cell',
        caption: `Cameras per area (cells with at least ${d.cameraMap.k} cameras)`,
        columns: [
          { key: 'cell', label: 'Area (H3 cell)', kind: 'text' },
          { key: 'cameras', label: 'Cameras', kind: 'count' },
          { key: 'accepting', label: 'Accepting requests', kind: 'count' },
        ],
        rows: d.cameraMap.cells.map((c) => ({ cell: c.cell, cameras: c.cameras, accepting: c.accepting })),
        empty: `No area has ${d.cameraMap.k} or more cameras.`,
      },
      {
        id: 'subsidised-units-by-cell',
        caption: `Subsidised units per area and programme (cells with at least ${d.subsidyCells.k} units)`,
        columns: [
          { key: 'programme', label: 'Programme', kind: 'text' },
          { key: 'cell', label: 'Area (H3 cell)', kind: 'text' },
          { key: 'units', label: 'Units', kind: 'count' },
        ],
        rows: d.subsidyCells.cells
          .filter((c) => d.programmes.some((p) => p.id === c.programmeId))
          .map((c) => ({
            programme: d.programmes.find((p) => p.id === c.programmeId)?.name ?? c.programmeId,
            cell: c.cell,
            units: c.units,
          })),
        empty: 'No area has enough subsidised units to be shown.',
      },
    ],
  });

  const noneRecorded = (what: string) =>
    `Porchlight does not yet keep a register of ${what}; none are recorded for ${d.year}. This is a statement about the system, not an assurance that there were none.`;
  const concerning = d.agency ? ` concerning ${d.agency}` : '';
  const openComplaints = d.complaints.filter((c) => c.status === 'received' || c.status === 'under_review');
  sections.push({
    id: 'complaints',
    item: 'E',
    title: 'Community complaints and concerns; adequacy of the use policy',
    paragraphs: [
      d.complaints.length === 0
        ? `Oversight recorded no complaint about the technology's use${concerning} received in ${d.year}.`
        : `Oversight recorded ${plural(d.complaints.length, 'complaint')} about the technology's use${concerning} received in ${d.year}: ${d.complaints.filter((c) => c.status === 'sustained').length} sustained, ${d.complaints.filter((c) => c.status === 'not_sustained').length} not sustained, ${openComplaints.length} still open. Complainants are never named; the summaries are oversight's own.`,
      policySummary(policyEvents, d.year),
    ],
    tables: [
      countTable({
        id: 'complaints-by-category',
        caption: `Complaints received in ${d.year} by category`,
        key: ['category', 'Category'],
        count: ['complaints', 'Complaints'],
        values: d.complaints.map((c) => c.category),
        empty: 'No complaints recorded.',
      }),
      countTable({
        id: 'complaints-by-status',
        caption: `Complaints received in ${d.year} by status`,
        key: ['status', 'Status'],
        count: ['complaints', 'Complaints'],
        values: d.complaints.map((c) => c.status),
        empty: 'No complaints recorded.',
      }),
      {
        id: 'complaints',
        caption: `Complaints received in ${d.year}`,
        columns: [
          { key: 'receivedOn', label: 'Received', kind: 'date' },
          { key: 'agency', label: 'Agency', kind: 'text' },
          { key: 'category', label: 'Category', kind: 'text' },
          { key: 'status', label: 'Status', kind: 'text' },
          { key: 'closedOn', label: 'Closed', kind: 'date' },
          { key: 'summary', label: 'Summary', kind: 'text' },
          { key: 'outcome', label: 'Outcome and action taken', kind: 'text' },
        ],
        rows: [...d.complaints]
          .sort((a, b) => cmp(a.receivedOn, b.receivedOn))
          .map((c) => ({
            receivedOn: c.receivedOn,
            agency: c.agency,
            category: label(c.category),
            status: label(c.status),
            closedOn: c.closedOn,
            summary: c.summary,
            outcome: c.outcome,
          })),
        empty: 'No complaints recorded.',
      },
    ],
  });
  const violationsCorrected = d.violations.filter((v) => v.correctedOn !== null).length;
  sections.push({
    id: 'audits',
    item: 'F',
    title: 'Internal audits and violations of the use policy',
    paragraphs: [
      d.audits.length === 0
        ? `Oversight recorded no audit${concerning} dated ${d.year}.`
        : `Oversight recorded ${plural(d.audits.length, 'audit')}${concerning} dated ${d.year}, with ${plural(
            d.audits.reduce((n, a) => n + a.findings, 0),
            'finding',
          )} and ${plural(
            d.audits.reduce((n, a) => n + a.violations, 0),
            'violation',
          )} found.`,
      d.violations.length === 0
        ? `No use policy violation${concerning} is recorded for ${d.year}.`
        : `${plural(d.violations.length, 'use policy violation')}${concerning} ${d.violations.length === 1 ? 'is' : 'are'} recorded for ${d.year}; corrective action has been taken on ${violationsCorrected}.`,
      'Requests outside the active, approved use policy are refused by the system before they take effect (P5); refusals are not requests and are not counted above.',
    ],
    tables: [
      {
        id: 'audits',
        caption: `Audits dated ${d.year}`,
        columns: [
          { key: 'auditedOn', label: 'Date', kind: 'date' },
          { key: 'auditor', label: 'Auditor', kind: 'text' },
          { key: 'agency', label: 'Agency audited', kind: 'text' },
          { key: 'period', label: 'Period covered', kind: 'text' },
          { key: 'findings', label: 'Findings', kind: 'count' },
          { key: 'violations', label: 'Violations', kind: 'count' },
          { key: 'summary', label: 'Summary', kind: 'text' },
        ],
        rows: [...d.audits]
          .sort((a, b) => cmp(a.auditedOn, b.auditedOn))
          .map((a) => ({
            auditedOn: a.auditedOn,
            auditor: a.auditor,
            agency: a.agency ?? 'all agencies',
            period: `${a.periodFrom} to ${a.periodTo}`,
            findings: a.findings,
            violations: a.violations,
            summary: a.summary,
          })),
        empty: 'No audits recorded.',
      },
      countTable({
        id: 'violations-by-category',
        caption: `Use policy violations recorded for ${d.year} by category`,
        key: ['category', 'Category'],
        count: ['violations', 'Violations'],
        values: d.violations.map((v) => v.category),
        empty: 'No violations recorded.',
      }),
      {
        id: 'violations',
        caption: `Use policy violations recorded for ${d.year}`,
        columns: [
          { key: 'occurredOn', label: 'Date', kind: 'date' },
          { key: 'agency', label: 'Agency', kind: 'text' },
          { key: 'category', label: 'Category', kind: 'text' },
          { key: 'clause', label: 'Policy clause', kind: 'text' },
          { key: 'summary', label: 'Summary', kind: 'text' },
          { key: 'correctiveAction', label: 'Corrective action', kind: 'text' },
          { key: 'correctedOn', label: 'Corrected', kind: 'date' },
        ],
        rows: [...d.violations]
          .sort((a, b) => cmp(a.occurredOn, b.occurredOn))
          .map((v) => ({
            occurredOn: v.occurredOn,
            agency: v.agency,
            category: label(v.category),
            clause: v.clause,
            summary: v.summary,
            correctiveAction: v.correctiveAction,
            correctedOn: v.correctedOn,
          })),
        empty: 'No violations recorded.',
      },
    ],
  });
  const breachRecords = d.breaches.reduce((n, b) => n + b.recordsAffected, 0);
  sections.push({
    id: 'breaches',
    item: 'G',
    title: 'Data breaches and unauthorised access',
    paragraphs: [
      d.breaches.length === 0
        ? `Oversight recorded no unauthorised access to data obtained through the system${concerning} discovered or occurring in ${d.year}.`
        : `Oversight recorded ${plural(d.breaches.length, 'breach', 'breaches')}${concerning} in ${d.year}, reaching ${plural(breachRecords, 'record or clip', 'records or clips')}; the owners were notified in ${d.breaches.filter((b) => b.ownersNotified).length} of them. Owners are counted, never named.`,
      `The public log itself is tamper-evident: it held ${plural(d.logSize, 'entry', 'entries')} when this report was generated, and anyone can check its signed checkpoints and proofs.`,
    ],
    tables: [
      {
        id: 'breaches',
        caption: `Breaches discovered or occurring in ${d.year}`,
        columns: [
          { key: 'discoveredOn', label: 'Discovered', kind: 'date' },
          { key: 'occurredOn', label: 'Occurred', kind: 'date' },
          { key: 'agency', label: 'Agency', kind: 'text' },
          { key: 'system', label: 'System', kind: 'text' },
          { key: 'recordsAffected', label: 'Records affected', kind: 'count' },
          { key: 'ownersNotified', label: 'Owners notified', kind: 'text' },
          { key: 'status', label: 'Status', kind: 'text' },
          { key: 'summary', label: 'Summary', kind: 'text' },
          { key: 'remediation', label: 'Remediation', kind: 'text' },
        ],
        rows: [...d.breaches]
          .sort((a, b) => cmp(a.discoveredOn, b.discoveredOn))
          .map((b) => ({
            discoveredOn: b.discoveredOn,
            occurredOn: b.occurredOn,
            agency: b.agency,
            system: label(b.system),
            recordsAffected: b.recordsAffected,
            ownersNotified: b.ownersNotifiedOn ? `yes, ${b.ownersNotifiedOn}` : 'no',
            status: label(b.status),
            summary: b.summary,
            remediation: b.remediation,
          })),
        empty: 'No breaches recorded.',
      },
    ],
  });
  sections.push({
    id: 'effectiveness',
    item: 'H',
    title: 'Whether the technology achieved its purposes',
    paragraphs: [
      'Porchlight holds no crime statistics and does not yet record what became of requests, so it cannot show whether footage helped; agencies and oversight should add that assessment.',
    ],
    tables: [],
  });
  sections.push({
    id: 'public-records',
    item: 'I',
    title: 'Public records requests',
    paragraphs: [noneRecorded('public records requests')],
    tables: [],
  });

  const disbursed = new Map(d.disbursedInYear.map((x) => [x.programmeId, x]));
  sections.push({
    id: 'costs',
    item: 'J',
    title: 'Costs and funding',
    paragraphs: [
      `Subsidy programmes active in ${d.year}: ${d.programmes.length}. Partnership agreements in force in ${d.year}: ${d.agreements.length}${
        d.agreements.some((a) => a.vendorApprovalOfStatements)
          ? `, of which ${d.agreements.filter((a) => a.vendorApprovalOfStatements).length} give a vendor approval over official statements`
          : ''
      }. Porchlight records no personnel costs.`,
    ],
    tables: [
      {
        id: 'subsidy-programmes',
        caption: `Subsidy programmes active in ${d.year}`,
        columns: [
          { key: 'programme', label: 'Programme', kind: 'text' },
          { key: 'funder', label: 'Funder', kind: 'text' },
          { key: 'vendor', label: 'Vendor', kind: 'text' },
          { key: 'units', label: 'Units', kind: 'count' },
          { key: 'unitsInYear', label: `Disbursed in ${d.year}`, kind: 'count' },
        ],
        rows: d.programmes.map((p) => ({
          programme: p.name,
          funder: p.funder,
          vendor: p.vendor,
          units: p.units,
          unitsInYear: disbursed.get(p.id)?.units ?? 0,
        })),
        empty: `No subsidy programme was active in ${d.year}.`,
      },
      {
        id: 'subsidy-money',
        caption: `Money in the subsidy programmes active in ${d.year}`,
        columns: [
          { key: 'programme', label: 'Programme', kind: 'text' },
          { key: 'amount', label: 'Public money', kind: 'money' },
          { key: 'discount', label: 'Discount per unit', kind: 'money' },
          { key: 'vendorMatch', label: 'Vendor match', kind: 'money' },
          { key: 'amountInYear', label: `Paid out in ${d.year}`, kind: 'money' },
          { key: 'currency', label: 'Currency', kind: 'text' },
        ],
        currencyKey: 'currency',
        rows: d.programmes.map((p) => ({
          programme: p.name,
          amount: p.amountCents,
          discount: p.discountCentsPerUnit,
          vendorMatch: p.vendorMatchCents,
          amountInYear: disbursed.get(p.id)?.amountCents ?? 0,
          currency: p.currency,
        })),
        empty: `No subsidy programme was active in ${d.year}.`,
      },
      {
        id: 'agreements',
        caption: `Partnership agreements in force in ${d.year}`,
        columns: [
          { key: 'title', label: 'Agreement', kind: 'text' },
          { key: 'parties', label: 'Parties', kind: 'text' },
          { key: 'effectiveOn', label: 'Effective', kind: 'date' },
          { key: 'expiresOn', label: 'Expires', kind: 'date' },
          { key: 'vendorApproval', label: 'Vendor approves statements', kind: 'text' },
        ],
        rows: d.agreements.map((a) => ({
          title: a.title,
          parties: a.parties.map((p) => p.name).join('; '),
          effectiveOn: a.effectiveOn,
          expiresOn: a.expiresOn,
          vendorApproval: a.vendorApprovalOfStatements
            ? `yes (${a.flaggedClauseCount} clause${a.flaggedClauseCount === 1 ? '' : 's'})`
            : 'no',
        })),
        empty: `No partnership agreement was in force in ${d.year}.`,
      },
    ],
  });

  sections.push({
    id: 'policy',
    item: 'K',
    title: 'Changes to the use policy',
    paragraphs: [policySummary(policyEvents, d.year)],
    tables: [
      {
        id: 'policy-events',
        caption: `Use policy actions logged in ${d.year}`,
        columns: [
          { key: 'action', label: 'Action', kind: 'text' },
          { key: 'entries', label: 'Entries', kind: 'count' },
        ],
        rows: groupCount(policyEvents, (r) => r.type).map(([k, n]) => ({ action: k, entries: n })),
        empty: 'None recorded.',
      },
    ],
  });

  const involved = d.communications.filter((c) => c.vendorInvolvement !== 'none');
  sections.push({
    id: 'communications',
    item: null,
    title: 'Official statements about the programme',
    paragraphs: [
      `${plural(d.communications.length, 'official statement')} issued in ${d.year}${
        d.communications.length ? `; a vendor reviewed, drafted or approved ${involved.length}` : ''
      }.`,
    ],
    tables: [
      {
        id: 'statements',
        caption: `Official statements issued in ${d.year}`,
        columns: [
          { key: 'issuedOn', label: 'Issued', kind: 'date' },
          { key: 'title', label: 'Statement', kind: 'text' },
          { key: 'author', label: 'Author', kind: 'text' },
          { key: 'vendorInvolvement', label: 'Vendor involvement', kind: 'text' },
          { key: 'vendor', label: 'Vendor', kind: 'text' },
        ],
        rows: d.communications.map((c) => ({
          issuedOn: c.issuedOn,
          title: c.title,
          author: `${c.author.role}, ${c.author.organisation}`,
          vendorInvolvement: c.vendorInvolvement,
          vendor: c.vendor,
        })),
        empty: 'None recorded.',
      },
    ],
  });

  return {
    title: `Annual surveillance report ${d.year}${d.agency ? ` — ${d.agency}` : ''}`,
    year: d.year,
    agency: d.agency,
    period: { from, to },
    generatedAt: d.generatedAt,
    logSize: d.logSize,
    sections,
  };
}

function policySummary(events: readonly TallyRow[], year: number): string {
  const n = sum(events);
  return n === 0
    ? `No use policy action (approval, amendment or sunset) was logged in ${year}.`
    : `${plural(n, 'use policy action')} ${n === 1 ? 'was' : 'were'} logged in ${year}; each names the policy and vote document by hash in the public log.`;
}

/** A table of how often each value occurs (a code shown in words), most frequent first. */
function countTable(t: {
  id: string;
  caption: string;
  /** The value column's key and heading. */
  key: [string, string];
  /** The count column's key and heading. */
  count: [string, string];
  values: readonly string[];
  empty: string;
}): ReportTable {
  return {
    id: t.id,
    caption: t.caption,
    columns: [
      { key: t.key[0], label: t.key[1], kind: 'text' },
      { key: t.count[0], label: t.count[1], kind: 'count' },
    ],
    rows: countValues(t.values).map(([k, n]) => ({ [t.key[0]]: label(k), [t.count[0]]: n })),
    empty: t.empty,
  };
}

/** How often each value occurs, most frequent first (only values that occur). */
function countValues(values: readonly string[]): [string, number][] {
  const m = new Map<string, number>();
  for (const v of values) m.set(v, (m.get(v) ?? 0) + 1);
  return [...m.entries()].sort((a, b) => b[1] - a[1] || cmp(a[0], b[0]));
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function groupRows(rows: readonly TallyRow[], key: (r: TallyRow) => string[]) {
  const m = new Map<string, { key: string[]; entries: number; quantity: number }>();
  for (const r of rows) {
    const k = key(r);
    const id = JSON.stringify(k);
    const g = m.get(id) ?? { key: k, entries: 0, quantity: 0 };
    g.entries += r.entries;
    g.quantity += r.quantity;
    m.set(id, g);
  }
  return [...m.values()].sort((a, b) => b.entries - a.entries);
}

/** Every table of a report with its section, for flat exports. */
export function reportTables(report: AnnualReport): { section: ReportSection; table: ReportTable }[] {
  return report.sections.flatMap((section) => section.tables.map((table) => ({ section, table })));
}

/**
 * The report as one long CSV table: a line per paragraph and per table cell, so nothing on the page is lost and
 * a spreadsheet can pivot it. Money is in integer minor units with the currency as its unit.
 */
export function reportCsvRows(report: AnnualReport): Record<string, string | number | null>[] {
  const out: Record<string, string | number | null>[] = [];
  for (const s of report.sections) {
    s.paragraphs.forEach((p, i) =>
      out.push({
        item: s.item,
        section: s.id,
        table: null,
        row: i + 1,
        column: 'paragraph',
        label: s.title,
        value: p,
        unit: null,
      }),
    );
    for (const t of s.tables) {
      if (t.rows.length === 0)
        out.push({
          item: s.item,
          section: s.id,
          table: t.id,
          row: null,
          column: null,
          label: t.caption,
          value: t.empty,
          unit: null,
        });
      t.rows.forEach((r, i) => {
        for (const c of t.columns)
          out.push({
            item: s.item,
            section: s.id,
            table: t.id,
            row: i + 1,
            column: c.key,
            label: c.label,
            value:
              typeof r[c.key] === 'boolean'
                ? String(r[c.key])
                : ((r[c.key] as string | number | null) ?? null),
            unit:
              c.kind === 'money'
                ? t.currencyKey
                  ? String(r[t.currencyKey])
                  : null
                : c.kind === 'count'
                  ? 'count'
                  : c.kind === 'date'
                    ? 'date'
                    : null,
          });
      });
    }
  }
  return out;
}

/** Columns of the report CSV, in order. */
export const REPORT_CSV_COLUMNS = [
  'item',
  'section',
  'table',
  'row',
  'column',
  'label',
  'value',
  'unit',
] as const;
