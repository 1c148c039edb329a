// Oversight's registers (C6): complaints about the technology's use, audits, use policy violations and data
// breaches. Anyone reads them; oversight members record them and later update their status and outcome. They fill
// items E, F and G of the annual surveillance report.
import { Fragment, useState, type ReactNode } from 'react';
import { patch, post } from '../api.js';
import { Field, Loading, Notice, PageTitle, Select, TextArea, useResource } from '../components.js';
import {
  CheckboxField,
  DateField,
  EntryForm,
  Loaded,
  ResourceSection,
  SubmitForm,
  NumberField,
  RecordTable,
  TextField,
  orNull,
  useFields,
  useSubmit,
  type RecordRow,
} from '../lib/forms.js';
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

      <Register
        id="complaints"
        title="Complaints"
        resource={complaints}
        loading="Loading complaints"
        caption="Complaints about the technology’s use"
        empty="No complaint is recorded."
        head={['Received', 'Agency', 'Category', 'Status', 'Summary']}
        rows={(d) =>
          d.complaints.map((c) => ({
            id: c.id,
            to: `/public/complaints/${c.id}`,
            cells: [c.receivedOn, c.agency ?? '—', words(c.category), words(c.status), c.summary],
          }))
        }
        entry={mayEnter ? 'Record a complaint' : null}
      >
        <ComplaintForm />
      </Register>
      <Register
        id="audits"
        title="Audits"
        resource={audits}
        loading="Loading audits"
        caption="Audits of the technology’s use"
        empty="No audit is recorded."
        head={['Date', 'Auditor', 'Agency', 'Findings', 'Violations']}
        rows={(d) =>
          d.audits.map((a) => ({
            id: a.id,
            to: `/public/audits/${a.id}`,
            cells: [
              a.auditedOn,
              a.auditor,
              a.agency ?? 'All agencies',
              count(a.findings),
              count(a.violations),
            ],
          }))
        }
        entry={mayEnter ? 'Record an audit' : null}
      >
        <AuditForm />
      </Register>
      <Register
        id="violations"
        title="Use policy violations"
        resource={violations}
        loading="Loading violations"
        caption="Violations of the use policy"
        empty="No violation is recorded."
        head={['Date', 'Agency', 'Category', 'Clause', 'Corrected']}
        rows={(d) =>
          d.violations.map((v) => ({
            id: v.id,
            to: `/public/violations/${v.id}`,
            cells: [
              v.occurredOn,
              v.agency ?? '—',
              words(v.category),
              v.clause ?? '—',
              v.correctedOn ?? 'Not yet',
            ],
          }))
        }
        entry={mayEnter ? 'Record a violation' : null}
      >
        <ViolationForm audits={audits.data?.audits ?? []} />
      </Register>
      <Register
        id="breaches"
        title="Data breaches"
        resource={breaches}
        loading="Loading breaches"
        caption="Unauthorised access to data obtained through the system"
        empty="No breach is recorded."
        head={['Discovered', 'System', 'Agency', 'Records affected', 'Owners notified', 'Status']}
        rows={(d) =>
          d.breaches.map((b) => ({
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
          }))
        }
        entry={mayEnter ? 'Record a breach' : null}
      >
        <BreachForm />
      </Register>
    </>
  );
}

