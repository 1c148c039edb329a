import { lazy, Suspense, useMemo, type ComponentProps } from 'react';
import { ErrorMessage, Loading, PageTitle, useResource } from '../components.js';
import { RecordTable, Section } from '../lib/forms.js';
import { count, money, words, type Dashboard, type OpenDataCatalogue } from '../lib/public-api.js';
import { Link, useLocation } from '../router.js';
import { BarChart, MonthlyChart } from './public-charts.js';
import { LogExplorerPage } from './public-log.js';
import { AnnualReportPage } from './public-report.js';
import { AgreementPage, CommunicationPage, ProgrammePage, RegistriesPage } from './public-registries.js';
import {
  AuditPage,
  BreachPage,
  ComplaintPage,
  OversightRegistersPage,
  ViolationPage,
} from './public-oversight.js';

// Leaflet is loaded only when a map is on the page.
const CellMap = lazy(() => import('./public-map.js'));

const SECTIONS = [
  { to: '/public', label: 'Dashboard' },
  { to: '/public/registries', label: 'Registries' },
  { to: '/public/oversight', label: 'Complaints and audits' },
  // The current year is the server's (its clock), not this browser's: the link asks for `current`.
  { to: '/public/report', label: 'Annual report', prefix: '/public/report' },
  { to: '/public/log', label: 'Log explorer' },
];

