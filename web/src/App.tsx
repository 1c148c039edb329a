import { useEffect, useState, type ReactNode } from 'react';
import { errorMessage } from './api.js';
import { ErrorMessage, Loading, PageTitle } from './components.js';
import { AccountPage, TwoFactorPage } from './pages/account.js';
import { AdminPage } from './pages/admin.js';
import { AlertsPage } from './pages/alerts.js';
import {
  AgencyPage,
  HomePage,
  NeighboursPage,
  NotFoundPage,
  OversightPage,
  PublicPage,
} from './pages/areas.js';
import {
  AcceptInvitationPage,
  FirstRunPage,
  ResetPasswordPage,
  SignInPage,
  SignInRequired,
  SignUpPage,
} from './pages/auth.js';
import { CamerasArea } from './pages/cameras.js';
import { HouseholdPage, JoinHouseholdPage } from './pages/household.js';
import { Link, navigate, useLocation } from './router.js';
import {
  AGENCY_ROLES,
  HOUSEHOLD_ROLES,
  NEIGHBOUR_ROLES,
  OVERSIGHT_ROLES,
  ROLE_LABELS,
  SessionProvider,
  useSession,
} from './session.js';
import type { Role } from './types.js';

interface Route {
  path: string;
  page: () => ReactNode;
  /** Needs a signed-in account. */
  signedIn?: boolean;
  /** Only these roles (the server enforces the same). */
  roles?: readonly Role[];
  /** Usable by an agency or oversight account before it has enrolled two-factor sign-in. */
  beforeMfa?: boolean;
}

const ROUTES: Route[] = [
  { path: '/', page: () => <HomePage /> },
  { path: '/sign-in', page: () => <SignInPage /> },
  { path: '/sign-up', page: () => <SignUpPage /> },
  { path: '/accept-invitation', page: () => <AcceptInvitationPage /> },
  { path: '/join-household', page: () => <JoinHouseholdPage /> },
  { path: '/reset-password', page: () => <ResetPasswordPage /> },
  { path: '/public', page: () => <PublicPage /> },
  { path: '/public/*', page: () => <PublicPage /> },
  { path: '/account', page: () => <AccountPage />, signedIn: true, beforeMfa: true },
  { path: '/account/two-factor', page: () => <TwoFactorPage />, signedIn: true, beforeMfa: true },
  { path: '/household', page: () => <HouseholdPage />, signedIn: true, roles: HOUSEHOLD_ROLES },
  { path: '/alerts', page: () => <AlertsPage />, signedIn: true, roles: HOUSEHOLD_ROLES },
  { path: '/cameras', page: () => <CamerasArea />, signedIn: true, roles: HOUSEHOLD_ROLES },
  { path: '/cameras/*', page: () => <CamerasArea />, signedIn: true, roles: HOUSEHOLD_ROLES },
  { path: '/neighbours', page: () => <NeighboursPage />, signedIn: true, roles: NEIGHBOUR_ROLES },
  { path: '/agency', page: () => <AgencyPage />, signedIn: true, roles: AGENCY_ROLES },
  { path: '/oversight', page: () => <OversightPage />, signedIn: true, roles: OVERSIGHT_ROLES },
  { path: '/admin', page: () => <AdminPage />, signedIn: true, roles: ['admin'] },
];

interface NavItem {
  to: string;
  label: string;
  roles?: readonly Role[];
}

const NAV: NavItem[] = [
  { to: '/', label: 'Home' },
  { to: '/household', label: 'Household', roles: HOUSEHOLD_ROLES },
  { to: '/cameras', label: 'Cameras', roles: HOUSEHOLD_ROLES },
  { to: '/alerts', label: 'Alerts', roles: HOUSEHOLD_ROLES },
  { to: '/neighbours', label: 'Neighbours', roles: NEIGHBOUR_ROLES },
  { to: '/agency', label: 'Agency', roles: AGENCY_ROLES },
  { to: '/oversight', label: 'Oversight', roles: OVERSIGHT_ROLES },
  { to: '/public', label: 'Public' },
  { to: '/admin', label: 'Admin', roles: ['admin'] },
  { to: '/account', label: 'Account', roles: [] },
];

function normalise(pathname: string): string {
  return pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
}

function Page({ pathname }: { pathname: string }) {
  const { user } = useSession();
  // A path ending in /* also serves every address below it (the public record's own pages).
  const route = ROUTES.find(
    (r) => r.path === pathname || (r.path.endsWith('/*') && pathname.startsWith(r.path.slice(0, -1))),
  );
  if (!route) return <NotFoundPage />;
  if (route.signedIn && !user) return <SignInRequired />;
  if (user && route.signedIn && !route.beforeMfa && !user.mayAct)
    return (
      <div className="narrow">
        <PageTitle>Set up two-factor sign-in first</PageTitle>
        <p>
          {ROLE_LABELS[user.role]} accounts must sign in with an authenticator code before they can use
          Porchlight. <Link to="/account/two-factor">Set up two-factor sign-in</Link>
        </p>
      </div>
    );
  if (user && route.roles && !route.roles.includes(user.role))
    return (
      <div className="narrow">
        <PageTitle>Not available to your account</PageTitle>
        <p>
          This area is not part of what a {ROLE_LABELS[user.role].toLowerCase()} account can use.{' '}
          <Link to="/">Go to the start page</Link>.
        </p>
      </div>
    );
  return <>{route.page()}</>;
}

