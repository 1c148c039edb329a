import { useEffect, useState } from 'react';
import { ApiError, post } from '../api.js';
import { ErrorMessage, Field, Form, Loading, Notice, PageTitle, Submit, useAction } from '../components.js';
import { Link, fragmentToken, navigate, useLocation } from '../router.js';
import { ROLE_LABELS, useSession } from '../session.js';
import type { Account, Role } from '../types.js';

const PASSWORD_HINT = 'At least 10 characters. A few unrelated words make a strong one.';

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
  const { busy, error, run } = useAction();

  const submit = () =>
    void run(async () => {
      const r = await post<{ user: Account }>('/api/v1/setup/admin', { email, displayName, password });
      setUser(r.user);
      setSetup({ ...setup, adminExists: true });
      navigate('/admin');
    });

  return (
    <div className="narrow">
      <PageTitle>Set up Porchlight</PageTitle>
      <p>
        This Porchlight server has no administrator yet. Create the instance admin account: it runs the
        server, invites agencies and oversight members, and decides whether residents may sign up on their
        own.
      </p>
      <Form onValid={submit} aria-label="Create the instance admin">
        <ErrorMessage error={error} />
        <Field
          label="Email"
          name="email"
          type="email"
          autoComplete="email"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
        />
        <Field
          label="Display name"
          name="displayName"
          autoComplete="name"
          required
          maxLength={100}
          value={displayName}
          onChange={(e) => setDisplayName(e.target.value)}
        />
        <Field
          label="Password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          minLength={10}
          maxLength={256}
          hint={PASSWORD_HINT}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        <Submit busy={busy} busyText="Creating…">
          Create admin and sign in
        </Submit>
      </Form>
    </div>
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
  const { busy, error, run } = useAction();

  const submit = () =>
    void run(async () => {
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
    <Form onValid={submit} aria-label="Sign in">
      <ErrorMessage error={error} />
      {needTotp && (
        <Notice tone="info">
          This account uses two-factor sign-in. Enter the 6-digit code from your authenticator app.
        </Notice>
      )}
      <Field
        label="Email"
        name="email"
        type="email"
        autoComplete="username"
        required
        readOnly={presetEmail !== undefined}
        value={email}
        onChange={(e) => setEmail(e.target.value)}
      />
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete="current-password"
        required
        value={password}
        onChange={(e) => setPassword(e.target.value)}
      />
      {needTotp && (
        <Field
          label="Authenticator code"
          name="totp"
          inputMode="numeric"
          autoComplete="one-time-code"
          pattern="[0-9]{6}"
          title="Enter the 6 digits your authenticator app shows."
          maxLength={6}
          required
          autoFocus
          hint="6 digits, from the app you set up two-factor sign-in with."
          value={totp}
          onChange={(e) => setTotp(e.target.value.replace(/\D/g, ''))}
        />
      )}
      <Submit busy={busy} busyText="Signing in…">
        Sign in
      </Submit>
    </Form>
  );
}

/** The sign-in page. */
export function SignInPage() {
  const { user, setup } = useSession();
  if (user)
    return (
      <div className="narrow">
        <PageTitle>Sign in</PageTitle>
        <p>
          You are signed in as {user.displayName}. <Link to="/">Go to the start page</Link>.
        </p>
      </div>
    );
  return (
    <div className="narrow">
      <PageTitle>Sign in</PageTitle>
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
    </div>
  );
}

/** Shown in place of a page that needs an account. */
export function SignInRequired({ why }: { why?: string }) {
  return (
    <div className="narrow">
      <PageTitle>Sign in to continue</PageTitle>
      <p>{why ?? 'This page needs an account.'}</p>
      <SignInForm
        onSignedIn={(u) => {
          if (!u.mayAct) navigate('/account/two-factor');
        }}
      />
    </div>
  );
}

/** Resident sign-up, when the instance allows it. */
export function SignUpPage() {
  const { setup, user, setUser } = useSession();
  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const { busy, error, run } = useAction();

  if (user)
    return (
      <div className="narrow">
        <PageTitle>Create an account</PageTitle>
        <p>
          You are signed in as {user.displayName}. <Link to="/">Go to the start page</Link>.
        </p>
      </div>
    );
  if (setup.signupMode !== 'open')
    return (
      <div className="narrow">
        <PageTitle>Create an account</PageTitle>
        <p>
          Sign-up is by invitation only on this server. Ask a household you know for an invitation, or the
          instance admin.
        </p>
      </div>
    );

  const submit = () =>
    void run(async () => {
      const r = await post<{ user: Account }>('/api/v1/auth/sign-up', { email, displayName, password });
      setUser(r.user);
      navigate('/household');
    });

  return (
    <div className="narrow">
      <PageTitle>Create an account</PageTitle>
      <p>A resident account lets you run your household's doorbell and take part in the neighbours' feed.</p>
      <Form onValid={submit} aria-label="Create an account">
        <ErrorMessage error={error} />
        <Field
          label="Email"
          name="email"
          type="email"
          autoComplete="email"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
        />
        <Field
          label="Display name"
          name="displayName"
          autoComplete="name"
          required
          maxLength={100}
          hint="Shown to your household and, if you post, to neighbours."
          value={displayName}
          onChange={(e) => setDisplayName(e.target.value)}
        />
        <Field
          label="Password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          minLength={10}
          maxLength={256}
          hint={PASSWORD_HINT}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        <Submit busy={busy} busyText="Creating…">
          Create account
        </Submit>
      </Form>
      <p>
        Already have an account? <Link to="/sign-in">Sign in</Link>.
      </p>
    </div>
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
  const { busy, error, run } = useAction();

  const submit = () =>
    void run(async () => {
      await post('/api/v1/auth/password-reset', { token, password });
      // Every session of the account ended, possibly this one.
      if (user) setUser(null);
      setDone(true);
    });

  return (
    <div className="narrow">
      <PageTitle>Choose a new password</PageTitle>
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
        <Form onValid={submit} aria-label="Choose a new password">
          <ErrorMessage error={error} />
          <Field
            label="New password"
            name="password"
            type="password"
            autoComplete="new-password"
            required
            minLength={10}
            maxLength={256}
            hint={PASSWORD_HINT}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
          <Submit busy={busy} busyText="Saving…">
            Set password
          </Submit>
        </Form>
      )}
    </div>
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
  const [invitation, setInvitation] = useState<AccountInvitation | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const { busy, error, run } = useAction();

  useEffect(() => {
    if (!token) return;
    let live = true;
    post<AccountInvitation>('/api/v1/auth/invitations/describe', { token }).then(
      (d) => live && setInvitation(d),
      (e: unknown) => live && setLoadError(e),
    );
    return () => {
      live = false;
    };
  }, [token]);

  const submit = () =>
    void run(async () => {
      const r = await post<{ user: Account }>('/api/v1/auth/invitations/accept', {
        token,
        displayName,
        password,
      });
      setUser(r.user);
      navigate(landingFor(r.user));
    });

  return (
    <div className="narrow">
      <PageTitle>Accept your invitation</PageTitle>
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
          <Form onValid={submit} aria-label="Accept the invitation">
            <ErrorMessage error={error} />
            <Field
              label="Display name"
              name="displayName"
              autoComplete="name"
              required
              maxLength={100}
              value={displayName}
              onChange={(e) => setDisplayName(e.target.value)}
            />
            <Field
              label="Password"
              name="password"
              type="password"
              autoComplete="new-password"
              required
              minLength={10}
              maxLength={256}
              hint={PASSWORD_HINT}
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
            <Submit busy={busy} busyText="Accepting…">
              Accept and sign in
            </Submit>
          </Form>
        </>
      )}
    </div>
  );
}