/** The public record's own navigation: the same on every public page. */
export function PublicNav() {
  const { pathname } = useLocation();
  const current = (s: (typeof SECTIONS)[number]) =>
    s.to === '/public'
      ? pathname === '/public'
      : pathname.startsWith(s.prefix ?? s.to) ||
        (s.to === '/public/registries' &&
          /^\/public\/(agreements|subsidies|communications)\//.test(pathname)) ||
        (s.to === '/public/oversight' &&
          /^\/public\/(complaints|audits|violations|breaches)\//.test(pathname));
  return (
    <nav aria-label="Public record" className="subnav">
      <ul>
        {SECTIONS.map((s) => (
          <li key={s.to}>
            <Link to={s.to} aria-current={current(s) ? 'page' : undefined}>
              {s.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** The public area, without an account: picks the page for the address under /public. */
export function PublicPage() {
  const { pathname } = useLocation();
  const path = pathname.replace(/\/+$/, '') || '/public';
  let page;
  let m: RegExpExecArray | null;
  if (path === '/public') page = <PublicDashboard />;
  else if (path === '/public/registries') page = <RegistriesPage />;
  else if (path === '/public/log') page = <LogExplorerPage />;
  else if (path === '/public/oversight') page = <OversightRegistersPage />;
  else if ((m = /^\/public\/report\/(\d{4})$/.exec(path))) page = <AnnualReportPage year={Number(m[1])} />;
  else if (path === '/public/report') page = <AnnualReportPage year={null} />;
  else if ((m = /^\/public\/agreements\/([0-9a-f-]{36})$/.exec(path))) page = <AgreementPage id={m[1]!} />;
  else if ((m = /^\/public\/subsidies\/([0-9a-f-]{36})$/.exec(path))) page = <ProgrammePage id={m[1]!} />;
  else if ((m = /^\/public\/communications\/([0-9a-f-]{36})$/.exec(path)))
    page = <CommunicationPage id={m[1]!} />;
  else if ((m = /^\/public\/complaints\/([0-9a-f-]{36})$/.exec(path))) page = <ComplaintPage id={m[1]!} />;
  else if ((m = /^\/public\/audits\/([0-9a-f-]{36})$/.exec(path))) page = <AuditPage id={m[1]!} />;
  else if ((m = /^\/public\/violations\/([0-9a-f-]{36})$/.exec(path))) page = <ViolationPage id={m[1]!} />;
  else if ((m = /^\/public\/breaches\/([0-9a-f-]{36})$/.exec(path))) page = <BreachPage id={m[1]!} />;
  else
    page = (
      <div className="narrow">
        <PageTitle>Page not found</PageTitle>
        <p>
          There is no public page at this address. <Link to="/public">Go to the public record</Link>.
        </p>
      </div>
    );
  return (
    <div className="public">
      <PublicNav />
      {page}
    </div>
  );
}

function Stat({ label, value, note }: { label: string; value: string; note?: string }) {
  return (
    <div className="stat">
      <dt>{label}</dt>
      <dd>
        <span className="stat-value">{value}</span>
        {note && <span className="stat-note">{note}</span>}
      </dd>
    </div>
  );
}

/** The transparency dashboard (E3): what the log and registries hold, the camera map, and the open data. */
function PublicDashboard() {
  const { data, error, loading } = useResource<Dashboard>('/api/v1/public/dashboard');
  const files = useResource<OpenDataCatalogue>('/api/v1/public/open-data');
  const cameraAreas = useMemo(
    () =>
      (data?.map.cells ?? []).map((c) => ({
        cell: c.cell,
        boundary: c.boundary,
        value: c.cameras,
        label: `${count(c.cameras)} cameras, ${count(c.accepting)} accepting requests`,
      })),
    [data],
  );
  // This year by the server's clock, which dated the dashboard.
  const year = data ? Number(data.generatedAt.slice(0, 4)) : null;
  return (
    <>
      <PageTitle>Public record</PageTitle>
      <p className="lead">
        Everything agencies and oversight do on this Porchlight server, counted from the public log and
        registries. No account needed; anyone can check the log entries behind these numbers.
      </p>
      <ErrorMessage error={error} />
      {loading && <Loading what="Loading the dashboard" />}
      {data && (
        <>
          <section aria-labelledby="at-a-glance">
            <h2 id="at-a-glance">The last twelve months</h2>
            <dl className="stats">
              <Stat label="Footage requests" value={count(sum(data.requests.byMonth))} />
              <Stat label="Legal process disclosures" value={count(sum(data.legalProcess.byMonth))} />
              <Stat label="Emergency disclosures" value={count(sum(data.emergency.byMonth))} />
              <Stat
                label="Share rate"
                value={
                  data.sharing.shareRate === null
                    ? 'Not recorded'
                    : `${(data.sharing.shareRate * 100).toFixed(0)}%`
                }
                note={
                  data.sharing.recorded
                    ? `${count(data.sharing.requestsWithShares)} of ${count(data.requests.total)} requests got a clip`
                    : 'Residents’ answers are not logged yet'
                }
              />
              <Stat label="Policy actions" value={count(sum(data.policies.byMonth))} />
              <Stat label="Log entries (all time)" value={count(data.log.size)} note="Each one verifiable" />
            </dl>
          </section>

          <ChartSection
            id="requests"
            title="Footage requests"
            intro="Agencies may ask for footage only under the community’s approved use policy. Residents decide what to share; declines are never shown to agencies."
            charts={[
              {
                kind: 'monthly',
                title: 'Requests per month',
                data: data.requests.byMonth,
                unit: 'requests',
                empty: 'No footage requests in these twelve months.',
              },
              {
                kind: 'bar',
                title: 'Requests by offence category (all time)',
                data: data.requests.byCategory,
                unit: 'requests',
                empty: 'No requests, so no categories.',
                keyHeader: 'Offence category',
                label: words,
              },
              {
                kind: 'bar',
                title: 'Requests by agency (all time)',
                data: data.requests.byAgency,
                unit: 'requests',
                empty: 'No agency has published a request.',
                keyHeader: 'Agency',
              },
            ]}
          />
          <ChartSection
            id="disclosures"
            title="Legal process and emergency disclosures"
            intro="Besides a resident’s own choice, footage reaches an agency only under a recorded warrant, subpoena or court order, or a recorded emergency disclosure that oversight reviews."
            charts={[
              {
                kind: 'bar',
                title: 'Legal process disclosures by basis (all time)',
                data: data.legalProcess.byBasis,
                unit: 'disclosures',
                empty: 'No disclosure under legal process has been recorded.',
                keyHeader: 'Legal basis',
                label: words,
              },
              {
                kind: 'monthly',
                title: 'Emergency disclosures per month',
                data: data.emergency.byMonth,
                unit: 'disclosures',
                empty: 'No emergency disclosures in these twelve months.',
              },
            ]}
          />
          <ChartSection
            id="policies"
            title="Use policies and moderation"
            charts={[
              {
                kind: 'monthly',
                title: 'Use policy actions per month (approvals, amendments, sunsets)',
                data: data.policies.byMonth,
                unit: 'actions',
                empty: 'No use policy action in these twelve months.',
              },
              {
                kind: 'bar',
                title: 'Moderation actions in the neighbours’ feed (all time)',
                data: data.moderation.byAction,
                unit: 'actions',
                empty: 'No moderation action has been logged.',
                keyHeader: 'Action',
                label: words,
              },
            ]}
          />

          <section aria-labelledby="money">
            <h2 id="money">Subsidies, agreements and statements</h2>
            <dl className="stats">
              <Stat label="Subsidy programmes" value={count(data.subsidies.programmes)} />
              <Stat
                label="Partnership agreements"
                value={count(data.agreements.total)}
                note={`${count(data.agreements.inForce)} in force`}
              />
              <Stat
                label="Agreements giving a vendor approval over statements"
                value={count(data.agreements.vendorApproval)}
              />
              <Stat label="Official statements" value={count(data.communications.total)} />
            </dl>
            {data.subsidies.byCurrency.length > 0 && (
              <RecordTable
                label="Subsidy totals"
                caption="Subsidy programmes, all time"
                head={[
                  'Currency',
                  num('Public money'),
                  num('Vendor match'),
                  num('Units'),
                  num('Units disbursed'),
                  num('Paid out'),
                ]}
                rows={data.subsidies.byCurrency.map((c) => ({
                  id: c.currency,
                  cells: [
                    c.currency,
                    money(c.amountCents, c.currency),
                    money(c.vendorMatchCents, c.currency),
                    count(c.units),
                    count(c.unitsDisbursed),
                    money(c.amountDisbursedCents, c.currency),
                  ],
                }))}
              />
            )}
            <Charts
              charts={[
                {
                  kind: 'monthly',
                  title: 'Subsidised units handed out per month',
                  data: data.subsidies.unitsDisbursedByMonth,
                  unit: 'units',
                  empty: 'No subsidised units handed out in these twelve months.',
                },
                {
                  kind: 'bar',
                  title: 'Official statements by vendor involvement',
                  data: data.communications.byVendorInvolvement,
                  unit: 'statements',
                  empty: 'No official statements are registered.',
                  keyHeader: 'Vendor involvement',
                  label: (k) => (k === 'none' ? 'no vendor involvement' : `vendor ${k}`),
                },
              ]}
            />
            <p>
              Subsidised units are counted per coarse area only; areas with fewer than {data.subsidies.k}{' '}
              units in a programme are left out
              {data.subsidies.suppressedCells > 0 ? ` (${count(data.subsidies.suppressedCells)} so far)` : ''}
              .
            </p>
            {data.subsidies.cells.length > 0 && (
              <RecordTable
                label="Subsidised units per area"
                caption="Subsidised units per area, all programmes"
                head={['Area (H3 cell)', num('Units')]}
                rows={data.subsidies.cells.map((c) => ({
                  id: c.cell,
                  cells: [<CellId key="cell" cell={c.cell} />, count(c.units)],
                }))}
              />
            )}
            <p>
              <Link to="/public/registries">Read the agreements, programmes and statements in full</Link>.
            </p>
          </section>

          <section aria-labelledby="oversight">
            <h2 id="oversight">Complaints, audits and breaches</h2>
            <p>
              Recorded by the community’s oversight body, all time. They fill the complaints, audits and
              breaches items of the annual surveillance report.
            </p>
            <dl className="stats">
              <Stat
                label="Complaints"
                value={count(data.oversight.complaints.total)}
                note={`${count(data.oversight.complaints.open)} open`}
              />
              <Stat
                label="Audits"
                value={count(data.oversight.audits.total)}
                note={`${count(data.oversight.audits.findings)} findings`}
              />
              <Stat
                label="Use policy violations"
                value={count(data.oversight.violations.total)}
                note={`${count(data.oversight.violations.corrected)} corrected`}
              />
              <Stat
                label="Data breaches"
                value={count(data.oversight.breaches.total)}
                note={`${count(data.oversight.breaches.recordsAffected)} records affected`}
              />
            </dl>
            <Charts
              charts={[
                {
                  kind: 'bar',
                  title: 'Complaints by category (all time)',
                  data: data.oversight.complaints.byCategory.filter((c) => c.count > 0),
                  unit: 'complaints',
                  empty: 'No complaint has been recorded.',
                  keyHeader: 'Category',
                  label: words,
                },
                {
                  kind: 'bar',
                  title: 'Use policy violations by category (all time)',
                  data: data.oversight.violations.byCategory.filter((c) => c.count > 0),
                  unit: 'violations',
                  empty: 'No violation has been recorded.',
                  keyHeader: 'Category',
                  label: words,
                },
              ]}
            />
            <p>
              <Link to="/public/oversight">Read the complaints, audits, violations and breaches</Link>.
            </p>
          </section>

          <section aria-labelledby="camera-map">
            <h2 id="camera-map">Camera map</h2>
            <p>
              Cameras are counted per coarse area (a map cell of a few square kilometres). Agencies see
              exactly this, and no more. Areas with fewer than {data.map.k} cameras are left out so no
              household can be singled out
              {data.map.suppressedCells > 0
                ? `; ${count(data.map.suppressedCells)} ${data.map.suppressedCells === 1 ? 'area is' : 'areas are'} left out for that reason.`
                : '.'}
            </p>
            {data.map.cells.length === 0 ? (
              <p className="chart-note">No area has {data.map.k} or more cameras yet.</p>
            ) : (
              <div className="map-layout">
                <Suspense fallback={<Loading what="Loading the map" />}>
                  <CellMap
                    areas={cameraAreas}
                    tiles={data.map.tiles}
                    label={`Map of ${data.map.cells.length} areas with at least ${data.map.k} cameras; the same numbers are in the table`}
                  />
                </Suspense>
                <RecordTable
                  label="Camera counts per area"
                  caption={`Cameras per area (at least ${data.map.k} cameras)`}
                  head={['Area (H3 cell)', num('Cameras'), num('Accepting requests')]}
                  rows={data.map.cells.map((c) => ({
                    id: c.cell,
                    cells: [<CellId key="cell" cell={c.cell} />, count(c.cameras), count(c.accepting)],
                  }))}
                />
              </div>
            )}
          </section>

          <section aria-labelledby="report-data">
            <h2 id="report-data">Reports and open data</h2>
            <p>
              <Link to={year ? `/public/report/${year}` : '/public/report'}>
                Annual surveillance report {year}
              </Link>{' '}
              (web page, PDF and CSV), with the items a local surveillance ordinance asks for.
            </p>
            <ErrorMessage error={files.error} />
            {files.data && (
              <ul className="file-list">
                {files.data.files.map((f) => (
                  <li key={f.name}>
                    <span>{f.title}</span>{' '}
                    <span className="file-links">
                      {f.urls.map((u) => (
                        <a key={u} href={u} download>
                          {u.split('.').pop()!.toUpperCase()}
                          <span className="visually-hidden"> of {f.title}</span>
                        </a>
                      ))}
                    </span>
                  </li>
                ))}
              </ul>
            )}
            <p className="muted">
              Every file and column is described in the open data documentation (docs/open-data.md in the
              Porchlight source).
            </p>
          </section>

          <section aria-labelledby="log">
            <h2 id="log">The public log</h2>
            <p>
              {count(data.log.size)} entries so far. Each is a fixed record with no personal data; anyone can
              check that an entry is in the log and unchanged.{' '}
              <Link to="/public/log">Open the log explorer</Link>.
            </p>
            <RecordTable
              label="Log entries by type"
              caption="Log entries by type, all time"
              head={['Type', num('Entries')]}
              rows={data.log.entriesByType.map((e) => ({
                id: e.key,
                cells: [<code key="type">{e.key}</code>, count(e.count)],
              }))}
            />
          </section>
        </>
      )}
    </>
  );
}

function sum(rows: { count: number }[]): number {
  return rows.reduce((n, r) => n + r.count, 0);
}

const num = (label: string) => ({ label, num: true });

function CellId({ cell }: { cell: string }) {
  return <code className="cell-id">{cell}</code>;
}

/** One chart of the dashboard, as data: a month-by-month chart or a bar chart by key. */
type Chart =
  | ({ kind: 'monthly' } & ComponentProps<typeof MonthlyChart>)
  | ({ kind: 'bar' } & ComponentProps<typeof BarChart>);

/** A row of charts. */
function Charts({ charts }: { charts: Chart[] }) {
  return (
    <div className="charts">
      {charts.map((c) =>
        c.kind === 'monthly' ? <MonthlyChart key={c.title} {...c} /> : <BarChart key={c.title} {...c} />,
      )}
    </div>
  );
}

/** A dashboard section that is only charts, with a paragraph saying what they count. */
function ChartSection({
  id,
  title,
  intro,
  charts,
}: {
  id: string;
  title: string;
  intro?: string;
  charts: Chart[];
}) {
  return (
    <Section id={id} title={title}>
      {intro && <p>{intro}</p>}
      <Charts charts={charts} />
    </Section>
  );
}
