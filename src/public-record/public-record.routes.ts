import { Type, type TSchema } from '@sinclair/typebox';
import type { App } from '../http/app.js';
import { AppError } from '../shared/errors.js';
import { renderAnnualReportPdf } from './annual-report.pdf.js';
import { REPORT_CSV_COLUMNS, reportCsvRows } from './annual-report.js';
import { toCsv } from './open-data.js';
import { OPEN_DATA, type OpenDataSet, type PublicRecordService } from './public-record.service.js';

const Keyed = Type.Array(Type.Object({ key: Type.String(), count: Type.Integer() }));
const Monthly = Type.Array(Type.Object({ month: Type.String(), count: Type.Integer() }));
const Boundary = Type.Array(Type.Tuple([Type.Number(), Type.Number()]), {
  description: "The cell's corners as [latitude, longitude]",
});

const DashboardSchema = Type.Object(
  {
    generatedAt: Type.String(),
    months: Type.Array(Type.String(), { description: 'The twelve months the monthly series cover, YYYY-MM' }),
    log: Type.Object({ size: Type.Integer(), entriesByType: Keyed }),
    requests: Type.Object({
      total: Type.Integer(),
      byMonth: Monthly,
      byCategory: Keyed,
      byAgency: Keyed,
    }),
    sharing: Type.Object({
      recorded: Type.Boolean({ description: "Whether residents' shares are logged on this server yet" }),
      requestsWithShares: Type.Integer(),
      clipsShared: Type.Integer(),
      shareRate: Type.Union([Type.Number(), Type.Null()]),
    }),
    legalProcess: Type.Object({
      total: Type.Integer(),
      clips: Type.Integer(),
      byBasis: Keyed,
      byMonth: Monthly,
    }),
    emergency: Type.Object({ total: Type.Integer(), clips: Type.Integer(), byMonth: Monthly }),
    policies: Type.Object({ total: Type.Integer(), byType: Keyed, byMonth: Monthly }),
    moderation: Type.Object({ total: Type.Integer(), byAction: Keyed }),
    subsidies: Type.Object({
      programmes: Type.Integer(),
      byCurrency: Type.Array(
        Type.Object({
          currency: Type.String(),
          amountCents: Type.Integer(),
          vendorMatchCents: Type.Integer(),
          units: Type.Integer(),
          unitsDisbursed: Type.Integer(),
          amountDisbursedCents: Type.Integer(),
        }),
      ),
      unitsDisbursedByMonth: Monthly,
      k: Type.Integer(),
      cells: Type.Array(Type.Object({ cell: Type.String(), units: Type.Integer(), boundary: Boundary })),
      suppressedCells: Type.Integer(),
    }),
    agreements: Type.Object({
      total: Type.Integer(),
      inForce: Type.Integer(),
      vendorApproval: Type.Integer(),
      amendments: Type.Integer(),
    }),
    communications: Type.Object({ total: Type.Integer(), byVendorInvolvement: Keyed }),
    oversight: Type.Object(
      {
        complaints: Type.Object({
          total: Type.Integer(),
          open: Type.Integer({ description: 'Received or under review' }),
          byCategory: Keyed,
          byStatus: Keyed,
        }),
        audits: Type.Object({
          total: Type.Integer(),
          findings: Type.Integer(),
          violationsFound: Type.Integer(),
        }),
        violations: Type.Object({ total: Type.Integer(), corrected: Type.Integer(), byCategory: Keyed }),
        breaches: Type.Object({
          total: Type.Integer(),
          open: Type.Integer({ description: 'Not yet resolved' }),
          recordsAffected: Type.Integer(),
          ownersNotified: Type.Integer({ description: 'Breaches whose owners were notified' }),
        }),
      },
      { description: "Oversight's registers of complaints, audits, violations and breaches, all time" },
    ),
    map: Type.Object({
      k: Type.Integer({ description: 'Cells with fewer cameras are left out' }),
      resolution: Type.Integer({ description: 'H3 resolution of the cells' }),
      suppressedCells: Type.Integer(),
      cells: Type.Array(
        Type.Object({
          cell: Type.String(),
          cameras: Type.Integer(),
          accepting: Type.Integer(),
          boundary: Boundary,
        }),
      ),
      tiles: Type.Union([
        Type.Object({ url: Type.String(), attribution: Type.Union([Type.String(), Type.Null()]) }),
        Type.Null(),
      ]),
    }),
  },
  { $id: 'Dashboard' },
);

