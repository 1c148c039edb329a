import type { Bus } from '../ports/bus.js';
import type { Clock } from '../ports/clock.js';
import { AppError } from '../shared/errors.js';
import { suppress } from '../registries/cell-counts.js';
import type {
  AgreementView,
  CommunicationSummary,
  ProgrammeSummary,
  RegistriesService,
} from '../registries/registries.service.js';
import type {
  AuditSummary,
  BreachSummary,
  ComplaintSummary,
  OversightRegistersService,
  ViolationSummary,
} from '../registries/oversight.service.js';
import {
  COMPLAINT_CATEGORIES,
  COMPLAINT_STATUSES,
  ENTRY_TYPE_NAMES,
  VIOLATION_CATEGORIES,
} from '../transparency/entries.js';
import { buildAnnualReport, type AnnualReport } from './annual-report.js';
import {
  DISCLOSURE_TYPE,
  LEGAL_PROCESS_BASES,
  REQUEST_TYPE,
  SHARE_TYPE,
  foldTallies,
  tallyOf,
} from './log-tallies.js';
import { cellPolygon, cellsToGeoJson, toCsv, type Cell, type Column } from './open-data.js';
import type { PublicRecordRepository, TallyRow } from './public-record.repository.js';

/** What the public record reads of the log: committed entries in order, in pages. */
export interface LogReader {
  entries(
    start: number,
    end: number,
  ): Promise<{ treeSize: number; entries: { index: number; canonical: string }[] }>;
}

/** What it reads of linked households: the camera map, already suppressed (D7, P1). */
export interface CameraCounts {
  cameraMap(): Promise<{
    k: number;
    cells: { cell: string; cameras: number; accepting: number }[];
    suppressedCells: number;
  }>;
}

/** Tunables of the public record. */
export interface PublicRecordSettings {
  cellResolution: number;
  /** Tile URL template for the map; undefined: a plain background. */
  mapTileUrl: string | undefined;
  mapTileAttribution: string | undefined;
  /** Entries read per page while folding the log into tallies. */
  pageSize?: number;
}

/** A count under a label. */
export interface Keyed {
  key: string;
  count: number;
}

/** A count in a month (`YYYY-MM`). */
export interface Monthly {
  month: string;
  count: number;
}

/** A cell on a public map: its counts and its boundary as [lat, lng] pairs. */
export interface MapCell {
  cell: string;
  boundary: [number, number][];
}

/** The public dashboard (E3): aggregates of the log and the registries, and the camera map. */
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
    cells: (MapCell & { units: number })[];
    suppressedCells: number;
  };
  agreements: { total: number; inForce: number; vendorApproval: number; amendments: number };
  communications: { total: number; byVendorInvolvement: Keyed[] };
  /** Oversight's registers (C6), all time: complaints, audits, violations and breaches. */
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
    cells: (MapCell & { cameras: number; accepting: number })[];
    tiles: { url: string; attribution: string | null } | null;
  };
}

/** The open data files (E4): name → formats; docs/open-data.md documents each file and column. */
export const OPEN_DATA = {
  'camera-map': {
    formats: ['csv', 'json', 'geojson'],
    title: 'Cameras per coarse map cell (cells under k left out)',
  },
  'subsidy-cells': {
    formats: ['csv', 'json', 'geojson'],
    title: 'Subsidised units per programme and coarse map cell (cells under k left out)',
  },
  'subsidy-programmes': { formats: ['csv', 'json'], title: 'Subsidy programmes and their totals' },
  agreements: { formats: ['csv', 'json'], title: 'Partnership agreements, full text and flags' },
  communications: { formats: ['csv', 'json'], title: 'Official communications and vendor involvement' },
  complaints: {
    formats: ['csv', 'json'],
    title: 'Complaints about the technology’s use, as oversight recorded them',
  },
  audits: { formats: ['csv', 'json'], title: 'Audits of the technology’s use' },
  violations: { formats: ['csv', 'json'], title: 'Use policy violations and corrective action' },
  breaches: { formats: ['csv', 'json'], title: 'Data breaches: unauthorised access to data from the system' },
  'log-activity': {
    formats: ['csv', 'json'],
    title: 'Public log entries counted by month, type, actor and detail',
  },
} as const satisfies Record<string, { formats: readonly string[]; title: string }>;

