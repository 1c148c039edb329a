import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { roleAllowed } from '../../src/http/access.js';
import { DIALECTS, startTestRuntime, type ApiClient, type TestRuntime } from '../support/runtime.js';
import { fillPath, makePrincipals, roleOf, type Principal } from '../support/principals.js';

const REFUSALS = new Set(['ERR_UNAUTHENTICATED', 'ERR_FORBIDDEN', 'ERR_MFA_ENROLMENT_REQUIRED']);

for (const dialect of DIALECTS) {
  describe(`authorization matrix on ${dialect}: every route × every role, generated from the route table`, () => {
    let t: TestRuntime;
    let principals: Map<Principal, ApiClient>;
    before(async () => {
      t = await startTestRuntime(dialect, { config: { signinRateLimit: 100_000 } });
      principals = await makePrincipals(t);
    });
    after(() => t.close());

    test('the route table covers every API route and each declares its access', () => {
      const table = t.runtime.app.routeTable;
      assert.ok(table.length >= 25, `expected the full API, got ${table.length} routes`);
      const printed = t.runtime.app.printRoutes({ commonPrefix: false });
      for (const r of table)
        assert.ok(printed.includes(r.url.replace('/api/v1', '').split('/').pop()!), `${r.url} is registered`);
    });

    test('each principal is allowed exactly where the route rule says, and refused with 401/403 elsewhere', async () => {
      // Sign-out ends the session it is called with, so it runs last for each principal.
      const routes = [...t.runtime.app.routeTable].sort(
        (a, b) => Number(a.url.endsWith('sign-out')) - Number(b.url.endsWith('sign-out')),
      );
      let checked = 0;
      for (const [principal, client] of principals) {
        const role = roleOf(principal);
        for (const route of routes) {
          const url = fillPath(route.url, route.schema.params as never);
          const res = await client.request(
            route.method,
            url,
            route.method === 'GET' || route.method === 'DELETE' ? undefined : {},
          );
          const code = (res.body as { code?: string } | undefined)?.code;
          let allowed = roleAllowed(route.access, role);
          if (principal === 'agency_officer_unenrolled' && route.access !== 'public' && !route.beforeMfa)
            allowed = false;
          const where = `${principal} ${route.method} ${route.url} → ${res.status} ${code ?? ''}`;
          if (allowed) {
            assert.ok(!REFUSALS.has(code ?? ''), `expected allow: ${where}`);
            assert.ok(res.status < 500, `no server error: ${where}`);
          } else {
            const expected = role === null ? 401 : 403;
            assert.equal(res.status, expected, `expected deny: ${where}`);
            assert.ok(REFUSALS.has(code ?? ''), `refusal code: ${where}`);
            if (principal === 'agency_officer_unenrolled' && roleAllowed(route.access, role))
              assert.equal(code, 'ERR_MFA_ENROLMENT_REQUIRED', where);
          }
          checked++;
        }
      }
      assert.equal(checked, principals.size * t.runtime.app.routeTable.length);
    });
  });
}