function Shell({ children, nav = true }: { children: ReactNode; nav?: boolean }) {
  const session = useSession();
  const { user, setup } = session;
  const { pathname } = useLocation();
  const [menuOpen, setMenuOpen] = useState(false);
  const [signOutError, setSignOutError] = useState<string | null>(null);

  // The phone menu closes on navigation.
  useEffect(() => setMenuOpen(false), [pathname]);

  const visible = NAV.filter((item) => {
    if (item.to === '/account') return !!user;
    if (user && !user.mayAct) return item.to === '/public';
    if (!item.roles) return true;
    return !!user && item.roles.includes(user.role);
  });
  const current = (to: string) =>
    to === '/' ? pathname === '/' : pathname === to || pathname.startsWith(`${to}/`);

  const signOut = () => {
    setSignOutError(null);
    session.signOut().then(
      () => navigate('/sign-in'),
      (e: unknown) => setSignOutError(errorMessage(e)),
    );
  };

  return (
    <>
      <a className="skip-link" href="#main">
        Skip to main content
      </a>
      <header className="site-header">
        <div className="header-bar">
          <Link to="/" className="brand">
            <span className="brand-mark" aria-hidden="true" />
            Porchlight
          </Link>
          {nav && (
            <button
              type="button"
              className="menu-button"
              aria-expanded={menuOpen}
              aria-controls="site-nav"
              onClick={() => setMenuOpen((o) => !o)}
            >
              Menu
            </button>
          )}
        </div>
        {nav && (
          <nav id="site-nav" aria-label="Main" className="site-nav" data-open={menuOpen}>
            <ul className="nav-list">
              {visible.map((item) => (
                <li key={item.to}>
                  <Link to={item.to} aria-current={current(item.to) ? 'page' : undefined}>
                    {item.label}
                  </Link>
                </li>
              ))}
            </ul>
            <div className="nav-account">
              {user ? (
                <>
                  <span className="signed-in-as">
                    <span className="visually-hidden">Signed in as </span>
                    {user.displayName}
                  </span>
                  <button type="button" className="button button-small" onClick={signOut}>
                    Sign out
                  </button>
                </>
              ) : (
                <>
                  <Link
                    to="/sign-in"
                    className="button button-small"
                    aria-current={pathname === '/sign-in' ? 'page' : undefined}
                  >
                    Sign in
                  </Link>
                  {setup.signupMode === 'open' && (
                    <Link
                      to="/sign-up"
                      className="button button-small button-quiet"
                      aria-current={pathname === '/sign-up' ? 'page' : undefined}
                    >
                      Sign up
                    </Link>
                  )}
                </>
              )}
            </div>
          </nav>
        )}
      </header>
      <main id="main" tabIndex={-1}>
        {signOutError && <ErrorMessage error={signOutError} />}
        {children}
      </main>
      <footer className="site-footer">
        <p>
          Porchlight keeps footage at home. Every agency action is in the{' '}
          {nav ? <Link to="/public">public record</Link> : 'public record'}.
        </p>
      </footer>
    </>
  );
}

function Routed() {
  const { setup } = useSession();
  const { pathname } = useLocation();
  // Until the instance has an admin, every address shows the first-run page, except the public record: anyone
  // may read and verify it at any time, set up or not.
  const isPublic = pathname === '/public' || pathname.startsWith('/public/');
  if (!setup.adminExists && !isPublic)
    return (
      <Shell nav={false}>
        <FirstRunPage />
      </Shell>
    );
  return (
    <Shell nav={setup.adminExists}>
      <Page pathname={normalise(pathname)} />
    </Shell>
  );
}

function BootScreen({ failed, retry }: { failed: boolean; retry?: () => void }) {
  return (
    <main id="main" className="boot">
      <h1 className="brand">Porchlight</h1>
      {failed ? (
        <>
          <ErrorMessage error="Porchlight could not be reached. Check your connection, or whether the server is running." />
          <button type="button" className="button button-primary" onClick={retry}>
            Try again
          </button>
        </>
      ) : (
        <Loading what="Loading Porchlight" />
      )}
    </main>
  );
}

/** The web app: session boot, then the shell and the page for the current path. */
export function App() {
  return (
    <SessionProvider
      boot={(b) => (
        <BootScreen failed={b.state === 'failed'} {...(b.state === 'failed' ? { retry: b.retry } : {})} />
      )}
    >
      <Routed />
    </SessionProvider>
  );
}
