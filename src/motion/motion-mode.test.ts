import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  decideMotionActions,
  localWeekMinute,
  scheduleProblems,
  type MotionModeSettings,
  type ScheduleRule,
} from './motion-mode.js';

const at = (iso: string): number => Date.parse(iso);

// 2024-06-03 is a Monday; Berlin is UTC+2 in June, New York UTC-4 in July and UTC-5 in January.
const workdaysAway: ScheduleRule = { days: [1, 2, 3, 4, 5], from: '09:00', to: '17:00', mode: 'away' };

describe('decideMotionActions', () => {
  it('applies the meaning of each mode: home records, away records and alerts, disarmed does neither', () => {
    const t = at('2024-06-03T12:00:00Z');
    assert.deepEqual(decideMotionActions({ mode: 'home' }, t), {
      mode: 'home',
      source: 'default',
      record: true,
      alert: false,
      snoozed: false,
    });
    assert.deepEqual(decideMotionActions({ mode: 'away' }, t), {
      mode: 'away',
      source: 'default',
      record: true,
      alert: true,
      snoozed: false,
    });
    const off = decideMotionActions({ mode: 'disarmed' }, t);
    assert.equal(off.record || off.alert, false);
  });

  it('follows a weekly schedule in the household time zone', () => {
    const s: MotionModeSettings = { mode: 'home', schedule: [workdaysAway], timeZone: 'Europe/Berlin' };
    assert.equal(decideMotionActions(s, at('2024-06-03T07:00:00Z')).mode, 'away'); // Monday 09:00 Berlin
    assert.equal(decideMotionActions(s, at('2024-06-03T06:59:00Z')).mode, 'home'); // 08:59
    assert.equal(decideMotionActions(s, at('2024-06-03T15:00:00Z')).mode, 'home'); // 17:00, end exclusive
    assert.equal(decideMotionActions(s, at('2024-06-08T10:00:00Z')).mode, 'home'); // Saturday
    assert.equal(decideMotionActions(s, at('2024-06-03T07:00:00Z')).source, 'schedule');
  });

  it('keeps local schedule times across daylight saving changes', () => {
    const s: MotionModeSettings = { mode: 'home', schedule: [workdaysAway], timeZone: 'America/New_York' };
    assert.equal(decideMotionActions(s, at('2024-01-08T14:00:00Z')).mode, 'away'); // Monday 09:00 EST
    assert.equal(decideMotionActions(s, at('2024-07-08T13:00:00Z')).mode, 'away'); // Monday 09:00 EDT
    assert.equal(decideMotionActions(s, at('2024-01-08T13:30:00Z')).mode, 'home'); // 08:30 EST
  });

  it('runs overnight rules into the next morning', () => {
    const nights: ScheduleRule = { days: [5], from: '22:00', to: '06:00', mode: 'away' }; // Friday night
    const s: MotionModeSettings = { mode: 'home', schedule: [nights] };
    assert.equal(decideMotionActions(s, at('2024-06-07T23:00:00Z')).mode, 'away'); // Friday 23:00
    assert.equal(decideMotionActions(s, at('2024-06-08T05:59:00Z')).mode, 'away'); // Saturday 05:59
    assert.equal(decideMotionActions(s, at('2024-06-08T06:00:00Z')).mode, 'home'); // Saturday 06:00
    assert.equal(decideMotionActions(s, at('2024-06-08T23:00:00Z')).mode, 'home'); // Saturday night not listed
    assert.equal(decideMotionActions(s, at('2024-06-07T05:00:00Z')).mode, 'home'); // Friday early morning belongs to Thursday
  });

  it('treats equal from and to as all day, and lets the first matching rule win', () => {
    const s: MotionModeSettings = {
      mode: 'home',
      schedule: [
        { days: [0], from: '00:00', to: '00:00', mode: 'disarmed' },
        { days: [0, 1, 2, 3, 4, 5, 6], from: '00:00', to: '24:00', mode: 'away' },
      ],
    };
    assert.equal(decideMotionActions(s, at('2024-06-09T23:59:00Z')).mode, 'disarmed'); // Sunday
    assert.equal(decideMotionActions(s, at('2024-06-10T00:00:00Z')).mode, 'away'); // Monday
  });

  it('lets a manual override outrank the schedule until it expires', () => {
    const monday10 = at('2024-06-03T08:00:00Z');
    const s: MotionModeSettings = {
      mode: 'home',
      schedule: [workdaysAway],
      timeZone: 'Europe/Berlin',
      override: { mode: 'disarmed', untilMs: monday10 + 3_600_000 },
    };
    assert.deepEqual(decideMotionActions(s, monday10), {
      mode: 'disarmed',
      source: 'override',
      record: false,
      alert: false,
      snoozed: false,
    });
    assert.equal(decideMotionActions(s, monday10 + 3_600_000).mode, 'away');
    assert.equal(
      decideMotionActions({ ...s, override: { mode: 'home', untilMs: null } }, monday10 + 9e9).mode,
      'home',
    );
  });

  it('snoozes alerts but keeps recording, until the snooze ends', () => {
    const t = at('2024-06-03T12:00:00Z');
    const s: MotionModeSettings = { mode: 'away', snoozeUntilMs: t + 60_000 };
    assert.deepEqual(decideMotionActions(s, t), {
      mode: 'away',
      source: 'default',
      record: true,
      alert: false,
      snoozed: true,
    });
    assert.equal(decideMotionActions(s, t + 60_000).alert, true);
    assert.equal(decideMotionActions({ ...s, snoozeUntilMs: null }, t).alert, true);
  });

  it('lets a household change what a mode does', () => {
    const d = decideMotionActions({ mode: 'home', actions: { home: { record: true, alert: true } } }, 0);
    assert.equal(d.alert, true);
  });
});

describe('localWeekMinute', () => {
  it('gives the weekday and minute of the day in a time zone', () => {
    assert.deepEqual(localWeekMinute(at('2024-06-03T23:30:00Z')), { day: 1, minute: 23 * 60 + 30 });
    assert.deepEqual(localWeekMinute(at('2024-06-03T23:30:00Z'), 'Asia/Tokyo'), {
      day: 2,
      minute: 8 * 60 + 30,
    });
  });
});

describe('scheduleProblems', () => {
  it('accepts a valid schedule and names each problem of a broken one', () => {
    assert.deepEqual(scheduleProblems([workdaysAway]), []);
    const problems = scheduleProblems([
      { days: [], from: '9:00', to: '25:00', mode: 'away' },
      { days: [7 as 0], from: '24:00', to: '24:00', mode: 'party' as 'away' },
    ]);
    assert.deepEqual(problems, [
      'schedule rule 1: no days',
      'schedule rule 1: "from" must be HH:MM between 00:00 and 23:59',
      'schedule rule 1: "to" must be HH:MM between 00:00 and 24:00',
      'schedule rule 2: unknown mode "party"',
      'schedule rule 2: days are 0 (Sunday) to 6',
      'schedule rule 2: "from" must be HH:MM between 00:00 and 23:59',
    ]);
  });
});
