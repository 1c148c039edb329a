import { useState } from 'react';
import { post } from '../api.js';
import { ErrorMessage, Field, Form, Notice, PageTitle, Submit, When, useAction } from '../components.js';
import { Link } from '../router.js';
import { MFA_ROLES, ROLE_LABELS, useSession } from '../session.js';
import type { Account } from '../types.js';

/** The signed-in account: details, two-factor status and a change-password form. */
export function AccountPage() {
  const { user } = useSession();
  const [currentPassword, setCurrent] = useState('');
  const [newPassword, setNew] = useState('');
  const [done, setDone] = useState(false);
  const { busy, error, run } = useAction();
  if (!user) return null;

  const submit = () =>
    void run(async () => {
      setDone(false);
      await post('/api/v1/me/password', { currentPassword, newPassword });
      setCurrent('');
      setNew('');
      setDone(true);
    });

  return (
    <>
      <PageTitle>Your account</PageTitle>
      <section aria-labelledby="account-details">
        <h2 id="account-details">Details</h2>
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
      </section>
      <section aria-labelledby="change-password" className="narrow">
        <h2 id="change-password">Change password</h2>
        <p>Changing your password signs you out everywhere else.</p>
        <Form onValid={submit} aria-labelledby="change-password">
          <ErrorMessage error={error} />
          {done && <Notice>Password changed. Your other sessions were signed out.</Notice>}
          <Field
            label="Current password"
            name="currentPassword"
            type="password"
            autoComplete="current-password"
            required
            value={currentPassword}
            onChange={(e) => setCurrent(e.target.value)}
          />
          <Field
            label="New password"
            name="newPassword"
            type="password"
            autoComplete="new-password"
            required
            minLength={10}
            maxLength={256}
            hint="At least 10 characters."
            value={newPassword}
            onChange={(e) => setNew(e.target.value)}
          />
          <Submit busy={busy} busyText="Saving…">
            Change password
          </Submit>
        </Form>
      </section>
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
  const confirm = useAction();
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
              <Form onValid={finish} aria-label="Confirm two-factor sign-in">
                <ErrorMessage error={confirm.error} />
                <Field
                  label="Authenticator code"
                  name="code"
                  inputMode="numeric"
                  autoComplete="one-time-code"
                  pattern="[0-9]{6}"
                  title="Enter the 6 digits your authenticator app shows."
                  maxLength={6}
                  required
                  value={code}
                  onChange={(e) => setCode(e.target.value.replace(/\D/g, ''))}
                />
                <Submit busy={confirm.busy} busyText="Checking…">
                  Turn on two-factor sign-in
                </Submit>
              </Form>
            </li>
          </ol>
        </>
      )}
    </div>
  );
}
