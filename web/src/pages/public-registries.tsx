import { Fragment, useState, type ReactNode } from 'react';
import { post } from '../api.js';
import {
  ErrorMessage,
  Field,
  Form,
  Loading,
  PageTitle,
  Select,
  Submit,
  TableScroll,
  TextArea,
  useAction,
  useResource,
} from '../components.js';
import { sha256Hex } from '../lib/merkle.js';
import {
  count,
  money,
  words,
  type Agreement,
  type AgreementSummary,
  type Communication,
  type CommunicationSummary,
  type FlaggedClause,
  type Programme,
  type ProgrammeSummary,
  type RecordVersion,
} from '../lib/public-api.js';
import { checkEntry, type CheckStep, type EntryCheck } from '../lib/verify-entry.js';
import { Link, navigate } from '../router.js';
import { useSession } from '../session.js';
import { CheckResult } from './public-log.js';

const INVOLVEMENT_TEXT: Record<string, string> = {
  none: 'No vendor involvement',
  reviewed: 'Vendor reviewed this statement',
  drafted: 'Vendor drafted this statement',
  approved: 'Vendor approved this statement',
};

function InvolvementBadge({ involvement, vendor }: { involvement: string; vendor: string | null }) {
  return (
    <span className={`badge ${involvement === 'none' ? 'badge-ok' : 'badge-warn'}`}>
      {involvement === 'none'
        ? 'No vendor involvement'
        : `Vendor ${involvement}${vendor ? `: ${vendor}` : ''}`}
    </span>
  );
}

