import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { RtspRelay } from '../../src/adapters/rtsp-relay.js';
import { demoSceneArgs } from '../../src/demo/demo-scene.js';

const run = promisify(execFile);

async function waitFor(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

test(
  'the relay serves a published RTSP stream to ffmpeg players, and refuses unknown paths',
  { timeout: 60_000 },
  async () => {
    const relay = new RtspRelay();
    const port = await relay.start(0);
    const url = `rtsp://127.0.0.1:${port}/demo`;
    const publisher = spawn('ffmpeg', demoSceneArgs({ rtspUrl: url, width: 640, height: 360 }), {
      stdio: 'ignore',
    });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'porchlight-relay-'));
    try {
      await waitFor(() => relay.isPublishing('/demo'), 15_000, 'the publisher');
      // Two players at once, as the recorder and a detect process would.
      const out = [path.join(dir, 'a.mp4'), path.join(dir, 'b.mp4')];
      await Promise.all(
        out.map((file) =>
          run(
            'ffmpeg',
            [
              '-hide_banner',
              '-loglevel',
              'error',
              '-rtsp_transport',
              'tcp',
              '-i',
              url,
              '-t',
              '3',
              '-c',
              'copy',
              '-y',
              file,
            ],
            { timeout: 30_000 },
          ),
        ),
      );
      for (const file of out) {
        const { stdout } = await run('ffprobe', [
          '-v',
          'error',
          '-select_streams',
          'v:0',
          '-count_frames',
          '-show_entries',
          'stream=codec_name,width,height,nb_read_frames',
          '-of',
          'json',
          file,
        ]);
        const s = (
          JSON.parse(stdout) as {
            streams: { codec_name: string; width: number; height: number; nb_read_frames: string }[];
          }
        ).streams[0]!;
        assert.equal(s.codec_name, 'h264');
        assert.equal(s.width, 640);
        assert.ok(Number(s.nb_read_frames) >= 15, `${file}: ${s.nb_read_frames} frames`);
      }
      const missing = await run('ffprobe', [
        '-v',
        'error',
        '-rtsp_transport',
        'tcp',
        `rtsp://127.0.0.1:${port}/nothing`,
      ]).then(
        () => 'ok',
        (e: { stderr?: string }) => e.stderr ?? 'failed',
      );
      assert.match(missing, /404|Not Found|Server returned/i);
    } finally {
      publisher.kill('SIGKILL');
      await relay.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
);
