// Oversight's registers (C6): complaints about the technology's use, audits, use policy violations and data
// breaches. Anyone reads them; oversight members record them and later update their status and outcome. They fill
// items E, F and G of the annual surveillance report.
import { Fragment, useState, type ReactNode } from 'react';
import { patch, post } from '../api.js';
import {
  ErrorMessage,
  Field,
  Form,
  Loading,
  Notice,
  PageTitle,
  Select,
  Submit,
  TableScroll,
  TextArea,
  useAction,
  useResource,
} from '../components.js';
import {
  BREACH_STATUSES,
  BREACH_SYSTEMS,
  COMPLAINT_CATEGORIES,
  COMPLAINT_STATUSES,
  VIOLATION_CATEGORIES,
  count,
  words,
  type Audit,
  type Breach,
  type Complaint,
  type EnteredBy,
  type RecordVersion,
  type Violation,
} from '../lib/public-api.js';
import { Link, navigate } from '../router.js';
import { useSession } from '../session.js';
import { ORG_PATTERN, ORG_TITLE, Versions } from './public-registries.js';

const TEXT_MAX = 5000;
const options = (values: readonly string[]) => values.map((v) => [v, capitalised(words(v))] as const);

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** What every entry form says about the text it takes: it is public, and must not identify anyone. */
function PublicTextRule() {
  return (
    <p className="hint">
      Everything here is public and goes into the annual surveillance report. Write summaries in your own
      words and do not identify anyone: no names of complainants, residents or camera owners, no addresses,
      email addresses or phone numbers. The server refuses text with an obvious email address, phone number or
      street address, but it cannot recognise a name — that is up to you. The public log holds only dates,
      categories, the agency, counts and hashes, never this text.
    </p>
  );
}

/** True when the signed-in account may enter these registers: oversight members, two-factor enrolled. */
function useMayEnter(): boolean {
  const { user } = useSession();
  return !!user?.mayAct && user.role === 'oversight';
}

