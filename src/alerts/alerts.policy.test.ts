import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createECDH, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { CAPABILITIES, type Standing } from '../households/households.policy.js';
import {
  decideMotion,
  inCooldown,
  inQuietHours,
  isRecipient,
  localMinuteOfDay,
  minutesOf,
  priorityOf,
  pushEndpointProblem,
  pushKeysProblem,
  pushOptionsFor,
  recipientsOf,
  zonesAllowAlert,
  type HouseholdPeople,
  type MotionAlertInput,
} from './alerts.policy.js';

const hhmm = (m: number) =>
  `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
const minuteArb = fc.integer({ min: 0, max: 1439 });
const NOON_UTC = Date.parse('2026-06-15T12:00:00Z');

describe('priorities', () => {
  test('a ring is the highest priority, motion is normal', () => {
    assert.equal(priorityOf('ring'), 'high');
    assert.equal(priorityOf('motion'), 'normal');
  });

  test('push options: rings are urgent and short-lived; motion collapses per camera', () => {
    const cam = '0f8b6a2e-1c3d-4e5f-8a9b-0c1d2e3f4a5b';
    assert.deepEqual(pushOptionsFor('ring', cam), { ttlSeconds: 300, urgency: 'high', topic: undefined });
    assert.deepEqual(pushOptionsFor('motion', cam), {
      ttlSeconds: 3600,
      urgency: 'normal',
      topic: '0f8b6a2e1c3d4e5f8a9b0c1d2e3f4a5b',
    });
    assert.equal(
      pushOptionsFor('motion', 'not-a-uuid').topic,
      undefined,
      'only a valid RFC 8030 topic is sent',
    );
  });
});

describe('local time', () => {
  test('HH:MM parses to minutes and anything else is refused', () => {
    assert.equal(minutesOf('00:00'), 0);
    assert.equal(minutesOf('07:30'), 450);
    assert.equal(minutesOf('23:59'), 1439);
    for (const bad of ['24:00', '7:30', '12:60', '', '12:00:00']) assert.throws(() => minutesOf(bad), bad);
  });

  test('minute of the day follows the time zone and daylight saving', () => {
    assert.equal(localMinuteOfDay(NOON_UTC, 'UTC'), 12 * 60);
    assert.equal(localMinuteOfDay(NOON_UTC, 'Europe/Paris'), 14 * 60, 'summer: UTC+2');
    assert.equal(
      localMinuteOfDay(Date.parse('2026-01-15T12:00:00Z'), 'Europe/Paris'),
      13 * 60,
      'winter: UTC+1',
    );
    assert.equal(localMinuteOfDay(NOON_UTC, 'America/New_York'), 8 * 60);
    assert.equal(
      localMinuteOfDay(Date.parse('2026-06-15T23:45:00Z'), 'Asia/Kolkata'),
      5 * 60 + 15,
      'UTC+5:30',
    );
  });

  test('property: in UTC the minute of the day is the epoch minute modulo a day', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_102_444_800_000 }), (ms) => {
        assert.equal(localMinuteOfDay(ms, 'UTC'), Math.floor(ms / 60_000) % 1440);
      }),
    );
  });
});

describe('quiet hours', () => {
  test('a daytime window: start inclusive, end exclusive', () => {
    const q = { start: '09:00', end: '17:00' };
    assert.equal(inQuietHours(q, 8 * 60 + 59), false);
    assert.equal(inQuietHours(q, 9 * 60), true);
    assert.equal(inQuietHours(q, 16 * 60 + 59), true);
    assert.equal(inQuietHours(q, 17 * 60), false);
  });

  test('a window across midnight covers late evening and early morning', () => {
    const q = { start: '22:00', end: '07:00' };
    assert.equal(inQuietHours(q, 21 * 60 + 59), false);
    assert.equal(inQuietHours(q, 22 * 60), true);
    assert.equal(inQuietHours(q, 23 * 60 + 59), true);
    assert.equal(inQuietHours(q, 0), true);
    assert.equal(inQuietHours(q, 6 * 60 + 59), true);
    assert.equal(inQuietHours(q, 7 * 60), false);
    assert.equal(inQuietHours(q, 12 * 60), false);
  });

  test('no quiet hours never silence; equal start and end silence all day (as in the motion schedule)', () => {
    for (const m of [0, 600, 1439]) {
      assert.equal(inQuietHours(null, m), false);
      assert.equal(inQuietHours({ start: '03:00', end: '03:00' }, m), true);
    }
  });

  test('property: a window matches the brute-force walk from start to end, minute by minute', () => {
    fc.assert(
      fc.property(minuteArb, minuteArb, minuteArb, (start, end, m) => {
        const covered = new Set<number>();
        let t = start;
        do {
          covered.add(t);
          t = (t + 1) % 1440;
        } while (t !== end);
        assert.equal(inQuietHours({ start: hhmm(start), end: hhmm(end) }, m), covered.has(m));
      }),
    );
  });

  test('property: a window and its opposite split the day exactly (unless equal times)', () => {
    fc.assert(
      fc.property(minuteArb, minuteArb, minuteArb, (a, b, m) => {
        fc.pre(a !== b);
        const one = inQuietHours({ start: hhmm(a), end: hhmm(b) }, m);
        const other = inQuietHours({ start: hhmm(b), end: hhmm(a) }, m);
        assert.notEqual(one, other);
      }),
    );
  });
});

describe('zones', () => {
  const zones = [
    { name: 'Street', alert: false },
    { name: 'Path', alert: true },
    { name: 'Porch', alert: true },
  ];
  test('motion with no zone reported (a camera without zones) alerts', () => {
    assert.equal(zonesAllowAlert([], zones), true);
    assert.equal(zonesAllowAlert([], []), true);
  });
  test('motion only in zones that do not alert does not alert', () => {
    assert.equal(zonesAllowAlert(['Street'], zones), false);
  });
  test('motion in any alerting zone alerts, even together with a silent one', () => {
    assert.equal(zonesAllowAlert(['Street', 'Path'], zones), true);
    assert.equal(zonesAllowAlert(['Porch'], zones), true);
  });
  test('a zone the camera no longer has alerts, as new zones do by default', () => {
    assert.equal(zonesAllowAlert(['Renamed'], zones), true);
  });
  test('property: alerts exactly when some reported zone is not marked silent', () => {
    const names = ['a', 'b', 'c', 'd', 'e'];
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.record({ name: fc.constantFrom(...names), alert: fc.boolean() }), {
          selector: (z) => z.name,
        }),
        fc.uniqueArray(fc.constantFrom(...names, 'unknown')),
        (rules, hit) => {
          const silent = new Set(rules.filter((r) => !r.alert).map((r) => r.name));
          const expected = hit.length === 0 || hit.some((z) => !silent.has(z));
          assert.equal(zonesAllowAlert(hit, rules), expected);
        },
      ),
    );
  });
});

describe('cooldown', () => {
  test('no earlier alert, or a zero cooldown, never suppresses', () => {
    assert.equal(inCooldown(1000, null, 60), false);
    assert.equal(inCooldown(1000, 999, 0), false);
  });
  test('inside the cooldown suppresses; at exactly its end alerts again', () => {
    assert.equal(inCooldown(59_999, 0, 60), true);
    assert.equal(inCooldown(60_000, 0, 60), false);
  });
  test('an event older than the last alert is inside the cooldown', () => {
    assert.equal(inCooldown(0, 5_000, 60), true);
  });
});

describe('motion decision', () => {
  const base: MotionAlertInput = {
    modeAllows: true,
    eventZones: [],
    zones: [{ name: 'Street', alert: false }],
    atMs: NOON_UTC,
    lastAlertAtMs: null,
    cooldownSeconds: 60,
    quietHours: null,
    timeZone: 'UTC',
  };
  test('motion alerts when mode, zones, quiet hours and cooldown all allow', () => {
    assert.deepEqual(decideMotion(base), { alert: true });
  });
  test('each rule suppresses on its own, with its reason', () => {
    assert.deepEqual(decideMotion({ ...base, modeAllows: false }), { alert: false, reason: 'mode' });
    assert.deepEqual(decideMotion({ ...base, eventZones: ['Street'] }), { alert: false, reason: 'zones' });
    assert.deepEqual(decideMotion({ ...base, quietHours: { start: '11:00', end: '13:00' } }), {
      alert: false,
      reason: 'quiet-hours',
    });
    assert.deepEqual(decideMotion({ ...base, lastAlertAtMs: NOON_UTC - 30_000 }), {
      alert: false,
      reason: 'cooldown',
    });
  });
  test('quiet hours are read in the configured time zone', () => {
    const night = { ...base, quietHours: { start: '22:00', end: '07:00' } };
    assert.deepEqual(decideMotion(night), { alert: true }, '12:00 UTC is not night in UTC');
    assert.deepEqual(
      decideMotion({ ...night, timeZone: 'Pacific/Auckland' }),
      {
        alert: false,
        reason: 'quiet-hours',
      },
      'but it is midnight in Auckland',
    );
  });
  test('property: motion alerts exactly when every rule allows it', () => {
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.subarray(['Street', 'Path']),
        minuteArb,
        fc.option(fc.tuple(minuteArb, minuteArb), { nil: null }),
        fc.option(fc.integer({ min: -120_000, max: 4_000_000 }), { nil: null }),
        fc.integer({ min: 0, max: 3600 }),
        (modeAllows, eventZones, minute, quiet, sinceLast, cooldownSeconds) => {
          const atMs = Date.parse('2026-03-01T00:00:00Z') + minute * 60_000;
          const input: MotionAlertInput = {
            modeAllows,
            eventZones,
            zones: [
              { name: 'Street', alert: false },
              { name: 'Path', alert: true },
            ],
            atMs,
            lastAlertAtMs: sinceLast === null ? null : atMs - sinceLast,
            cooldownSeconds,
            quietHours: quiet ? { start: hhmm(quiet[0]), end: hhmm(quiet[1]) } : null,
            timeZone: 'UTC',
          };
          const expected =
            modeAllows &&
            (eventZones.length === 0 || eventZones.includes('Path')) &&
            !(quiet && inQuietHours(input.quietHours, minute)) &&
            !(sinceLast !== null && cooldownSeconds > 0 && sinceLast < cooldownSeconds * 1000);
          assert.equal(decideMotion(input).alert, expected);
        },
      ),
    );
  });
});

describe('recipients', () => {
  const NOW = Date.parse('2026-05-01T10:00:00Z');
  const CAM = 'cam-front';
  const member = (s: Partial<Standing>): Standing => ({
    isOwner: false,
    capabilities: ['view_live'],
    expiresAt: null,
    cameraIds: null,
    ...s,
  });

  test('the owner always receives', () => {
    assert.deepEqual(recipientsOf({ ownerId: 'owner', members: [] }, CAM, NOW), ['owner']);
  });

  test('a member receives with view_live or view_recordings, live access and the camera in scope', () => {
    assert.equal(isRecipient(member({}), CAM, NOW), true);
    assert.equal(isRecipient(member({ capabilities: ['view_recordings'] }), CAM, NOW), true);
    assert.equal(isRecipient(member({ cameraIds: [CAM] }), CAM, NOW), true);
    assert.equal(isRecipient(member({ expiresAt: '2026-05-01T10:00:01.000Z' }), CAM, NOW), true);
  });

  test('a member does not receive when expired, scoped elsewhere, or without a viewing capability', () => {
    assert.equal(
      isRecipient(member({ expiresAt: '2026-05-01T10:00:00.000Z' }), CAM, NOW),
      false,
      'at expiry',
    );
    assert.equal(isRecipient(member({ expiresAt: '2026-04-01T00:00:00.000Z' }), CAM, NOW), false);
    assert.equal(isRecipient(member({ cameraIds: ['cam-back'] }), CAM, NOW), false);
    assert.equal(isRecipient(member({ cameraIds: [] }), CAM, NOW), false);
    assert.equal(isRecipient(member({ capabilities: ['manage_cameras', 'share_clips'] }), CAM, NOW), false);
    assert.equal(isRecipient(member({ capabilities: [] }), CAM, NOW), false);
    assert.equal(isRecipient(undefined, CAM, NOW), false, 'a stranger');
  });

  test('property: for random households the recipients are exactly the owner and the allowed members', () => {
    const cameras = ['cam-front', 'cam-back', 'cam-side'];
    const memberArb = fc.record({
      userId: fc.constantFrom(...Array.from({ length: 12 }, (_, i) => `user-${i}`)),
      capabilities: fc.subarray([...CAPABILITIES]),
      cameraIds: fc.option(fc.subarray(cameras), { nil: null }),
      expiresInMs: fc.option(fc.integer({ min: -10 * 86_400_000, max: 10 * 86_400_000 }), { nil: null }),
    });
    fc.assert(
      fc.property(
        fc.option(fc.constantFrom('owner', 'user-0'), { nil: null }),
        fc.uniqueArray(memberArb, { selector: (m) => m.userId, maxLength: 10 }),
        fc.constantFrom(...cameras),
        fc.array(fc.constantFrom('stranger-1', 'stranger-2', 'agency-officer')),
        (ownerId, members, camera, _strangers) => {
          const people: HouseholdPeople = {
            ownerId,
            members: members.map((m) => ({
              userId: m.userId,
              standing: {
                isOwner: false,
                capabilities: m.capabilities,
                cameraIds: m.cameraIds,
                expiresAt: m.expiresInMs === null ? null : new Date(NOW + m.expiresInMs).toISOString(),
              },
            })),
          };
          const allowed = new Set<string>();
          if (ownerId) allowed.add(ownerId);
          for (const m of members) {
            const live = m.expiresInMs === null || m.expiresInMs > 0;
            const inScope = m.cameraIds === null || m.cameraIds.includes(camera);
            const sees = m.capabilities.includes('view_live') || m.capabilities.includes('view_recordings');
            if (live && inScope && sees) allowed.add(m.userId);
          }
          const got = recipientsOf(people, camera, NOW);
          assert.equal(new Set(got).size, got.length, 'each person once');
          assert.deepEqual(new Set(got), allowed);
          // People outside the household never appear, whoever else exists.
          for (const s of ['stranger-1', 'stranger-2', 'agency-officer']) assert.ok(!got.includes(s));
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('push subscriptions', () => {
  test('endpoints: https on a public name only', () => {
    assert.equal(pushEndpointProblem('https://fcm.googleapis.com/fcm/send/abc', false), null);
    assert.equal(pushEndpointProblem('https://updates.push.services.mozilla.com/wpush/v2/x', false), null);
    assert.equal(pushEndpointProblem('https://web.push.apple.com:443/QG', false), null);
    const refused = [
      'http://fcm.googleapis.com/fcm/send/abc',
      'ftp://push.example.org/x',
      'https://192.168.1.10/push',
      'https://[::1]/push',
      'https://127.0.0.1/push',
      'https://localhost/push',
      'https://nas.local/push',
      'https://router.home.arpa/push',
      'https://intranet/push',
      'https://user:pw@push.example.org/x',
      'https://push.example.org:8443/x',
      'not a url',
    ];
    for (const url of refused) assert.notEqual(pushEndpointProblem(url, false), null, url);
  });

  test('http://127.0.0.1 only when the loopback flag is set (tests), and no other local address', () => {
    assert.notEqual(pushEndpointProblem('http://127.0.0.1:4567/push/1', false), null);
    assert.equal(pushEndpointProblem('http://127.0.0.1:4567/push/1', true), null);
    for (const url of [
      'http://localhost:4567/p',
      'http://127.0.0.2/p',
      'http://10.0.0.1/p',
      'http://example.org/p',
    ])
      assert.notEqual(pushEndpointProblem(url, true), null, url);
  });

  test('keys: a real P-256 point and a 16-byte secret are accepted; anything else is refused', () => {
    const ecdh = createECDH('prime256v1');
    ecdh.generateKeys();
    const p256dh = ecdh.getPublicKey().toString('base64url');
    const auth = randomBytes(16).toString('base64url');
    assert.equal(pushKeysProblem(p256dh, auth), null);
    const offCurve = Buffer.concat([Buffer.from([4]), Buffer.alloc(64, 7)]).toString('base64url');
    assert.match(pushKeysProblem(offCurve, auth) ?? '', /curve/);
    assert.match(
      pushKeysProblem(ecdh.getPublicKey(null, 'compressed').toString('base64url'), auth) ?? '',
      /uncompressed/,
    );
    assert.match(pushKeysProblem(p256dh, randomBytes(8).toString('base64url')) ?? '', /16-byte/);
    assert.match(pushKeysProblem('not base64!', auth) ?? '', /base64url/);
  });
});
