// The household's weekly schedule (A2) through the API on both databases: rules with their time zone, the mode in
// force now and its next change (computed by the domain, so the web app never re-implements the policy),
// overnight rules, validation errors that name the field, read-only for members without manage_cameras, and the
// recording pipeline reading the stored schedule in the same time zone.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../src/ports/clock.js';
import { motionActionsAt } from '../../src/recording/recording.policy.js';
import {
  DIALECTS,
  PASSWORD,
  startTestRuntime,
  type ApiClient,
  type TestRuntime,
} from '../support/runtime.js';
import { setupAdmin, uniqueEmail } from '../support/factories.js';

interface ModeView {
  id: string;
  mode: string;
  schedule: { days: number[]; from: string; to: string; mode: string }[];
  timeZone: string;
  modeNow: {
    mode: string;
    source: string;
    record: boolean;
    alert: boolean;
    nextChange: { at: string; mode: string } | null;
  };
}

interface ErrorBody {
  code: string;
  details?: { path: string }[];
}

// 2026-11-30 is a Monday; Paris is UTC+1 in winter.
const NOW = Date.parse('2026-11-30T10:00:00Z');
const WEEKDAYS_AWAY = { days: [1, 2, 3, 4, 5], from: '09:00', to: '17:00', mode: 'away' };
const NIGHTS_HOME = { days: [0, 1, 2, 3, 4, 5, 6], from: '22:00', to: '06:30', mode: 'home' };

