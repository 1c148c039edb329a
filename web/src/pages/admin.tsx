import { useState } from 'react';
import { patch, post } from '../api.js';
import {
  CopyField,
  ErrorMessage,
  Field,
  Form,
  Loading,
  Notice,
  PageTitle,
  Submit,
  TableScroll,
  When,
  useAction,
  useResource,
} from '../components.js';
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
      <section aria-labelledby="account-invitations">
        <h2 id="account-invitations">Account invitations</h2>
        <ErrorMessage error={invitations.error} />
        {invitations.loading && <Loading what="Loading invitations" />}
        {invitations.data &&
          (invitations.data.invitations.length === 0 ? (
            <p>No account invitations yet.</p>
          ) : (
            <TableScroll label="Account invitations">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Email</th>
                    <th scope="col">Role</th>
                    <th scope="col">Organisation</th>
                    <th scope="col">Issued</th>
                    <th scope="col">Status</th>
                  </tr>
                </thead>
                <tbody>
                  {invitations.data.invitations.map((i) => (
                    <tr key={i.id}>
                      <th scope="row">{i.email}</th>
                      <td>{ROLE_LABELS[i.role as Role] ?? i.role}</td>
                      <td>{i.organisation ?? '—'}</td>
                      <td>
                        <When iso={i.createdAt} />
                      </td>
                      <td>
                        {i.usedAt ? (
                          <span className="badge badge-ok">Accepted</span>
                        ) : Date.parse(i.expiresAt) <= Date.now() ? (
                          <span className="badge badge-warn">Expired</span>
                        ) : (
                          <>
                            <span className="badge">Open</span> until <When iso={i.expiresAt} />
                          </>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          ))}
      </section>
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
    <section aria-labelledby="signup-mode" className="narrow">
      <h2 id="signup-mode">Sign-up</h2>
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
    </section>
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
    <section aria-labelledby="users">
      <h2 id="users">Accounts</h2>
      <ErrorMessage error={users.error ?? error} />
      {users.loading && <Loading what="Loading accounts" />}
      {users.data && (
        <TableScroll label="Accounts">
          <table>
            <thead>
              <tr>
                <th scope="col">Account</th>
                <th scope="col">Role</th>
                <th scope="col">Two-factor</th>
                <th scope="col">Created</th>
                <th scope="col">Password reset</th>
              </tr>
            </thead>
            <tbody>
              {users.data.users.map((u) => (
                <tr key={u.id}>
                  <th scope="row">
                    {u.displayName}
                    <span className="sub">{u.email}</span>
                  </th>
                  <td>
                    {ROLE_LABELS[u.role]}
                    {u.organisation && <span className="sub">{u.organisation}</span>}
                  </td>
                  <td>{u.totpEnabled ? 'On' : u.mayAct ? 'Off' : 'Off (required)'}</td>
                  <td>
                    <When iso={u.createdAt} />
                  </td>
                  <td className="row-actions">
                    {links[u.id] ? (
                      <CopyField
                        label={`Reset link for ${u.displayName}`}
                        value={links[u.id]!.url}
                        hint={
                          <>
                            Works once, until <When iso={links[u.id]!.expiresAt} />.
                          </>
                        }
                      />
                    ) : (
                      <button type="button" className="button" onClick={() => resetLink(u)} disabled={busy}>
                        Reset link<span className="visually-hidden"> for {u.displayName}</span>
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </section>
  );
}

function InviteAccountSection({ onInvited }: { onInvited: () => void }) {
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('resident');
  const [organisation, setOrganisation] = useState('');
  const [issued, setIssued] = useState<(IssuedLink & { email: string }) | null>(null);
  const { busy, error, run } = useAction();
  const needsOrg = role === 'agency_officer' || role === 'agency_admin' || role === 'oversight';
  const submit = () =>
    void run(async () => {
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
    <section aria-labelledby="invite-account" className="narrow">
      <h2 id="invite-account">Invite an account</h2>
      <Form onValid={submit} aria-labelledby="invite-account">
        <ErrorMessage error={error} />
        <Field
          label="Email"
          name="email"
          type="email"
          autoComplete="off"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
        />
        <div className="field">
          <label htmlFor="invite-role">Role</label>
          <p className="hint" id="invite-role-hint">
            {INVITABLE.find((r) => r.role === role)?.hint}
          </p>
          <select
            id="invite-role"
            name="role"
            value={role}
            aria-describedby="invite-role-hint"
            onChange={(e) => setRole(e.target.value as Role)}
          >
            {INVITABLE.map((r) => (
              <option key={r.role} value={r.role}>
                {ROLE_LABELS[r.role]}
              </option>
            ))}
          </select>
        </div>
        {needsOrg && (
          <Field
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
            onChange={(e) => setOrganisation(e.target.value)}
          />
        )}
        <Submit busy={busy} busyText="Creating link…">
          Create invitation link
        </Submit>
      </Form>
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
    </section>
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
    <section aria-labelledby="hub-codes" className="narrow">
      <h2 id="hub-codes">Link a household hub</h2>
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
    </section>
  );
}
