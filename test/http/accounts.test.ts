import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { base32Decode, totp } from '../../src/accounts/totp.js';
import { ManualClock } from '../../src/ports/clock.js';
import { DIALECTS, PASSWORD, startTestRuntime, type TestRuntime } from '../support/runtime.js';
import { enrolTotp, signedInAs, uniqueEmail } from '../support/factories.js';

for (const dialect of DIALECTS) {
  describe(`accounts on ${dialect}`, () => {
    let t: TestRuntime;
    let adminEmail = '';
    const clock = new ManualClock(Date.parse('2026-11-30T10:00:00Z'));
    before(async () => {
      t = await startTestRuntime(dialect, { overrides: { clock }, config: { signinRateLimit: 1000 } });
    });
    after(() => t.close());

    test('first run: no admin, sign-up refused, then exactly one admin can be created', async () => {
      const c = t.client();
      assert.deepEqual((await c.get('/api/v1/setup')).body, { adminExists: false, signupMode: 'open' });
      const early = await c.post('/api/v1/auth/sign-up', {
        email: 'x@example.test',
        password: PASSWORD,
        displayName: 'X',
      });
      assert.equal(early.body.code, 'ERR_NOT_SET_UP');
      const racing = await Promise.all([
        t.client().post('/api/v1/setup/admin', {
          email: 'admin@example.test',
          password: PASSWORD,
          displayName: 'Admin',
        }),
        t.client().post('/api/v1/setup/admin', {
          email: 'admin2@example.test',
          password: PASSWORD,
          displayName: 'Admin 2',
        }),
      ]);
      assert.deepEqual(racing.map((r) => r.status).sort(), [201, 409]);
      adminEmail = racing[0].status === 201 ? 'admin@example.test' : 'admin2@example.test';
      assert.equal((await c.get('/api/v1/setup')).body.adminExists, true);
      const again = await c.post('/api/v1/setup/admin', {
        email: 'late@example.test',
        password: PASSWORD,
        displayName: 'Late',
      });
      assert.equal(again.status, 409);
      assert.equal(again.body.code, 'ERR_ALREADY_SET_UP');
    });

    test('sessions are HttpOnly SameSite cookies and state changes need the CSRF header', async () => {
      const c = t.client();
      const email = uniqueEmail('csrf');
      const up = await c.post('/api/v1/auth/sign-up', { email, password: PASSWORD, displayName: 'Csrf' });
      assert.equal(up.status, 201);
      const setCookie = String(up.headers['set-cookie']);
      assert.match(setCookie, /pl_session=[^;]+;.*HttpOnly/i);
      assert.match(setCookie, /SameSite=Lax/i);
      assert.doesNotMatch(setCookie, /pl_session=[^;]+;[^,]*Secure/i, 'no Secure flag over plain HTTP');
      const noHeader = await c.request('POST', '/api/v1/households', { name: 'Home' }, { csrf: false });
      assert.equal(noHeader.status, 403);
      assert.equal(noHeader.body.code, 'ERR_CSRF');
      const wrong = await c.request(
        'POST',
        '/api/v1/households',
        { name: 'Home' },
        { csrf: false, headers: { 'x-csrf-token': 'x'.repeat(43) } },
      );
      assert.equal(wrong.body.code, 'ERR_CSRF');
      const ok = await c.post('/api/v1/households', { name: 'Home' });
      assert.equal(ok.status, 201);
      // Anonymous state changes (sign-in) need the double-submit header too.
      const anon = t.client();
      await anon.get('/api/v1/auth/session');
      const noCsrf = await anon.request(
        'POST',
        '/api/v1/auth/sign-in',
        { email, password: PASSWORD },
        { csrf: false },
      );
      assert.equal(noCsrf.body.code, 'ERR_CSRF');
    });

    test('Secure cookies when the request came over TLS through a trusted proxy', async () => {
      const tls = await startTestRuntime(dialect, { config: { trustProxy: true } });
      try {
        const c = tls.client();
        const r = await c.request(
          'POST',
          '/api/v1/setup/admin',
          { email: 'a@example.test', password: PASSWORD, displayName: 'A' },
          {
            headers: { 'x-forwarded-proto': 'https' },
          },
        );
        assert.equal(r.status, 201);
        assert.match(String(r.headers['set-cookie']), /pl_session=[^;]+;[^,]*Secure/i);
      } finally {
        await tls.close();
      }
    });

    test('sign-in: wrong password refused without saying which part, then lockout, then unlock after the lockout time', async () => {
      const email = uniqueEmail('lock');
      await t.client().post('/api/v1/auth/sign-up', { email, password: PASSWORD, displayName: 'Lock' });
      const c = t.client();
      const unknown = await c.post('/api/v1/auth/sign-in', {
        email: 'nobody@example.test',
        password: PASSWORD,
      });
      assert.equal(unknown.body.code, 'ERR_INVALID_CREDENTIALS');
      for (let i = 0; i < 5; i++) {
        const r = await c.post('/api/v1/auth/sign-in', { email, password: 'wrong password here' });
        assert.equal(r.body.code, 'ERR_INVALID_CREDENTIALS');
      }
      const locked = await c.post('/api/v1/auth/sign-in', { email, password: PASSWORD });
      assert.equal(locked.status, 429);
      assert.equal(locked.body.code, 'ERR_ACCOUNT_LOCKED');
      assert.ok(Number(locked.headers['retry-after']) > 0);
      clock.advance(16 * 60_000);
      const ok = await c.post('/api/v1/auth/sign-in', { email, password: PASSWORD });
      assert.equal(ok.status, 200);
    });

    test('concurrent wrong passwords cannot get past the lockout: at most the limit of guesses is ever checked', async () => {
      const email = uniqueEmail('race');
      await t.client().post('/api/v1/auth/sign-up', { email, password: PASSWORD, displayName: 'Race' });
      const max = t.runtime.config.signinMaxFailures;
      // Each guess from a fresh pre-auth session, all at once.
      const answers = await Promise.all(
        Array.from({ length: max * 3 }, (_, i) =>
          t.client().post('/api/v1/auth/sign-in', { email, password: `wrong password ${i}` }),
        ),
      );
      const codes = answers.map((r) => r.body.code);
      assert.equal(
        codes.filter((c) => c === 'ERR_INVALID_CREDENTIALS').length,
        max,
        `exactly ${max} guesses were checked: ${codes.join(', ')}`,
      );
      assert.equal(codes.filter((c) => c === 'ERR_ACCOUNT_LOCKED').length, max * 2);
      const right = await t.client().post('/api/v1/auth/sign-in', { email, password: PASSWORD });
      assert.equal(right.body.code, 'ERR_ACCOUNT_LOCKED', 'the right password waits for the lockout too');
      clock.advance(t.runtime.config.signinLockoutMinutes * 60_000 + 1000);
      assert.equal(
        (await t.client().post('/api/v1/auth/sign-in', { email, password: PASSWORD })).status,
        200,
      );
    });

    test('one TOTP code signs in once, however many sign-ins race with it', async () => {
      const admin = t.client();
      await admin.post('/api/v1/auth/sign-in', { email: adminEmail, password: PASSWORD });
      const email = uniqueEmail('totp-race');
      const inv = await admin.post<{ token: string }>('/api/v1/admin/invitations', {
        email,
        role: 'oversight',
        organisation: 'City Council',
      });
      const person = t.client();
      await person.post('/api/v1/auth/invitations/accept', {
        token: inv.body.token,
        password: PASSWORD,
        displayName: 'Oversight',
      });
      const secret = await enrolTotp(t, person);
      clock.advance(31_000);
      const code = totp(base32Decode(secret), clock.now());
      const answers = await Promise.all(
        Array.from({ length: 4 }, () =>
          t.client().post('/api/v1/auth/sign-in', { email, password: PASSWORD, totp: code }),
        ),
      );
      assert.deepEqual(
        answers.map((r) => r.status).sort(),
        [200, 401, 401, 401],
        JSON.stringify(answers.map((r) => r.body)),
      );
      assert.deepEqual(
        answers.filter((r) => r.status !== 200).map((r) => r.body.code),
        ['ERR_TOTP_INVALID', 'ERR_TOTP_INVALID', 'ERR_TOTP_INVALID'],
      );
      // Asking without a code does not use up a guess: the right password is no failure.
      for (let i = 0; i < t.runtime.config.signinMaxFailures + 2; i++) {
        const r = await t.client().post('/api/v1/auth/sign-in', { email, password: PASSWORD });
        assert.equal(r.body.code, 'ERR_TOTP_REQUIRED');
      }
    });

    test('sign-in is rate limited per client address', async () => {
      const rl = await startTestRuntime(dialect);
      try {
        const c = rl.client();
        const statuses: number[] = [];
        for (let i = 0; i < 12; i++)
          statuses.push(
            (await c.post('/api/v1/auth/sign-in', { email: 'a@example.test', password: 'x' })).status,
          );
        assert.equal(statuses.filter((s) => s === 429).length, 2);
        const last = await c.post('/api/v1/auth/sign-in', { email: 'a@example.test', password: 'x' });
        assert.equal(last.body.code, 'ERR_RATE_LIMITED');
      } finally {
        await rl.close();
      }
    });

    test('invite-only instance: sign-up refused; an admin invitation creates a resident', async () => {
      const admin = t.client();
      await admin.post('/api/v1/auth/sign-in', { email: adminEmail, password: PASSWORD });
      assert.equal((await admin.patch('/api/v1/admin/settings', { signupMode: 'invite' })).status, 200);
      const r = await t
        .client()
        .post('/api/v1/auth/sign-up', { email: uniqueEmail(), password: PASSWORD, displayName: 'No' });
      assert.equal(r.body.code, 'ERR_SIGNUP_CLOSED');
      const { client } = await signedInAs(t, admin, 'resident');
      assert.equal((await client.get<{ user: { role: string } }>('/api/v1/me')).body.user.role, 'resident');
      await admin.patch('/api/v1/admin/settings', { signupMode: 'open' });
    });

    test('agency and oversight accounts must enrol TOTP before they can act, then sign in with a code', async () => {
      const admin = t.client();
      await admin.post('/api/v1/auth/sign-in', { email: adminEmail, password: PASSWORD });
      const email = uniqueEmail('officer');
      const inv = await admin.post<{ token: string; url: string }>('/api/v1/admin/invitations', {
        email,
        role: 'agency_officer',
        organisation: 'Metro Police',
      });
      assert.equal(inv.status, 201);
      assert.ok(inv.body.url.includes('#'), 'the token travels in the URL fragment, never to server logs');
      const missingOrg = await admin.post('/api/v1/admin/invitations', {
        email: uniqueEmail(),
        role: 'oversight',
      });
      assert.equal(missingOrg.body.code, 'ERR_VALIDATION');
      const officer = t.client();
      const described = await officer.post('/api/v1/auth/invitations/describe', { token: inv.body.token });
      assert.deepEqual(described.body, { email, role: 'agency_officer', organisation: 'Metro Police' });
      const acc = await officer.post<{ user: { mayAct: boolean; organisation: string } }>(
        '/api/v1/auth/invitations/accept',
        {
          token: inv.body.token,
          password: PASSWORD,
          displayName: 'Officer',
        },
      );
      assert.equal(acc.status, 201);
      assert.equal(acc.body.user.mayAct, false);
      assert.equal(acc.body.user.organisation, 'Metro Police');
      const reuse = await t.client().post('/api/v1/auth/invitations/accept', {
        token: inv.body.token,
        password: PASSWORD,
        displayName: 'Again',
      });
      assert.equal(reuse.body.code, 'ERR_TOKEN_INVALID');
      // Before enrolment: may see itself, may not act anywhere else.
      assert.equal((await officer.get('/api/v1/me')).status, 200);
      assert.equal((await officer.get('/api/v1/public/camera-map')).status, 200);
      const secret = await enrolTotp(t, officer);
      assert.equal((await officer.get<{ user: { mayAct: boolean } }>('/api/v1/me')).body.user.mayAct, true);
      await officer.post('/api/v1/auth/sign-out');
      const noCode = await officer.post('/api/v1/auth/sign-in', { email, password: PASSWORD });
      assert.equal(noCode.body.code, 'ERR_TOTP_REQUIRED');
      const badCode = await officer.post('/api/v1/auth/sign-in', {
        email,
        password: PASSWORD,
        totp: '000000',
      });
      assert.equal(badCode.body.code, 'ERR_TOTP_INVALID');
      clock.advance(31_000);
      const code = totp(base32Decode(secret), clock.now());
      const good = await officer.post('/api/v1/auth/sign-in', { email, password: PASSWORD, totp: code });
      assert.equal(good.status, 200);
      const replay = await t.client().post('/api/v1/auth/sign-in', { email, password: PASSWORD, totp: code });
      assert.equal(replay.body.code, 'ERR_TOTP_INVALID', 'a code works once');
    });

    test('an unenrolled oversight account is refused with ERR_MFA_ENROLMENT_REQUIRED', async () => {
      const admin = t.client();
      await admin.post('/api/v1/auth/sign-in', { email: adminEmail, password: PASSWORD });
      const inv = await admin.post<{ token: string }>('/api/v1/admin/invitations', {
        email: uniqueEmail('ov'),
        role: 'oversight',
        organisation: 'Council',
      });
      const c = t.client();
      await c.post('/api/v1/auth/invitations/accept', {
        token: inv.body.token,
        password: PASSWORD,
        displayName: 'Clerk',
      });
      // Households are refused by role anyway; the enrolment gate shows on a route oversight may call.
      const r = await c.post('/api/v1/auth/sign-out');
      assert.equal(r.status, 200, 'signing out works before enrolment');
    });

    test('password change ends other sessions; admin reset link works once and ends all sessions', async () => {
      const email = uniqueEmail('pw');
      const a = t.client();
      await a.post('/api/v1/auth/sign-up', { email, password: PASSWORD, displayName: 'Pw' });
      const b = t.client();
      assert.equal((await b.post('/api/v1/auth/sign-in', { email, password: PASSWORD })).status, 200);
      const weak = await a.post('/api/v1/me/password', { currentPassword: PASSWORD, newPassword: 'short' });
      assert.equal(weak.body.code, 'ERR_WEAK_PASSWORD');
      const wrong = await a.post('/api/v1/me/password', {
        currentPassword: 'not my password',
        newPassword: 'another long password',
      });
      assert.equal(wrong.body.code, 'ERR_INVALID_CREDENTIALS');
      assert.equal(
        (
          await a.post('/api/v1/me/password', {
            currentPassword: PASSWORD,
            newPassword: 'another long password',
          })
        ).status,
        200,
      );
      assert.equal((await a.get('/api/v1/me')).status, 200, 'this session stays');
      assert.equal((await b.get('/api/v1/me')).status, 401, 'other sessions end');

      const admin = t.client();
      await admin.post('/api/v1/auth/sign-in', { email: adminEmail, password: PASSWORD });
      const me = await a.get<{ user: { id: string } }>('/api/v1/me');
      const link = await admin.post<{ token: string; url: string }>(
        `/api/v1/admin/users/${me.body.user.id}/reset-link`,
      );
      assert.equal(link.status, 201);
      assert.match(link.body.url, /\/reset-password#/);
      const reset = await t
        .client()
        .post('/api/v1/auth/password-reset', { token: link.body.token, password: 'a brand new password' });
      assert.equal(reset.status, 200);
      assert.equal((await a.get('/api/v1/me')).status, 401, 'reset ends every session');
      const twice = await t
        .client()
        .post('/api/v1/auth/password-reset', { token: link.body.token, password: 'yet another password' });
      assert.equal(twice.body.code, 'ERR_TOKEN_INVALID');
      assert.equal(
        (await t.client().post('/api/v1/auth/sign-in', { email, password: 'a brand new password' })).status,
        200,
      );
    });

    test('sessions expire after the configured idle time', async () => {
      const email = uniqueEmail('ttl');
      const c = t.client();
      await c.post('/api/v1/auth/sign-up', { email, password: PASSWORD, displayName: 'Ttl' });
      assert.equal((await c.get('/api/v1/me')).status, 200);
      clock.advance(t.runtime.config.sessionTtlHours * 3600_000 + 1000);
      assert.equal((await c.get('/api/v1/me')).status, 401);
    });

    test('passwords are stored as argon2id hashes only', async () => {
      const email = uniqueEmail('hash');
      await t.client().post('/api/v1/auth/sign-up', { email, password: PASSWORD, displayName: 'Hash' });
      const row = await t.runtime.database.db
        .selectFrom('users')
        .select('password_hash')
        .where('email', '=', email)
        .executeTakeFirstOrThrow();
      assert.match(row.password_hash, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
      assert.ok(!row.password_hash.includes(PASSWORD));
    });
  });
}

describe('logs', () => {
  test('request logs carry request ids and never a password, cookie or CSRF token', async () => {
    const lines: string[] = [];
    const logStream = new Writable({
      write(chunk: Buffer, _enc, cb) {
        lines.push(...chunk.toString().split('\n').filter(Boolean));
        cb();
      },
    });
    const t = await startTestRuntime('sqlite', { config: { logLevel: 'info' }, overrides: { logStream } });
    try {
      const c = t.client();
      await c.post('/api/v1/setup/admin', {
        email: 'admin@example.test',
        password: PASSWORD,
        displayName: 'Admin',
      });
      await c.post('/api/v1/auth/sign-in', { email: 'admin@example.test', password: PASSWORD });
      await c.get('/api/v1/me');
      await c.post('/api/v1/auth/sign-in', { email: 'admin@example.test', password: 'a wrong password' });
      const text = lines.join('\n');
      assert.ok(lines.length > 4, 'requests were logged');
      assert.ok(!text.includes(PASSWORD), 'no password in logs');
      assert.ok(!text.includes('a wrong password'), 'no attempted password in logs');
      assert.ok(!text.includes(c.cookie('pl_session')!), 'no session token in logs');
      assert.ok(!text.includes(c.cookie('pl_csrf')!), 'no CSRF token in logs');
      const incoming = lines
        .map((l) => JSON.parse(l) as { reqId?: string; msg: string })
        .filter((e) => e.msg === 'incoming request');
      assert.ok(incoming.length >= 4);
      for (const e of incoming) assert.ok(e.reqId, 'request id present');
    } finally {
      await t.close();
    }
  });
});