/** An open data file's name. */
export type OpenDataSet = keyof typeof OPEN_DATA;

/** A rendered open data file. */
export interface OpenDataFile {
  contentType: string;
  filename: string;
  body: string;
}

const DEFAULT_PAGE = 1000;
const INVOLVEMENT = ['none', 'reviewed', 'drafted', 'approved'] as const;

/**
 * The public record (E3, E4, C6): the dashboard, the annual surveillance report and open data, computed from the
 * public log and the registries. The log is folded into running tallies as it grows (each entry read once, ever),
 * so a dashboard costs a few small queries however long the log gets.
 */
export class PublicRecordService {
  private folding: Promise<void> | undefined;
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly repo: PublicRecordRepository,
    private readonly log: LogReader,
    private readonly registries: RegistriesService,
    private readonly oversight: OversightRegistersService,
    private readonly cameras: CameraCounts,
    private readonly clock: Clock,
    private readonly bus: Bus,
    private readonly settings: PublicRecordSettings,
    private readonly onError: (error: unknown) => void = () => {},
  ) {}

  private iso(): string {
    return new Date(this.clock.now()).toISOString();
  }

  /** Fold new entries as checkpoints are signed, so requests rarely wait for it. */
  start(): void {
    this.unsubscribe ??= this.bus.subscribe('transparency.checkpoint', () => {
      this.catchUp().catch(this.onError);
    });
    this.catchUp().catch(this.onError);
  }

  /** Stop listening and wait for a fold in progress, so the database can close under it. */
  async stop(): Promise<void> {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    await this.folding?.catch(() => {});
  }

  /**
   * Fold every committed entry not yet counted into the tallies. One fold at a time per process; processes
   * sharing a database agree through the cursor (a fold whose start moved meanwhile is dropped and redone).
   */
  catchUp(): Promise<void> {
    this.folding ??= this.fold().finally(() => (this.folding = undefined));
    return this.folding;
  }

  private async fold(): Promise<void> {
    const page = this.settings.pageSize ?? DEFAULT_PAGE;
    for (;;) {
      const start = await this.repo.cursor();
      const { entries } = await this.log.entries(start, start + page);
      if (entries.length === 0) return;
      const rows = foldTallies(entries.map((e) => tallyOf(e.canonical)));
      const now = this.iso();
      await this.repo.transaction(async (repo) => {
        if (await repo.advance(start, start + entries.length, now)) await repo.add(rows);
      });
    }
  }

  /** The dashboard: the last twelve months of the log, the registries' totals and the maps. */
  async dashboard(): Promise<Dashboard> {
    await this.catchUp();
    const now = this.iso();
    const months = lastMonths(now, 12);
    const [
      tallies,
      { treeSize },
      programmes,
      subsidyCells,
      agreements,
      communications,
      cameraMap,
      registers,
    ] = await Promise.all([
      this.repo.tallies(),
      this.log.entries(0, 0),
      this.registries.programmes(),
      this.registries.subsidyCells(),
      this.registries.agreements(),
      this.registries.communications(),
      this.cameras.cameraMap(),
      this.registers(),
    ]);
    const { complaints, audits, violations, breaches } = registers;
    const of = (type: string) => tallies.filter((t) => t.type === type);
    const requests = of(REQUEST_TYPE);
    const disclosures = of(DISCLOSURE_TYPE);
    const legal = disclosures.filter((t) => (LEGAL_PROCESS_BASES as readonly string[]).includes(t.detail));
    const emergency = disclosures.filter((t) => t.detail === 'emergency');
    const shares = of(SHARE_TYPE);
    const policies = tallies.filter((t) => t.type.startsWith('policy.'));
    const moderation = of('moderation.action');
    const requestTotal = total(requests);
    const requestsWithShares = new Set(shares.filter((s) => s.detail).map((s) => s.detail)).size;
    const shareRecorded = (ENTRY_TYPE_NAMES as readonly string[]).includes(SHARE_TYPE);

    // One figure per cell across programmes, the sum of the per-programme figures already public: adding shown
    // numbers reveals nothing new, while adding suppressed ones would.
    const combined = new Map<string, number>();
    for (const c of subsidyCells.cells) combined.set(c.cell, (combined.get(c.cell) ?? 0) + c.units);
    const currencies = new Map<string, Dashboard['subsidies']['byCurrency'][number]>();
    for (const p of programmes) {
      const c = currencies.get(p.currency) ?? {
        currency: p.currency,
        amountCents: 0,
        vendorMatchCents: 0,
        units: 0,
        unitsDisbursed: 0,
        amountDisbursedCents: 0,
      };
      c.amountCents += p.amountCents;
      c.vendorMatchCents += p.vendorMatchCents;
      c.units += p.units;
      c.unitsDisbursed += p.unitsDisbursed;
      c.amountDisbursedCents += p.amountDisbursedCents;
      currencies.set(p.currency, c);
    }
    const today = now.slice(0, 10);
    const typeCounts = byKey(tallies, (t) => t.type);

    return {
      generatedAt: now,
      months,
      log: {
        size: treeSize,
        // Every entry type the log knows, with zeros, so a reader sees what could be there.
        entriesByType: [
          ...ENTRY_TYPE_NAMES.map((type) => ({ key: type, count: typeCounts.get(type) ?? 0 })),
          ...[...typeCounts]
            .filter(([type]) => !(ENTRY_TYPE_NAMES as readonly string[]).includes(type))
            .map(([key, count]) => ({ key, count })),
        ],
      },
      requests: {
        total: requestTotal,
        byMonth: monthly(requests, months),
        byCategory: keyed(requests, (t) => t.detail),
        byAgency: keyed(requests, (t) => t.organisation),
      },
      sharing: {
        recorded: shareRecorded,
        requestsWithShares,
        clipsShared: total(shares, (t) => t.quantity),
        shareRate: shareRecorded && requestTotal > 0 ? requestsWithShares / requestTotal : null,
      },
      legalProcess: {
        total: total(legal),
        clips: total(legal, (t) => t.quantity),
        byBasis: LEGAL_PROCESS_BASES.map((b) => ({
          key: b,
          count: total(legal.filter((t) => t.detail === b)),
        })),
        byMonth: monthly(legal, months),
      },
      emergency: {
        total: total(emergency),
        clips: total(emergency, (t) => t.quantity),
        byMonth: monthly(emergency, months),
      },
      policies: {
        total: total(policies),
        byType: keyed(policies, (t) => t.type),
        byMonth: monthly(policies, months),
      },
      moderation: { total: total(moderation), byAction: keyed(moderation, (t) => t.detail) },
      subsidies: {
        programmes: programmes.length,
        byCurrency: [...currencies.values()],
        unitsDisbursedByMonth: monthly(of('subsidy.disbursed'), months, (t) => t.quantity),
        k: subsidyCells.k,
        cells: [...combined].map(([cell, units]) => ({ cell, units, boundary: cellPolygon(cell) })),
        suppressedCells: subsidyCells.suppressedCells,
      },
      agreements: {
        total: agreements.length,
        inForce: agreements.filter((a) => a.effectiveOn <= today && (!a.expiresOn || a.expiresOn >= today))
          .length,
        vendorApproval: agreements.filter((a) => a.vendorApprovalOfStatements).length,
        amendments: total(of('agreement.amended')),
      },
      communications: {
        total: communications.length,
        byVendorInvolvement: INVOLVEMENT.map((v) => ({
          key: v,
          count: communications.filter((c) => c.vendorInvolvement === v).length,
        })),
      },
      oversight: {
        complaints: {
          total: complaints.length,
          open: complaints.filter((c) => c.status === 'received' || c.status === 'under_review').length,
          byCategory: countBy(COMPLAINT_CATEGORIES, complaints, (c) => c.category),
          byStatus: countBy(COMPLAINT_STATUSES, complaints, (c) => c.status),
        },
        audits: {
          total: audits.length,
          findings: audits.reduce((n, a) => n + a.findings, 0),
          violationsFound: audits.reduce((n, a) => n + a.violations, 0),
        },
        violations: {
          total: violations.length,
          corrected: violations.filter((v) => v.correctedOn !== null).length,
          byCategory: countBy(VIOLATION_CATEGORIES, violations, (v) => v.category),
        },
        breaches: {
          total: breaches.length,
          open: breaches.filter((b) => b.status !== 'resolved').length,
          recordsAffected: breaches.reduce((n, b) => n + b.recordsAffected, 0),
          ownersNotified: breaches.filter((b) => b.ownersNotified).length,
        },
      },
      map: {
        k: cameraMap.k,
        resolution: this.settings.cellResolution,
        suppressedCells: cameraMap.suppressedCells,
        // The camera map is suppressed at its source; filtering again here keeps that true if the source changes.
        cells: suppress(cameraMap.cells, (c) => c.cameras, cameraMap.k).cells.map((c) => ({
          ...c,
          boundary: cellPolygon(c.cell),
        })),
        tiles: this.settings.mapTileUrl
          ? { url: this.settings.mapTileUrl, attribution: this.settings.mapTileAttribution ?? null }
          : null,
      },
    };
  }

  /** The year it is now by this server's clock (UTC): the report a reader gets when they ask for the current one. */
  currentYear(): number {
    return new Date(this.clock.now()).getUTCFullYear();
  }

  /** The annual surveillance report for a year, for one agency (by name) or all. */
  async annualReport(year: number, agency: string | null): Promise<AnnualReport & { agencies: string[] }> {
    if (!Number.isInteger(year) || year < 1970 || year > 9999)
      throw new AppError('ERR_VALIDATION', 'Give a year.');
    await this.catchUp();
    const from = `${year}-01-01`;
    const to = `${year}-12-31`;
    const match = (name: string | null | undefined) =>
      agency === null || (!!name && name.toLocaleLowerCase('en') === agency.toLocaleLowerCase('en'));
    const [
      allTallies,
      { treeSize },
      programmes,
      disbursed,
      subsidyCells,
      agreementList,
      communications,
      cameraMap,
      registers,
    ] = await Promise.all([
      this.repo.tallies({ fromMonth: `${year}-01`, toMonth: `${year}-12` }),
      this.log.entries(0, 0),
      this.registries.programmes(),
      this.registries.disbursementTotals({ from, to }),
      this.registries.subsidyCells(),
      this.registries.agreements(),
      this.registries.communications(),
      this.cameras.cameraMap(),
      this.registers(),
    ]);
    const inYear = (day: string | null) => day !== null && day >= from && day <= to;
    const auditDates = new Map(registers.audits.map((a) => [a.id, a.auditedOn]));
    const activeIn = (start: string, end: string | null) => start <= to && (end === null || end >= from);
    const report = buildAnnualReport({
      year,
      agency,
      generatedAt: this.iso(),
      logSize: treeSize,
      tallies: allTallies.filter((t) => match(t.organisation)),
      knownEntryTypes: ENTRY_TYPE_NAMES,
      cameraMap,
      programmes: programmes.filter((p) => activeIn(p.startsOn, p.endsOn) && match(p.funder)),
      disbursedInYear: disbursed,
      subsidyCells,
      agreements: agreementList.filter(
        (a) =>
          activeIn(a.effectiveOn, a.expiresOn) && (agency === null || a.parties.some((p) => match(p.name))),
      ),
      communications: communications.filter(
        (c) =>
          c.issuedOn >= from &&
          c.issuedOn <= to &&
          (agency === null || match(c.author.organisation) || c.editors.some((e) => match(e.organisation))),
      ),
      // Oversight's registers: what was received, audited, found or discovered in the year, for the agency.
      complaints: registers.complaints.filter((c) => inYear(c.receivedOn) && match(c.agency)),
      audits: registers.audits.filter((a) => inYear(a.auditedOn) && match(a.agency)),
      violations: registers.violations.filter(
        (v) =>
          (inYear(v.occurredOn) || (v.auditId !== null && inYear(auditDates.get(v.auditId) ?? null))) &&
          match(v.agency),
      ),
      breaches: registers.breaches.filter(
        (b) => (inYear(b.discoveredOn) || inYear(b.occurredOn)) && match(b.agency),
      ),
    });
    return {
      ...report,
      agencies: await this.agencies(programmes, agreementList, communications, registers),
    };
  }

  /** Public bodies a report can be limited to: those acting in the log as agencies or named in the registries. */
  private async agencies(
    programmes: ProgrammeSummary[],
    agreements: { parties: { name: string; kind: string }[] }[],
    communications: CommunicationSummary[],
    registers: Registers,
  ): Promise<string[]> {
    const names = new Set<string>();
    for (const t of await this.repo.tallies())
      if (t.actorClass === 'agency' && t.organisation) names.add(t.organisation);
    for (const p of programmes) names.add(p.funder);
    for (const a of agreements) for (const p of a.parties) if (p.kind === 'public_body') names.add(p.name);
    for (const c of communications) names.add(c.author.organisation);
    for (const r of [
      ...registers.complaints,
      ...registers.audits,
      ...registers.violations,
      ...registers.breaches,
    ])
      if (r.agency) names.add(r.agency);
    return [...names].sort((a, b) => a.localeCompare(b, 'en'));
  }

  /** Oversight's four registers, whole. */
  private async registers(): Promise<Registers> {
    const [complaints, audits, violations, breaches] = await Promise.all([
      this.oversight.complaints(),
      this.oversight.audits(),
      this.oversight.violations(),
      this.oversight.breaches(),
    ]);
    return { complaints, audits, violations, breaches };
  }

  /** One open data file in one format. */
  async openData(set: OpenDataSet, format: 'csv' | 'json' | 'geojson'): Promise<OpenDataFile> {
    if (!(OPEN_DATA[set].formats as readonly string[]).includes(format))
      throw new AppError('ERR_NOT_FOUND', `${set} is published as ${OPEN_DATA[set].formats.join(', ')}.`);
    const generatedAt = this.iso();
    const file = (rows: Record<string, Cell>[], columns: Column[], meta: Record<string, unknown> = {}) =>
      this.render(set, format, generatedAt, rows, columns, meta);
    switch (set) {
      case 'camera-map': {
        const map = await this.cameras.cameraMap();
        const { cells } = suppress(map.cells, (c) => c.cameras, map.k);
        const rows = cells.map((c) => ({
          cell: c.cell,
          resolution: this.settings.cellResolution,
          cameras: c.cameras,
          accepting_requests: c.accepting,
        }));
        return file(rows, cols('cell', 'resolution', 'cameras', 'accepting_requests'), {
          k: map.k,
          suppressedCells: map.suppressedCells,
        });
      }
      case 'subsidy-cells': {
        const [s, programmes] = await Promise.all([
          this.registries.subsidyCells(),
          this.registries.programmes(),
        ]);
        const name = new Map(programmes.map((p) => [p.id, p]));
        const rows = s.cells.map((c) => ({
          programme_id: c.programmeId,
          programme: name.get(c.programmeId)?.name ?? null,
          cell: c.cell,
          resolution: this.settings.cellResolution,
          units: c.units,
          amount_cents: c.amountCents,
          currency: name.get(c.programmeId)?.currency ?? null,
        }));
        return file(
          rows,
          cols('programme_id', 'programme', 'cell', 'resolution', 'units', 'amount_cents', 'currency'),
          { k: s.k, suppressedCells: s.suppressedCells },
        );
      }
      case 'subsidy-programmes': {
        const rows = (await this.registries.programmes()).map((p) => ({
          id: p.id,
          name: p.name,
          funder: p.funder,
          vendor: p.vendor,
          currency: p.currency,
          amount_cents: p.amountCents,
          discount_cents_per_unit: p.discountCentsPerUnit,
          units: p.units,
          vendor_match_cents: p.vendorMatchCents,
          starts_on: p.startsOn,
          ends_on: p.endsOn,
          units_disbursed: p.unitsDisbursed,
          amount_disbursed_cents: p.amountDisbursedCents,
          version: p.version,
          record_hash: p.recordHash,
          log_entry_index: p.entryIndex,
        }));
        return file(rows, cols(...Object.keys(rows[0] ?? PROGRAMME_KEYS)));
      }
      case 'agreements': {
        const list = await this.registries.agreements();
        const full: AgreementView[] = [];
        for (const a of list) full.push(await this.registries.agreement(a.id));
        const rows = full.map((a) => ({
          id: a.id,
          title: a.title,
          parties: a.parties.map((p) => p.name).join('; '),
          party_kinds: a.parties.map((p) => p.kind).join('; '),
          signed_on: a.signedOn,
          effective_on: a.effectiveOn,
          expires_on: a.expiresOn,
          vendor_approval_of_statements: a.vendorApprovalOfStatements,
          flagged_clauses: a.flaggedClauses.map((c) => c.text).join('\n'),
          version: a.version,
          record_hash: a.recordHash,
          log_entry_index: a.entryIndex,
          text: a.text,
        }));
        return file(rows, cols(...AGREEMENT_KEYS));
      }
      case 'communications': {
        const rows = (await this.registries.communications()).map((c) => ({
          id: c.id,
          title: c.title,
          issued_on: c.issuedOn,
          medium: c.medium,
          author_organisation: c.author.organisation,
          author_role: c.author.role,
          editors: c.editors.map((e) => `${e.role}, ${e.organisation}`).join('; '),
          vendor_involvement: c.vendorInvolvement,
          vendor: c.vendor,
          version: c.version,
          record_hash: c.recordHash,
          log_entry_index: c.entryIndex,
        }));
        return file(rows, cols(...COMMUNICATION_KEYS));
      }
      case 'complaints': {
        const rows = (await this.oversight.complaints()).map((c) => ({
          id: c.id,
          received_on: c.receivedOn,
          agency: c.agency,
          category: c.category,
          status: c.status,
          closed_on: c.closedOn,
          summary: c.summary,
          outcome: c.outcome,
          version: c.version,
          record_hash: c.recordHash,
          log_entry_index: c.entryIndex,
        }));
        return file(rows, cols(...COMPLAINT_KEYS));
      }
      case 'audits': {
        const rows = (await this.oversight.audits()).map((a) => ({
          id: a.id,
          auditor: a.auditor,
          agency: a.agency,
          period_from: a.periodFrom,
          period_to: a.periodTo,
          audited_on: a.auditedOn,
          findings: a.findings,
          violations: a.violations,
          report_sha256: a.reportSha256,
          summary: a.summary,
          version: a.version,
          record_hash: a.recordHash,
          log_entry_index: a.entryIndex,
        }));
        return file(rows, cols(...AUDIT_KEYS));
      }
      case 'violations': {
        const rows = (await this.oversight.violations()).map((v) => ({
          id: v.id,
          audit_id: v.auditId,
          agency: v.agency,
          category: v.category,
          clause: v.clause,
          occurred_on: v.occurredOn,
          corrected_on: v.correctedOn,
          summary: v.summary,
          corrective_action: v.correctiveAction,
          version: v.version,
          record_hash: v.recordHash,
          log_entry_index: v.entryIndex,
        }));
        return file(rows, cols(...VIOLATION_KEYS));
      }
      case 'breaches': {
        const rows = (await this.oversight.breaches()).map((b) => ({
          id: b.id,
          discovered_on: b.discoveredOn,
          occurred_on: b.occurredOn,
          agency: b.agency,
          system: b.system,
          records_affected: b.recordsAffected,
          owners_notified: b.ownersNotified,
          owners_notified_on: b.ownersNotifiedOn,
          status: b.status,
          summary: b.summary,
          remediation: b.remediation,
          version: b.version,
          record_hash: b.recordHash,
          log_entry_index: b.entryIndex,
        }));
        return file(rows, cols(...BREACH_KEYS));
      }
      case 'log-activity': {
        await this.catchUp();
        const rows = (await this.repo.tallies()).map((t) => ({
          month: t.month,
          type: t.type,
          actor_class: t.actorClass,
          organisation: t.organisation || null,
          detail: t.detail || null,
          entries: t.entries,
          quantity: t.quantity,
        }));
        return file(
          rows,
          cols('month', 'type', 'actor_class', 'organisation', 'detail', 'entries', 'quantity'),
        );
      }
    }
  }

  private render(
    set: OpenDataSet,
    format: 'csv' | 'json' | 'geojson',
    generatedAt: string,
    rows: Record<string, Cell>[],
    columns: Column[],
    meta: Record<string, unknown>,
  ): OpenDataFile {
    const filename = `${set}.${format}`;
    if (format === 'csv')
      return { contentType: 'text/csv; charset=utf-8', filename, body: toCsv(columns, rows) };
    if (format === 'json')
      return {
        contentType: 'application/json; charset=utf-8',
        filename,
        body: `${JSON.stringify({ dataset: set, generatedAt, ...meta, rows }, null, 2)}\n`,
      };
    const geo = cellsToGeoJson(rows as (Record<string, Cell> & { cell: string })[], (r) => {
      const { cell: _cell, ...props } = r;
      return props;
    });
    return {
      contentType: 'application/geo+json; charset=utf-8',
      filename,
      // RFC 7946 §6.1 allows foreign members: the data set's name, time and suppression rule travel with it.
      body: `${JSON.stringify({ ...geo, dataset: set, generatedAt, ...meta }, null, 2)}\n`,
    };
  }
}

