import { ROLES, type Role } from '../../src/accounts/roles.js';
import { PASSWORD, type ApiClient, type TestRuntime } from './runtime.js';
import { setupAdmin, signedInAs, uniqueEmail } from './factories.js';

/** Who a matrix request is sent as: nobody, an account of each role, or an agency officer who has not enrolled two-factor. */
export type Principal = 'anonymous' | Role | 'agency_officer_unenrolled';

/** A signed-in client for every principal, each created the way the product creates it. */
export async function makePrincipals(t: TestRuntime): Promise<Map<Principal, ApiClient>> {
  const admin = await setupAdmin(t);
  const map = new Map<Principal, ApiClient>([['anonymous', t.client()]]);
  for (const role of ROLES) map.set(role, (await signedInAs(t, admin, role)).client);
  const inv = await admin.post<{ token: string }>('/api/v1/admin/invitations', {
    email: uniqueEmail('unenrolled'),
    role: 'agency_officer',
    organisation: 'Metro Police',
  });
  const unenrolled = t.client();
  const r = await unenrolled.post('/api/v1/auth/invitations/accept', {
    token: inv.body.token,
    password: PASSWORD,
    displayName: 'New officer',
  });
  if (r.status !== 201) throw new Error('could not create the unenrolled officer');
  map.set('agency_officer_unenrolled', unenrolled);
  return map;
}

/** The role a principal signs in with (null for anonymous). */
export function roleOf(p: Principal): Role | null {
  if (p === 'anonymous') return null;
  return p === 'agency_officer_unenrolled' ? 'agency_officer' : p;
}

/** Fill a route's path parameters with syntactically valid values, so requests reach the route. */
export function fillPath(
  url: string,
  params: { properties?: Record<string, { format?: string }> } | undefined,
): string {
  return url.replace(/:([A-Za-z]+)/g, (_m, name: string) => {
    const s = params?.properties?.[name];
    return s?.format === 'uuid' ? crypto.randomUUID() : 'sample';
  });
}