const Cellv = Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()]);
const ReportSchema = Type.Object(
  {
    title: Type.String(),
    year: Type.Integer(),
    agency: Type.Union([Type.String(), Type.Null()]),
    agencies: Type.Array(Type.String(), { description: 'Names the report can be limited to' }),
    period: Type.Object({ from: Type.String(), to: Type.String() }),
    generatedAt: Type.String(),
    logSize: Type.Integer(),
    sections: Type.Array(
      Type.Object({
        id: Type.String(),
        item: Type.Union([Type.String(), Type.Null()], {
          description: 'The item of Oakland Municipal Code 9.64.010 (annual surveillance report) it answers',
        }),
        title: Type.String(),
        paragraphs: Type.Array(Type.String()),
        tables: Type.Array(
          Type.Object({
            id: Type.String(),
            caption: Type.String(),
            columns: Type.Array(
              Type.Object({
                key: Type.String(),
                label: Type.String(),
                kind: Type.Union(['text', 'count', 'money', 'date', 'percent'].map((k) => Type.Literal(k))),
              }),
            ),
            rows: Type.Array(Type.Record(Type.String(), Cellv)),
            currencyKey: Type.Optional(Type.String()),
            empty: Type.String(),
          }),
        ),
      }),
    ),
  },
  { $id: 'AnnualReport' },
);

const files = Object.entries(OPEN_DATA).flatMap(([name, d]) => d.formats.map((f) => `${name}.${f}`));
const OpenDataFile = Type.String({
  pattern: `^(${files.map((f) => f.replaceAll('.', '\\.')).join('|')})$`,
  description: `One of ${files.join(', ')}`,
});

const content = (types: Record<string, TSchema>, description: string) => ({
  description,
  content: Object.fromEntries(Object.entries(types).map(([t, schema]) => [t, { schema }])),
});

/**
 * The public record over HTTP, without sign-in (E3, E4, C6): the dashboard, the annual surveillance report as a
 * web page's data, PDF and CSV, and the open data files.
 */
