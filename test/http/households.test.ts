import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cellToLatLng, getResolution } from 'h3-js';
import { ManualClock } from '../../src/ports/clock.js';
import {
  DIALECTS,
  PASSWORD,
  startTestRuntime,
  type ApiClient,
  type TestRuntime,
} from '../support/runtime.js';
import { setupAdmin, signedInAs, uniqueEmail } from '../support/factories.js';

interface Household {
  id: string;
  name: string;
  isOwner: boolean;
  capabilities: string[];
  location: { latitude: number; longitude: number } | null;
  community: { linked: boolean; cell: string | null };
  members: { userId: string; capabilities: string[]; expired: boolean; expiresAt: string | null }[];
  invitations: { id: string }[];
}

for (const dialect of DIALECTS) {
  describe(`households on ${dialect}`, () => {
    let t: TestRuntime;
    let owner: ApiClient;
    let household: Household;
    const clock = new ManualClock(Date.parse('2026-11-30T10:00:00Z'));

    before(async () => {
      t = await startTestRuntime(dialect, { overrides: { clock }, config: { signinRateLimit: 1000 } });
      await setupAdmin(t);
      owner = t.client();
      await owner.post('/api/v1/auth/sign-up', {
        email: 'owner@example.test',
        password: PASSWORD,
        displayName: 'Owner',
      });
      const r = await owner.post<Household>('/api/v1/households', { name: 'Maple Street 12' });
      assert.equal(r.status, 201);
      household = r.body;
    });
    after(() => t.close());

    test('one household per owner', async () => {
      const again = await owner.post('/api/v1/households', { name: 'Second' });
      assert.equal(again.body.code, 'ERR_CONFLICT');
    });

    async function inviteNew(capabilities: string[], accessExpiresAt?: string) {
      const email = uniqueEmail('member');
      const inv = await owner.post<{ token: string; url: string }>(
        `/api/v1/households/${household.id}/invitations`,
        {
          email,
          capabilities,
          ...(accessExpiresAt ? { accessExpiresAt } : {}),
        },
      );
      assert.equal(inv.status, 201, JSON.stringify(inv.body));
      const member = t.client();
      const desc = await member.post('/api/v1/household-invitations/describe', { token: inv.body.token });
      assert.equal(desc.body.householdName, 'Maple Street 12');
      assert.equal(desc.body.accountExists, false);
      const acc = await member.post<{ householdId: string; user: { id: string } }>(
        '/api/v1/household-invitations/accept',
        {
          token: inv.body.token,
          displayName: 'Member',
          password: PASSWORD,
        },
      );
      assert.equal(acc.status, 200, JSON.stringify(acc.body));
      return { member, email, id: acc.body.user.id, token: inv.body.token };
    }

    test('an invited member gets an account, sees the household with exactly the granted capabilities, nothing more', async () => {
      const { member, id, token } = await inviteNew(['view_recordings']);
      const list = await member.get<{
        households: { id: string; capabilities: string[]; isOwner: boolean }[];
      }>('/api/v1/households');
      assert.deepEqual(
        list.body.households.map((h) => [h.id, h.capabilities, h.isOwner]),
        [[household.id, ['view_recordings'], false]],
      );
      const detail = await member.get<Household>(`/api/v1/households/${household.id}`);
      assert.equal(detail.status, 200);
      assert.equal(detail.body.location, null, 'members never see the exact location');
      assert.deepEqual(detail.body.members, [], 'members do not see the member list');
      // Owner-only actions are refused.
      const inviteByMember = await member.post(`/api/v1/households/${household.id}/invitations`, {
        email: uniqueEmail(),
        capabilities: [],
      });
      assert.equal(inviteByMember.body.code, 'ERR_FORBIDDEN');
      const rename = await member.patch(`/api/v1/households/${household.id}`, { name: 'Mine now' });
      assert.equal(rename.body.code, 'ERR_FORBIDDEN');
      const reuse = await t
        .client()
        .post('/api/v1/household-invitations/accept', { token, displayName: 'X', password: PASSWORD });
      assert.equal(reuse.body.code, 'ERR_TOKEN_INVALID');
      const ownerView = await owner.get<Household>(`/api/v1/households/${household.id}`);
      assert.ok(
        ownerView.body.members.some((m) => m.userId === id && m.capabilities.join() === 'view_recordings'),
      );
    });

    test('expired access stops working at the expiry instant, without signing out', async () => {
      const expiry = new Date(clock.now() + 3600_000).toISOString();
      const { member } = await inviteNew(['view_live'], expiry);
      assert.equal((await member.get(`/api/v1/households/${household.id}`)).status, 200);
      clock.advance(3600_000 - 1);
      assert.equal((await member.get(`/api/v1/households/${household.id}`)).status, 200);
      clock.advance(1);
      const gone = await member.get(`/api/v1/households/${household.id}`);
      assert.equal(gone.status, 404);
      const list = await member.get<{ households: unknown[] }>('/api/v1/households');
      assert.deepEqual(list.body.households, []);
      const ownerView = await owner.get<Household>(`/api/v1/households/${household.id}`);
      assert.ok(ownerView.body.members.some((m) => m.expired));
    });

    test('owner changes and removes access; the change applies to the next request', async () => {
      const { member, id } = await inviteNew(['view_live', 'share_clips']);
      const upd = await owner.patch<Household>(`/api/v1/households/${household.id}/members/${id}`, {
        capabilities: [],
        expiresAt: null,
      });
      assert.equal(upd.status, 200);
      assert.equal(
        (await member.get(`/api/v1/households/${household.id}`)).status,
        404,
        'no capability left: household invisible',
      );
      await owner.patch(`/api/v1/households/${household.id}/members/${id}`, {
        capabilities: ['view_live'],
        expiresAt: null,
      });
      assert.equal((await member.get(`/api/v1/households/${household.id}`)).status, 200);
      assert.equal((await owner.delete(`/api/v1/households/${household.id}/members/${id}`)).status, 200);
      assert.equal((await member.get(`/api/v1/households/${household.id}`)).status, 404);
      assert.equal((await owner.delete(`/api/v1/households/${household.id}/members/${id}`)).status, 404);
    });

    test('an existing account must sign in to accept, and only as the invited email', async () => {
      const otherEmail = uniqueEmail('existing');
      const other = t.client();
      await other.post('/api/v1/auth/sign-up', {
        email: otherEmail,
        password: PASSWORD,
        displayName: 'Other',
      });
      const inv = await owner.post<{ token: string }>(`/api/v1/households/${household.id}/invitations`, {
        email: otherEmail,
        capabilities: ['view_live'],
      });
      const anon = await t.client().post('/api/v1/household-invitations/accept', {
        token: inv.body.token,
        displayName: 'X',
        password: PASSWORD,
      });
      assert.equal(anon.body.code, 'ERR_UNAUTHENTICATED');
      const wrongPerson = t.client();
      await wrongPerson.post('/api/v1/auth/sign-up', {
        email: uniqueEmail(),
        password: PASSWORD,
        displayName: 'Wrong',
      });
      assert.equal(
        (await wrongPerson.post('/api/v1/household-invitations/accept', { token: inv.body.token })).body.code,
        'ERR_FORBIDDEN',
      );
      const ok = await other.post('/api/v1/household-invitations/accept', { token: inv.body.token });
      assert.equal(ok.status, 200);
    });

    test('agency and oversight accounts cannot join a household; access cannot be set to expire in the past', async () => {
      const admin = t.client();
      await admin.post('/api/v1/auth/sign-in', { email: 'admin@example.test', password: PASSWORD });
      const { client: officer, email } = await signedInAs(t, admin, 'agency_officer');
      const inv = await owner.post<{ token: string }>(`/api/v1/households/${household.id}/invitations`, {
        email,
        capabilities: ['view_live'],
      });
      const r = await officer.post('/api/v1/household-invitations/accept', { token: inv.body.token });
      assert.equal(r.status, 403);
      const { id } = await inviteNew(['view_live']);
      const past = await owner.patch(`/api/v1/households/${household.id}/members/${id}`, {
        capabilities: ['view_live'],
        expiresAt: new Date(clock.now() - 1000).toISOString(),
      });
      assert.equal(past.body.code, 'ERR_VALIDATION');
    });

    test('the household can be armed, disarmed and scheduled; bad schedules are refused', async () => {
      const r = await owner.request<Household & { mode: string; schedule: unknown[] }>(
        'PUT',
        `/api/v1/households/${household.id}/mode`,
        {
          mode: 'away',
          schedule: [
            { days: [1, 2, 3, 4, 5], from: '08:30', to: '17:30', mode: 'away' },
            { days: [0, 6], from: '23:00', to: '07:00', mode: 'home' },
          ],
        },
      );
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal(r.body.mode, 'away');
      assert.equal(r.body.schedule.length, 2);
      assert.deepEqual(await t.runtime.households!.motionMode(household.id), {
        mode: 'away',
        schedule: [
          { days: [1, 2, 3, 4, 5], from: '08:30', to: '17:30', mode: 'away' },
          { days: [0, 6], from: '23:00', to: '07:00', mode: 'home' },
        ],
      });
      const bad = await owner.request('PUT', `/api/v1/households/${household.id}/mode`, {
        mode: 'home',
        schedule: [{ days: [1], from: '25:00', to: '07:00', mode: 'home' }],
      });
      assert.equal(bad.status, 400);
      const { member } = await inviteNew(['view_live']);
      const denied = await member.request('PUT', `/api/v1/households/${household.id}/mode`, {
        mode: 'disarmed',
      });
      assert.equal(denied.status, 403, 'a member without manage_cameras cannot disarm');
    });

    test('revoked invitations cannot be used', async () => {
      const inv = await owner.post<{ token: string }>(`/api/v1/households/${household.id}/invitations`, {
        email: uniqueEmail(),
        capabilities: [],
      });
      const detail = await owner.get<Household>(`/api/v1/households/${household.id}`);
      const id = detail.body.invitations.at(-1)!.id;
      assert.equal((await owner.delete(`/api/v1/households/${household.id}/invitations/${id}`)).status, 200);
      const r = await t.client().post('/api/v1/household-invitations/describe', { token: inv.body.token });
      assert.equal(r.body.code, 'ERR_TOKEN_INVALID');
    });

    test('another household is invisible: not found, never forbidden', async () => {
      const stranger = t.client();
      await stranger.post('/api/v1/auth/sign-up', {
        email: uniqueEmail('stranger'),
        password: PASSWORD,
        displayName: 'Stranger',
      });
      for (const r of [
        await stranger.get(`/api/v1/households/${household.id}`),
        await stranger.patch(`/api/v1/households/${household.id}`, { name: 'x' }),
        await stranger.post(`/api/v1/households/${household.id}/invitations`, {
          email: uniqueEmail(),
          capabilities: [],
        }),
      ])
        assert.equal(r.status, 404);
    });

    test('setting a location links the local hub: the community learns only a coarse cell (P1)', async () => {
      const lat = 51.507351;
      const lon = -0.127758;
      const r = await owner.patch<Household>(`/api/v1/households/${household.id}`, {
        location: { latitude: lat, longitude: lon },
      });
      assert.equal(r.status, 200);
      assert.equal(r.body.community.linked, true);
      const cell = r.body.community.cell!;
      assert.equal(getResolution(cell), t.runtime.config.cellResolution);
      const rows = await t.runtime.database.db.selectFrom('community_hubs').selectAll().execute();
      assert.equal(rows.length, 1);
      const stored = JSON.stringify(rows);
      assert.ok(
        !stored.includes(String(lat).slice(0, 6)) && !stored.includes(String(lon).slice(0, 6)),
        'no coordinates in community tables',
      );
      assert.equal(rows[0]!.cell, cell);
      const [clat] = cellToLatLng(cell);
      assert.ok(Math.abs(clat - lat) > 1e-4, 'the cell centre is not the household');
      // One household is under k: the public map shows nothing of it.
      const map = await t
        .client()
        .get<{ cells: unknown[]; k: number; suppressedCells: number }>('/api/v1/public/camera-map');
      assert.deepEqual(map.body.cells, []);
      assert.equal(map.body.k, 5);
    });

    test('a standalone community refuses summaries with a fine cell or impossible counts', async () => {
      const svc = t.runtime.linkedHubs!;
      const { code } = await svc.createInvitation('test');
      await assert.rejects(
        svc.link(code, { cell: '8f2830828052d25', cameraCount: 1, acceptingCount: 0 }),
        /resolution/,
      );
      const { code: code2 } = await svc.createInvitation('test');
      await assert.rejects(
        svc.link(code2, { cell: '872830828ffffff', cameraCount: 1, acceptingCount: 2 }),
        /out of range/,
      );
    });
  });
}

