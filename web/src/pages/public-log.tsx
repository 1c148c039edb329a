import { useEffect, useState } from 'react';
import { get } from '../api.js';
import { ErrorMessage, Field, Form, Loading, PageTitle, useAction } from '../components.js';
import { words, type ServedEntry } from '../lib/public-api.js';
import { checkEntry, type EntryCheck } from '../lib/verify-entry.js';
import { navigate } from '../router.js';

const PAGE = 25;

/** The result of checking an entry, step by step, announced when it arrives. */
export function CheckResult({
  check,
  subject = 'the entry is in the signed log, unchanged',
}: {
  check: EntryCheck;
  /** What a passed check proves, for the verdict line. */
  subject?: string;
}) {
  return (
    <div className={`check-result ${check.verified ? 'check-ok' : 'check-fail'}`} role="status">
      <p className="check-verdict">
        {check.verified
          ? `Verified in this browser: ${subject}.`
          : check.steps.some((s) => s.ok === false)
            ? 'Not verified: a check failed.'
            : 'Not fully verified yet.'}
      </p>
      <ol className="check-steps">
        {check.steps.map((s) => (
          <li key={s.label}>
            <span
              className={`badge ${s.ok === true ? 'badge-ok' : s.ok === false ? 'badge-bad' : 'badge-warn'}`}
            >
              {s.ok === true ? 'passed' : s.ok === false ? 'failed' : 'not checked'}
            </span>{' '}
            <strong>{s.label}.</strong> {s.detail}
          </li>
        ))}
      </ol>
    </div>
  );
}

/** The fields of an entry for people: every field but type and time, flattened ("refs.request: 3fa…"). */
function entryFields(canonical: string): [string, string][] {
  const out: [string, string][] = [];
  const walk = (v: unknown, path: string) => {
    if (v !== null && typeof v === 'object')
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) walk(x, path ? `${path}.${k}` : k);
    else if (path !== 'type' && path !== 'time')
      out.push([path, v === null ? '—' : typeof v === 'string' ? v : JSON.stringify(v)]);
  };
  walk(JSON.parse(canonical), '');
  return out;
}

function EntryRow({ entry, focus }: { entry: ServedEntry; focus: boolean }) {
  const parsed = JSON.parse(entry.canonical) as {
    time: string;
    actor?: { class: string; organisation: string | null };
  };
  const { busy, error, run } = useAction();
  const [check, setCheck] = useState<EntryCheck | null>(null);
  return (
    <li className={`log-entry ${focus ? 'log-entry-focus' : ''}`} id={`entry-${entry.index}`}>
      <div className="log-entry-head">
        <span className="log-index">#{entry.index}</span> <code className="log-type">{entry.type}</code>{' '}
        <time dateTime={parsed.time}>{parsed.time.replace('T', ' ').slice(0, 19)} UTC</time>
        {parsed.actor && (
          <span className="sub">
            {words(parsed.actor.class)}
            {parsed.actor.organisation ? `: ${parsed.actor.organisation}` : ''}
          </span>
        )}
      </div>
      <dl className="log-fields">
        {entryFields(entry.canonical)
          .filter(([k]) => !k.startsWith('actor.'))
          .map(([k, v]) => (
            <div key={k}>
              <dt>{k}</dt>
              <dd>{/^[0-9a-f]{64}$/.test(v) ? <code title={v}>{`${v.slice(0, 12)}…`}</code> : v}</dd>
            </div>
          ))}
      </dl>
      <details className="log-canonical">
        <summary>Canonical text and leaf hash</summary>
        <pre>{entry.canonical}</pre>
        <p>
          Leaf hash: <code>{entry.leafHash}</code>
        </p>
      </details>
      <button
        type="button"
        className="button button-small"
        disabled={busy}
        onClick={() => void run(async () => setCheck(await checkEntry(entry.index)))}
      >
        {busy ? 'Checking…' : `Check entry #${entry.index} in this browser`}
      </button>
      <ErrorMessage error={error} />
      {check && <CheckResult check={check} />}
    </li>
  );
}

/** The log explorer: browse entries newest first, and check any of them against the signed checkpoint. */
export function LogExplorerPage() {
  const params = new URLSearchParams(window.location.search);
  const wanted = params.has('entry') ? Number(params.get('entry')) : null;
  const [size, setSize] = useState<number | null>(null);
  const [end, setEnd] = useState<number | null>(null);
  const [entries, setEntries] = useState<ServedEntry[] | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    let live = true;
    get<{ treeSize: number }>('/api/v1/transparency/entries?start=0&end=0').then(
      (r) => {
        if (!live) return;
        setSize(r.treeSize);
        const target =
          wanted !== null && Number.isInteger(wanted) && wanted >= 0 && wanted < r.treeSize ? wanted : null;
        setEnd(target === null ? r.treeSize : Math.min(r.treeSize, target + Math.ceil(PAGE / 2)));
      },
      (e: unknown) => live && setError(e),
    );
    return () => {
      live = false;
    };
    // Only the first load reads the address; later moves are by the buttons and the form.
  }, []);

  useEffect(() => {
    if (end === null) return;
    let live = true;
    const start = Math.max(0, end - PAGE);
    setEntries(null);
    get<{ entries: ServedEntry[] }>(`/api/v1/transparency/entries?start=${start}&end=${end}`).then(
      (r) => live && setEntries([...r.entries].reverse()),
      (e: unknown) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [end]);

  useEffect(() => {
    if (entries && wanted !== null)
      document.getElementById(`entry-${wanted}`)?.scrollIntoView({ block: 'center' });
  }, [entries, wanted]);

  const [jump, setJump] = useState('');
  return (
    <>
      <PageTitle>Log explorer</PageTitle>
      <p className="lead">
        Every agency, oversight, disclosure and moderation action is an entry in this append-only log. Check
        any entry here: your browser computes its hash and follows the proof up to the log’s signed
        checkpoint, without trusting this server’s word for it.
      </p>
      <ErrorMessage error={error} />
      {size === null && !error && <Loading what="Loading the log" />}
      {size !== null && (
        <>
          <p>
            The log holds {size.toLocaleString()} {size === 1 ? 'entry' : 'entries'}.
          </p>
          <Form
            onValid={() => {
              const n = Number(jump);
              navigate(`/public/log?entry=${n}`);
              setEnd(Math.min(size, n + Math.ceil(PAGE / 2)));
            }}
            className="form form-inline"
            aria-label="Go to an entry"
          >
            <Field
              label="Entry number"
              name="entry"
              type="number"
              inputMode="numeric"
              min={0}
              max={Math.max(0, size - 1)}
              required
              value={jump}
              onChange={(e) => setJump(e.target.value)}
            />
            <button type="submit" className="button">
              Go to entry
            </button>
          </Form>
          {entries === null ? (
            <Loading what="Loading entries" />
          ) : entries.length === 0 ? (
            <p>The log is empty: nothing has been recorded yet.</p>
          ) : (
            <ul className="log-list" aria-label="Log entries, newest first">
              {entries.map((e) => (
                <EntryRow key={e.index} entry={e} focus={e.index === wanted} />
              ))}
            </ul>
          )}
          <div className="actions">
            <button
              type="button"
              className="button"
              disabled={end === null || end >= size}
              onClick={() => setEnd(Math.min(size, (end ?? 0) + PAGE))}
            >
              Newer entries
            </button>
            <button
              type="button"
              className="button"
              disabled={end === null || end - PAGE <= 0}
              onClick={() => setEnd(Math.max(PAGE, (end ?? 0) - PAGE))}
            >
              Older entries
            </button>
          </div>
        </>
      )}
    </>
  );
}
