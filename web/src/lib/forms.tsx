// The form toolkit: field state bound to the labelled field components, submit state with the API's error and
// its field-level validation problems, and the table of records with its empty state. Field markup itself
// (label, hint, inline error, aria-describedby, aria-invalid) lives in ../components.tsx.
import {
  useCallback,
  useMemo,
  useState,
  type ButtonHTMLAttributes,
  type CSSProperties,
  type InputHTMLAttributes,
  type ReactNode,
} from 'react';
import { ApiError } from '../api.js';
import { ErrorMessage, Field, Form, Loading, Submit, TableScroll, useAction } from '../components.js';
import { Link } from '../router.js';

/**
 * A form's text values, and `bind(name)`: the `name`, `value` and `onChange` props for TextField, DateField,
 * NumberField, TextArea and Select.
 */
export function useFields<T extends Record<string, string>>(initial: T | (() => T)) {
  const [values, setValues] = useState<T>(initial);
  const set = useCallback((k: keyof T, v: string) => setValues((prev) => ({ ...prev, [k]: v })), []);
  const bind = (k: keyof T & string) => ({ name: k, value: values[k], onChange: (v: string) => set(k, v) });
  return { values, set, setValues, bind };
}

/** The fields the API named in a validation error (`details[].path` of the body), each with a message. */
export function apiFieldErrors(error: unknown): Record<string, string> {
  const problems: Record<string, string> = {};
  if (!(error instanceof ApiError) || error.code !== 'ERR_VALIDATION' || !Array.isArray(error.details))
    return problems;
  for (const d of error.details as { in?: unknown; path?: unknown }[]) {
    if (d.in !== undefined && d.in !== 'body') continue;
    const field = typeof d.path === 'string' ? d.path.split('/').filter(Boolean)[0] : undefined;
    if (field && !problems[field])
      problems[field] = Object.keys(problems).length === 0 ? error.message : 'Check this field.';
  }
  return problems;
}

/**
 * Submit state of a form: `pending` while `run` works, the last `error` (its stable `code` when it came from the
 * API) and `fieldErrors` from the API's validation details, to hand to `<Form errors>`.
 */
export function useSubmit() {
  const { busy, error, setError, run } = useAction();
  const fieldErrors = useMemo(() => apiFieldErrors(error), [error]);
  const code = error instanceof ApiError ? error.code : error ? 'ERR_UNKNOWN' : null;
  return { pending: busy, busy, error, code, fieldErrors, setError, run };
}

type InputProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange'> & {
  label: string;
  name: string;
  hint?: ReactNode;
  error?: string;
  value: string;
  onChange: (value: string) => void;
};

/** A labelled one-line input (text by default; email, password, … through `type`) taking its value as text. */
export function TextField({ onChange, ...props }: InputProps) {
  return <Field {...props} onChange={(e) => onChange(e.target.value)} />;
}

/** A labelled date input (YYYY-MM-DD). */
export function DateField(props: Omit<InputProps, 'type'>) {
  return <TextField type="date" {...props} />;
}

/** A labelled number input; the value stays text until the form sends it. */
export function NumberField(props: Omit<InputProps, 'type'>) {
  return <TextField type="number" {...props} />;
}

/** A labelled, required whole-number input from `min` to `max` (a count, a number of seconds). */
export function WholeNumberField(
  props: Omit<InputProps, 'type' | 'min' | 'max'> & { min: number; max: number },
) {
  return <NumberField inputMode="numeric" step={1} required {...props} />;
}

/** A checkbox with its label beside it. */
export function CheckboxField({
  label,
  checked,
  onChange,
  name,
}: {
  label: ReactNode;
  checked: boolean;
  onChange: (checked: boolean) => void;
  name?: string;
}) {
  return (
    <label className="check">
      <input type="checkbox" name={name} checked={checked} onChange={(e) => onChange(e.target.checked)} />
      <span>{label}</span>
    </label>
  );
}