/** The four registers, readable by anyone; entry forms for oversight. */
export function OversightRegistersPage() {
  const mayEnter = useMayEnter();
  const complaints = useResource<{ complaints: Complaint[] }>('/api/v1/public/complaints');
  const audits = useResource<{ audits: Audit[] }>('/api/v1/public/audits');
  const violations = useResource<{ violations: Violation[] }>('/api/v1/public/violations');
  const breaches = useResource<{ breaches: Breach[] }>('/api/v1/public/breaches');
  return (
    <>
      <PageTitle>Complaints, audits and breaches</PageTitle>
      <p className="lead">
        The community’s oversight body records complaints about how the cameras and footage requests are used,
        audits and the use policy violations they find, and any unauthorised access to data obtained through
        the system. Agencies and the server’s operator cannot edit these records. Every record and change is
        in the public log, and the annual report is built from them.
      </p>

      <section aria-labelledby="complaints">
        <h2 id="complaints">Complaints</h2>
        <ErrorMessage error={complaints.error} />
        {complaints.loading && <Loading what="Loading complaints" />}
        {complaints.data && (
          <RecordTable
            caption="Complaints about the technology’s use"
            empty="No complaint is recorded."
            head={['Received', 'Agency', 'Category', 'Status', 'Summary']}
            rows={complaints.data.complaints.map((c) => ({
              id: c.id,
              to: `/public/complaints/${c.id}`,
              cells: [c.receivedOn, c.agency ?? '—', words(c.category), words(c.status), c.summary],
            }))}
          />
        )}
        {mayEnter && (
          <details className="entry-form">
            <summary>Record a complaint</summary>
            <ComplaintForm />
          </details>
        )}
      </section>

      <section aria-labelledby="audits">
        <h2 id="audits">Audits</h2>
        <ErrorMessage error={audits.error} />
        {audits.loading && <Loading what="Loading audits" />}
        {audits.data && (
          <RecordTable
            caption="Audits of the technology’s use"
            empty="No audit is recorded."
            head={['Date', 'Auditor', 'Agency', 'Findings', 'Violations']}
            rows={audits.data.audits.map((a) => ({
              id: a.id,
              to: `/public/audits/${a.id}`,
              cells: [
                a.auditedOn,
                a.auditor,
                a.agency ?? 'All agencies',
                count(a.findings),
                count(a.violations),
              ],
            }))}
          />
        )}
        {mayEnter && (
          <details className="entry-form">
            <summary>Record an audit</summary>
            <AuditForm />
          </details>
        )}
      </section>

      <section aria-labelledby="violations">
        <h2 id="violations">Use policy violations</h2>
        <ErrorMessage error={violations.error} />
        {violations.loading && <Loading what="Loading violations" />}
        {violations.data && (
          <RecordTable
            caption="Violations of the use policy"
            empty="No violation is recorded."
            head={['Date', 'Agency', 'Category', 'Clause', 'Corrected']}
            rows={violations.data.violations.map((v) => ({
              id: v.id,
              to: `/public/violations/${v.id}`,
              cells: [
                v.occurredOn,
                v.agency ?? '—',
                words(v.category),
                v.clause ?? '—',
                v.correctedOn ?? 'Not yet',
              ],
            }))}
          />
        )}
        {mayEnter && (
          <details className="entry-form">
            <summary>Record a violation</summary>
            <ViolationForm audits={audits.data?.audits ?? []} />
          </details>
        )}
      </section>

      <section aria-labelledby="breaches">
        <h2 id="breaches">Data breaches</h2>
        <ErrorMessage error={breaches.error} />
        {breaches.loading && <Loading what="Loading breaches" />}
        {breaches.data && (
          <RecordTable
            caption="Unauthorised access to data obtained through the system"
            empty="No breach is recorded."
            head={['Discovered', 'System', 'Agency', 'Records affected', 'Owners notified', 'Status']}
            rows={breaches.data.breaches.map((b) => ({
              id: b.id,
              to: `/public/breaches/${b.id}`,
              cells: [
                b.discoveredOn,
                words(b.system),
                b.agency ?? '—',
                count(b.recordsAffected),
                b.ownersNotifiedOn ?? 'No',
                words(b.status),
              ],
            }))}
          />
        )}
        {mayEnter && (
          <details className="entry-form">
            <summary>Record a breach</summary>
            <BreachForm />
          </details>
        )}
      </section>
    </>
  );
}

