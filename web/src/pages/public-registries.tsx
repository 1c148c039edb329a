import { Fragment, useState, type ReactNode } from 'react';
import { post } from '../api.js';
import { ErrorMessage, PageTitle, Select, TextArea, useAction, useResource } from '../components.js';
import {
  DateField,
  EntryForm,
  Loaded,
  NumberField,
  RecordList,
  RecordTable,
  ResourceSection,
  SubmitForm,
  TextField,
  useFields,
  useRows,
  useSubmit,
} from '../lib/forms.js';
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

      <ResourceSection
        id="agreements"
        title="Partnership agreements"
        resource={agreements}
        loading="Loading agreements"
        render={(d) => (
          <RecordList items={d.agreements} empty="No partnership agreement is registered.">
            {(a) => (
              <>
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
              </>
            )}
          </RecordList>
        )}
      >
        {(role === 'oversight' || role === 'admin') && <AgreementForm operatorHint={role === 'admin'} />}
      </ResourceSection>

      <ResourceSection
        id="subsidies"
        title="Subsidy programmes"
        resource={programmes}
        loading="Loading programmes"
        render={(d) => (
          <RecordTable
            caption="Subsidy programmes"
            empty="No subsidy programme is registered."
            head={PROGRAMME_COLUMNS}
            rows={d.programmes.map((p) => ({
              id: p.id,
              to: `/public/subsidies/${p.id}`,
              cells: [
                p.name,
                p.funder,
                p.vendor,
                money(p.amountCents, p.currency),
                money(p.discountCentsPerUnit, p.currency),
                count(p.units),
                money(p.vendorMatchCents, p.currency),
                count(p.unitsDisbursed),
              ],
            }))}
          />
        )}
      >
        {role === 'oversight' && <SubsidyForm />}
      </ResourceSection>

      <ResourceSection
        id="communications"
        title="Official communications"
        resource={communications}
        loading="Loading statements"
        render={(d) => (
          <RecordList items={d.communications} empty="No official statement is registered.">
            {(c) => (
              <>
                <InvolvementBadge involvement={c.vendorInvolvement} vendor={c.vendor} />
                <Link to={`/public/communications/${c.id}`}>{c.title}</Link>
                <span className="sub">
                  {words(c.medium)} · {c.issuedOn} · {c.author.role}, {c.author.organisation}
                </span>
              </>
            )}
          </RecordList>
        )}
      >
        {(role === 'oversight' || role === 'agency_admin') && (
          <CommunicationForm organisation={role === 'agency_admin' ? (user?.organisation ?? '') : null} />
        )}
      </ResourceSection>
    </>
  );
}

