import { Fragment, useState } from 'react';
import { patch, post } from '../api.js';
import {
  CopyField,
  ErrorMessage,
  Notice,
  PageTitle,
  Select,
  When,
  useAction,
  useResource,
} from '../components.js';
import { RecordTable, ResourceSection, Section, SubmitForm, TextField, useSubmit } from '../lib/forms.js';
import { ROLE_LABELS, useSession } from '../session.js';
import type { Account, IssuedLink, Role } from '../types.js';

const INVITABLE: { role: Role; hint: string }[] = [
  { role: 'resident', hint: 'Runs a household; takes part in the neighbours’ feed.' },
  {
    role: 'moderator',
    hint: 'Moderates the neighbours’ feed; every action is in the public moderation log.',
  },
  { role: 'agency_officer', hint: 'Files footage requests under the active use policy. Needs an agency.' },
  { role: 'agency_admin', hint: 'Manages the agency’s officers. Needs an agency.' },
  { role: 'oversight', hint: 'Approves use policies and reviews disclosures. Needs an oversight body.' },
];

interface AccountInvitationRow {
  id: string;
  email: string;
  role: string;
  organisation: string | null;
  createdAt: string;
  expiresAt: string;
  usedAt: string | null;
}

/** The instance admin's tools: accounts, invitations, sign-up mode, hub link codes. */
export function AdminPage() {
  const invitations = useResource<{ invitations: AccountInvitationRow[] }>('/api/v1/admin/invitations');
  return (
    <>
      <PageTitle>Admin</PageTitle>
      <SignupModeSection />
      <UsersSection />
      <InviteAccountSection onInvited={invitations.reload} />
      <ResourceSection
        id="account-invitations"
        title="Account invitations"
        resource={invitations}
        loading="Loading invitations"
        render={(d) => (
          <RecordTable
            label="Account invitations"
            empty="No account invitations yet."
            head={['Email', 'Role', 'Organisation', 'Issued', 'Status']}
            rows={d.invitations.map((i) => ({
              id: i.id,
              cells: [
                i.email,
                ROLE_LABELS[i.role as Role] ?? i.role,
                i.organisation ?? '—',
                <When key="issued" iso={i.createdAt} />,
                i.usedAt ? (
                  <span key="status" className="badge badge-ok">
                    Accepted
                  </span>
                ) : Date.parse(i.expiresAt) <= Date.now() ? (
                  <span key="status" className="badge badge-warn">
                    Expired
                  </span>
                ) : (
                  <Fragment key="status">
                    <span className="badge">Open</span> until <When iso={i.expiresAt} />
                  </Fragment>
                ),
              ],
            }))}
          />
        )}
      />
      <HubCodeSection />
    </>
  );
}

function SignupModeSection() {
  const { setup, setSetup } = useSession();
  const [changed, setChanged] = useState(false);
  const { busy, error, run } = useAction();
  const open = setup.signupMode === 'open';
  const toggle = () =>
    void run(async () => {
      const r = await patch<{ signupMode: 'open' | 'invite' }>('/api/v1/admin/settings', {
        signupMode: open ? 'invite' : 'open',
      });
      setSetup({ ...setup, signupMode: r.signupMode });
      setChanged(true);
    });
  return (
    <Section id="signup-mode" title="Sign-up" className="narrow">
      <ErrorMessage error={error} />
      <p>
        {open
          ? 'Sign-up is open: anyone who can reach this server can create a resident account.'
          : 'Sign-up is by invitation only: new residents need an invitation from you or from a household.'}
      </p>
      {changed && <Notice>Sign-up mode changed.</Notice>}
      <button type="button" className="button" onClick={toggle} disabled={busy}>
        {open ? 'Switch to invitation only' : 'Open sign-up to everyone'}
      </button>
    </Section>
  );
}

