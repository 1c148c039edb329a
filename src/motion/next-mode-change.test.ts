import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { nextModeChange, scheduleIssues, type ScheduleRule } from './motion-mode.js';

const at = (iso: string): number => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();

// 2024-06-03 is a Monday.
const workdaysAway: ScheduleRule = { days: [1, 2, 3, 4, 5], from: '09:00', to: '17:00', mode: 'away' };
const nightsHome: ScheduleRule = { days: [0, 1, 2, 3, 4, 5, 6], from: '22:00', to: '06:30', mode: 'home' };

describe('nextModeChange', () => {
  it('finds the end of the rule in force, then the start of the next one', () => {
    const s = { mode: 'disarmed' as const, schedule: [workdaysAway], timeZone: 'UTC' };
    const during = nextModeChange(s, at('2024-06-03T12:34:56Z'));
    assert.deepEqual(during && { ...during, atMs: iso(during.atMs) }, {
      atMs: '2024-06-03T17:00:00.000Z',
      mode: 'disarmed',
      source: 'default',
    });
    const evening = nextModeChange(s, at('2024-06-03T17:00:00Z'));
    assert.equal(evening && iso(evening.atMs), '2024-06-04T09:00:00.000Z');
    // Friday evening: the next change is Monday morning.
    const weekend = nextModeChange(s, at('2024-06-07T18:00:00Z'));
    assert.equal(weekend && iso(weekend.atMs), '2024-06-10T09:00:00.000Z');
    assert.equal(weekend?.mode, 'away');
  });

  it('follows overnight rules across midnight', () => {
    const s = { mode: 'away' as const, schedule: [nightsHome], timeZone: 'UTC' };
    const late = nextModeChange(s, at('2024-06-03T23:30:00Z'));
    assert.deepEqual(late && [iso(late.atMs), late.mode], ['2024-06-04T06:30:00.000Z', 'away']);
    const day = nextModeChange(s, at('2024-06-04T07:00:00Z'));
    assert.deepEqual(day && [iso(day.atMs), day.mode], ['2024-06-04T22:00:00.000Z', 'home']);
  });

  it('skips boundaries that keep the same mode', () => {
    const s = {
      mode: 'home' as const,
      schedule: [
        { days: [1], from: '08:00', to: '12:00', mode: 'away' } as ScheduleRule,
        { days: [1], from: '12:00', to: '18:00', mode: 'away' } as ScheduleRule,
      ],
      timeZone: 'UTC',
    };
    const r = nextModeChange(s, at('2024-06-03T09:00:00Z'));
    assert.deepEqual(r && [iso(r.atMs), r.mode], ['2024-06-03T18:00:00.000Z', 'home']);
  });

  it('reads rules in the household time zone, across a daylight-saving switch', () => {
    // Berlin: UTC+1 until 2024-03-31 02:00 local, UTC+2 after.
    const s = { mode: 'home' as const, schedule: [workdaysAway], timeZone: 'Europe/Berlin' };
    const friday = nextModeChange(s, at('2024-03-29T10:00:00Z'));
    assert.equal(friday && iso(friday.atMs), '2024-03-29T16:00:00.000Z');
    const monday = nextModeChange(s, at('2024-03-29T17:00:00Z'));
    assert.equal(monday && iso(monday.atMs), '2024-04-01T07:00:00.000Z', '09:00 in Berlin in summer time');
  });

  it('says nothing changes without a schedule, or under an open-ended override', () => {
    assert.equal(nextModeChange({ mode: 'away' }, at('2024-06-03T12:00:00Z')), null);
    assert.equal(
      nextModeChange(
        { mode: 'away', schedule: [workdaysAway], override: { mode: 'disarmed', untilMs: null } },
        at('2024-06-03T12:00:00Z'),
      ),
      null,
    );
    const override = nextModeChange(
      {
        mode: 'home',
        schedule: [workdaysAway],
        override: { mode: 'disarmed', untilMs: at('2024-06-03T13:00:00Z') },
      },
      at('2024-06-03T12:00:00Z'),
    );
    assert.deepEqual(override && [iso(override.atMs), override.mode], ['2024-06-03T13:00:00.000Z', 'away']);
  });

  it('an all-day rule changes at local midnight', () => {
    const s = {
      mode: 'home' as const,
      schedule: [{ days: [6], from: '00:00', to: '00:00', mode: 'away' } as ScheduleRule],
      timeZone: 'UTC',
    };
    const r = nextModeChange(s, at('2024-06-05T12:00:00Z'));
    assert.deepEqual(r && [iso(r.atMs), r.mode], ['2024-06-08T00:00:00.000Z', 'away']);
    const back = nextModeChange(s, at('2024-06-08T12:00:00Z'));
    assert.deepEqual(back && [iso(back.atMs), back.mode], ['2024-06-09T00:00:00.000Z', 'home']);
  });
});

describe('scheduleIssues', () => {
  it('names the rule and the field of each problem', () => {
    assert.deepEqual(
      scheduleIssues([workdaysAway, { days: [], from: '24:00', to: '7', mode: 'away' }]).map((i) => [
        i.rule,
        i.field,
      ]),
      [
        [1, 'days'],
        [1, 'from'],
        [1, 'to'],
      ],
    );
  });
});
