import { useId } from 'react';
import { count as fmt, monthLabel, type Keyed, type Monthly } from '../lib/public-api.js';

// Hand-written SVG charts. Each is a figure whose SVG is one labelled image (a title and a one-sentence summary
// for screen readers), followed by the same numbers as a table for anyone who prefers to read them. The drawing
// coordinates are in a 360-unit-wide box, about a phone's width, so text stays legible when the box scales.

const W = 360;

/** Round a maximum up to a number that gives whole, even gridlines. */
function niceMax(max: number): number {
  if (max <= 4) return Math.max(1, max);
  const magnitude = 10 ** Math.floor(Math.log10(max));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * magnitude >= max) return step * magnitude;
  return 10 * magnitude;
}

/** A chart's numbers as a table, folded under "Show the numbers": a row per label with its count. */
function ChartNumbers({
  title,
  keyHeader,
  unit,
  rows,
}: {
  title: string;
  keyHeader: string;
  unit: string;
  rows: { key: string; label: string; count: number }[];
}) {
  return (
    <details className="chart-data">
      <summary>
        Show the numbers<span className="visually-hidden"> of {title}</span>
      </summary>
      <table>
        <caption className="visually-hidden">{title}</caption>
        <thead>
          <tr>
            <th scope="col">{keyHeader}</th>
            <th scope="col" className="num">
              {unit.charAt(0).toUpperCase() + unit.slice(1)}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key}>
              <th scope="row">{r.label}</th>
              <td className="num">{fmt(r.count)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

/** A column per month, with the numbers as a table underneath. */
export function MonthlyChart({
  title,
  data,
  unit,
  empty,
}: {
  title: string;
  data: Monthly[];
  /** What is counted, plural ("requests"). */
  unit: string;
  /** What to say when every month is zero. */
  empty: string;
}) {
  const id = useId();
  const total = data.reduce((n, d) => n + d.count, 0);
  const top = data.reduce((best, d) => (d.count > best.count ? d : best), data[0] ?? { month: '', count: 0 });
  const max = niceMax(top.count);
  const H = 170;
  const left = 30;
  const bottom = 24;
  const plotW = W - left - 6;
  const plotH = H - bottom - 14;
  const slot = plotW / Math.max(1, data.length);
  const y = (v: number) => 14 + plotH - (v / max) * plotH;
  const summary =
    total === 0
      ? `${empty}`
      : `${fmt(total)} ${unit} from ${monthLabel(data[0]!.month, true)} to ${monthLabel(data.at(-1)!.month, true)}; the most, ${fmt(top.count)}, in ${monthLabel(top.month, true)}.`;
  return (
    <figure className="chart">
      <figcaption className="chart-title">{title}</figcaption>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-labelledby={`${id}-t ${id}-d`}
        className="chart-svg"
        preserveAspectRatio="xMidYMid meet"
      >
        <title id={`${id}-t`}>{title}</title>
        <desc id={`${id}-d`}>{summary}</desc>
        {[0, max / 2, max].map((v) => (
          <g key={v} aria-hidden="true">
            <line x1={left} x2={W - 4} y1={y(v)} y2={y(v)} className="chart-grid" />
            <text x={left - 5} y={y(v) + 3.5} textAnchor="end" className="chart-axis">
              {Number.isInteger(v) ? fmt(v) : ''}
            </text>
          </g>
        ))}
        {data.map((d, i) => {
          const x = left + i * slot + slot * 0.15;
          const h = y(0) - y(d.count);
          return (
            <g key={d.month}>
              <rect
                x={x}
                y={y(d.count)}
                width={slot * 0.7}
                height={Math.max(0, h)}
                className="chart-bar"
                rx={1.5}
              >
                <title>{`${monthLabel(d.month, true)}: ${fmt(d.count)} ${unit}`}</title>
              </rect>
              {d.count > 0 && (
                <text
                  x={x + slot * 0.35}
                  y={y(d.count) - 3}
                  textAnchor="middle"
                  className="chart-value"
                  aria-hidden="true"
                >
                  {fmt(d.count)}
                </text>
              )}
              <text
                x={x + slot * 0.35}
                y={H - 8}
                textAnchor="middle"
                className="chart-axis"
                aria-hidden="true"
              >
                {monthLabel(d.month)}
              </text>
            </g>
          );
        })}
      </svg>
      {total === 0 && <p className="chart-note">{empty}</p>}
      <ChartNumbers
        title={title}
        keyHeader="Month"
        unit={unit}
        rows={data.map((d) => ({ key: d.month, label: monthLabel(d.month, true), count: d.count }))}
      />
    </figure>
  );
}

/** A horizontal bar per label (categories, agencies), longest first, with the numbers as a table. */
export function BarChart({
  title,
  data,
  unit,
  empty,
  label = (k) => k,
  keyHeader = 'Category',
}: {
  title: string;
  data: Keyed[];
  unit: string;
  empty: string;
  label?: (key: string) => string;
  keyHeader?: string;
}) {
  const id = useId();
  const total = data.reduce((n, d) => n + d.count, 0);
  const max = Math.max(1, ...data.map((d) => d.count));
  const row = 34;
  const H = Math.max(1, data.length) * row + 4;
  const summary =
    total === 0
      ? empty
      : data
          .filter((d) => d.count > 0)
          .map((d) => `${label(d.key)}: ${fmt(d.count)}`)
          .join('; ');
  return (
    <figure className="chart">
      <figcaption className="chart-title">{title}</figcaption>
      {total === 0 ? (
        <p className="chart-note">{empty}</p>
      ) : (
        <>
          <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={`${id}-t ${id}-d`} className="chart-svg">
            <title id={`${id}-t`}>{title}</title>
            <desc id={`${id}-d`}>{`${summary} (${unit})`}</desc>
            {data.map((d, i) => {
              const width = ((W - 50) * d.count) / max;
              const top = i * row;
              return (
                <g key={d.key}>
                  <text x={0} y={top + 12} className="chart-label" aria-hidden="true">
                    {label(d.key).length > 52 ? `${label(d.key).slice(0, 51)}…` : label(d.key)}
                  </text>
                  <rect
                    x={0}
                    y={top + 16}
                    width={Math.max(d.count > 0 ? 2 : 0, width)}
                    height={12}
                    rx={1.5}
                    className="chart-bar"
                  >
                    <title>{`${label(d.key)}: ${fmt(d.count)} ${unit}`}</title>
                  </rect>
                  <text x={width + 5} y={top + 26} className="chart-value" aria-hidden="true">
                    {fmt(d.count)}
                  </text>
                </g>
              );
            })}
          </svg>
          <ChartNumbers
            title={title}
            keyHeader={keyHeader}
            unit={unit}
            rows={data.map((d) => ({ key: d.key, label: label(d.key), count: d.count }))}
          />
        </>
      )}
    </figure>
  );
}
