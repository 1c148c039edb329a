import { useEffect, useState, type ReactNode } from 'react';
import { ApiError, post } from '../api.js';
import { ErrorMessage, Loading, Notice, PageTitle } from '../components.js';
import { SubmitForm, TextField, useSubmit } from '../lib/forms.js';
import { Link, fragmentToken, navigate, useLocation } from '../router.js';
import { ROLE_LABELS, useSession } from '../session.js';
import type { Account, Role } from '../types.js';

const PASSWORD_HINT = 'At least 10 characters. A few unrelated words make a strong one.';

type Bound = { value: string; onChange: (v: string) => void };

/** The email an account signs in with. */
export function EmailField({
  autoComplete = 'email',
  readOnly,
  ...bound
}: Bound & { autoComplete?: string; readOnly?: boolean }) {
  return (
    <TextField
      label="Email"
      name="email"
      type="email"
      autoComplete={autoComplete}
      required
      readOnly={readOnly}
      {...bound}
    />
  );
}

/** The name an account shows to others. */
export function DisplayNameField({ hint, ...bound }: Bound & { hint?: string }) {
  return (
    <TextField
      label="Display name"
      name="displayName"
      autoComplete="name"
      required
      maxLength={100}
      hint={hint}
      {...bound}
    />
  );
}

/** A password being chosen, with the length rule as its hint. */
export function NewPasswordField({
  label = 'Password',
  name = 'password',
  hint = PASSWORD_HINT,
  ...bound
}: Bound & { label?: string; name?: string; hint?: string }) {
  return (
    <TextField
      label={label}
      name={name}
      type="password"
      autoComplete="new-password"
      required
      minLength={10}
      maxLength={256}
      hint={hint}
      {...bound}
    />
  );
}

/** The 6-digit code of an authenticator app; anything but digits is dropped as it is typed. */
export function AuthenticatorCodeField({
  onChange,
  ...props
}: Bound & { name: string; hint?: string; autoFocus?: boolean }) {
  return (
    <TextField
      label="Authenticator code"
      inputMode="numeric"
      autoComplete="one-time-code"
      pattern="[0-9]{6}"
      title="Enter the 6 digits your authenticator app shows."
      maxLength={6}
      required
      onChange={(v) => onChange(v.replace(/\D/g, ''))}
      {...props}
    />
  );
}

/** What a link's token stands for, asked of the server once (`path` takes `{ token }`), or why it cannot. */
export function useTokenDescription<T>(path: string, token: string | null | undefined) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    if (!token) return;
    let live = true;
    post<T>(path, { token }).then(
      (d) => live && setData(d),
      (e: unknown) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [path, token]);
  return { data, error };
}

/** A narrow page with its title: the shape of every sign-in and account page. */
export function NarrowPage({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="narrow">
      <PageTitle>{title}</PageTitle>
      {children}
    </div>
  );
}

/** Where to go after signing in: agency and oversight accounts enrol two-factor first. */
export function landingFor(user: Account, fallback = '/'): string {
  return user.mayAct ? fallback : '/account/two-factor';
}

/** First run: create the instance admin. Shown on every route until an admin exists. */
export function FirstRunPage() {
  const { setSetup, setup, setUser } = useSession();
  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const state = useSubmit();

  const submit = () =>
    void state.run(async () => {
      const r = await post<{ user: Account }>('/api/v1/setup/admin', { email, displayName, password });
      setUser(r.user);
      setSetup({ ...setup, adminExists: true });
      navigate('/admin');
    });

  return (
    <NarrowPage title="Set up Porchlight">
      <p>
        This Porchlight server has no administrator yet. Create the instance admin account: it runs the
        server, invites agencies and oversight members, and decides whether residents may sign up on their
        own.
      </p>
      <SubmitForm
        label="Create the instance admin"
        state={state}
        onValid={submit}
        submit="Create admin and sign in"
        busyText="Creating…"
      >
        <EmailField value={email} onChange={setEmail} />
        <DisplayNameField value={displayName} onChange={setDisplayName} />
        <NewPasswordField value={password} onChange={setPassword} />
      </SubmitForm>
    </NarrowPage>
  );
}

