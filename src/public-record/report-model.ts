// The shape every public report takes, whatever it is rendered to (web page, PDF, CSV): sections of short
// paragraphs and tables of typed columns. Pure data and formatting helpers.
import type { Cell } from './open-data.js';

/** How a column's values are read and shown. `money` is integer minor units of the row's currency. */
export type ColumnKind = 'text' | 'count' | 'money' | 'date' | 'percent';

/** A column of a report table. */
export interface ReportColumn {
  key: string;
  label: string;
  kind: ColumnKind;
}

/** A table in a report; `empty` says what a table without rows means, in words. */
export interface ReportTable {
  id: string;
  caption: string;
  columns: ReportColumn[];
  rows: Record<string, Cell>[];
  /** The column holding each row's ISO 4217 currency, for money columns. */
  currencyKey?: string;
  empty: string;
}

/** A section of a report. `item` is the ordinance item it answers, e.g. "A"; null for extra sections. */
export interface ReportSection {
  id: string;
  item: string | null;
  title: string;
  paragraphs: string[];
  tables: ReportTable[];
}

/** Formats a table value for people: thousands separators, money with its currency, percentages. */
export function formatValue(kind: ColumnKind, value: Cell, currency?: string): string {
  if (value === null) return '—';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (kind === 'count' && typeof value === 'number') return value.toLocaleString('en-GB');
  if (kind === 'percent' && typeof value === 'number') return `${(value * 100).toFixed(1)}%`;
  if (kind === 'money' && typeof value === 'number') return formatMoney(value, currency ?? 'USD');
  return String(value);
}

/** Integer minor units as money, e.g. 123456 USD → "$1,234.56". */
export function formatMoney(minorUnits: number, currency: string): string {
  let digits = 2;
  try {
    const format = new Intl.NumberFormat('en-US', { style: 'currency', currency });
    digits = format.resolvedOptions().maximumFractionDigits ?? 2;
    return format.format(minorUnits / 10 ** digits);
  } catch {
    // An unknown code still shows an exact amount.
    return `${(minorUnits / 10 ** digits).toFixed(digits)} ${currency}`;
  }
}