/** One register: its heading, its records as a table, and (for oversight) the form that records a new one. */
function Register<T>({
  id,
  title,
  resource,
  loading,
  caption,
  empty,
  head,
  rows,
  entry,
  children,
}: {
  id: string;
  title: string;
  resource: { data: T | undefined; error: unknown; loading: boolean };
  loading: string;
  caption: string;
  empty: string;
  head: string[];
  rows: (data: T) => RecordRow[];
  entry: string | null;
  children: ReactNode;
}) {
  return (
    <ResourceSection
      id={id}
      title={title}
      resource={resource}
      loading={loading}
      render={(d) => <RecordTable caption={caption} empty={empty} head={head} rows={rows(d)} />}
    >
      {entry && <EntryForm summary={entry}>{children}</EntryForm>}
    </ResourceSection>
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
  const resource = useResource<T>(`/api/v1/public/${path}`);
  return (
    <Loaded resource={resource} loading={`Loading the ${what}`}>
      {(data) => (
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
          {mayEnter && <EntryForm summary={`Update this ${what}`}>{form(data, resource.reload)}</EntryForm>}
          {data.versions && <Versions versions={data.versions} refName={refName} />}
        </>
      )}
    </Loaded>
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
  const submit = useSubmit();
  const [saved, setSaved] = useState(false);
  const save = (body: Record<string, unknown>) =>
    submit.run(async () => {
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
  return { ...submit, saved, save, updating: !!current };
}

/** What every register's entry form has around its fields: errors, the saved notice, the rule, the button. */
function RegisterForm({
  label,
  submit,
  state,
  onValid,
  children,
}: {
  label: string;
  submit: string;
  state: ReturnType<typeof useSave>;
  onValid: () => void;
  children: ReactNode;
}) {
  return (
    <SubmitForm
      label={label}
      state={state}
      onValid={onValid}
      submit={state.updating ? 'Save the change' : submit}
      busyText="Saving…"
    >
      {state.saved && <Notice>Saved as a new version; the change is in the public log.</Notice>}
      <PublicTextRule />
      {children}
    </SubmitForm>
  );
}

type Bound = { name: string; value: string; onChange: (v: string) => void };

function AgencyField(props: Bound & { label: string }) {
  return (
    <TextField
      pattern={ORG_PATTERN}
      title={ORG_TITLE}
      hint="A public body, never a person. Leave empty when none."
      {...props}
    />
  );
}

/** The public summary every record has. */
function SummaryField(props: Bound & { hint?: string }) {
  return <TextArea label="Public summary" maxLength={TEXT_MAX} {...props} />;
}

/** An optional longer text: outcome, corrective action, remediation. */
function OptionalText(props: Bound & { label: string }) {
  return <TextArea required={false} maxLength={TEXT_MAX} rows={4} {...props} />;
}

function ComplaintForm({ current, onDone }: { current?: Complaint; onDone?: () => void }) {
  const state = useSave('complaints', current, onDone);
  const { values: f, bind } = useFields({
    receivedOn: current?.receivedOn ?? '',
    agency: current?.agency ?? '',
    category: current?.category ?? 'other',
    status: current?.status ?? 'received',
    closedOn: current?.closedOn ?? '',
    summary: current?.summary ?? '',
    outcome: current?.outcome ?? '',
  });
  const final = ['sustained', 'not_sustained', 'withdrawn', 'closed'].includes(f.status);
  return (
    <RegisterForm
      label={current ? 'Update the complaint' : 'Record a complaint'}
      submit="Record the complaint"
      state={state}
      onValid={() =>
        void state.save({
          receivedOn: f.receivedOn,
          agency: orNull(f.agency),
          category: f.category,
          status: f.status,
          closedOn: final ? f.closedOn || null : null,
          summary: f.summary,
          outcome: orNull(f.outcome),
        })
      }
    >
      <div className="field-row">
        <DateField label="Received on" required {...bind('receivedOn')} />
        <AgencyField label="Agency concerned (optional)" {...bind('agency')} />
      </div>
      <div className="field-row">
        <Select label="Category" options={options(COMPLAINT_CATEGORIES)} {...bind('category')} />
        <Select label="Status" options={options(COMPLAINT_STATUSES)} {...bind('status')} />
        {final && <DateField label="Closed on" {...bind('closedOn')} />}
      </div>
      <SummaryField hint="What the complaint is about, in oversight’s words." {...bind('summary')} />
      <OptionalText label="Outcome and action taken (optional)" {...bind('outcome')} />
    </RegisterForm>
  );
}

function AuditForm({ current, onDone }: { current?: Audit; onDone?: () => void }) {
  const state = useSave('audits', current, onDone);
  const {
    values: f,
    bind,
    set,
  } = useFields({
    auditor: current?.auditor ?? '',
    agency: current?.agency ?? '',
    periodFrom: current?.periodFrom ?? '',
    periodTo: current?.periodTo ?? '',
    auditedOn: current?.auditedOn ?? '',
    findings: String(current?.findings ?? 0),
    violations: String(current?.violations ?? 0),
    summary: current?.summary ?? '',
    reportSha256: current?.reportSha256 ?? '',
  });
  const [hashing, setHashing] = useState(false);
  const hashFile = async (file: File | undefined) => {
    if (!file) return;
    setHashing(true);
    try {
      const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
      set('reportSha256', [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join(''));
    } finally {
      setHashing(false);
    }
  };
  return (
    <RegisterForm
      label={current ? 'Update the audit' : 'Record an audit'}
      submit="Record the audit"
      state={state}
      onValid={() =>
        void state.save({
          auditor: f.auditor.trim(),
          agency: orNull(f.agency),
          periodFrom: f.periodFrom,
          periodTo: f.periodTo,
          auditedOn: f.auditedOn,
          findings: Number(f.findings),
          violations: Number(f.violations),
          summary: f.summary,
          reportSha256: orNull(f.reportSha256),
        })
      }
    >
      <div className="field-row">
        <TextField
          label="Auditor"
          required
          pattern={ORG_PATTERN}
          title={ORG_TITLE}
          hint="The organisation that carried out the audit."
          {...bind('auditor')}
        />
        <AgencyField label="Agency audited (optional)" {...bind('agency')} />
      </div>
      <div className="field-row">
        <DateField label="Period from" required {...bind('periodFrom')} />
        <DateField label="Period to" required {...bind('periodTo')} />
        <DateField label="Audit dated" required {...bind('auditedOn')} />
      </div>
      <div className="field-row">
        <NumberField label="Findings" min={0} step={1} required {...bind('findings')} />
        <NumberField label="Violations found" min={0} step={1} required {...bind('violations')} />
      </div>
      <TextField
        label="Audit report SHA-256 (optional)"
        pattern="[0-9a-fA-F]{64}"
        title="64 hexadecimal digits"
        hint="The hash of the published report, so anyone can check they read the same document. Choose the file below to compute it in this browser; the file itself is not uploaded."
        {...bind('reportSha256')}
      />
      <Field
        label="Compute from the report file"
        name="reportFile"
        type="file"
        onChange={(e) => void hashFile(e.target.files?.[0])}
      />
      {hashing && <Loading what="Hashing the file" />}
      <SummaryField {...bind('summary')} />
    </RegisterForm>
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
  const state = useSave('violations', current, onDone);
  const { values: f, bind } = useFields({
    auditId: current?.auditId ?? '',
    agency: current?.agency ?? '',
    category: current?.category ?? 'other',
    clause: current?.clause ?? '',
    occurredOn: current?.occurredOn ?? '',
    summary: current?.summary ?? '',
    correctiveAction: current?.correctiveAction ?? '',
    correctedOn: current?.correctedOn ?? '',
  });
  return (
    <RegisterForm
      label={current ? 'Update the violation' : 'Record a violation'}
      submit="Record the violation"
      state={state}
      onValid={() =>
        void state.save({
          auditId: f.auditId || null,
          agency: orNull(f.agency),
          category: f.category,
          clause: orNull(f.clause),
          occurredOn: f.occurredOn,
          summary: f.summary,
          correctiveAction: orNull(f.correctiveAction),
          correctedOn: f.correctedOn || null,
        })
      }
    >
      <div className="field-row">
        <Select
          label="Found by"
          options={[
            ['', 'Not an audit'],
            ...audits.map((a) => [a.id, `Audit by ${a.auditor}, ${a.auditedOn}`] as const),
          ]}
          {...bind('auditId')}
        />
        <AgencyField label="Agency (optional)" {...bind('agency')} />
      </div>
      <div className="field-row">
        <Select label="Category" options={options(VIOLATION_CATEGORIES)} {...bind('category')} />
        <TextField
          label="Policy clause (optional)"
          pattern="[A-Za-z0-9§][A-Za-z0-9§ .,()/\-]{0,39}"
          title="The clause as the policy numbers it, e.g. 4.2(b)"
          {...bind('clause')}
        />
        <DateField label="Happened on" required {...bind('occurredOn')} />
      </div>
      <SummaryField {...bind('summary')} />
      <OptionalText label="Corrective action (optional)" {...bind('correctiveAction')} />
      <DateField
        label="Corrected on (optional)"
        hint="Give it once the corrective action was taken."
        {...bind('correctedOn')}
      />
    </RegisterForm>
  );
}

function BreachForm({ current, onDone }: { current?: Breach; onDone?: () => void }) {
  const state = useSave('breaches', current, onDone);
  const { values: f, bind } = useFields({
    discoveredOn: current?.discoveredOn ?? '',
    occurredOn: current?.occurredOn ?? '',
    agency: current?.agency ?? '',
    system: current?.system ?? 'community_server',
    recordsAffected: String(current?.recordsAffected ?? 0),
    ownersNotifiedOn: current?.ownersNotifiedOn ?? '',
    status: current?.status ?? 'investigating',
    summary: current?.summary ?? '',
    remediation: current?.remediation ?? '',
  });
  const [notified, setNotified] = useState(current?.ownersNotified ?? false);
  return (
    <RegisterForm
      label={current ? 'Update the breach' : 'Record a breach'}
      submit="Record the breach"
      state={state}
      onValid={() =>
        void state.save({
          discoveredOn: f.discoveredOn,
          occurredOn: f.occurredOn || null,
          agency: orNull(f.agency),
          system: f.system,
          recordsAffected: Number(f.recordsAffected),
          ownersNotified: notified,
          ownersNotifiedOn: notified ? f.ownersNotifiedOn || null : null,
          status: f.status,
          summary: f.summary,
          remediation: orNull(f.remediation),
        })
      }
    >
      <div className="field-row">
        <DateField label="Discovered on" required {...bind('discoveredOn')} />
        <DateField label="Happened on (if known)" {...bind('occurredOn')} />
      </div>
      <div className="field-row">
        <Select label="System reached" options={options(BREACH_SYSTEMS)} {...bind('system')} />
        <AgencyField label="Agency concerned (optional)" {...bind('agency')} />
        <NumberField
          label="Records or clips affected"
          min={0}
          step={1}
          required
          {...bind('recordsAffected')}
        />
      </div>
      <fieldset className="fieldset">
        <legend>Owners of the affected records</legend>
        <CheckboxField label="The owners were notified" checked={notified} onChange={setNotified} />
        {notified && <DateField label="Notified on" required {...bind('ownersNotifiedOn')} />}
      </fieldset>
      <Select label="Status" options={options(BREACH_STATUSES)} {...bind('status')} />
      <SummaryField {...bind('summary')} />
      <OptionalText label="Remediation (optional)" {...bind('remediation')} />
    </RegisterForm>
  );
}