/** Email and password sign-in; asks for the authenticator code when the account has two-factor. */
export function SignInForm({
  email: presetEmail,
  onSignedIn,
}: {
  email?: string;
  onSignedIn: (user: Account) => void;
}) {
  const { setUser } = useSession();
  const [email, setEmail] = useState(presetEmail ?? '');
  const [password, setPassword] = useState('');
  const [totp, setTotp] = useState('');
  const [needTotp, setNeedTotp] = useState(false);
  const state = useSubmit();

  const submit = () =>
    void state.run(async () => {
      try {
        const r = await post<{ user: Account }>('/api/v1/auth/sign-in', {
          email,
          password,
          ...(needTotp ? { totp } : {}),
        });
        setUser(r.user);
        onSignedIn(r.user);
      } catch (e) {
        if (e instanceof ApiError && e.code === 'ERR_TOTP_REQUIRED' && !needTotp) {
          setNeedTotp(true);
          return;
        }
        throw e;
      }
    });

  return (
    <SubmitForm label="Sign in" state={state} onValid={submit} submit="Sign in" busyText="Signing in…">
      {needTotp && (
        <Notice tone="info">
          This account uses two-factor sign-in. Enter the 6-digit code from your authenticator app.
        </Notice>
      )}
      <EmailField
        autoComplete="username"
        readOnly={presetEmail !== undefined}
        value={email}
        onChange={setEmail}
      />
      <TextField
        label="Password"
        name="password"
        type="password"
        autoComplete="current-password"
        required
        value={password}
        onChange={setPassword}
      />
      {needTotp && (
        <AuthenticatorCodeField
          name="totp"
          autoFocus
          hint="6 digits, from the app you set up two-factor sign-in with."
          value={totp}
          onChange={setTotp}
        />
      )}
    </SubmitForm>
  );
}

/** The sign-in page. */
export function SignInPage() {
  const { user, setup } = useSession();
  if (user)
    return (
      <NarrowPage title="Sign in">
        <p>
          You are signed in as {user.displayName}. <Link to="/">Go to the start page</Link>.
        </p>
      </NarrowPage>
    );
  return (
    <NarrowPage title="Sign in">
      <SignInForm onSignedIn={(u) => navigate(landingFor(u))} />
      <p>
        {setup.signupMode === 'open' ? (
          <>
            New here? <Link to="/sign-up">Create a resident account</Link>.{' '}
          </>
        ) : (
          <>Accounts on this server are by invitation. </>
        )}
        Forgot your password? Ask the instance admin for a reset link.
      </p>
    </NarrowPage>
  );
}

/** Shown in place of a page that needs an account. */
export function SignInRequired({ why }: { why?: string }) {
  return (
    <NarrowPage title="Sign in to continue">
      <p>{why ?? 'This page needs an account.'}</p>
      <SignInForm
        onSignedIn={(u) => {
          if (!u.mayAct) navigate('/account/two-factor');
        }}
      />
    </NarrowPage>
  );
}

/** Resident sign-up, when the instance allows it. */
export function SignUpPage() {
  const { setup, user, setUser } = useSession();
  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const state = useSubmit();

  if (user)
    return (
      <NarrowPage title="Create an account">
        <p>
          You are signed in as {user.displayName}. <Link to="/">Go to the start page</Link>.
        </p>
      </NarrowPage>
    );
  if (setup.signupMode !== 'open')
    return (
      <NarrowPage title="Create an account">
        <p>
          Sign-up is by invitation only on this server. Ask a household you know for an invitation, or the
          instance admin.
        </p>
      </NarrowPage>
    );

  const submit = () =>
    void state.run(async () => {
      const r = await post<{ user: Account }>('/api/v1/auth/sign-up', { email, displayName, password });
      setUser(r.user);
      navigate('/household');
    });

  return (
    <NarrowPage title="Create an account">
      <p>A resident account lets you run your household's doorbell and take part in the neighbours' feed.</p>
      <SubmitForm
        label="Create an account"
        state={state}
        onValid={submit}
        submit="Create account"
        busyText="Creating…"
      >
        <EmailField value={email} onChange={setEmail} />
        <DisplayNameField
          hint="Shown to your household and, if you post, to neighbours."
          value={displayName}
          onChange={setDisplayName}
        />
        <NewPasswordField value={password} onChange={setPassword} />
      </SubmitForm>
      <p>
        Already have an account? <Link to="/sign-in">Sign in</Link>.
      </p>
    </NarrowPage>
  );
}