const PROGRAMME_KEYS = [
  'id',
  'name',
  'funder',
  'vendor',
  'currency',
  'amount_cents',
  'discount_cents_per_unit',
  'units',
  'vendor_match_cents',
  'starts_on',
  'ends_on',
  'units_disbursed',
  'amount_disbursed_cents',
  'version',
  'record_hash',
  'log_entry_index',
];
const AGREEMENT_KEYS = [
  'id',
  'title',
  'parties',
  'party_kinds',
  'signed_on',
  'effective_on',
  'expires_on',
  'vendor_approval_of_statements',
  'flagged_clauses',
  'version',
  'record_hash',
  'log_entry_index',
  'text',
];
const COMMUNICATION_KEYS = [
  'id',
  'title',
  'issued_on',
  'medium',
  'author_organisation',
  'author_role',
  'editors',
  'vendor_involvement',
  'vendor',
  'version',
  'record_hash',
  'log_entry_index',
];

const COMPLAINT_KEYS = [
  'id',
  'received_on',
  'agency',
  'category',
  'status',
  'closed_on',
  'summary',
  'outcome',
  'version',
  'record_hash',
  'log_entry_index',
];
const AUDIT_KEYS = [
  'id',
  'auditor',
  'agency',
  'period_from',
  'period_to',
  'audited_on',
  'findings',
  'violations',
  'report_sha256',
  'summary',
  'version',
  'record_hash',
  'log_entry_index',
];
const VIOLATION_KEYS = [
  'id',
  'audit_id',
  'agency',
  'category',
  'clause',
  'occurred_on',
  'corrected_on',
  'summary',
  'corrective_action',
  'version',
  'record_hash',
  'log_entry_index',
];
const BREACH_KEYS = [
  'id',
  'discovered_on',
  'occurred_on',
  'agency',
  'system',
  'records_affected',
  'owners_notified',
  'owners_notified_on',
  'status',
  'summary',
  'remediation',
  'version',
  'record_hash',
  'log_entry_index',
];

