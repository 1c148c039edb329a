// Sound in recordings, with real ffmpeg and real footage that has it (car-detection.mp4 carries AAC): off by
// default, so segments hold the picture only; turned on, segments hold the picture copied and the sound as AAC, and
// a clip joined from them without re-encoding keeps both.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { clipArgs, concatList } from '../../src/recording/ffmpeg-args.js';
import { setupAdmin, uniqueEmail } from '../support/factories.js';
import { PASSWORD, startTestRuntime, type ApiClient, type TestRuntime } from '../support/runtime.js';
import { EventLog, probeFile } from './helpers.js';

const MEDIA = path.resolve('../shared/media');

/** The codec of each stream in a file, by type. */
function streams(file: string): { video: string[]; audio: string[] } {
  const out = execFileSync(
    'ffprobe',
    ['-v', 'error', '-show_entries', 'stream=codec_type,codec_name', '-of', 'json', file],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  ).toString('utf8');
  const list = (JSON.parse(out) as { streams: { codec_type: string; codec_name: string }[] }).streams;
  return {
    video: list.filter((s) => s.codec_type === 'video').map((s) => s.codec_name),
    audio: list.filter((s) => s.codec_type === 'audio').map((s) => s.codec_name),
  };
}

describe('recording sound (opt-in, per camera)', () => {
  let t: TestRuntime;
  let owner: ApiClient;
  let log: EventLog;
  let householdId: string;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'porchlight-audio-'));

  before(async () => {
    t = await startTestRuntime('sqlite', { config: { segmentSeconds: 2, fileCamerasDir: MEDIA } });
    log = new EventLog(t.runtime.bus, ['recording.segment']);
    await setupAdmin(t);
    owner = t.client();
    await owner.post('/api/v1/auth/sign-up', {
      email: uniqueEmail('audio'),
      password: PASSWORD,
      displayName: 'Owner',
    });
    householdId = (await owner.post<{ id: string }>('/api/v1/households', { name: 'Sound' })).body.id;
  });
  after(async () => {
    log?.close();
    await t?.close();
    fs.rmSync(work, { recursive: true, force: true });
  });

  /**
   * Two finished segments of a new camera on the footage, `audio` as given (undefined: the default), copied out
   * before the camera is removed again (removal deletes its footage).
   */
  async function segmentsOf(audio: boolean | undefined): Promise<string[]> {
    const added = await owner.post<{ camera: { id: string; settings: { recording: { audio: boolean } } } }>(
      `/api/v1/households/${householdId}/cameras`,
      {
        name: `Drive ${String(audio)}`,
        mainUrl: path.join(MEDIA, 'car-detection.mp4'),
        ...(audio === undefined ? {} : { settings: { recording: { audio } } }),
      },
    );
    assert.equal(added.status, 201, JSON.stringify(added.body));
    const cameraId = added.body.camera.id;
    assert.equal(added.body.camera.settings.recording.audio, audio ?? false);
    const seen = new Set<string>();
    const out: string[] = [];
    while (out.length < 2) {
      const seg = await log.waitFor(
        'recording.segment',
        (s) => s.cameraId === cameraId && !seen.has(s.segmentId),
        30_000,
      );
      seen.add(seg.payload.segmentId);
      const row = await t.runtime.database.db
        .selectFrom('hub_recording_segments')
        .select('blob_key')
        .where('id', '=', seg.payload.segmentId)
        .executeTakeFirstOrThrow();
      const copy = path.join(work, `${String(audio)}-${out.length}.ts`);
      fs.copyFileSync(path.join(t.dataDir, 'blobs', row.blob_key), copy);
      out.push(copy);
    }
    assert.equal((await owner.delete(`/api/v1/cameras/${cameraId}`)).status, 200);
    return out;
  }

  test('off by default: the picture only, copied as the camera sent it', async () => {
    for (const f of await segmentsOf(undefined)) assert.deepEqual(streams(f), { video: ['h264'], audio: [] });
  });

  test('on: the picture copied and the sound as AAC, and a clip joined without re-encoding keeps both', async () => {
    const files = await segmentsOf(true);
    for (const f of files) assert.deepEqual(streams(f), { video: ['h264'], audio: ['aac'] });
    const list = path.join(work, 'list.ffconcat');
    fs.writeFileSync(list, concatList(files.map((p) => ({ path: p }))));
    const clip = path.join(work, 'clip.mp4');
    execFileSync('ffmpeg', clipArgs(list, clip, 'h264'), { stdio: ['ignore', 'pipe', 'pipe'] });
    assert.deepEqual(streams(clip), { video: ['h264'], audio: ['aac'] });
    assert.ok(probeFile(clip).duration > 2, 'the clip holds both segments');
  });
});