/** The token of a link page, or a message when the link lost its fragment. */
export function MissingToken() {
  return (
    <ErrorMessage error="This link is incomplete: the part after # is missing. Open the link again exactly as you received it." />
  );
}

/** Set a new password with an admin-issued reset link. */
export function ResetPasswordPage() {
  const { hash } = useLocation();
  const token = fragmentToken(hash);
  const { user, setUser } = useSession();
  const [password, setPassword] = useState('');
  const [done, setDone] = useState(false);
  const state = useSubmit();

  const submit = () =>
    void state.run(async () => {
      await post('/api/v1/auth/password-reset', { token, password });
      // Every session of the account ended, possibly this one.
      if (user) setUser(null);
      setDone(true);
    });

  return (
    <NarrowPage title="Choose a new password">
      {!token ? (
        <MissingToken />
      ) : done ? (
        <>
          <Notice>Your password is set. Every other sign-in of this account was ended.</Notice>
          <p>
            <Link to="/sign-in">Sign in with your new password</Link>
          </p>
        </>
      ) : (
        <SubmitForm
          label="Choose a new password"
          state={state}
          onValid={submit}
          submit="Set password"
          busyText="Saving…"
        >
          <NewPasswordField label="New password" value={password} onChange={setPassword} />
        </SubmitForm>
      )}
    </NarrowPage>
  );
}

interface AccountInvitation {
  email: string;
  role: Role;
  organisation: string | null;
}

/** Accept an account invitation from the admin: see what it is for, choose a name and password. */
export function AcceptInvitationPage() {
  const { hash } = useLocation();
  const token = fragmentToken(hash);
  const { user, setUser } = useSession();
  const { data: invitation, error: loadError } = useTokenDescription<AccountInvitation>(
    '/api/v1/auth/invitations/describe',
    token,
  );
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const state = useSubmit();

  const submit = () =>
    void state.run(async () => {
      const r = await post<{ user: Account }>('/api/v1/auth/invitations/accept', {
        token,
        displayName,
        password,
      });
      setUser(r.user);
      navigate(landingFor(r.user));
    });

  return (
    <NarrowPage title="Accept your invitation">
      {!token ? (
        <MissingToken />
      ) : loadError ? (
        <ErrorMessage error={loadError} />
      ) : !invitation ? (
        <Loading what="Reading the invitation" />
      ) : (
        <>
          <p>You have been invited to an account on this Porchlight server.</p>
          <dl className="facts">
            <dt>Email</dt>
            <dd>{invitation.email}</dd>
            <dt>Role</dt>
            <dd>{ROLE_LABELS[invitation.role] ?? invitation.role}</dd>
            {invitation.organisation && (
              <>
                <dt>Organisation</dt>
                <dd>{invitation.organisation}</dd>
              </>
            )}
          </dl>
          {(invitation.role === 'agency_officer' ||
            invitation.role === 'agency_admin' ||
            invitation.role === 'oversight') && (
            <p>
              After you choose a password you will set up two-factor sign-in: this account cannot act until
              you do.
            </p>
          )}
          {user && (
            <Notice tone="info">
              You are signed in as {user.email}. Accepting signs you in as the invited account instead.
            </Notice>
          )}
          <SubmitForm
            label="Accept the invitation"
            state={state}
            onValid={submit}
            submit="Accept and sign in"
            busyText="Accepting…"
          >
            <DisplayNameField value={displayName} onChange={setDisplayName} />
            <NewPasswordField value={password} onChange={setPassword} />
          </SubmitForm>
        </>
      )}
    </NarrowPage>
  );
}