/**
 * A column of a RecordTable: its heading; `num` right-aligns figures, `cellClassName` styles its cells, `hidden`
 * keeps the heading for screen readers only (the actions column), `cellStyle` styles its cells (the first
 * column's too, which are the rows' headings).
 */
export type Column =
  | string
  | { label: string; num?: boolean; cellClassName?: string; cellStyle?: CSSProperties; hidden?: boolean };

/** The actions column of a RecordTable: a heading only screen readers read, cells laid out as row actions. */
export const ACTIONS_COLUMN: Column = { label: 'Actions', hidden: true, cellClassName: 'row-actions' };

/** A row of a RecordTable: the first cell is the row's heading and, with `to`, links to the record. */
export interface RecordRow {
  id: string;
  /** Where the first cell links to; without it the first cell is plain. */
  to?: string;
  cells: ReactNode[];
  /** Shown instead of the cells, in one cell across the whole row (an inline editor). */
  span?: ReactNode;
  /** The row element's id. */
  rowId?: string;
}

/**
 * Records as a table that scrolls sideways on a phone, or the `empty` line when there are none. `caption` is
 * shown (or, with `captionClassName="visually-hidden"`, read only) and names the scrolling region; a table
 * without a caption names it with `label`.
 */
export function RecordTable({
  caption,
  captionClassName,
  label,
  empty,
  emptyClassName,
  head,
  rows,
}: {
  caption?: string;
  captionClassName?: string;
  label?: string;
  empty?: ReactNode;
  emptyClassName?: string;
  head: readonly Column[];
  rows: readonly RecordRow[];
}) {
  if (rows.length === 0 && empty !== undefined) return <p className={emptyClassName}>{empty}</p>;
  const cols = head.map((h) => (typeof h === 'string' ? { label: h } : h));
  const cellClass = (i: number) => (cols[i]?.num ? 'num' : cols[i]?.cellClassName);
  return (
    <TableScroll label={label ?? caption ?? ''}>
      <table>
        {caption !== undefined && <caption className={captionClassName}>{caption}</caption>}
        <thead>
          <tr>
            {cols.map((h) => (
              <th scope="col" key={h.label} className={h.num ? 'num' : undefined}>
                {h.hidden ? <span className="visually-hidden">{h.label}</span> : h.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) =>
            r.span !== undefined ? (
              <tr key={r.id} id={r.rowId}>
                <td colSpan={cols.length}>{r.span}</td>
              </tr>
            ) : (
              <tr key={r.id} id={r.rowId}>
                <th scope="row" className={cellClass(0)} style={cols[0]?.cellStyle}>
                  {r.to === undefined ? r.cells[0] : <Link to={r.to}>{r.cells[0]}</Link>}
                </th>
                {r.cells.slice(1).map((c, i) => (
                  <td key={i} className={cellClass(i + 1)} style={cols[i + 1]?.cellStyle}>
                    {c}
                  </td>
                ))}
              </tr>
            ),
          )}
        </tbody>
      </table>
    </TableScroll>
  );
}

/** A list section's body: its load error, a loading line, then what `children` makes of the data. */
export function Loaded<T>({
  resource,
  loading,
  children,
}: {
  resource: { data: T | undefined; error: unknown; loading: boolean };
  loading: string;
  children: (data: T) => ReactNode;
}) {
  return (
    <>
      <ErrorMessage error={resource.error} />
      {resource.loading && <Loading what={loading} />}
      {resource.data !== undefined && children(resource.data)}
    </>
  );
}

/** A form folded behind its summary line, as the public registers show their entry forms. */
export function EntryForm({ summary, children }: { summary: ReactNode; children: ReactNode }) {
  return (
    <details className="entry-form">
      <summary>{summary}</summary>
      {children}
    </details>
  );
}

/** The text a form sends for an optional value: trimmed, or null when empty. */
export const orNull = (value: string): string | null => value.trim() || null;

/** Records as a list (`ul.records`), one item each, or one line when there are none. */
export function RecordList<T extends { id: string }>({
  items,
  empty,
  children,
}: {
  items: readonly T[];
  empty: ReactNode;
  children: (item: T) => ReactNode;
}) {
  if (items.length === 0) return <p>{empty}</p>;
  return (
    <ul className="records">
      {items.map((item) => (
        <li key={item.id}>{children(item)}</li>
      ))}
    </ul>
  );
}

/** A section of a page named by its heading. */
export function Section({
  id,
  title,
  className,
  children,
}: {
  id: string;
  title: ReactNode;
  className?: string;
  children: ReactNode;
}) {
  return (
    <section aria-labelledby={id} className={className}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}

/** A section of a page listing what one resource holds: its heading, load state, `render`, then `children`. */
export function ResourceSection<T>({
  id,
  title,
  className,
  resource,
  loading,
  render,
  children,
}: {
  id: string;
  title: string;
  className?: string;
  resource: { data: T | undefined; error: unknown; loading: boolean };
  loading: string;
  render: (data: T) => ReactNode;
  children?: ReactNode;
}) {
  return (
    <Section id={id} title={title} className={className}>
      <Loaded resource={resource} loading={loading}>
        {render}
      </Loaded>
      {children}
    </Section>
  );
}

/**
 * A form whose first line is the submit error and last the submit button: the shape of every form that
 * sends one request. `state` is useSubmit's (or anything with its pending, error and fieldErrors).
 */
export function SubmitForm({
  label,
  labelledBy,
  className,
  state,
  onValid,
  submit,
  busyText,
  children,
}: {
  /** The form's accessible name; or give `labelledBy`, the id of a visible heading that names it. */
  label?: string;
  labelledBy?: string;
  /** The form's class, `form` when not given. */
  className?: string;
  state: { pending: boolean; error: unknown; fieldErrors: Record<string, string> };
  onValid: () => void;
  submit: ReactNode;
  busyText?: string;
  children: ReactNode;
}) {
  return (
    <Form
      aria-label={label}
      aria-labelledby={labelledBy}
      className={className}
      errors={state.fieldErrors}
      onValid={onValid}
    >
      <ErrorMessage error={state.error} />
      {children}
      <Submit busy={state.pending} busyText={busyText}>
        {submit}
      </Submit>
    </Form>
  );
}

/** A list of rows of text fields that grows (parties, editors, areas): `field(i, k)` sets one value. */
export function useRows<T extends Record<string, string>>(initial: T[]) {
  const [rows, setRows] = useState(initial);
  const field = (i: number, k: keyof T) => (v: string) =>
    setRows((prev) => prev.map((row, j) => (j === i ? { ...row, [k]: v } : row)));
  const add = (row: T) => setRows((prev) => [...prev, row]);
  return { rows, setRows, field, add };
}

/**
 * A button that acts on one record: its visible label (`children`) and, read only by screen readers after it,
 * what it acts on (`what`), so that each row's button has its own accessible name.
 */
export function ActionButton({
  children,
  what,
  className = 'button',
  ...props
}: Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'type'> & { what?: ReactNode }) {
  return (
    <button type="button" className={className} {...props}>
      {children}
      {what !== undefined && <span className="visually-hidden"> {what}</span>}
    </button>
  );
}

/**
 * The inline second step of a destructive action: the question, the confirming button, and Cancel, which
 * takes the focus when it appears so that a second key press does not confirm by accident.
 */
export function Confirm({
  question,
  confirm,
  busy,
  onConfirm,
  onCancel,
}: {
  question: ReactNode;
  confirm: ReactNode;
  busy: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  return (
    <span className="confirm">
      <span>{question}</span>
      <button type="button" className="button button-danger" onClick={onConfirm} disabled={busy}>
        {confirm}
      </button>
      <button type="button" className="button button-quiet" autoFocus onClick={onCancel}>
        Cancel
      </button>
    </span>
  );
}
