import { totp, base32Decode } from '../../src/accounts/totp.js';
import type { Role } from '../../src/accounts/roles.js';
import { PASSWORD, type ApiClient, type TestRuntime } from './runtime.js';

let counter = 0;
/** A unique email for a test account. */
export function uniqueEmail(prefix = 'user'): string {
  counter++;
  return `${prefix}${counter}.${process.pid}@example.test`;
}

/** Create the instance admin through the API; returns a signed-in client. */
export async function setupAdmin(t: TestRuntime): Promise<ApiClient> {
  const c = t.client();
  const r = await c.post('/api/v1/setup/admin', {
    email: 'admin@example.test',
    password: PASSWORD,
    displayName: 'Admin',
  });
  if (r.status !== 201) throw new Error(`admin setup failed: ${r.status} ${JSON.stringify(r.body)}`);
  return c;
}

/** A signed-in client for a new account of any role, created the way the product creates it. */
export async function signedInAs(
  t: TestRuntime,
  admin: ApiClient,
  role: Role,
): Promise<{ client: ApiClient; email: string; id: string }> {
  if (role === 'admin') {
    const me = await admin.get<{ user: { id: string; email: string } }>('/api/v1/me');
    return { client: admin, email: me.body.user.email, id: me.body.user.id };
  }
  const email = uniqueEmail(role);
  const organisation =
    role === 'agency_officer' || role === 'agency_admin'
      ? 'Metro Police'
      : role === 'oversight'
        ? 'City Council'
        : undefined;
  const inv = await admin.post<{ token: string }>('/api/v1/admin/invitations', {
    email,
    role,
    ...(organisation ? { organisation } : {}),
  });
  if (inv.status !== 201) throw new Error(`invite failed: ${inv.status} ${JSON.stringify(inv.body)}`);
  const client = t.client();
  const acc = await client.post<{ user: { id: string } }>('/api/v1/auth/invitations/accept', {
    token: inv.body.token,
    password: PASSWORD,
    displayName: `${role} person`,
  });
  if (acc.status !== 201) throw new Error(`accept failed: ${acc.status} ${JSON.stringify(acc.body)}`);
  if (role === 'agency_officer' || role === 'agency_admin' || role === 'oversight')
    await enrolTotp(t, client);
  return { client, email, id: acc.body.user.id };
}

/** Enrol TOTP for a signed-in client, returning the base32 secret. */
export async function enrolTotp(t: TestRuntime, client: ApiClient): Promise<string> {
  const begin = await client.post<{ secret: string }>('/api/v1/me/totp/begin');
  if (begin.status !== 200) throw new Error(`totp begin failed: ${begin.status}`);
  const code = totp(base32Decode(begin.body.secret), t.runtime.clock.now());
  const confirm = await client.post('/api/v1/me/totp/confirm', { code });
  if (confirm.status !== 200)
    throw new Error(`totp confirm failed: ${confirm.status} ${JSON.stringify(confirm.body)}`);
  return begin.body.secret;
}