const num = (label: string) => ({ label, num: true });
const PROGRAMME_COLUMNS = [
  'Programme',
  'Funder',
  'Vendor',
  num('Public money'),
  num('Discount per unit'),
  num('Units'),
  num('Vendor match'),
  num('Disbursed'),
];

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
  const resource = useResource<Agreement>(`/api/v1/public/agreements/${id}`);
  return (
    <Loaded resource={resource} loading="Loading the agreement">
      {(data) => (
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
    </Loaded>
  );
}

/** One subsidy programme: its terms, totals, units per coarse area and versions. */
export function ProgrammePage({ id }: { id: string }) {
  const { user } = useSession();
  const resource = useResource<Programme>(`/api/v1/public/subsidies/${id}`);
  const { reload } = resource;
  return (
    <Loaded resource={resource} loading="Loading the programme">
      {(data) => (
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
            <RecordTable
              caption="Units per area"
              empty={`No area has ${data.k} or more units yet.`}
              emptyClassName="chart-note"
              head={['Area (H3 cell)', num('Units'), num('Amount')]}
              rows={data.cells.map((c) => ({
                id: c.cell,
                cells: [
                  <code key="cell" className="cell-id">
                    {c.cell}
                  </code>,
                  count(c.units),
                  money(c.amountCents, data.currency),
                ],
              }))}
            />
            {user?.mayAct && user.role === 'oversight' && <DisbursementForm id={data.id} onDone={reload} />}
          </section>
          <Versions versions={data.versions} refName="programme" />
        </>
      )}
    </Loaded>
  );
}

/** One official statement: the vendor's involvement first, then author, editors, text and versions. */
export function CommunicationPage({ id }: { id: string }) {
  const resource = useResource<Communication>(`/api/v1/public/communications/${id}`);
  return (
    <Loaded resource={resource} loading="Loading the statement">
      {(data) => (
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
    </Loaded>
  );
}

// Entry forms, for the accounts that may enter records.

/** The characters an organisation's name may hold (as the server and the public log accept them). */
export const ORG_PATTERN = "[A-Za-z0-9\\u00C0-\\u024F][A-Za-z0-9\\u00C0-\\u024F .,&'()/\\-]{0,99}";
export const ORG_TITLE = "Letters, digits, spaces and . , & ' ( ) / - only";

/** An organisation's name: the characters the server and the public log accept. */
function OrgField(props: Omit<Parameters<typeof TextField>[0], 'pattern'>) {
  return <TextField pattern={ORG_PATTERN} title={ORG_TITLE} {...props} />;
}

function AgreementForm({ operatorHint }: { operatorHint: boolean }) {
  const state = useSubmit();
  const { values: f, bind } = useFields({
    title: '',
    signedOn: '',
    effectiveOn: '',
    expiresOn: '',
    text: '',
  });
  const parties = useRows([
    { name: '', kind: 'public_body' },
    { name: '', kind: 'vendor' },
  ]);
  const submit = () =>
    state.run(async () => {
      const a = await post<Agreement>('/api/v1/registries/agreements', {
        title: f.title,
        parties: parties.rows.filter((p) => p.name.trim()),
        signedOn: f.signedOn,
        effectiveOn: f.effectiveOn,
        expiresOn: f.expiresOn || null,
        text: f.text,
      });
      navigate(`/public/agreements/${a.id}`);
    });
  return (
    <EntryForm summary="Record an agreement">
      <SubmitForm
        label="Record an agreement"
        state={state}
        onValid={() => void submit()}
        submit="Record the agreement"
        busyText="Recording…"
      >
        {operatorHint && (
          <p className="hint">
            As the instance admin you may record only agreements the body running this server is a party to.
          </p>
        )}
        <TextField label="Title" required maxLength={300} {...bind('title')} />
        <fieldset className="fieldset">
          <legend>Parties</legend>
          {parties.rows.map((p, i) => (
            <div className="field-row" key={i}>
              <OrgField
                label={`Party ${i + 1}`}
                name={`party-${i}`}
                required={i < 1}
                value={p.name}
                onChange={parties.field(i, 'name')}
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
                onChange={parties.field(i, 'kind')}
              />
            </div>
          ))}
          <AddRow onClick={() => parties.add({ name: '', kind: 'other' })}>Add a party</AddRow>
        </fieldset>
        <div className="field-row">
          <DateField label="Signed on" required {...bind('signedOn')} />
          <DateField label="Effective from" required {...bind('effectiveOn')} />
          <DateField label="Expires on (optional)" {...bind('expiresOn')} />
        </div>
        <TextArea
          label="Full text"
          hint="Paste the agreement exactly as signed."
          rows={12}
          {...bind('text')}
        />
      </SubmitForm>
    </EntryForm>
  );
}

/** The button that adds one more row of fields. */
function AddRow({ onClick, children }: { onClick: () => void; children: ReactNode }) {
  return (
    <button type="button" className="button button-small" onClick={onClick}>
      {children}
    </button>
  );
}

function cents(value: string): number {
  return Math.round(Number(value) * 100);
}

function SubsidyForm() {
  const state = useSubmit();
  const { values: f, bind } = useFields({
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
  const submit = () =>
    state.run(async () => {
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
    <EntryForm summary="Record a subsidy programme">
      <SubmitForm
        label="Record a subsidy programme"
        state={state}
        onValid={() => void submit()}
        submit="Record the programme"
        busyText="Recording…"
      >
        <TextField label="Name" required {...bind('name')} />
        <div className="field-row">
          <OrgField label="Funder" required {...bind('funder')} />
          <OrgField label="Vendor" required {...bind('vendor')} />
          <TextField
            label="Currency"
            required
            pattern="[A-Za-z]{3}"
            title="A three-letter code such as USD"
            {...bind('currency')}
          />
        </div>
        <div className="field-row">
          <NumberField label="Public money" min={0} step="0.01" required {...bind('amount')} />
          <NumberField label="Discount per unit" min={0} step="0.01" required {...bind('discount')} />
          <NumberField label="Units" min={1} step={1} required {...bind('units')} />
          <NumberField label="Vendor match" min={0} step="0.01" required {...bind('vendorMatch')} />
        </div>
        <div className="field-row">
          <DateField label="Starts on" required {...bind('startsOn')} />
          <DateField label="Ends on (optional)" {...bind('endsOn')} />
        </div>
        <TextArea
          label="Terms"
          hint="The resolution or document that set the programme up."
          {...bind('terms')}
        />
      </SubmitForm>
    </EntryForm>
  );
}

function DisbursementForm({ id, onDone }: { id: string; onDone: () => void }) {
  const state = useSubmit();
  const [on, setOn] = useState('');
  const areas = useRows([{ cell: '', units: '' }]);
  const [done, setDone] = useState<string | null>(null);
  const submit = () =>
    state.run(async () => {
      const r = await post<{ units: number; cells: number; entryIndex: number }>(
        `/api/v1/registries/subsidies/${id}/disbursements`,
        { disbursedOn: on, cells: areas.rows.map((x) => ({ cell: x.cell.trim(), units: Number(x.units) })) },
      );
      setDone(`Recorded ${r.units} units in ${r.cells} areas (log entry #${r.entryIndex}).`);
      areas.setRows([{ cell: '', units: '' }]);
      onDone();
    });
  return (
    <EntryForm summary="Record units handed out">
      <SubmitForm
        label="Record units handed out"
        state={state}
        onValid={() => void submit()}
        submit="Record"
        busyText="Recording…"
      >
        {done && (
          <p className="message message-success" role="status">
            {done}
          </p>
        )}
        <p className="hint">
          Give each area as its coarse H3 cell (the same cells the camera map uses), never an address.
        </p>
        <DateField label="Handed out on" name="disbursedOn" required value={on} onChange={setOn} />
        {areas.rows.map((r, i) => (
          <div className="field-row" key={i}>
            <TextField
              label={`Area ${i + 1} (H3 cell)`}
              name={`cell-${i}`}
              required
              pattern="[0-9a-fA-F]{15}"
              title="An H3 cell index: 15 hexadecimal digits"
              value={r.cell}
              onChange={areas.field(i, 'cell')}
            />
            <NumberField
              label={`Units in area ${i + 1}`}
              name={`units-${i}`}
              min={1}
              step={1}
              required
              value={r.units}
              onChange={areas.field(i, 'units')}
            />
          </div>
        ))}
        <AddRow onClick={() => areas.add({ cell: '', units: '' })}>Add an area</AddRow>
      </SubmitForm>
    </EntryForm>
  );
}

const ROLE_TITLE = 'An official role, not a person’s name or email';

function CommunicationForm({ organisation }: { organisation: string | null }) {
  const state = useSubmit();
  const {
    values: f,
    bind,
    set,
  } = useFields({
    title: '',
    issuedOn: '',
    medium: 'press_release',
    authorOrganisation: organisation ?? '',
    authorRole: '',
    vendorInvolvement: 'none',
    vendor: '',
    body: '',
  });
  const editors = useRows<{ organisation: string; role: string }>([]);
  const submit = () =>
    state.run(async () => {
      const c = await post<Communication>('/api/v1/registries/communications', {
        title: f.title,
        body: f.body,
        issuedOn: f.issuedOn,
        medium: f.medium,
        author: { organisation: f.authorOrganisation, role: f.authorRole },
        editors: editors.rows.filter((e) => e.organisation.trim() && e.role.trim()),
        vendorInvolvement: f.vendorInvolvement,
        vendor: f.vendorInvolvement === 'none' ? null : f.vendor,
      });
      navigate(`/public/communications/${c.id}`);
    });
  return (
    <EntryForm summary="Record an official statement">
      <SubmitForm
        label="Record an official statement"
        state={state}
        onValid={() => void submit()}
        submit="Record the statement"
        busyText="Recording…"
      >
        <TextField label="Title" required {...bind('title')} />
        <div className="field-row">
          <DateField label="Issued on" required {...bind('issuedOn')} />
          <Select
            label="Kind"
            options={[
              ['press_release', 'Press release'],
              ['public_statement', 'Public statement'],
              ['social_media', 'Social media post'],
              ['talking_points', 'Talking points'],
              ['letter', 'Letter'],
              ['other', 'Other'],
            ]}
            {...bind('medium')}
          />
        </div>
        <div className="field-row">
          <OrgField
            label="Author’s organisation"
            required
            readOnly={organisation !== null}
            {...bind('authorOrganisation')}
          />
          <OrgField
            label="Author’s role"
            required
            title={ROLE_TITLE}
            hint="A title such as Public Information Officer, not a person’s name."
            {...bind('authorRole')}
          />
        </div>
        <fieldset className="fieldset">
          <legend>Editors</legend>
          {editors.rows.length === 0 && <p className="hint">No editors declared.</p>}
          {editors.rows.map((e, i) => (
            <div className="field-row" key={i}>
              <OrgField
                label={`Editor ${i + 1}: organisation`}
                name={`editor-org-${i}`}
                required
                value={e.organisation}
                onChange={editors.field(i, 'organisation')}
              />
              <OrgField
                label={`Editor ${i + 1}: role`}
                name={`editor-role-${i}`}
                required
                title={ROLE_TITLE}
                value={e.role}
                onChange={editors.field(i, 'role')}
              />
            </div>
          ))}
          <AddRow onClick={() => editors.add({ organisation: '', role: '' })}>Add an editor</AddRow>
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
                onChange={() => set('vendorInvolvement', v)}
              />
              <span>{INVOLVEMENT_TEXT[v]}</span>
            </label>
          ))}
          {f.vendorInvolvement !== 'none' && <OrgField label="Vendor" required {...bind('vendor')} />}
        </fieldset>
        <TextArea label="Text as issued" {...bind('body')} />
      </SubmitForm>
    </EntryForm>
  );
}