for (const dialect of DIALECTS) {
  describe(`household invitations on an invite-only instance on ${dialect}`, () => {
    let t: TestRuntime;
    let admin: ApiClient;
    before(async () => {
      t = await startTestRuntime(dialect, { config: { signinRateLimit: 1000, signupMode: 'invite' } });
      admin = await setupAdmin(t);
    });
    after(() => t.close());

    test('a household invitation adds existing accounts, but makes none where sign-up is closed', async () => {
      const owner = (await signedInAs(t, admin, 'resident')).client;
      const household = (await owner.post<{ id: string }>('/api/v1/households', { name: 'Invite only' }))
        .body;
      const invite = (email: string) =>
        owner.post<{ token: string }>(`/api/v1/households/${household.id}/invitations`, {
          email,
          capabilities: ['view_live'],
        });
      const madeUp = uniqueEmail('made-up');
      const inv = await invite(madeUp);
      assert.equal(inv.status, 201, JSON.stringify(inv.body));
      const stranger = t.client();
      const acc = await stranger.post('/api/v1/household-invitations/accept', {
        token: inv.body.token,
        displayName: 'Made up',
        password: PASSWORD,
      });
      assert.equal(acc.status, 403, JSON.stringify(acc.body));
      assert.equal(acc.body.code, 'ERR_SIGNUP_CLOSED');
      const users = await t.runtime.database.db
        .selectFrom('users')
        .select('id')
        .where('email', '=', madeUp)
        .execute();
      assert.deepEqual(users, [], 'no account was created');
      // An account the admin made joins with its sign-in, as before.
      const member = await signedInAs(t, admin, 'resident');
      const ok = await member.client.post('/api/v1/household-invitations/accept', {
        token: (await invite(member.email)).body.token,
      });
      assert.equal(ok.status, 200, JSON.stringify(ok.body));
    });
  });
}