export function publicRecordRoutes(record: PublicRecordService) {
  return (app: App): void => {
    app.addSchema(DashboardSchema);
    app.addSchema(ReportSchema);

    app.get(
      '/api/v1/public/dashboard',
      {
        config: { access: 'public' },
        schema: {
          tags: ['public'],
          summary:
            'The transparency dashboard: requests, disclosures, policies, subsidies, agreements and the map',
          description:
            'Aggregates of the public log and registries, computed on the server. Map cells with fewer than k cameras ' +
            '(and subsidy cells with fewer than k units) are left out. `map.tiles` is null unless the operator ' +
            'configured PORCHLIGHT_MAP_TILE_URL.',
          response: { 200: Type.Ref(DashboardSchema) },
        },
      },
      async (_req, reply) => reply.header('cache-control', 'no-cache').send(await record.dashboard()),
    );

    app.get(
      '/api/v1/public/reports/annual/:year',
      {
        config: { access: 'public', rateLimitPerMinute: 120 },
        schema: {
          tags: ['public'],
          summary: 'The annual surveillance report for a year: JSON, or with .pdf or .csv for those formats',
          description:
            'Sections follow the items an annual surveillance report must hold under Oakland Municipal Code 9.64.010. ' +
            '`agency` limits it to one public body by name.',
          params: Type.Object({
            year: Type.String({
              pattern: '^(current|19[7-9][0-9]|[2-9][0-9]{3})(\\.(json|pdf|csv))?$',
              description:
                "The year, e.g. 2026, or `current` for this year by the server's clock, optionally with .json, .pdf or .csv",
            }),
          }),
          querystring: Type.Object({ agency: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })) }),
          response: {
            200: content(
              {
                'application/json': Type.Ref(ReportSchema),
                'application/pdf': Type.String({ format: 'binary' }),
                'text/csv': Type.String(),
              },
              'The report',
            ),
          },
        },
      },
      async (req, reply) => {
        const [asked, format = 'json'] = req.params.year.split('.') as [string, string | undefined];
        const yearText = asked === 'current' ? String(record.currentYear()) : asked;
        const report = await record.annualReport(Number(yearText), req.query.agency?.trim() || null);
        const name = `porchlight-annual-report-${yearText}${report.agency ? `-${slug(report.agency)}` : ''}`;
        void reply.header('cache-control', 'no-cache');
        if (format === 'pdf')
          return reply
            .type('application/pdf')
            .header('content-disposition', `inline; filename="${name}.pdf"`)
            .send(await renderAnnualReportPdf(report));
        if (format === 'csv')
          return reply
            .type('text/csv; charset=utf-8')
            .header('content-disposition', `attachment; filename="${name}.csv"`)
            .send(
              toCsv(
                REPORT_CSV_COLUMNS.map((key) => ({ key })),
                reportCsvRows(report),
              ),
            );
        return reply.type('application/json; charset=utf-8').send(report);
      },
    );

    app.get(
      '/api/v1/public/open-data',
      {
        config: { access: 'public' },
        schema: {
          tags: ['public'],
          summary: 'The open data files: names, titles and formats (documented in docs/open-data.md)',
          response: {
            200: Type.Object({
              files: Type.Array(
                Type.Object({
                  name: Type.String(),
                  title: Type.String(),
                  formats: Type.Array(Type.String()),
                  urls: Type.Array(Type.String()),
                }),
              ),
            }),
          },
        },
      },
      async () => ({
        files: Object.entries(OPEN_DATA).map(([name, d]) => ({
          name,
          title: d.title,
          formats: [...d.formats],
          urls: d.formats.map((f) => `/api/v1/public/open-data/${name}.${f}`),
        })),
      }),
    );

    app.get(
      '/api/v1/public/open-data/:file',
      {
        config: { access: 'public', rateLimitPerMinute: 120 },
        schema: {
          tags: ['public'],
          summary: 'One open data file: CSV, JSON or GeoJSON (cells under k left out)',
          params: Type.Object({ file: OpenDataFile }),
          response: {
            200: content(
              {
                'text/csv': Type.String(),
                'application/json': Type.Object({}, { additionalProperties: true }),
                'application/geo+json': Type.Object({}, { additionalProperties: true }),
              },
              'The file',
            ),
          },
        },
      },
      async (req, reply) => {
        const dot = req.params.file.lastIndexOf('.');
        const set = req.params.file.slice(0, dot) as OpenDataSet;
        const format = req.params.file.slice(dot + 1) as 'csv' | 'json' | 'geojson';
        if (!Object.hasOwn(OPEN_DATA, set)) throw new AppError('ERR_NOT_FOUND');
        const out = await record.openData(set, format);
        return reply
          .type(out.contentType)
          .header('cache-control', 'no-cache')
          .header('content-disposition', `inline; filename="${out.filename}"`)
          .send(out.body);
      },
    );
  };
}

function slug(text: string): string {
  return (
    text
      .normalize('NFKD')
      .replace(/[^\w\s-]/g, '')
      .trim()
      .replace(/\s+/g, '-')
      .toLowerCase()
      .slice(0, 60) || 'agency'
  );
}
