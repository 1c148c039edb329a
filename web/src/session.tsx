import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { ApiError, get, post } from './api.js';
import type { Account, Role, SetupStatus } from './types.js';

/** What every page knows about the instance and the signed-in account. */
export interface Session {
  setup: SetupStatus;
  user: Account | null;
  /** Replace the signed-in account (after sign-in, enrolment, accept). */
  setUser: (user: Account | null) => void;
  setSetup: (setup: SetupStatus) => void;
  signOut: () => Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

/** The session of the page; only valid under SessionProvider once booted. */
export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}

type Boot = { state: 'loading' } | { state: 'failed'; retry: () => void } | { state: 'ready' };

/** Loads set-up status and the session once, then renders children with the session (or a boot screen). */
export function SessionProvider({ children, boot }: { children: ReactNode; boot: (b: Boot) => ReactNode }) {
  const [setup, setSetup] = useState<SetupStatus | null>(null);
  const [user, setUser] = useState<Account | null>(null);
  const [status, setStatus] = useState<'loading' | 'failed' | 'ready'>('loading');
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let live = true;
    setStatus('loading');
    Promise.all([
      get<SetupStatus>('/api/v1/setup'),
      get<{ user: Account | null }>('/api/v1/auth/session'),
    ]).then(
      ([s, u]) => {
        if (!live) return;
        setSetup(s);
        setUser(u.user);
        setStatus('ready');
      },
      () => live && setStatus('failed'),
    );
    return () => {
      live = false;
    };
  }, [attempt]);

  const signOut = useCallback(async () => {
    try {
      await post('/api/v1/auth/sign-out');
    } catch (e) {
      // A session that already ended is signed out all the same.
      if (!(e instanceof ApiError && e.status === 401)) throw e;
    }
    setUser(null);
  }, []);

  const value = useMemo<Session | null>(
    () => (setup ? { setup, user, setUser, setSetup, signOut } : null),
    [setup, user, signOut],
  );

  if (status === 'loading') return <>{boot({ state: 'loading' })}</>;
  if (status === 'failed' || !value)
    return <>{boot({ state: 'failed', retry: () => setAttempt((n) => n + 1) })}</>;
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

/** Human names of roles. */
export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Instance admin',
  resident: 'Resident',
  agency_officer: 'Agency officer',
  agency_admin: 'Agency admin',
  oversight: 'Oversight member',
  moderator: 'Moderator',
};

/** Roles that hold or join households (the server's HOUSEHOLD_ROLES). */
export const HOUSEHOLD_ROLES: readonly Role[] = ['resident', 'admin', 'moderator'];
/** Roles that use the neighbours' feed. */
export const NEIGHBOUR_ROLES: readonly Role[] = [
  'resident',
  'admin',
  'moderator',
  'agency_officer',
  'agency_admin',
];
/** Agency roles. */
export const AGENCY_ROLES: readonly Role[] = ['agency_officer', 'agency_admin'];
/** Oversight roles. */
export const OVERSIGHT_ROLES: readonly Role[] = ['oversight'];
/** Roles that must enrol two-factor sign-in before they may act. */
export const MFA_ROLES: readonly Role[] = ['agency_officer', 'agency_admin', 'oversight'];