/** A register's records as a table whose first cell links to the record. */
function RecordTable({
  caption,
  empty,
  head,
  rows,
}: {
  caption: string;
  empty: string;
  head: string[];
  rows: { id: string; to: string; cells: string[] }[];
}) {
  if (rows.length === 0) return <p>{empty}</p>;
  return (
    <TableScroll label={caption}>
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            {head.map((h) => (
              <th scope="col" key={h}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id}>
              <th scope="row">
                <Link to={r.to}>{r.cells[0]}</Link>
              </th>
              {r.cells.slice(1).map((c, i) => (
                <td key={i}>{c}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

/** The facts of a record, who entered it, its text, its versions, and the update form for oversight. */
function RecordPage<T extends { enteredBy?: EnteredBy; versions?: RecordVersion[] }>({
  path,
  refName,
  what,
  title,
  facts,
  texts,
  form,
}: {
  path: string;
  refName: string;
  what: string;
  title: (r: T) => string;
  facts: (r: T) => [string, ReactNode][];
  texts: (r: T) => [string, string | null][];
  form: (r: T, done: () => void) => ReactNode;
}) {
  const mayEnter = useMayEnter();
  const { data, error, loading, reload } = useResource<T>(`/api/v1/public/${path}`);
  return (
    <>
      <ErrorMessage error={error} />
      {loading && <Loading what={`Loading the ${what}`} />}
      {data && (
        <>
          <PageTitle>{title(data)}</PageTitle>
          <p>
            <Link to="/public/oversight">All complaints, audits and breaches</Link>
          </p>
          <dl className="facts">
            {facts(data).map(([k, v]) => (
              <Fragment key={k}>
                <dt>{k}</dt>
                <dd>{v}</dd>
              </Fragment>
            ))}
            {data.enteredBy && (
              <>
                <dt>Entered by</dt>
                <dd>
                  {words(data.enteredBy.class)}
                  {data.enteredBy.organisation ? `, ${data.enteredBy.organisation}` : ''}
                </dd>
              </>
            )}
          </dl>
          {texts(data).map(([heading, text]) => (
            <section key={heading} aria-label={heading}>
              <h2>{heading}</h2>
              <div className="agreement-text">{text ?? 'None recorded yet.'}</div>
            </section>
          ))}
          {mayEnter && (
            <details className="entry-form">
              <summary>Update this {what}</summary>
              {form(data, reload)}
            </details>
          )}
          {data.versions && <Versions versions={data.versions} refName={refName} />}
        </>
      )}
    </>
  );
}

/** One complaint. */
export function ComplaintPage({ id }: { id: string }) {
  return (
    <RecordPage<Complaint>
      path={`complaints/${id}`}
      refName="complaint"
      what="complaint"
      title={(c) => `Complaint received ${c.receivedOn}`}
      facts={(c) => [
        ['Agency concerned', c.agency ?? 'None'],
        ['Category', capitalised(words(c.category))],
        ['Status', capitalised(words(c.status))],
        ['Closed', c.closedOn ?? 'Open'],
      ]}
      texts={(c) => [
        ['Summary', c.summary],
        ['Outcome and action taken', c.outcome],
      ]}
      form={(c, done) => <ComplaintForm current={c} onDone={done} />}
    />
  );
}

/** One audit. */
export function AuditPage({ id }: { id: string }) {
  return (
    <RecordPage<Audit>
      path={`audits/${id}`}
      refName="audit"
      what="audit"
      title={(a) => `Audit by ${a.auditor}, ${a.auditedOn}`}
      facts={(a) => [
        ['Agency audited', a.agency ?? 'All agencies'],
        ['Period covered', `${a.periodFrom} to ${a.periodTo}`],
        ['Findings', count(a.findings)],
        ['Violations found', count(a.violations)],
        [
          'Report SHA-256',
          a.reportSha256 ? <code className="hash">{a.reportSha256}</code> : 'No report published',
        ],
      ]}
      texts={(a) => [['Summary', a.summary]]}
      form={(a, done) => <AuditForm current={a} onDone={done} />}
    />
  );
}

/** One violation. */
export function ViolationPage({ id }: { id: string }) {
  const audits = useResource<{ audits: Audit[] }>('/api/v1/public/audits');
  return (
    <RecordPage<Violation>
      path={`violations/${id}`}
      refName="violation"
      what="violation"
      title={(v) => `Use policy violation, ${v.occurredOn}`}
      facts={(v) => [
        ['Agency', v.agency ?? 'None'],
        ['Category', capitalised(words(v.category))],
        ['Policy clause', v.clause ?? '—'],
        ['Found by', v.auditId ? <Link to={`/public/audits/${v.auditId}`}>an audit</Link> : 'Not an audit'],
        ['Corrected', v.correctedOn ?? 'Not yet'],
      ]}
      texts={(v) => [
        ['Summary', v.summary],
        ['Corrective action', v.correctiveAction],
      ]}
      form={(v, done) => <ViolationForm current={v} audits={audits.data?.audits ?? []} onDone={done} />}
    />
  );
}

/** One breach. */
export function BreachPage({ id }: { id: string }) {
  return (
    <RecordPage<Breach>
      path={`breaches/${id}`}
      refName="breach"
      what="breach"
      title={(b) => `Data breach discovered ${b.discoveredOn}`}
      facts={(b) => [
        ['Happened', b.occurredOn ?? 'Unknown'],
        ['System', capitalised(words(b.system))],
        ['Agency', b.agency ?? 'None'],
        ['Records or clips affected', count(b.recordsAffected)],
        ['Owners notified', b.ownersNotifiedOn ? `Yes, on ${b.ownersNotifiedOn}` : 'No'],
        ['Status', capitalised(words(b.status))],
      ]}
      texts={(b) => [
        ['Summary', b.summary],
        ['Remediation', b.remediation],
      ]}
      form={(b, done) => <BreachForm current={b} onDone={done} />}
    />
  );
}

// Entry forms: one per register, for a new record or (with `current`) a new version of one.

/** Save a record: POST for a new one (then open it), PATCH for a change (then reload it). */
function useSave(path: string, current: { id: string } | undefined, onDone?: () => void) {
  const action = useAction();
  const [saved, setSaved] = useState(false);
  const save = (body: Record<string, unknown>) =>
    action.run(async () => {
      setSaved(false);
      if (current) {
        await patch(`/api/v1/registries/${path}/${current.id}`, body);
        setSaved(true);
        onDone?.();
      } else {
        const r = await post<{ id: string }>(`/api/v1/registries/${path}`, body);
        navigate(`/public/${path}/${r.id}`);
      }
    });
  return { ...action, saved, save };
}

const orDefault = <T,>(value: T | null | undefined, fallback: T) => value ?? fallback;

function AgencyField({
  value,
  onChange,
  label,
}: {
  value: string;
  onChange: (v: string) => void;
  label: string;
}) {
  return (
    <Field
      label={label}
      name="agency"
      pattern={ORG_PATTERN}
      title={ORG_TITLE}
      hint="A public body, never a person. Leave empty when none."
      value={value}
      onChange={(e) => onChange(e.target.value)}
    />
  );
}

function ComplaintForm({ current, onDone }: { current?: Complaint; onDone?: () => void }) {
  const { busy, error, saved, save } = useSave('complaints', current, onDone);
  const [f, setF] = useState({
    receivedOn: current?.receivedOn ?? '',
    agency: orDefault(current?.agency, ''),
    category: current?.category ?? 'other',
    status: current?.status ?? 'received',
    closedOn: orDefault(current?.closedOn, ''),
    summary: current?.summary ?? '',
    outcome: orDefault(current?.outcome, ''),
  });
  const set = (k: keyof typeof f) => (v: string) => setF({ ...f, [k]: v });
  const final = ['sustained', 'not_sustained', 'withdrawn', 'closed'].includes(f.status);
  return (
    <Form
      aria-label={current ? 'Update the complaint' : 'Record a complaint'}
      onValid={() =>
        void save({
          receivedOn: f.receivedOn,
          agency: f.agency.trim() || null,
          category: f.category,
          status: f.status,
          closedOn: final ? f.closedOn || null : null,
          summary: f.summary,
          outcome: f.outcome.trim() || null,
        })
      }
    >
      <ErrorMessage error={error} />
      {saved && <Notice>Saved as a new version; the change is in the public log.</Notice>}
      <PublicTextRule />
      <div className="field-row">
        <Field
          label="Received on"
          name="receivedOn"
          type="date"
          required
          value={f.receivedOn}
          onChange={(e) => set('receivedOn')(e.target.value)}
        />
        <AgencyField label="Agency concerned (optional)" value={f.agency} onChange={set('agency')} />
      </div>
      <div className="field-row">
        <Select
          label="Category"
          name="category"
          value={f.category}
          options={options(COMPLAINT_CATEGORIES)}
          onChange={set('category')}
        />
        <Select
          label="Status"
          name="status"
          value={f.status}
          options={options(COMPLAINT_STATUSES)}
          onChange={set('status')}
        />
        {final && (
          <Field
            label="Closed on"
            name="closedOn"
            type="date"
            value={f.closedOn}
            onChange={(e) => set('closedOn')(e.target.value)}
          />
        )}
      </div>
      <TextArea
        label="Public summary"
        name="summary"
        maxLength={TEXT_MAX}
        hint="What the complaint is about, in oversight’s words."
        value={f.summary}
        onChange={set('summary')}
      />
      <TextArea
        label="Outcome and action taken (optional)"
        name="outcome"
        required={false}
        maxLength={TEXT_MAX}
        rows={4}
        value={f.outcome}
        onChange={set('outcome')}
      />
      <Submit busy={busy} busyText="Saving…">
        {current ? 'Save the change' : 'Record the complaint'}
      </Submit>
    </Form>
  );
}

function AuditForm({ current, onDone }: { current?: Audit; onDone?: () => void }) {
  const { busy, error, saved, save } = useSave('audits', current, onDone);
  const [f, setF] = useState({
    auditor: current?.auditor ?? '',
    agency: orDefault(current?.agency, ''),
    periodFrom: current?.periodFrom ?? '',
    periodTo: current?.periodTo ?? '',
    auditedOn: current?.auditedOn ?? '',
    findings: String(current?.findings ?? 0),
    violations: String(current?.violations ?? 0),
    summary: current?.summary ?? '',
    reportSha256: orDefault(current?.reportSha256, ''),
  });
  const set = (k: keyof typeof f) => (v: string) => setF({ ...f, [k]: v });
  const [hashing, setHashing] = useState(false);
  const hashFile = async (file: File | undefined) => {
    if (!file) return;
    setHashing(true);
    try {
      const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
      set('reportSha256')([...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join(''));
    } finally {
      setHashing(false);
    }
  };
  return (
    <Form
      aria-label={current ? 'Update the audit' : 'Record an audit'}
      onValid={() =>
        void save({
          auditor: f.auditor.trim(),
          agency: f.agency.trim() || null,
          periodFrom: f.periodFrom,
          periodTo: f.periodTo,
          auditedOn: f.auditedOn,
          findings: Number(f.findings),
          violations: Number(f.violations),
          summary: f.summary,
          reportSha256: f.reportSha256.trim() || null,
        })
      }
    >
      <ErrorMessage error={error} />
      {saved && <Notice>Saved as a new version; the change is in the public log.</Notice>}
      <PublicTextRule />
      <div className="field-row">
        <Field
          label="Auditor"
          name="auditor"
          required
          pattern={ORG_PATTERN}
          title={ORG_TITLE}
          hint="The organisation that carried out the audit."
          value={f.auditor}
          onChange={(e) => set('auditor')(e.target.value)}
        />
        <AgencyField label="Agency audited (optional)" value={f.agency} onChange={set('agency')} />
      </div>
      <div className="field-row">
        <Field
          label="Period from"
          name="periodFrom"
          type="date"
          required
          value={f.periodFrom}
          onChange={(e) => set('periodFrom')(e.target.value)}
        />
        <Field
          label="Period to"
          name="periodTo"
          type="date"
          required
          value={f.periodTo}
          onChange={(e) => set('periodTo')(e.target.value)}
        />
        <Field
          label="Audit dated"
          name="auditedOn"
          type="date"
          required
          value={f.auditedOn}
          onChange={(e) => set('auditedOn')(e.target.value)}
        />
      </div>
      <div className="field-row">
        <Field
          label="Findings"
          name="findings"
          type="number"
          min={0}
          step={1}
          required
          value={f.findings}
          onChange={(e) => set('findings')(e.target.value)}
        />
        <Field
          label="Violations found"
          name="violations"
          type="number"
          min={0}
          step={1}
          required
          value={f.violations}
          onChange={(e) => set('violations')(e.target.value)}
        />
      </div>
      <Field
        label="Audit report SHA-256 (optional)"
        name="reportSha256"
        pattern="[0-9a-fA-F]{64}"
        title="64 hexadecimal digits"
        hint="The hash of the published report, so anyone can check they read the same document. Choose the file below to compute it in this browser; the file itself is not uploaded."
        value={f.reportSha256}
        onChange={(e) => set('reportSha256')(e.target.value)}
      />
      <Field
        label="Compute from the report file"
        name="reportFile"
        type="file"
        onChange={(e) => void hashFile(e.target.files?.[0])}
      />
      {hashing && <Loading what="Hashing the file" />}
      <TextArea
        label="Public summary"
        name="summary"
        maxLength={TEXT_MAX}
        value={f.summary}
        onChange={set('summary')}
      />
      <Submit busy={busy} busyText="Saving…">
        {current ? 'Save the change' : 'Record the audit'}
      </Submit>
    </Form>
  );
}

function ViolationForm({
  current,
  audits,
  onDone,
}: {
  current?: Violation;
  audits: Audit[];
  onDone?: () => void;
}) {
  const { busy, error, saved, save } = useSave('violations', current, onDone);
  const [f, setF] = useState({
    auditId: orDefault(current?.auditId, ''),
    agency: orDefault(current?.agency, ''),
    category: current?.category ?? 'other',
    clause: orDefault(current?.clause, ''),
    occurredOn: current?.occurredOn ?? '',
    summary: current?.summary ?? '',
    correctiveAction: orDefault(current?.correctiveAction, ''),
    correctedOn: orDefault(current?.correctedOn, ''),
  });
  const set = (k: keyof typeof f) => (v: string) => setF({ ...f, [k]: v });
  return (
    <Form
      aria-label={current ? 'Update the violation' : 'Record a violation'}
      onValid={() =>
        void save({
          auditId: f.auditId || null,
          agency: f.agency.trim() || null,
          category: f.category,
          clause: f.clause.trim() || null,
          occurredOn: f.occurredOn,
          summary: f.summary,
          correctiveAction: f.correctiveAction.trim() || null,
          correctedOn: f.correctedOn || null,
        })
      }
    >
      <ErrorMessage error={error} />
      {saved && <Notice>Saved as a new version; the change is in the public log.</Notice>}
      <PublicTextRule />
      <div className="field-row">
        <Select
          label="Found by"
          name="auditId"
          value={f.auditId}
          options={[
            ['', 'Not an audit'],
            ...audits.map((a) => [a.id, `Audit by ${a.auditor}, ${a.auditedOn}`] as const),
          ]}
          onChange={set('auditId')}
        />
        <AgencyField label="Agency (optional)" value={f.agency} onChange={set('agency')} />
      </div>
      <div className="field-row">
        <Select
          label="Category"
          name="category"
          value={f.category}
          options={options(VIOLATION_CATEGORIES)}
          onChange={set('category')}
        />
        <Field
          label="Policy clause (optional)"
          name="clause"
          pattern="[A-Za-z0-9§][A-Za-z0-9§ .,()/\-]{0,39}"
          title="The clause as the policy numbers it, e.g. 4.2(b)"
          value={f.clause}
          onChange={(e) => set('clause')(e.target.value)}
        />
        <Field
          label="Happened on"
          name="occurredOn"
          type="date"
          required
          value={f.occurredOn}
          onChange={(e) => set('occurredOn')(e.target.value)}
        />
      </div>
      <TextArea
        label="Public summary"
        name="summary"
        maxLength={TEXT_MAX}
        value={f.summary}
        onChange={set('summary')}
      />
      <TextArea
        label="Corrective action (optional)"
        name="correctiveAction"
        required={false}
        maxLength={TEXT_MAX}
        rows={4}
        value={f.correctiveAction}
        onChange={set('correctiveAction')}
      />
      <Field
        label="Corrected on (optional)"
        name="correctedOn"
        type="date"
        hint="Give it once the corrective action was taken."
        value={f.correctedOn}
        onChange={(e) => set('correctedOn')(e.target.value)}
      />
      <Submit busy={busy} busyText="Saving…">
        {current ? 'Save the change' : 'Record the violation'}
      </Submit>
    </Form>
  );
}

function BreachForm({ current, onDone }: { current?: Breach; onDone?: () => void }) {
  const { busy, error, saved, save } = useSave('breaches', current, onDone);
  const [f, setF] = useState({
    discoveredOn: current?.discoveredOn ?? '',
    occurredOn: orDefault(current?.occurredOn, ''),
    agency: orDefault(current?.agency, ''),
    system: current?.system ?? 'community_server',
    recordsAffected: String(current?.recordsAffected ?? 0),
    ownersNotifiedOn: orDefault(current?.ownersNotifiedOn, ''),
    status: current?.status ?? 'investigating',
    summary: current?.summary ?? '',
    remediation: orDefault(current?.remediation, ''),
  });
  const [notified, setNotified] = useState(current?.ownersNotified ?? false);
  const set = (k: keyof typeof f) => (v: string) => setF({ ...f, [k]: v });
  return (
    <Form
      aria-label={current ? 'Update the breach' : 'Record a breach'}
      onValid={() =>
        void save({
          discoveredOn: f.discoveredOn,
          occurredOn: f.occurredOn || null,
          agency: f.agency.trim() || null,
          system: f.system,
          recordsAffected: Number(f.recordsAffected),
          ownersNotified: notified,
          ownersNotifiedOn: notified ? f.ownersNotifiedOn || null : null,
          status: f.status,
          summary: f.summary,
          remediation: f.remediation.trim() || null,
        })
      }
    >
      <ErrorMessage error={error} />
      {saved && <Notice>Saved as a new version; the change is in the public log.</Notice>}
      <PublicTextRule />
      <div className="field-row">
        <Field
          label="Discovered on"
          name="discoveredOn"
          type="date"
          required
          value={f.discoveredOn}
          onChange={(e) => set('discoveredOn')(e.target.value)}
        />
        <Field
          label="Happened on (if known)"
          name="occurredOn"
          type="date"
          value={f.occurredOn}
          onChange={(e) => set('occurredOn')(e.target.value)}
        />
      </div>
      <div className="field-row">
        <Select
          label="System reached"
          name="system"
          value={f.system}
          options={options(BREACH_SYSTEMS)}
          onChange={set('system')}
        />
        <AgencyField label="Agency concerned (optional)" value={f.agency} onChange={set('agency')} />
        <Field
          label="Records or clips affected"
          name="recordsAffected"
          type="number"
          min={0}
          step={1}
          required
          value={f.recordsAffected}
          onChange={(e) => set('recordsAffected')(e.target.value)}
        />
      </div>
      <fieldset className="fieldset">
        <legend>Owners of the affected records</legend>
        <label className="check">
          <input type="checkbox" checked={notified} onChange={(e) => setNotified(e.target.checked)} />
          <span>The owners were notified</span>
        </label>
        {notified && (
          <Field
            label="Notified on"
            name="ownersNotifiedOn"
            type="date"
            required
            value={f.ownersNotifiedOn}
            onChange={(e) => set('ownersNotifiedOn')(e.target.value)}
          />
        )}
      </fieldset>
      <Select
        label="Status"
        name="status"
        value={f.status}
        options={options(BREACH_STATUSES)}
        onChange={set('status')}
      />
      <TextArea
        label="Public summary"
        name="summary"
        maxLength={TEXT_MAX}
        value={f.summary}
        onChange={set('summary')}
      />
      <TextArea
        label="Remediation (optional)"
        name="remediation"
        required={false}
        maxLength={TEXT_MAX}
        rows={4}
        value={f.remediation}
        onChange={set('remediation')}
      />
      <Submit busy={busy} busyText="Saving…">
        {current ? 'Save the change' : 'Record the breach'}
      </Submit>
    </Form>
  );
}
