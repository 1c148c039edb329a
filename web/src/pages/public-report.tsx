import { useId, useState } from 'react';
import { PageTitle, useResource } from '../components.js';
import { Loaded, RecordTable } from '../lib/forms.js';
import { reportValue, type AnnualReport } from '../lib/public-api.js';
import { Link, navigate } from '../router.js';

/** Column kinds shown as text, left-aligned; the others are figures. */
const TEXT_KINDS = new Set(['text', 'date']);
/** A coarse area (an H3 cell id), shown as code. */
const CELL_ID = /^8[0-9a-f]{14}$/;

/**
 * The annual surveillance report (C6) for a year, for all agencies or one, with its PDF and CSV. With no year,
 * the current one by the server's clock (a browser's clock may be set to another day).
 */
export function AnnualReportPage({ year: asked }: { year: number | null }) {
  const agency = new URLSearchParams(window.location.search).get('agency');
  const query = agency ? `?agency=${encodeURIComponent(agency)}` : '';
  const report = useResource<AnnualReport>(`/api/v1/public/reports/annual/${asked ?? 'current'}${query}`);
  const [choice, setChoice] = useState(agency ?? '');
  const selectId = useId();
  const year = asked ?? report.data?.year;
  const thisYear = report.data ? Number(report.data.generatedAt.slice(0, 4)) : null;
  if (year === undefined)
    return (
      <Loaded resource={report} loading="Building the report">
        {() => null}
      </Loaded>
    );
  const show = (y: number, a: string) =>
    navigate(`/public/report/${y}${a ? `?agency=${encodeURIComponent(a)}` : ''}`);
  return (
    <>
      <PageTitle title={`Annual surveillance report ${year}`}>
        Annual surveillance report {year}
        {agency ? <span className="title-sub">{agency}</span> : null}
      </PageTitle>
      <p className="lead">
        Generated from the public log and registries, with the items a local surveillance ordinance (Oakland
        Municipal Code 9.64.010) asks an annual report to cover. Where Porchlight records nothing for an item,
        the report says so.
      </p>
      <div className="report-tools">
        <nav aria-label="Other years" className="actions">
          <Link to={`/public/report/${year - 1}${query}`} className="button button-small">
            ← {year - 1}
          </Link>
          {thisYear !== null && year < thisYear && (
            <Link to={`/public/report/${year + 1}${query}`} className="button button-small">
              {year + 1} →
            </Link>
          )}
        </nav>
        {report.data && (
          <form
            className="agency-picker"
            onSubmit={(e) => {
              e.preventDefault();
              show(year, choice);
            }}
          >
            <label htmlFor={selectId}>Agency</label>
            <select id={selectId} value={choice} onChange={(e) => setChoice(e.target.value)}>
              <option value="">All agencies</option>
              {report.data.agencies.map((a) => (
                <option key={a} value={a}>
                  {a}
                </option>
              ))}
            </select>
            <button type="submit" className="button button-small">
              Show
            </button>
          </form>
        )}
        <p className="actions">
          <a className="button button-small" href={`/api/v1/public/reports/annual/${year}.pdf${query}`}>
            Download PDF
          </a>
          <a className="button button-small" href={`/api/v1/public/reports/annual/${year}.csv${query}`}>
            Download CSV
          </a>
        </p>
      </div>
      <Loaded resource={report} loading="Building the report">
        {(data) => (
          <article className="report">
            <p className="muted">
              Period {data.period.from} to {data.period.to}. Generated{' '}
              {data.generatedAt.replace('T', ' ').slice(0, 16)} UTC from a log of{' '}
              {data.logSize.toLocaleString()} entries.
            </p>
            <nav aria-label="Report sections" className="report-toc">
              <ol>
                {data.sections.map((s) => (
                  <li key={s.id}>
                    <a href={`#report-${s.id}`}>
                      {s.item ? `${s.item}. ` : ''}
                      {s.title}
                    </a>
                  </li>
                ))}
              </ol>
            </nav>
            {data.sections.map((s) => (
              <section key={s.id} id={`report-${s.id}`} aria-labelledby={`report-${s.id}-h`}>
                <h2 id={`report-${s.id}-h`}>
                  {s.item && <span className="item">{s.item}.</span>} {s.title}
                </h2>
                {s.paragraphs.map((p, i) => (
                  <p key={i}>{p}</p>
                ))}
                {s.tables.map((t) => (
                  <RecordTable
                    key={t.id}
                    caption={t.caption}
                    empty={
                      <>
                        <strong>{t.caption}:</strong> {t.empty}
                      </>
                    }
                    emptyClassName="chart-note"
                    head={t.columns.map((c) => ({ label: c.label, num: !TEXT_KINDS.has(c.kind) }))}
                    rows={t.rows.map((r, i) => ({
                      id: String(i),
                      cells: t.columns.map((c) => {
                        const value = reportValue(
                          c.kind,
                          r[c.key],
                          t.currencyKey ? String(r[t.currencyKey]) : undefined,
                        );
                        return CELL_ID.test(value) ? <code className="cell-id">{value}</code> : value;
                      }),
                    }))}
                  />
                ))}
              </section>
            ))}
          </article>
        )}
      </Loaded>
    </>
  );
}