for (const dialect of DIALECTS) {
  describe(`household schedule on ${dialect}`, () => {
    let t: TestRuntime;
    let owner: ApiClient;
    let id: string;
    const clock = new ManualClock(NOW);

    before(async () => {
      t = await startTestRuntime(dialect, {
        overrides: { clock },
        config: { signinRateLimit: 1000, timeZone: 'Europe/Paris' },
      });
      await setupAdmin(t);
      owner = t.client();
      await owner.post('/api/v1/auth/sign-up', {
        email: uniqueEmail('sched-owner'),
        password: PASSWORD,
        displayName: 'Owner',
      });
      id = (await owner.post<{ id: string }>('/api/v1/households', { name: 'Rue des Lilas' })).body.id;
    });
    after(() => t.close());

    const put = (client: ApiClient, body: unknown) =>
      client.request<ModeView & ErrorBody>('PUT', `/api/v1/households/${id}/mode`, body);

    test('a new household has no schedule, the hub time zone, and its default mode in force', async () => {
      const r = await owner.get<ModeView>(`/api/v1/households/${id}`);
      assert.equal(r.status, 200);
      assert.deepEqual(r.body.schedule, []);
      assert.equal(r.body.timeZone, 'Europe/Paris');
      assert.deepEqual(r.body.modeNow, {
        mode: 'home',
        source: 'default',
        record: true,
        alert: false,
        nextChange: null,
      });
    });

    test('a weekly schedule is kept with its time zone; the mode now and the next change come with it', async () => {
      const r = await put(owner, {
        mode: 'disarmed',
        schedule: [WEEKDAYS_AWAY, NIGHTS_HOME],
        timeZone: 'Europe/Paris',
      });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      // 11:00 in Paris on a Monday: away by the schedule until 17:00 Paris (16:00 UTC), then the default.
      assert.deepEqual(r.body.modeNow, {
        mode: 'away',
        source: 'schedule',
        record: true,
        alert: true,
        nextChange: { at: '2026-11-30T16:00:00.000Z', mode: 'disarmed' },
      });
      const again = await owner.get<ModeView>(`/api/v1/households/${id}`);
      assert.deepEqual(again.body.schedule, [WEEKDAYS_AWAY, NIGHTS_HOME]);
      assert.equal(again.body.timeZone, 'Europe/Paris');
      assert.equal(again.body.mode, 'disarmed');

      // The recording pipeline reads the stored column in the same time zone: 09:30 Paris is 08:30 UTC.
      const row = await t.runtime.database.db
        .selectFrom('hub_households')
        .select(['mode', 'schedule'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      const facts = { mode: row.mode, schedule: row.schedule, snoozeUntil: null };
      assert.equal(motionActionsAt(facts, Date.parse('2026-11-30T08:30:00Z')).mode, 'away');
      assert.equal(motionActionsAt(facts, Date.parse('2026-11-30T07:30:00Z')).mode, 'disarmed');
    });

    test('an overnight rule runs across midnight', async () => {
      clock.set(Date.parse('2026-11-30T21:30:00Z')); // 22:30 in Paris
      try {
        const r = await owner.get<ModeView>(`/api/v1/households/${id}`);
        assert.equal(r.body.modeNow.mode, 'home');
        assert.equal(r.body.modeNow.source, 'schedule');
        assert.deepEqual(r.body.modeNow.nextChange, { at: '2026-12-01T05:30:00.000Z', mode: 'disarmed' });
      } finally {
        clock.set(NOW);
      }
    });

    test('changing only the time zone keeps the rules; clearing the schedule leaves the default mode', async () => {
      const r = await put(owner, { mode: 'disarmed', timeZone: 'America/New_York' });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal(r.body.schedule.length, 2);
      assert.equal(r.body.timeZone, 'America/New_York');
      // 05:00 in New York: still the night rule.
      assert.equal(r.body.modeNow.mode, 'home');
      assert.deepEqual(r.body.modeNow.nextChange, { at: '2026-11-30T11:30:00.000Z', mode: 'disarmed' });
      const cleared = await put(owner, { mode: 'away', schedule: [] });
      assert.deepEqual(cleared.body.schedule, []);
      assert.equal(cleared.body.timeZone, 'America/New_York');
      assert.deepEqual(cleared.body.modeNow, {
        mode: 'away',
        source: 'default',
        record: true,
        alert: true,
        nextChange: null,
      });
      const back = await put(owner, {
        mode: 'disarmed',
        schedule: [WEEKDAYS_AWAY],
        timeZone: 'Europe/Paris',
      });
      assert.equal(back.status, 200);
    });

    test('problems are refused with the field they concern', async () => {
      const hour = await put(owner, {
        mode: 'home',
        schedule: [WEEKDAYS_AWAY, { days: [1], from: '24:00', to: '07:00', mode: 'home' }],
      });
      assert.equal(hour.status, 400);
      assert.equal(hour.body.code, 'ERR_VALIDATION');
      assert.deepEqual(
        hour.body.details?.map((d) => d.path),
        ['/schedule/1/from'],
      );
      const zone = await put(owner, { mode: 'home', timeZone: 'Mars/Olympus_Mons' });
      assert.equal(zone.status, 400);
      assert.deepEqual(
        zone.body.details?.map((d) => d.path),
        ['/timeZone'],
      );
      const shape = await put(owner, { mode: 'home', timeZone: 'not a zone' });
      assert.equal(shape.status, 400);
      const noDays = await put(owner, { mode: 'home', schedule: [{ ...WEEKDAYS_AWAY, days: [] }] });
      assert.equal(noDays.status, 400);
      assert.equal(noDays.body.details?.[0]?.path, '/schedule/0/days');
      // Nothing changed.
      const r = await owner.get<ModeView>(`/api/v1/households/${id}`);
      assert.deepEqual(r.body.schedule, [WEEKDAYS_AWAY]);
      assert.equal(r.body.timeZone, 'Europe/Paris');
    });

    test('members see the schedule; only those who may manage cameras change it', async () => {
      async function member(capabilities: string[]) {
        const inv = await owner.post<{ token: string }>(`/api/v1/households/${id}/invitations`, {
          email: uniqueEmail('sched-member'),
          capabilities,
        });
        const c = t.client();
        const acc = await c.post('/api/v1/household-invitations/accept', {
          token: inv.body.token,
          displayName: 'Member',
          password: PASSWORD,
        });
        assert.equal(acc.status, 200, JSON.stringify(acc.body));
        return c;
      }
      const viewer = await member(['view_live']);
      const seen = await viewer.get<ModeView>(`/api/v1/households/${id}`);
      assert.deepEqual(seen.body.schedule, [WEEKDAYS_AWAY]);
      assert.equal(seen.body.modeNow.mode, 'away');
      assert.equal((await put(viewer, { mode: 'home', schedule: [] })).status, 403);
      const manager = await member(['manage_cameras']);
      const changed = await put(manager, { mode: 'home', schedule: [NIGHTS_HOME], timeZone: 'Europe/Paris' });
      assert.equal(changed.status, 200, JSON.stringify(changed.body));
      assert.deepEqual(changed.body.schedule, [NIGHTS_HOME]);
    });
  });
}