function UsersSection() {
  const users = useResource<{ users: Account[] }>('/api/v1/admin/users');
  const [links, setLinks] = useState<Record<string, IssuedLink>>({});
  const { busy, error, run } = useAction();
  const resetLink = (u: Account) =>
    void run(async () => {
      const link = await post<IssuedLink>(`/api/v1/admin/users/${u.id}/reset-link`);
      setLinks((l) => ({ ...l, [u.id]: link }));
    });
  return (
    <ResourceSection
      id="users"
      title="Accounts"
      resource={{ ...users, error: users.error ?? error }}
      loading="Loading accounts"
      render={(d) => (
        <RecordTable
          label="Accounts"
          head={[
            'Account',
            'Role',
            'Two-factor',
            'Created',
            { label: 'Password reset', cellClassName: 'row-actions' },
          ]}
          rows={d.users.map((u) => ({
            id: u.id,
            cells: [
              <Fragment key="account">
                {u.displayName}
                <span className="sub">{u.email}</span>
              </Fragment>,
              <Fragment key="role">
                {ROLE_LABELS[u.role]}
                {u.organisation && <span className="sub">{u.organisation}</span>}
              </Fragment>,
              u.totpEnabled ? 'On' : u.mayAct ? 'Off' : 'Off (required)',
              <When key="created" iso={u.createdAt} />,
              links[u.id] ? (
                <CopyField
                  key="reset"
                  label={`Reset link for ${u.displayName}`}
                  value={links[u.id]!.url}
                  hint={
                    <>
                      Works once, until <When iso={links[u.id]!.expiresAt} />.
                    </>
                  }
                />
              ) : (
                <button
                  key="reset"
                  type="button"
                  className="button"
                  onClick={() => resetLink(u)}
                  disabled={busy}
                >
                  Reset link<span className="visually-hidden"> for {u.displayName}</span>
                </button>
              ),
            ],
          }))}
        />
      )}
    />
  );
}

function InviteAccountSection({ onInvited }: { onInvited: () => void }) {
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('resident');
  const [organisation, setOrganisation] = useState('');
  const [issued, setIssued] = useState<(IssuedLink & { email: string }) | null>(null);
  const state = useSubmit();
  const needsOrg = role === 'agency_officer' || role === 'agency_admin' || role === 'oversight';
  const submit = () =>
    void state.run(async () => {
      const link = await post<IssuedLink>('/api/v1/admin/invitations', {
        email,
        role,
        ...(needsOrg ? { organisation: organisation.trim() } : {}),
      });
      setIssued({ ...link, email });
      setEmail('');
      setOrganisation('');
      onInvited();
    });
  return (
    <Section id="invite-account" title="Invite an account" className="narrow">
      <SubmitForm
        labelledBy="invite-account"
        state={state}
        onValid={submit}
        submit="Create invitation link"
        busyText="Creating link…"
      >
        <TextField
          label="Email"
          name="email"
          type="email"
          autoComplete="off"
          required
          value={email}
          onChange={setEmail}
        />
        <Select
          label="Role"
          name="role"
          value={role}
          hint={INVITABLE.find((r) => r.role === role)?.hint}
          options={INVITABLE.map((r) => [r.role, ROLE_LABELS[r.role]] as const)}
          onChange={(v) => setRole(v as Role)}
        />
        {needsOrg && (
          <TextField
            label={role === 'oversight' ? 'Oversight body' : 'Agency'}
            name="organisation"
            required
            maxLength={200}
            hint={
              role === 'oversight'
                ? 'For example “City Council Privacy Commission”.'
                : 'For example “Riverside Police Department”.'
            }
            value={organisation}
            onChange={setOrganisation}
          />
        )}
      </SubmitForm>
      {issued && (
        <div className="issued">
          <Notice>Invitation for {issued.email} created.</Notice>
          <CopyField
            label="Account invitation link"
            value={issued.url}
            hint={
              <>
                Send it privately; it works once and expires <When iso={issued.expiresAt} />.
              </>
            }
          />
        </div>
      )}
    </Section>
  );
}

function HubCodeSection() {
  const [issued, setIssued] = useState<{ code: string; expiresAt: string } | null>(null);
  const { busy, error, run } = useAction();
  const issue = () =>
    void run(async () => {
      setIssued(await post<{ code: string; expiresAt: string }>('/api/v1/community/hub-invitations'));
    });
  return (
    <Section id="hub-codes" title="Link a household hub" className="narrow">
      <p>
        A household running its own hub links to this community with a one-time code. The community then
        learns only the household’s coarse area and camera counts.
      </p>
      <ErrorMessage error={error} />
      <button type="button" className="button" onClick={issue} disabled={busy}>
        {busy ? 'Issuing…' : issued ? 'Issue another hub link code' : 'Issue hub link code'}
      </button>
      {issued && (
        <div className="issued">
          <CopyField
            label="Hub link code"
            value={issued.code}
            hint={
              <>
                Shown only once: copy it now. It works once and expires <When iso={issued.expiresAt} />.
              </>
            }
          />
        </div>
      )}
    </Section>
  );
}
