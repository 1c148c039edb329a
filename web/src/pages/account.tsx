import { useState } from 'react';
import { post } from '../api.js';
import { ErrorMessage, Notice, PageTitle, When, useAction } from '../components.js';
import { Section, SubmitForm, TextField, useSubmit } from '../lib/forms.js';
import { Link } from '../router.js';
import { MFA_ROLES, ROLE_LABELS, useSession } from '../session.js';
import type { Account } from '../types.js';
import { AuthenticatorCodeField, NewPasswordField } from './auth.js';

/** The signed-in account: details, two-factor status and a change-password form. */
export function AccountPage() {
  const { user } = useSession();
  const [currentPassword, setCurrent] = useState('');
  const [newPassword, setNew] = useState('');
  const [done, setDone] = useState(false);
  const state = useSubmit();
  if (!user) return null;

  const submit = () =>
    void state.run(async () => {
      setDone(false);
      await post('/api/v1/me/password', { currentPassword, newPassword });
      setCurrent('');
      setNew('');
      setDone(true);
    });

  return (
    <>
      <PageTitle>Your account</PageTitle>
      <Section id="account-details" title="Details">
        <dl className="facts">
          <dt>Name</dt>
          <dd>{user.displayName}</dd>
          <dt>Email</dt>
          <dd>{user.email}</dd>
          <dt>Role</dt>
          <dd>{ROLE_LABELS[user.role]}</dd>
          {user.organisation && (
            <>
              <dt>Organisation</dt>
              <dd>{user.organisation}</dd>
            </>
          )}
          <dt>Member since</dt>
          <dd>
            <When iso={user.createdAt} />
          </dd>
          <dt>Two-factor sign-in</dt>
          <dd>
            {user.totpEnabled ? 'On' : 'Off'} ·{' '}
            <Link to="/account/two-factor">{user.totpEnabled ? 'Details' : 'Set it up'}</Link>
          </dd>
        </dl>
      </Section>
      <Section id="change-password" title="Change password" className="narrow">
        <p>Changing your password signs you out everywhere else.</p>
        <SubmitForm
          labelledBy="change-password"
          state={state}
          onValid={submit}
          submit="Change password"
          busyText="Saving…"
        >
          {done && <Notice>Password changed. Your other sessions were signed out.</Notice>}
          <TextField
            label="Current password"
            name="currentPassword"
            type="password"
            autoComplete="current-password"
            required
            value={currentPassword}
            onChange={setCurrent}
          />
          <NewPasswordField
            label="New password"
            name="newPassword"
            hint="At least 10 characters."
            value={newPassword}
            onChange={setNew}
          />
        </SubmitForm>
      </Section>
    </>
  );
}

/** Split a base32 secret into groups of four for typing by hand. */
export function groupSecret(secret: string): string {
  return (
    secret
      .replace(/\s+/g, '')
      .match(/.{1,4}/g)
      ?.join(' ') ?? secret
  );
}

/** Two-factor enrolment: a new secret and otpauth link, confirmed with a code from the app. */
export function TwoFactorPage() {
  const { user, setUser } = useSession();
  const [enrolment, setEnrolment] = useState<{ secret: string; otpauthUri: string } | null>(null);
  const [code, setCode] = useState('');
  const [justEnabled, setJustEnabled] = useState(false);
  const begin = useAction();
  const confirm = useSubmit();
  if (!user) return null;
  const required = MFA_ROLES.includes(user.role);

  const start = () =>
    void begin.run(async () => {
      setEnrolment(await post<{ secret: string; otpauthUri: string }>('/api/v1/me/totp/begin'));
    });
  const finish = () =>
    void confirm.run(async () => {
      const r = await post<{ user: Account }>('/api/v1/me/totp/confirm', { code });
      setJustEnabled(true);
      setEnrolment(null);
      setUser(r.user);
    });

  return (
    <div className="narrow">
      <PageTitle>Two-factor sign-in</PageTitle>
      {!user.mayAct && (
        <div className="callout" role="note">
          <h2>Set this up before you continue</h2>
          <p>
            {ROLE_LABELS[user.role]} accounts act for {user.organisation ?? 'an organisation'} on the public
            record, so they must sign in with a password <em>and</em> a code from an authenticator app. Until
            you finish, this account can only sign out and set up two-factor sign-in.
          </p>
        </div>
      )}
      {user.totpEnabled ? (
        <>
          {justEnabled ? (
            <Notice>Two-factor sign-in is on.</Notice>
          ) : (
            <p>Two-factor sign-in is on for this account.</p>
          )}
          <p>From now on, signing in asks for the 6-digit code from your authenticator app.</p>
          <p>
            <Link to="/">Continue to Porchlight</Link>
          </p>
        </>
      ) : !enrolment ? (
        <>
          <p>
            Two-factor sign-in asks for a code from an app on your phone (any TOTP authenticator app) as well
            as your password, so a stolen password alone is not enough.
            {!required && ' It is optional for your account, and recommended.'}
          </p>
          <ErrorMessage error={begin.error} />
          <button type="button" className="button button-primary" onClick={start} disabled={begin.busy}>
            {begin.busy ? 'Starting…' : 'Start set-up'}
          </button>
        </>
      ) : (
        <>
          <ol className="steps">
            <li>
              <p>
                Add Porchlight to your authenticator app. On this device you can{' '}
                <a href={enrolment.otpauthUri}>open the set-up link in your authenticator app</a>; otherwise
                type this key into the app by hand:
              </p>
              <p className="secret">
                <span className="visually-hidden">Set-up key: </span>
                <code>{groupSecret(enrolment.secret)}</code>
              </p>
              <p className="hint">
                The key is time-based (TOTP), 6 digits, every 30 seconds. Spaces do not matter.
              </p>
            </li>
            <li>
              <p>Enter the code the app shows to finish.</p>
              <SubmitForm
                label="Confirm two-factor sign-in"
                state={confirm}
                onValid={finish}
                submit="Turn on two-factor sign-in"
                busyText="Checking…"
              >
                <AuthenticatorCodeField name="code" value={code} onChange={setCode} />
              </SubmitForm>
            </li>
          </ol>
        </>
      )}
    </div>
  );
}
