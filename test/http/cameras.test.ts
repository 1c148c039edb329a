import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import {
  DIALECTS,
  PASSWORD,
  startTestRuntime,
  type ApiClient,
  type TestRuntime,
} from '../support/runtime.js';
import { setupAdmin, uniqueEmail } from '../support/factories.js';

interface Camera {
  id: string;
  name: string;
  mainUrl: string;
  detectUrl: string | null;
  enabled: boolean;
  acceptsRequests: boolean;
  settings: {
    motion: { detectFps: number; sensitivity: string; zones: unknown[] };
    recording: { preRollSeconds: number };
  };
  status: { state: string };
}

const MEDIA = path.resolve('../shared/media');

for (const dialect of DIALECTS) {
  describe(`cameras on ${dialect}`, () => {
    let t: TestRuntime;
    let owner: ApiClient;
    let householdId: string;

    before(async () => {
      t = await startTestRuntime(dialect, { config: { signinRateLimit: 1000, fileCamerasDir: MEDIA } });
      await setupAdmin(t);
      owner = t.client();
      await owner.post('/api/v1/auth/sign-up', {
        email: 'cam-owner@example.test',
        password: PASSWORD,
        displayName: 'Owner',
      });
      householdId = (await owner.post<{ id: string }>('/api/v1/households', { name: 'Home' })).body.id;
    });
    after(() => t.close());

    async function addCamera(name: string, extra: Record<string, unknown> = {}) {
      const r = await owner.post<{ camera: Camera; deviceToken: string }>(
        `/api/v1/households/${householdId}/cameras`,
        {
          name,
          mainUrl: 'rtsp://admin:s3cret-pass@192.0.2.10:554/stream1',
          ...extra,
        },
      );
      assert.equal(r.status, 201, JSON.stringify(r.body));
      return r.body;
    }

    test('a camera is stored with its password sealed, shown without it, with default settings', async () => {
      const { camera, deviceToken } = await addCamera('Front door', {
        detectUrl: 'rtsp://admin:s3cret-pass@192.0.2.10:554/stream2',
      });
      assert.equal(camera.mainUrl, 'rtsp://admin:***@192.0.2.10:554/stream1');
      assert.equal(camera.detectUrl, 'rtsp://admin:***@192.0.2.10:554/stream2');
      assert.equal(camera.settings.motion.detectFps, 5);
      assert.equal(camera.settings.recording.preRollSeconds, 5);
      assert.ok(deviceToken.length >= 40);
      const row = await t.runtime.database.db
        .selectFrom('hub_cameras')
        .selectAll()
        .where('id', '=', camera.id)
        .executeTakeFirstOrThrow();
      assert.ok(!JSON.stringify(row).includes('s3cret-pass'), 'no password in the database row');
      assert.ok(!JSON.stringify(row).includes(deviceToken), 'no device token in the database row');
      const spec = await t.runtime.cameras!.specOf(camera.id);
      assert.equal(
        spec?.mainUrl,
        'rtsp://admin:s3cret-pass@192.0.2.10:554/stream1',
        'the pipeline gets the real URL',
      );
    });

    test('stream URLs are checked: schemes, local files only under the allowed folder', async () => {
      const bad = async (mainUrl: string) =>
        (await owner.post(`/api/v1/households/${householdId}/cameras`, { name: 'x', mainUrl })).body.code;
      assert.equal(await bad('ftp://192.0.2.1/x'), 'ERR_STREAM_URL');
      assert.equal(await bad('not a url'), 'ERR_STREAM_URL');
      assert.equal(await bad('/etc/passwd'), 'ERR_STREAM_URL');
      assert.equal(await bad(`${MEDIA}/../../etc/passwd`), 'ERR_STREAM_URL');
      const file = await addCamera('Demo file', { mainUrl: `${MEDIA}/one-by-one-person-detection.mp4` });
      assert.equal(file.camera.mainUrl, `${MEDIA}/one-by-one-person-detection.mp4`);
    });

    test('settings are validated and partial settings take defaults', async () => {
      const { camera } = await addCamera('Garden');
      const ok = await owner.patch<Camera>(`/api/v1/cameras/${camera.id}`, {
        settings: {
          motion: {
            sensitivity: 'high',
            zones: [
              {
                name: 'Path',
                points: [
                  [0, 0.5],
                  [1, 0.5],
                  [1, 1],
                ],
              },
            ],
          },
        },
      });
      assert.equal(ok.status, 200, JSON.stringify(ok.body));
      assert.equal(ok.body.settings.motion.sensitivity, 'high');
      assert.equal(ok.body.settings.motion.detectFps, 5);
      const badZone = await owner.patch(`/api/v1/cameras/${camera.id}`, {
        settings: { motion: { zones: [{ name: 'x', points: [[0, 0]] }] } },
      });
      assert.equal(badZone.body.code, 'ERR_VALIDATION');
      const unknown = await owner.patch(`/api/v1/cameras/${camera.id}`, {
        settings: { motion: { turbo: true } },
      });
      assert.equal(unknown.body.code, 'ERR_VALIDATION');
    });

    test('members see only the cameras granted, and may manage only with manage_cameras', async () => {
      const front = await addCamera('Porch');
      const back = await addCamera('Back yard');
      const email = uniqueEmail('cam-member');
      const inv = await owner.post<{ token: string }>(`/api/v1/households/${householdId}/invitations`, {
        email,
        capabilities: ['view_live'],
        cameraIds: [front.camera.id],
      });
      assert.equal(inv.status, 201, JSON.stringify(inv.body));
      const member = t.client();
      await member.post('/api/v1/household-invitations/accept', {
        token: inv.body.token,
        displayName: 'Member',
        password: PASSWORD,
      });
      const list = await member.get<{ cameras: Camera[] }>(`/api/v1/households/${householdId}/cameras`);
      assert.deepEqual(
        list.body.cameras.map((c) => c.id),
        [front.camera.id],
      );
      assert.equal(
        (await member.get(`/api/v1/cameras/${back.camera.id}`)).status,
        404,
        'an ungranted camera looks absent',
      );
      assert.equal((await member.get(`/api/v1/cameras/${front.camera.id}`)).status, 200);
      assert.equal((await member.patch(`/api/v1/cameras/${front.camera.id}`, { name: 'Mine' })).status, 403);
      assert.equal((await member.delete(`/api/v1/cameras/${front.camera.id}`)).status, 403);
      const scopedCreate = await member.post(`/api/v1/households/${householdId}/cameras`, {
        name: 'x',
        mainUrl: 'rtsp://192.0.2.1/s',
      });
      assert.equal(scopedCreate.status, 403);
      // A camera scope may only name cameras of this household.
      const foreign = await owner.post(`/api/v1/households/${householdId}/invitations`, {
        email: uniqueEmail(),
        capabilities: ['view_live'],
        cameraIds: [crypto.randomUUID()],
      });
      assert.equal(foreign.body.code, 'ERR_VALIDATION');
    });

    test('strangers cannot see or touch a household camera', async () => {
      const { camera } = await addCamera('Side gate');
      const stranger = t.client();
      await stranger.post('/api/v1/auth/sign-up', {
        email: uniqueEmail('stranger'),
        password: PASSWORD,
        displayName: 'S',
      });
      assert.equal((await stranger.get(`/api/v1/cameras/${camera.id}`)).status, 404);
      assert.equal((await stranger.patch(`/api/v1/cameras/${camera.id}`, { name: 'x' })).status, 404);
      assert.equal((await stranger.delete(`/api/v1/cameras/${camera.id}`)).status, 404);
      assert.equal((await stranger.get(`/api/v1/households/${householdId}/cameras`)).status, 404);
    });

    test('device tokens identify a camera and rotate', async () => {
      const { camera, deviceToken } = await addCamera('Doorbell');
      const spec = await t.runtime.cameras!.authenticateDevice(camera.id, deviceToken);
      assert.equal(spec.id, camera.id);
      const rotated = await owner.post<{ deviceToken: string }>(`/api/v1/cameras/${camera.id}/device-token`);
      assert.equal(rotated.status, 201);
      await assert.rejects(t.runtime.cameras!.authenticateDevice(camera.id, deviceToken));
      assert.equal(
        (await t.runtime.cameras!.authenticateDevice(camera.id, rotated.body.deviceToken)).id,
        camera.id,
      );
    });

    test('the community learns camera counts per coarse cell, never camera details', async () => {
      await owner.patch(`/api/v1/households/${householdId}`, {
        location: { latitude: 48.8566, longitude: 2.3522 },
      });
      const { camera } = await addCamera('Counted', { acceptsRequests: true });
      const hub = await t.runtime.database.db
        .selectFrom('community_hubs')
        .selectAll()
        .executeTakeFirstOrThrow();
      const cams = await owner.get<{ cameras: Camera[] }>(`/api/v1/households/${householdId}/cameras`);
      assert.equal(hub.camera_count, cams.body.cameras.filter((c) => c.enabled).length);
      assert.equal(hub.accepting_count, 1);
      await owner.patch(`/api/v1/cameras/${camera.id}`, { acceptsRequests: false });
      const after = await t.runtime.database.db
        .selectFrom('community_hubs')
        .selectAll()
        .executeTakeFirstOrThrow();
      assert.equal(after.accepting_count, 0);
      assert.ok(!JSON.stringify(after).includes('Counted'));
      assert.equal((await owner.delete(`/api/v1/cameras/${camera.id}`)).status, 200);
      const gone = await t.runtime.database.db
        .selectFrom('community_hubs')
        .selectAll()
        .executeTakeFirstOrThrow();
      assert.equal(gone.camera_count, hub.camera_count - 1);
    });
  });
}