/** Oversight's registers as the public record reads them. */
interface Registers {
  complaints: ComplaintSummary[];
  audits: AuditSummary[];
  violations: ViolationSummary[];
  breaches: BreachSummary[];
}

/** A count for every value of a closed list, in the list's order (zeros included). */
function countBy<T>(values: readonly string[], rows: readonly T[], key: (r: T) => string): Keyed[] {
  return values.map((v) => ({ key: v, count: rows.filter((r) => key(r) === v).length }));
}

function cols(...keys: string[]): Column[] {
  return keys.map((key) => ({ key }));
}

function total(rows: readonly TallyRow[], f: (r: TallyRow) => number = (r) => r.entries): number {
  return rows.reduce((n, r) => n + f(r), 0);
}

function byKey(rows: readonly TallyRow[], key: (r: TallyRow) => string, f = (r: TallyRow) => r.entries) {
  const m = new Map<string, number>();
  for (const r of rows) m.set(key(r), (m.get(key(r)) ?? 0) + f(r));
  return m;
}

function keyed(rows: readonly TallyRow[], key: (r: TallyRow) => string): Keyed[] {
  return [...byKey(rows, key)]
    .map(([k, count]) => ({ key: k, count }))
    .sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : 1));
}

function monthly(rows: readonly TallyRow[], months: string[], f = (r: TallyRow) => r.entries): Monthly[] {
  const m = byKey(rows, (r) => r.month, f);
  return months.map((month) => ({ month, count: m.get(month) ?? 0 }));
}

/** The `count` months up to and including the month of `iso`, oldest first. */
export function lastMonths(iso: string, count: number): string[] {
  const y = Number(iso.slice(0, 4));
  const m = Number(iso.slice(5, 7)) - 1;
  return Array.from({ length: count }, (_, i) => {
    const d = new Date(Date.UTC(y, m - (count - 1 - i), 1));
    return d.toISOString().slice(0, 7);
  });
}