/** The three registries, readable by anyone; forms for the accounts that may enter them. */
export function RegistriesPage() {
  const { user } = useSession();
  const agreements = useResource<{ agreements: AgreementSummary[] }>('/api/v1/public/agreements');
  const programmes = useResource<{ programmes: ProgrammeSummary[] }>('/api/v1/public/subsidies');
  const communications = useResource<{ communications: CommunicationSummary[] }>(
    '/api/v1/public/communications',
  );
  const role = user?.mayAct ? user.role : null;
  return (
    <>
      <PageTitle>Public registries</PageTitle>
      <p className="lead">
        Partnership agreements in full, subsidy programmes and official statements about the programme, with
        who wrote them and any vendor involvement. Every entry and change is in the public log; each record
        shows the hash that proves it was not changed afterwards.
      </p>
      <p>
        Complaints, audits, use policy violations and data breaches are in{' '}
        <Link to="/public/oversight">oversight’s registers</Link>.
      </p>

      <section aria-labelledby="agreements">
        <h2 id="agreements">Partnership agreements</h2>
        <ErrorMessage error={agreements.error} />
        {agreements.loading && <Loading what="Loading agreements" />}
        {agreements.data &&
          (agreements.data.agreements.length === 0 ? (
            <p>No partnership agreement is registered.</p>
          ) : (
            <ul className="records">
              {agreements.data.agreements.map((a) => (
                <li key={a.id}>
                  <Link to={`/public/agreements/${a.id}`}>{a.title}</Link>
                  <span className="sub">
                    {a.parties.map((p) => p.name).join(', ')} · signed {a.signedOn}
                    {a.expiresOn ? ` · expires ${a.expiresOn}` : ''}
                  </span>
                  {a.vendorApprovalOfStatements && (
                    <span className="badge badge-bad">
                      Vendor approves official statements ({a.flaggedClauseCount}{' '}
                      {a.flaggedClauseCount === 1 ? 'clause' : 'clauses'})
                    </span>
                  )}
                </li>
              ))}
            </ul>
          ))}
        {(role === 'oversight' || role === 'admin') && <AgreementForm operatorHint={role === 'admin'} />}
      </section>

      <section aria-labelledby="subsidies">
        <h2 id="subsidies">Subsidy programmes</h2>
        <ErrorMessage error={programmes.error} />
        {programmes.loading && <Loading what="Loading programmes" />}
        {programmes.data &&
          (programmes.data.programmes.length === 0 ? (
            <p>No subsidy programme is registered.</p>
          ) : (
            <TableScroll label="Subsidy programmes">
              <table>
                <caption>Subsidy programmes</caption>
                <thead>
                  <tr>
                    <th scope="col">Programme</th>
                    <th scope="col">Funder</th>
                    <th scope="col">Vendor</th>
                    <th scope="col" className="num">
                      Public money
                    </th>
                    <th scope="col" className="num">
                      Discount per unit
                    </th>
                    <th scope="col" className="num">
                      Units
                    </th>
                    <th scope="col" className="num">
                      Vendor match
                    </th>
                    <th scope="col" className="num">
                      Disbursed
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {programmes.data.programmes.map((p) => (
                    <tr key={p.id}>
                      <th scope="row">
                        <Link to={`/public/subsidies/${p.id}`}>{p.name}</Link>
                      </th>
                      <td>{p.funder}</td>
                      <td>{p.vendor}</td>
                      <td className="num">{money(p.amountCents, p.currency)}</td>
                      <td className="num">{money(p.discountCentsPerUnit, p.currency)}</td>
                      <td className="num">{count(p.units)}</td>
                      <td className="num">{money(p.vendorMatchCents, p.currency)}</td>
                      <td className="num">{count(p.unitsDisbursed)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          ))}
        {role === 'oversight' && <SubsidyForm />}
      </section>

      <section aria-labelledby="communications">
        <h2 id="communications">Official communications</h2>
        <ErrorMessage error={communications.error} />
        {communications.loading && <Loading what="Loading statements" />}
        {communications.data &&
          (communications.data.communications.length === 0 ? (
            <p>No official statement is registered.</p>
          ) : (
            <ul className="records">
              {communications.data.communications.map((c) => (
                <li key={c.id}>
                  <InvolvementBadge involvement={c.vendorInvolvement} vendor={c.vendor} />
                  <Link to={`/public/communications/${c.id}`}>{c.title}</Link>
                  <span className="sub">
                    {words(c.medium)} · {c.issuedOn} · {c.author.role}, {c.author.organisation}
                  </span>
                </li>
              ))}
            </ul>
          ))}
        {(role === 'oversight' || role === 'agency_admin') && (
          <CommunicationForm organisation={role === 'agency_admin' ? (user?.organisation ?? '') : null} />
        )}
      </section>
    </>
  );
}

/** The text of an agreement with the flagged clauses marked, each with a note on why. */
function FlaggedText({ text, clauses }: { text: string; clauses: FlaggedClause[] }) {
  const parts: ReactNode[] = [];
  let at = 0;
  clauses.forEach((c, i) => {
    parts.push(<Fragment key={`t${i}`}>{text.slice(at, c.start)}</Fragment>);
    parts.push(
      <mark key={`m${i}`} className="flagged" aria-describedby={`flag-note-${i}`}>
        <span className="visually-hidden">Flagged clause {i + 1} starts. </span>
        {text.slice(c.start, c.end)}
        <span className="visually-hidden"> Flagged clause {i + 1} ends.</span>
      </mark>,
    );
    at = c.end;
  });
  parts.push(<Fragment key="end">{text.slice(at)}</Fragment>);
  return <div className="agreement-text">{parts}</div>;
}

/** Checks a record version against the log: its hash, the entry that names it, and that entry's proof. */
function RecordCheck({ version, refName }: { version: RecordVersion; refName: string }) {
  const { busy, error, run } = useAction();
  const [check, setCheck] = useState<EntryCheck | null>(null);
  const verify = async () => {
    const hash = await sha256Hex(version.canonical);
    const hashStep: CheckStep = {
      label: 'Record hash',
      ok: hash === version.recordHash,
      detail:
        hash === version.recordHash
          ? `SHA-256 of the record’s canonical text, computed in this browser, is ${hash.slice(0, 16)}…`
          : 'The record’s text does not hash to the hash shown.',
    };
    const result = await checkEntry(version.entryIndex, {
      label: 'Log entry names this record',
      test: (e) => (e.refs as Record<string, string> | undefined)?.[refName] === hash,
      detail: `entry #${version.entryIndex} refers to ${refName} ${hash.slice(0, 16)}…`,
    });
    setCheck({
      ...result,
      verified: result.verified && hashStep.ok === true,
      steps: [hashStep, ...result.steps],
    });
  };
  return (
    <div className="record-check">
      <button type="button" className="button button-small" disabled={busy} onClick={() => void run(verify)}>
        {busy ? 'Checking…' : `Check version ${version.version} against the log`}
      </button>
      <ErrorMessage error={error} />
      {check && <CheckResult check={check} subject="this version is the one in the signed log, unchanged" />}
    </div>
  );
}

/** Every version of a record with its hash, and a button to check each against the signed log. */
export function Versions({ versions, refName }: { versions: RecordVersion[]; refName: string }) {
  return (
    <section aria-labelledby="versions">
      <h2 id="versions">Versions and proof</h2>
      <p>
        Each version’s canonical text is hashed with SHA-256; the log entry holds that hash. Hash the text
        yourself, or let your browser check it and the entry’s inclusion in the signed log.
      </p>
      <ol className="versions">
        {[...versions].reverse().map((v) => (
          <li key={v.version}>
            <p>
              <strong>Version {v.version}</strong>, recorded {v.recordedAt.replace('T', ' ').slice(0, 16)} UTC
              · <Link to={`/public/log?entry=${v.entryIndex}`}>log entry #{v.entryIndex}</Link>
            </p>
            <p className="hash">
              Record hash <code>{v.recordHash}</code>
            </p>
            <details>
              <summary>Canonical text of version {v.version}</summary>
              <pre className="canonical">{v.canonical}</pre>
            </details>
            <RecordCheck version={v} refName={refName} />
          </li>
        ))}
      </ol>
    </section>
  );
}

/** One agreement: parties, dates, the full text with flagged clauses marked, and its versions. */
export function AgreementPage({ id }: { id: string }) {
  const { data, error, loading } = useResource<Agreement>(`/api/v1/public/agreements/${id}`);
  return (
    <>
      <ErrorMessage error={error} />
      {loading && <Loading what="Loading the agreement" />}
      {data && (
        <>
          <PageTitle>{data.title}</PageTitle>
          {data.vendorApprovalOfStatements ? (
            <div className="message message-warn" role="note">
              <strong>
                This agreement gives a vendor approval over official statements ({data.flaggedClauses.length}{' '}
                {data.flaggedClauses.length === 1 ? 'clause' : 'clauses'}, marked below).
              </strong>
            </div>
          ) : (
            <p className="badge badge-ok">
              No clause found giving a vendor approval over official statements
            </p>
          )}
          <dl className="facts">
            <dt>Parties</dt>
            <dd>
              {data.parties
                .map((p) => `${p.name} (${p.kind === 'public_body' ? 'public body' : p.kind})`)
                .join('; ')}
            </dd>
            <dt>Signed</dt>
            <dd>{data.signedOn}</dd>
            <dt>Effective</dt>
            <dd>{data.effectiveOn}</dd>
            <dt>Expires</dt>
            <dd>{data.expiresOn ?? 'No expiry date'}</dd>
            <dt>Entered by</dt>
            <dd>
              {words(data.enteredBy.class)}
              {data.enteredBy.organisation ? `, ${data.enteredBy.organisation}` : ''}
            </dd>
          </dl>
          {data.flaggedClauses.length > 0 && (
            <section aria-labelledby="flagged">
              <h2 id="flagged">Flagged clauses</h2>
              <ol>
                {data.flaggedClauses.map((c, i) => (
                  <li key={c.start} id={`flag-note-${i}`}>
                    <q>{c.text}</q> — approval by{' '}
                    {c.approverKind === 'mutual' ? 'both parties (so the vendor too)' : c.approver} over{' '}
                    {c.statement}.
                  </li>
                ))}
              </ol>
            </section>
          )}
          <section aria-labelledby="full-text">
            <h2 id="full-text">Full text</h2>
            <FlaggedText text={data.text} clauses={data.flaggedClauses} />
          </section>
          <Versions versions={data.versions} refName="agreement" />
        </>
      )}
    </>
  );
}

/** One subsidy programme: its terms, totals, units per coarse area and versions. */
export function ProgrammePage({ id }: { id: string }) {
  const { user } = useSession();
  const { data, error, loading, reload } = useResource<Programme>(`/api/v1/public/subsidies/${id}`);
  return (
    <>
      <ErrorMessage error={error} />
      {loading && <Loading what="Loading the programme" />}
      {data && (
        <>
          <PageTitle>{data.name}</PageTitle>
          <dl className="facts">
            <dt>Funder</dt>
            <dd>{data.funder}</dd>
            <dt>Vendor</dt>
            <dd>{data.vendor}</dd>
            <dt>Public money</dt>
            <dd>{money(data.amountCents, data.currency)}</dd>
            <dt>Discount per unit</dt>
            <dd>{money(data.discountCentsPerUnit, data.currency)}</dd>
            <dt>Units</dt>
            <dd>
              {count(data.units)} ({count(data.unitsDisbursed)} handed out,{' '}
              {money(data.amountDisbursedCents, data.currency)})
            </dd>
            <dt>Vendor match</dt>
            <dd>{money(data.vendorMatchCents, data.currency)}</dd>
            <dt>Runs</dt>
            <dd>
              {data.startsOn} to {data.endsOn ?? 'no end date'}
            </dd>
          </dl>
          <section aria-labelledby="terms">
            <h2 id="terms">Terms</h2>
            <div className="agreement-text">{data.terms}</div>
          </section>
          <section aria-labelledby="cells">
            <h2 id="cells">Where units went</h2>
            <p>
              Counted per coarse area only; buyers’ addresses are never recorded. Areas with fewer than{' '}
              {data.k} units are left out
              {data.suppressedCells > 0 ? ` (${count(data.suppressedCells)} here)` : ''}.
            </p>
            {data.cells.length === 0 ? (
              <p className="chart-note">No area has {data.k} or more units yet.</p>
            ) : (
              <TableScroll label="Units per area">
                <table>
                  <caption>Units per area</caption>
                  <thead>
                    <tr>
                      <th scope="col">Area (H3 cell)</th>
                      <th scope="col" className="num">
                        Units
                      </th>
                      <th scope="col" className="num">
                        Amount
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.cells.map((c) => (
                      <tr key={c.cell}>
                        <th scope="row">
                          <code className="cell-id">{c.cell}</code>
                        </th>
                        <td className="num">{count(c.units)}</td>
                        <td className="num">{money(c.amountCents, data.currency)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableScroll>
            )}
            {user?.mayAct && user.role === 'oversight' && <DisbursementForm id={data.id} onDone={reload} />}
          </section>
          <Versions versions={data.versions} refName="programme" />
        </>
      )}
    </>
  );
}

/** One official statement: the vendor's involvement first, then author, editors, text and versions. */
export function CommunicationPage({ id }: { id: string }) {
  const { data, error, loading } = useResource<Communication>(`/api/v1/public/communications/${id}`);
  return (
    <>
      <ErrorMessage error={error} />
      {loading && <Loading what="Loading the statement" />}
      {data && (
        <>
          <PageTitle>{data.title}</PageTitle>
          <div
            className={`message ${data.vendorInvolvement === 'none' ? 'message-success' : 'message-warn'} involvement`}
            role="note"
          >
            <strong>{INVOLVEMENT_TEXT[data.vendorInvolvement] ?? data.vendorInvolvement}</strong>
            {data.vendor ? `: ${data.vendor}` : ''}
          </div>
          <dl className="facts">
            <dt>Issued</dt>
            <dd>
              {data.issuedOn} ({words(data.medium)})
            </dd>
            <dt>Author</dt>
            <dd>
              {data.author.role}, {data.author.organisation}
            </dd>
            <dt>Editors</dt>
            <dd>
              {data.editors.length === 0
                ? 'None declared'
                : data.editors.map((e) => `${e.role}, ${e.organisation}`).join('; ')}
            </dd>
          </dl>
          <section aria-labelledby="statement">
            <h2 id="statement">Text as issued</h2>
            <div className="agreement-text">{data.body}</div>
          </section>
          <Versions versions={data.versions} refName="statement" />
        </>
      )}
    </>
  );
}

// Entry forms, for the accounts that may enter records.

/** The characters an organisation's name may hold (as the server and the public log accept them). */
export const ORG_PATTERN = "[A-Za-z0-9\\u00C0-\\u024F][A-Za-z0-9\\u00C0-\\u024F .,&'()/\\-]{0,99}";
export const ORG_TITLE = "Letters, digits, spaces and . , & ' ( ) / - only";

function AgreementForm({ operatorHint }: { operatorHint: boolean }) {
  const { busy, error, run } = useAction();
  const [title, setTitle] = useState('');
  const [parties, setParties] = useState([
    { name: '', kind: 'public_body' },
    { name: '', kind: 'vendor' },
  ]);
  const [signedOn, setSignedOn] = useState('');
  const [effectiveOn, setEffectiveOn] = useState('');
  const [expiresOn, setExpiresOn] = useState('');
  const [text, setText] = useState('');
  const submit = () =>
    run(async () => {
      const a = await post<Agreement>('/api/v1/registries/agreements', {
        title,
        parties: parties.filter((p) => p.name.trim()),
        signedOn,
        effectiveOn,
        expiresOn: expiresOn || null,
        text,
      });
      navigate(`/public/agreements/${a.id}`);
    });
  return (
    <details className="entry-form">
      <summary>Record an agreement</summary>
      <Form onValid={() => void submit()} aria-label="Record an agreement">
        <ErrorMessage error={error} />
        {operatorHint && (
          <p className="hint">
            As the instance admin you may record only agreements the body running this server is a party to.
          </p>
        )}
        <Field
          label="Title"
          name="title"
          required
          maxLength={300}
          value={title}
          onChange={(e) => setTitle(e.target.value)}
        />
        <fieldset className="fieldset">
          <legend>Parties</legend>
          {parties.map((p, i) => (
            <div className="field-row" key={i}>
              <Field
                label={`Party ${i + 1}`}
                name={`party-${i}`}
                required={i < 1}
                pattern={ORG_PATTERN}
                title={ORG_TITLE}
                value={p.name}
                onChange={(e) =>
                  setParties(parties.map((x, j) => (j === i ? { ...x, name: e.target.value } : x)))
                }
              />
              <Select
                label={`Party ${i + 1} is`}
                name={`party-kind-${i}`}
                value={p.kind}
                options={[
                  ['public_body', 'a public body'],
                  ['vendor', 'a vendor'],
                  ['other', 'neither'],
                ]}
                onChange={(v) => setParties(parties.map((x, j) => (j === i ? { ...x, kind: v } : x)))}
              />
            </div>
          ))}
          <button
            type="button"
            className="button button-small"
            onClick={() => setParties([...parties, { name: '', kind: 'other' }])}
          >
            Add a party
          </button>
        </fieldset>
        <div className="field-row">
          <Field
            label="Signed on"
            name="signedOn"
            type="date"
            required
            value={signedOn}
            onChange={(e) => setSignedOn(e.target.value)}
          />
          <Field
            label="Effective from"
            name="effectiveOn"
            type="date"
            required
            value={effectiveOn}
            onChange={(e) => setEffectiveOn(e.target.value)}
          />
          <Field
            label="Expires on (optional)"
            name="expiresOn"
            type="date"
            value={expiresOn}
            onChange={(e) => setExpiresOn(e.target.value)}
          />
        </div>
        <TextArea
          label="Full text"
          name="text"
          hint="Paste the agreement exactly as signed."
          rows={12}
          value={text}
          onChange={setText}
        />
        <Submit busy={busy} busyText="Recording…">
          Record the agreement
        </Submit>
      </Form>
    </details>
  );
}

function cents(value: string): number {
  return Math.round(Number(value) * 100);
}

function SubsidyForm() {
  const { busy, error, run } = useAction();
  const [f, setF] = useState({
    name: '',
    funder: '',
    vendor: '',
    currency: 'USD',
    amount: '',
    discount: '',
    units: '',
    vendorMatch: '0',
    startsOn: '',
    endsOn: '',
    terms: '',
  });
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) =>
    setF({ ...f, [k]: e.target.value });
  const submit = () =>
    run(async () => {
      const p = await post<Programme>('/api/v1/registries/subsidies', {
        name: f.name,
        funder: f.funder,
        vendor: f.vendor,
        currency: f.currency.toUpperCase(),
        amountCents: cents(f.amount),
        discountCentsPerUnit: cents(f.discount),
        units: Number(f.units),
        vendorMatchCents: cents(f.vendorMatch),
        startsOn: f.startsOn,
        endsOn: f.endsOn || null,
        terms: f.terms,
      });
      navigate(`/public/subsidies/${p.id}`);
    });
  return (
    <details className="entry-form">
      <summary>Record a subsidy programme</summary>
      <Form onValid={() => void submit()} aria-label="Record a subsidy programme">
        <ErrorMessage error={error} />
        <Field label="Name" name="name" required value={f.name} onChange={set('name')} />
        <div className="field-row">
          <Field
            label="Funder"
            name="funder"
            required
            pattern={ORG_PATTERN}
            title={ORG_TITLE}
            value={f.funder}
            onChange={set('funder')}
          />
          <Field
            label="Vendor"
            name="vendor"
            required
            pattern={ORG_PATTERN}
            title={ORG_TITLE}
            value={f.vendor}
            onChange={set('vendor')}
          />
          <Field
            label="Currency"
            name="currency"
            required
            pattern="[A-Za-z]{3}"
            title="A three-letter code such as USD"
            value={f.currency}
            onChange={set('currency')}
          />
        </div>
        <div className="field-row">
          <Field
            label="Public money"
            name="amount"
            type="number"
            min={0}
            step="0.01"
            required
            value={f.amount}
            onChange={set('amount')}
          />
          <Field
            label="Discount per unit"
            name="discount"
            type="number"
            min={0}
            step="0.01"
            required
            value={f.discount}
            onChange={set('discount')}
          />
          <Field
            label="Units"
            name="units"
            type="number"
            min={1}
            step={1}
            required
            value={f.units}
            onChange={set('units')}
          />
          <Field
            label="Vendor match"
            name="vendorMatch"
            type="number"
            min={0}
            step="0.01"
            required
            value={f.vendorMatch}
            onChange={set('vendorMatch')}
          />
        </div>
        <div className="field-row">
          <Field
            label="Starts on"
            name="startsOn"
            type="date"
            required
            value={f.startsOn}
            onChange={set('startsOn')}
          />
          <Field
            label="Ends on (optional)"
            name="endsOn"
            type="date"
            value={f.endsOn}
            onChange={set('endsOn')}
          />
        </div>
        <TextArea
          label="Terms"
          name="terms"
          hint="The resolution or document that set the programme up."
          value={f.terms}
          onChange={(v) => setF({ ...f, terms: v })}
        />
        <Submit busy={busy} busyText="Recording…">
          Record the programme
        </Submit>
      </Form>
    </details>
  );
}

function DisbursementForm({ id, onDone }: { id: string; onDone: () => void }) {
  const { busy, error, run } = useAction();
  const [on, setOn] = useState('');
  const [rows, setRows] = useState([{ cell: '', units: '' }]);
  const [done, setDone] = useState<string | null>(null);
  const submit = () =>
    run(async () => {
      const r = await post<{ units: number; cells: number; entryIndex: number }>(
        `/api/v1/registries/subsidies/${id}/disbursements`,
        { disbursedOn: on, cells: rows.map((x) => ({ cell: x.cell.trim(), units: Number(x.units) })) },
      );
      setDone(`Recorded ${r.units} units in ${r.cells} areas (log entry #${r.entryIndex}).`);
      setRows([{ cell: '', units: '' }]);
      onDone();
    });
  return (
    <details className="entry-form">
      <summary>Record units handed out</summary>
      <Form onValid={() => void submit()} aria-label="Record units handed out">
        <ErrorMessage error={error} />
        {done && (
          <p className="message message-success" role="status">
            {done}
          </p>
        )}
        <p className="hint">
          Give each area as its coarse H3 cell (the same cells the camera map uses), never an address.
        </p>
        <Field
          label="Handed out on"
          name="disbursedOn"
          type="date"
          required
          value={on}
          onChange={(e) => setOn(e.target.value)}
        />
        {rows.map((r, i) => (
          <div className="field-row" key={i}>
            <Field
              label={`Area ${i + 1} (H3 cell)`}
              name={`cell-${i}`}
              required
              pattern="[0-9a-fA-F]{15}"
              title="An H3 cell index: 15 hexadecimal digits"
              value={r.cell}
              onChange={(e) => setRows(rows.map((x, j) => (j === i ? { ...x, cell: e.target.value } : x)))}
            />
            <Field
              label={`Units in area ${i + 1}`}
              name={`units-${i}`}
              type="number"
              min={1}
              step={1}
              required
              value={r.units}
              onChange={(e) => setRows(rows.map((x, j) => (j === i ? { ...x, units: e.target.value } : x)))}
            />
          </div>
        ))}
        <button
          type="button"
          className="button button-small"
          onClick={() => setRows([...rows, { cell: '', units: '' }])}
        >
          Add an area
        </button>
        <Submit busy={busy} busyText="Recording…">
          Record
        </Submit>
      </Form>
    </details>
  );
}

function CommunicationForm({ organisation }: { organisation: string | null }) {
  const { busy, error, run } = useAction();
  const [f, setF] = useState({
    title: '',
    issuedOn: '',
    medium: 'press_release',
    authorOrganisation: organisation ?? '',
    authorRole: '',
    vendorInvolvement: 'none',
    vendor: '',
    body: '',
  });
  const [editors, setEditors] = useState<{ organisation: string; role: string }[]>([]);
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) =>
    setF({ ...f, [k]: e.target.value });
  const submit = () =>
    run(async () => {
      const c = await post<Communication>('/api/v1/registries/communications', {
        title: f.title,
        body: f.body,
        issuedOn: f.issuedOn,
        medium: f.medium,
        author: { organisation: f.authorOrganisation, role: f.authorRole },
        editors: editors.filter((e) => e.organisation.trim() && e.role.trim()),
        vendorInvolvement: f.vendorInvolvement,
        vendor: f.vendorInvolvement === 'none' ? null : f.vendor,
      });
      navigate(`/public/communications/${c.id}`);
    });
  return (
    <details className="entry-form">
      <summary>Record an official statement</summary>
      <Form onValid={() => void submit()} aria-label="Record an official statement">
        <ErrorMessage error={error} />
        <Field label="Title" name="title" required value={f.title} onChange={set('title')} />
        <div className="field-row">
          <Field
            label="Issued on"
            name="issuedOn"
            type="date"
            required
            value={f.issuedOn}
            onChange={set('issuedOn')}
          />
          <Select
            label="Kind"
            name="medium"
            value={f.medium}
            onChange={(v) => setF({ ...f, medium: v })}
            options={[
              ['press_release', 'Press release'],
              ['public_statement', 'Public statement'],
              ['social_media', 'Social media post'],
              ['talking_points', 'Talking points'],
              ['letter', 'Letter'],
              ['other', 'Other'],
            ]}
          />
        </div>
        <div className="field-row">
          <Field
            label="Author’s organisation"
            name="authorOrganisation"
            required
            readOnly={organisation !== null}
            pattern={ORG_PATTERN}
            title={ORG_TITLE}
            value={f.authorOrganisation}
            onChange={set('authorOrganisation')}
          />
          <Field
            label="Author’s role"
            name="authorRole"
            required
            pattern={ORG_PATTERN}
            title="An official role, not a person’s name or email"
            hint="A title such as Public Information Officer, not a person’s name."
            value={f.authorRole}
            onChange={set('authorRole')}
          />
        </div>
        <fieldset className="fieldset">
          <legend>Editors</legend>
          {editors.length === 0 && <p className="hint">No editors declared.</p>}
          {editors.map((e, i) => (
            <div className="field-row" key={i}>
              <Field
                label={`Editor ${i + 1}: organisation`}
                name={`editor-org-${i}`}
                required
                pattern={ORG_PATTERN}
                title={ORG_TITLE}
                value={e.organisation}
                onChange={(ev) =>
                  setEditors(editors.map((x, j) => (j === i ? { ...x, organisation: ev.target.value } : x)))
                }
              />
              <Field
                label={`Editor ${i + 1}: role`}
                name={`editor-role-${i}`}
                required
                pattern={ORG_PATTERN}
                title="An official role, not a person’s name or email"
                value={e.role}
                onChange={(ev) =>
                  setEditors(editors.map((x, j) => (j === i ? { ...x, role: ev.target.value } : x)))
                }
              />
            </div>
          ))}
          <button
            type="button"
            className="button button-small"
            onClick={() => setEditors([...editors, { organisation: '', role: '' }])}
          >
            Add an editor
          </button>
        </fieldset>
        <fieldset className="fieldset">
          <legend>Vendor involvement</legend>
          {(['none', 'reviewed', 'drafted', 'approved'] as const).map((v) => (
            <label key={v} className="check">
              <input
                type="radio"
                name="vendorInvolvement"
                value={v}
                checked={f.vendorInvolvement === v}
                onChange={() => setF({ ...f, vendorInvolvement: v })}
              />
              <span>{INVOLVEMENT_TEXT[v]}</span>
            </label>
          ))}
          {f.vendorInvolvement !== 'none' && (
            <Field
              label="Vendor"
              name="vendor"
              required
              pattern={ORG_PATTERN}
              title={ORG_TITLE}
              value={f.vendor}
              onChange={set('vendor')}
            />
          )}
        </fieldset>
        <TextArea
          label="Text as issued"
          name="body"
          value={f.body}
          onChange={(v) => setF({ ...f, body: v })}
        />
        <Submit busy={busy} busyText="Recording…">
          Record the statement
        </Submit>
      </Form>
    </details>
  );
}