for (const dialect of DIALECTS) {
  describe(`camera limits on ${dialect}`, () => {
    let t: TestRuntime;
    before(async () => {
      t = await startTestRuntime(dialect, {
        config: { signinRateLimit: 1000, maxCamerasPerHousehold: 3, maxCameras: 5 },
      });
      await setupAdmin(t);
    });
    after(() => t.close());

    async function household(name: string): Promise<{ client: ApiClient; id: string }> {
      const client = t.client();
      await client.post('/api/v1/auth/sign-up', {
        email: uniqueEmail('limits'),
        password: PASSWORD,
        displayName: name,
      });
      return { client, id: (await client.post<{ id: string }>('/api/v1/households', { name })).body.id };
    }

    const addMany = (h: { client: ApiClient; id: string }, n: number) =>
      Promise.all(
        Array.from({ length: n }, (_, i) =>
          h.client.post(`/api/v1/households/${h.id}/cameras`, {
            name: `Camera ${i}`,
            mainUrl: `rtsp://192.0.2.${10 + i}:554/stream1`,
            enabled: false,
          }),
        ),
      );

    test('cameras per household and per hub are limited, also when adds race; refused with ERR_CAMERA_LIMIT', async () => {
      const a = await household('Limits A');
      const first = await addMany(a, 6);
      assert.equal(
        first.filter((r) => r.status === 201).length,
        3,
        `three per household, however many race: ${JSON.stringify(first.map((r) => r.body))}`,
      );
      for (const r of first.filter((r) => r.status !== 201)) {
        assert.equal(r.status, 409);
        assert.equal(r.body.code, 'ERR_CAMERA_LIMIT');
        assert.match(String(r.body.message), /at most 3 cameras/);
      }
      const b = await household('Limits B');
      const second = await addMany(b, 3);
      assert.equal(second.filter((r) => r.status === 201).length, 2, 'five on the hub in all');
      const refused = second.find((r) => r.status !== 201)!;
      assert.equal(refused.body.code, 'ERR_CAMERA_LIMIT');
      assert.match(String(refused.body.message), /This hub records at most 5 cameras/);
      const stored = await t.runtime.database.db
        .selectFrom('hub_cameras')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .executeTakeFirstOrThrow();
      assert.equal(Number(stored.n), 5);
    });
  });
}
