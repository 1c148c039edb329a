import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useId,
  useRef,
  useState,
  type FormEvent,
  type InputHTMLAttributes,
  type ReactNode,
} from 'react';
import { ApiError, errorMessage, get } from './api.js';

/** A page's main heading; focused after in-app navigation so screen readers announce the new page. */
export function PageTitle({ children, title }: { children: ReactNode; title?: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title ?? (typeof children === 'string' ? children : 'Porchlight')} · Porchlight`;
    // The first page load keeps focus at the top (skip link first); later navigations move focus here.
    if (document.body.dataset.navigated === 'yes') ref.current?.focus();
  }, [children, title]);
  return (
    <h1 ref={ref} tabIndex={-1} className="page-title">
      {children}
    </h1>
  );
}

/** A labelled input with an optional hint and error, wired with aria-describedby. */
export function Field({
  label,
  hint,
  error,
  ...input
}: InputHTMLAttributes<HTMLInputElement> & { label: string; hint?: ReactNode; error?: string | undefined }) {
  const id = useId();
  const formErrors = useContext(FormErrors);
  error ??= input.name ? formErrors[input.name] : undefined;
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p id={hintId} className="hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={errorId} className="field-error">
          {error}
        </p>
      )}
      <input id={id} aria-describedby={describedBy} aria-invalid={error ? true : undefined} {...input} />
    </div>
  );
}

/** A labelled multi-line text field with an optional hint; problems from the enclosing Form show beside it. */
export function TextArea({
  label,
  name,
  hint,
  rows = 8,
  required = true,
  maxLength,
  value,
  onChange,
}: {
  label: string;
  name: string;
  hint?: ReactNode;
  rows?: number;
  required?: boolean;
  maxLength?: number;
  value: string;
  onChange: (v: string) => void;
}) {
  const id = useId();
  const error = useContext(FormErrors)[name];
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
      <textarea
        id={id}
        name={name}
        rows={rows}
        required={required}
        maxLength={maxLength}
        aria-describedby={describedBy || undefined}
        aria-invalid={error ? true : undefined}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    </div>
  );
}

/** A labelled drop-down of [value, label] options, with an optional hint; problems from the Form show beside it. */
export function Select({
  label,
  name,
  value,
  options,
  onChange,
  hint,
}: {
  label: string;
  name: string;
  value: string;
  options: readonly (readonly [string, string])[];
  onChange: (v: string) => void;
  hint?: ReactNode;
}) {
  const id = useId();
  const error = useContext(FormErrors)[name];
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
      <select
        id={id}
        name={name}
        value={value}
        aria-describedby={describedBy || undefined}
        aria-invalid={error ? true : undefined}
        onChange={(e) => onChange(e.target.value)}
      >
        {options.map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
      </select>
    </div>
  );
}

/** An error message, announced as soon as it appears. */
export function ErrorMessage({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <div className="message message-error" role="alert">
      <span className="message-label">Error: </span>
      {typeof error === 'string' ? error : errorMessage(error)}
    </div>
  );
}

/** A success or progress message, announced politely. */
export function Notice({ children, tone = 'success' }: { children: ReactNode; tone?: 'success' | 'info' }) {
  return (
    <div className={`message message-${tone}`} role="status">
      {children}
    </div>
  );
}

/** Runs a form action: tracks busy state and the last error. */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = useCallback(async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, setError, run };
}

/** Loads a JSON resource; `reload` fetches it again. */
export function useResource<T>(path: string | null) {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<ApiError | null>(null);
  const [version, setVersion] = useState(0);
  useEffect(() => {
    if (path === null) return;
    let live = true;
    get<T>(path).then(
      (d) => {
        if (!live) return;
        setData(d);
        setError(null);
      },
      (e: unknown) => {
        if (!live) return;
        setError(e instanceof ApiError ? e : new ApiError(0, 'ERR_UNKNOWN', errorMessage(e)));
      },
    );
    return () => {
      live = false;
    };
  }, [path, version]);
  const reload = useCallback(() => setVersion((v) => v + 1), []);
  return { data, error, loading: data === undefined && error === null && path !== null, reload, setData };
}

/** A loading line for a section. */
export function Loading({ what = 'Loading' }: { what?: string }) {
  return (
    <p className="loading" role="status">
      {what}…
    </p>
  );
}

/** A submit button that says when it is busy. */
export function Submit({
  busy,
  children,
  busyText,
}: {
  busy: boolean;
  children: ReactNode;
  busyText?: string;
}) {
  return (
    <button type="submit" className="button button-primary" disabled={busy} aria-disabled={busy}>
      {busy ? (busyText ?? 'Working…') : children}
    </button>
  );
}

/** A one-time link or code shown read-only with a copy button. */
export function CopyField({ label, value, hint }: { label: string; value: string; hint?: ReactNode }) {
  const id = useId();
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  const ref = useRef<HTMLInputElement>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied('yes');
    } catch {
      // Clipboard access can be refused (plain HTTP, permissions); select the text so the user can copy it.
      ref.current?.select();
      setCopied('no');
    }
  };
  return (
    <div className="field copy-field">
      <label htmlFor={id}>{label}</label>
      {hint && <p className="hint">{hint}</p>}
      <div className="copy-row">
        <input id={id} ref={ref} readOnly value={value} onFocus={(e) => e.currentTarget.select()} />
        <button type="button" className="button" onClick={() => void copy()}>
          Copy
        </button>
      </div>
      <p className="copy-status" role="status">
        {copied === 'yes'
          ? 'Copied.'
          : copied === 'no'
            ? 'Copying was blocked; the text is selected, copy it yourself.'
            : ''}
      </p>
    </div>
  );
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** A date-time for people, in a <time> element. */
export function When({ iso }: { iso: string }) {
  const d = new Date(iso);
  return <time dateTime={iso}>{Number.isNaN(d.getTime()) ? iso : dateTime.format(d)}</time>;
}

/** A value for <input type="datetime-local"> from an ISO time, in local time. */
export function toLocalInput(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** An ISO time from a datetime-local value (read as local time), or null when empty. */
export function fromLocalInput(value: string): string | null {
  if (!value) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** A wide table that scrolls sideways on a phone instead of breaking the page. */
export function TableScroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-scroll" role="region" aria-label={`${label} table`} tabIndex={0}>
      {children}
    </div>
  );
}

type Control = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;
const FormErrors = createContext<Record<string, string>>({});

function labelOf(el: Control): string {
  const text = el.labels?.[0]?.textContent ?? el.name;
  return text.replace(/\s*\(.*\)\s*$/, '').trim();
}

// The browser's constraint checks, worded the same in every browser and shown next to the field.
function problemWith(el: Control): string | undefined {
  const v = el.validity;
  const label = labelOf(el);
  if (v.valueMissing)
    return el instanceof HTMLInputElement && el.type === 'checkbox'
      ? `Tick ${label.toLowerCase()}.`
      : `Enter ${label.toLowerCase()}.`;
  if (v.typeMismatch && el.type === 'email') return 'Enter an email address like name@example.org.';
  if (v.badInput) return `Enter a number for ${label.toLowerCase()}.`;
  if (
    el instanceof HTMLInputElement &&
    el.minLength > 0 &&
    el.value.length > 0 &&
    [...el.value].length < el.minLength
  )
    return `${label} needs at least ${el.minLength} characters.`;
  if (v.tooShort) return `${label} needs at least ${(el as HTMLInputElement).minLength} characters.`;
  if (v.patternMismatch) return el.title || `Check the format of ${label.toLowerCase()}.`;
  if (v.rangeUnderflow || v.rangeOverflow) {
    const i = el as HTMLInputElement;
    return `${label} must be between ${i.min} and ${i.max}.`;
  }
  if (!v.valid) return el.validationMessage || `Check ${label.toLowerCase()}.`;
  return undefined;
}

/** Check a form's fields; returns the problems by field name and focuses the first bad field. */
export function checkForm(form: HTMLFormElement): Record<string, string> {
  const problems: Record<string, string> = {};
  let first: Control | undefined;
  for (const el of Array.from(form.elements)) {
    if (!(
      el instanceof HTMLInputElement ||
      el instanceof HTMLSelectElement ||
      el instanceof HTMLTextAreaElement
    ))
      continue;
    if (!el.name || el.disabled) continue;
    const problem = problemWith(el);
    if (problem && !problems[el.name]) {
      problems[el.name] = problem;
      first ??= el;
    }
  }
  first?.focus();
  return problems;
}

/**
 * A form that checks its fields itself (noValidate) so problems are written next to each field and
 * announced, then calls onValid.
 */
export function Form({
  onValid,
  children,
  className,
  errors: serverErrors,
  'aria-label': ariaLabel,
  'aria-labelledby': ariaLabelledBy,
}: {
  onValid: () => void;
  children: ReactNode;
  className?: string;
  /** Problems the server found, by field name (useSubmit's fieldErrors); shown beside their fields. */
  errors?: Record<string, string>;
  'aria-label'?: string;
  'aria-labelledby'?: string;
}) {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const problems = checkForm(e.currentTarget);
    setErrors(problems);
    if (Object.keys(problems).length === 0) onValid();
  };
  const count = Object.keys(errors).length;
  return (
    <FormErrors.Provider value={serverErrors ? { ...serverErrors, ...errors } : errors}>
      <form
        noValidate
        onSubmit={submit}
        className={className ?? 'form'}
        aria-label={ariaLabel}
        aria-labelledby={ariaLabelledBy}
      >
        {count > 0 && (
          <div className="message message-error" role="alert">
            <span className="message-label">Error: </span>
            {count === 1 ? Object.values(errors)[0] : `Fix the ${count} fields marked below.`}
          </div>
        )}
        {children}
      </form>
    </FormErrors.Provider>
  );
}
