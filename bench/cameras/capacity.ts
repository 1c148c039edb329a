// Camera capacity of this machine: how many cameras the hub ingests in real time without dropping detect frames,
// where the CPU goes, the server's memory with 10 cameras, and what privacy zones cost. Real parts throughout:
// the footage (../shared/media/one-by-one-person-detection.mp4, scaled once to 1280x720 H.264 into /tmp), a
// GStreamer RTSP server looping it at real speed on 127.0.0.1, the real recording pipeline (ffmpeg copy to
// segments + decode for detection at 5 fps), SQLite.
//
// Run: node --expose-gc --import tsx bench/cameras/capacity.ts [--mode main|sub] [--counts 1,2,4,6] [--seconds 40]
//        [--rss 10] [--privacy]
//   --mode main   detection decodes the 720p main stream (one ffmpeg per camera)
//   --mode sub    detection decodes a 640x360 sub-stream (a second ffmpeg per camera), as most cameras offer
//   --counts      camera counts to try, in order; stops after the first count that does not keep up
//   --rss N       first measure the server's memory with N cameras (RSS of this Node process, ffmpeg excluded)
//   --privacy     also measure one camera with a privacy zone (re-encoded recording) against one without
//
// A count "keeps up" when every camera delivered at least 97 % of the detect frames the window should hold and no
// camera's newest frame trails real time by more than 1 s at the end. The RTSP server runs on the same cores and
// is reported separately: a real camera would not load the hub with it.

import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { setupAdmin } from '../../test/support/factories.js';
import { RtspServer } from '../../test/support/rtsp-server.js';
import { PASSWORD, startTestRuntime, type TestRuntime } from '../../test/support/runtime.js';
import { EventLog } from '../../test/recording/helpers.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const MEDIA = process.env.PORCHLIGHT_MEDIA ?? path.resolve(here, '../../../shared/media');
const CACHE = path.join(os.tmpdir(), 'porchlight-bench-cameras');
const TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;
const DETECT_FPS = 5;

const { values } = parseArgs({
  options: {
    mode: { type: 'string', default: 'main' },
    counts: { type: 'string', default: '1,2,4,6,8' },
    seconds: { type: 'string', default: '40' },
    rss: { type: 'string', default: '0' },
    privacy: { type: 'boolean', default: false },
  },
});
const mode = values.mode === 'sub' ? 'sub' : 'main';
const counts = values.counts.split(',').map(Number);
const seconds = Number(values.seconds);
const rssAt = Number(values.rss);

/** Scale the footage once: 1280x720 main stream and 640x360 sub-stream, H.264 without B-frames, a keyframe a second. */
function prepare(): { main: string; sub: string } {
  fs.mkdirSync(CACHE, { recursive: true });
  const out = { main: path.join(CACHE, 'main-720p.mp4'), sub: path.join(CACHE, 'sub-360p.mp4') };
  for (const [file, size] of [
    [out.main, '1280:720'],
    [out.sub, '640:360'],
  ] as const) {
    if (fs.existsSync(file)) continue;
    execFileSync('ffmpeg', [
      '-hide_banner',
      '-loglevel',
      'error',
      '-y',
      '-i',
      path.join(MEDIA, 'one-by-one-person-detection.mp4'),
      '-an',
      '-vf',
      `scale=${size}`,
      '-c:v',
      'libx264',
      '-preset',
      'veryfast',
      '-bf',
      '0',
      '-g',
      '10',
      '-pix_fmt',
      'yuv420p',
      `${file}.tmp.mp4`,
    ]);
    fs.renameSync(`${file}.tmp.mp4`, file);
  }
  return out;
}

/** CPU seconds (user + system) of a process, from /proc. */
function cpuSeconds(pid: number): number {
  try {
    const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = f.slice(f.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS;
  } catch {
    return 0;
  }
}

/** ffmpeg children of this process and their CPU seconds. */
function ffmpegCpu(): Map<number, number> {
  const out = new Map<number, number>();
  const ps = spawnSync('ps', ['-o', 'pid=,comm=', '--ppid', String(process.pid)], {
    encoding: 'utf8',
  }).stdout;
  for (const line of ps.split('\n')) {
    const [pid, comm] = line.trim().split(/\s+/);
    if (comm === 'ffmpeg') out.set(Number(pid), cpuSeconds(Number(pid)));
  }
  return out;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Resident and heap memory of this process in MB, after a full GC when run with --expose-gc. */
function memory(): { rss: number; heap: number } {
  (globalThis as { gc?: () => void }).gc?.();
  const m = process.memoryUsage();
  return { rss: m.rss / 1024 / 1024, heap: m.heapUsed / 1024 / 1024 };
}
const pct = (cpu: number) => `${((cpu / seconds) * 100).toFixed(1)} %`;
const quantile = (xs: number[], q: number) => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
};

interface Result {
  cameras: number;
  keptUp: boolean;
  minFrameShare: number;
  maxLagMs: number;
  ffmpegPerCamera: number;
  detectorPerCamera: number;
  nodeOtherPerCamera: number;
  serverCpu: number;
  totalCpu: number;
  memory: { rss: number; heap: number } | null;
  /** Frame at the detector → motion.started handed to the bus. */
  latencies: number[];
  /** Frame at the detector → every in-process subscriber (alert delivery included) done. */
  delivered: number[];
}

async function measure(
  server: RtspServer,
  serverPid: number,
  n: number,
  options: { privacy?: boolean; memory?: boolean } = {},
): Promise<Result> {
  const t: TestRuntime = await startTestRuntime('sqlite', {
    config: { segmentSeconds: 10, signinRateLimit: 10_000 },
  });
  try {
    const log = new EventLog(t.runtime.bus, ['camera.status', 'motion.started']);
    // When the pipeline hands motion.started to the bus (subscribers such as alert delivery run after this).
    const publishedAt: { eventId: string; atMs: number; detectedAtMs: number }[] = [];
    const bus = t.runtime.bus;
    const publish = bus.publish.bind(bus);
    bus.publish = ((name: string, payload: { eventId: string; detectedAtMs: number }) => {
      if (name === 'motion.started')
        publishedAt.push({ eventId: payload.eventId, atMs: Date.now(), detectedAtMs: payload.detectedAtMs });
      return publish(name as never, payload as never);
    }) as typeof bus.publish;
    await setupAdmin(t);
    const owner = t.client();
    await owner.post('/api/v1/auth/sign-up', {
      email: 'bench@example.test',
      password: PASSWORD,
      displayName: 'Bench',
    });
    const household = (await owner.post<{ id: string }>('/api/v1/households', { name: 'Bench' })).body.id;
    await t.runtime.database.db
      .updateTable('hub_households')
      .set({ mode: 'away' })
      .where('id', '=', household)
      .execute();
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      const r = await owner.post<{ camera: { id: string } }>(`/api/v1/households/${household}/cameras`, {
        name: `Camera ${i + 1}`,
        mainUrl: server.url('/main'),
        detectUrl: mode === 'sub' ? server.url('/sub') : null,
        ...(options.privacy
          ? {
              settings: {
                privacyZones: [
                  [
                    [0, 0],
                    [0.3, 0],
                    [0.2, 0.4],
                    [0, 0.4],
                  ],
                ],
              },
            }
          : {}),
      });
      if (r.status !== 201) throw new Error(`camera ${i + 1}: ${r.status} ${JSON.stringify(r.body)}`);
      ids.push(r.body.camera.id);
    }
    await Promise.all(
      ids.map((id) =>
        log.waitFor('camera.status', (s) => s.cameraId === id && s.state === 'online', 120_000),
      ),
    );
    // Warm-up: connection bursts and the detector's calibration are not what a camera costs.
    await sleep(5000);
    const stats = () => ids.map((id) => t.runtime.recording!.statistics(id));
    const before = {
      ff: ffmpegCpu(),
      node: process.cpuUsage(),
      server: cpuSeconds(serverPid),
      cams: stats(),
      at: Date.now(),
    };
    const fromEvent = log.events.length;
    const fromPublish = publishedAt.length;
    await sleep(seconds * 1000);
    const after = {
      ff: ffmpegCpu(),
      node: process.cpuUsage(before.node),
      server: cpuSeconds(serverPid),
      cams: stats(),
      at: Date.now(),
    };
    const window = (after.at - before.at) / 1000;
    let ff = 0;
    for (const [pid, cpu] of after.ff) ff += cpu - (before.ff.get(pid) ?? 0);
    const nodeCpu = (after.node.user + after.node.system) / 1e6;
    const detect = after.cams.reduce((s, c, i) => s + (c!.detectMs - before.cams[i]!.detectMs), 0) / 1000;
    const shares = after.cams.map((c, i) => (c!.frames - before.cams[i]!.frames) / (window * DETECT_FPS));
    const lags = after.cams.map((c) => c!.lagMs);
    const latencies = publishedAt.slice(fromPublish).map((p) => p.atMs - p.detectedAtMs);
    const delivered = log.events
      .slice(fromEvent)
      .filter((e) => e.name === 'motion.started')
      .map((e) => e.atMs - (e.payload as { detectedAtMs: number }).detectedAtMs);
    const minFrameShare = Math.min(...shares);
    const maxLagMs = Math.max(...lags);
    log.close();
    return {
      cameras: n,
      keptUp: minFrameShare >= 0.97 && maxLagMs < 1000,
      minFrameShare,
      maxLagMs,
      ffmpegPerCamera: ff / n,
      detectorPerCamera: detect / n,
      nodeOtherPerCamera: (nodeCpu - detect) / n,
      serverCpu: after.server - before.server,
      totalCpu: ff + nodeCpu,
      memory: options.memory ? memory() : null,
      latencies,
      delivered,
    };
  } finally {
    await t.close();
  }
}

const files = prepare();
const server = await RtspServer.start({ mounts: { '/main': files.main, '/sub': files.sub } });
const serverPid = Number(
  spawnSync('ps', ['-o', 'pid=,args=', '--ppid', String(process.pid)], { encoding: 'utf8' })
    .stdout.split('\n')
    .find((l) => l.includes('rtsp_server.py'))
    ?.trim()
    .split(/\s+/)[0] ?? 0,
);
console.log(
  `# cameras: ${mode === 'sub' ? 'detect on a 640x360 sub-stream' : 'detect on the 1280x720 main stream'}, ${DETECT_FPS} fps detect, ` +
    `720p 10 fps main stream recorded with copy; ${os.cpus().length} cores (${os.cpus()[0]?.model}); ` +
    `load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}; window ${seconds} s`,
);
const allLatencies: number[] = [];
const allDelivered: number[] = [];
try {
  if (rssAt > 0) {
    // First, in a fresh process: the baseline is a running hub with no camera, then the same with N cameras.
    const baseline = await startTestRuntime('sqlite', {});
    await sleep(5000);
    const idle = memory();
    await baseline.close();
    const r = await measure(server, serverPid, rssAt, { memory: true });
    console.log(
      `RSS of the server process (Node, ffmpeg excluded), after GC: ${idle.rss.toFixed(0)} MB (heap ${idle.heap.toFixed(0)} MB) ` +
        `with no camera, ${r.memory!.rss.toFixed(0)} MB (heap ${r.memory!.heap.toFixed(0)} MB) with ${rssAt} cameras: ` +
        `${((r.memory!.rss - idle.rss) / rssAt).toFixed(1)} MB per camera; kept up: ${r.keptUp ? 'yes' : 'no'}.\n`,
    );
  }
  console.log(
    '\n| cameras | keeps up | min detect frames | max lag | ffmpeg CPU/camera | detector CPU/camera | other Node CPU/camera | hub CPU total | RTSP server CPU | alert publish p50/p95 |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  for (const n of counts) {
    const r = await measure(server, serverPid, n);
    allLatencies.push(...r.latencies);
    allDelivered.push(...r.delivered);
    console.log(
      `| ${n} | ${r.keptUp ? 'yes' : 'no'} | ${(r.minFrameShare * 100).toFixed(1)} % | ${Math.round(r.maxLagMs)} ms | ` +
        `${pct(r.ffmpegPerCamera)} | ${pct(r.detectorPerCamera)} | ${pct(r.nodeOtherPerCamera)} | ${pct(r.totalCpu)} | ` +
        `${pct(r.serverCpu)} | ${r.latencies.length ? `${quantile(r.latencies, 0.5).toFixed(1)} / ${quantile(r.latencies, 0.95).toFixed(1)} ms (${r.latencies.length})` : '–'} |`,
    );
    if (!r.keptUp) break;
  }
  if (values.privacy) {
    const plain = await measure(server, serverPid, 1);
    const masked = await measure(server, serverPid, 1, { privacy: true });
    console.log(
      `\nPrivacy zone (re-encode with libx264 veryfast): ffmpeg CPU per camera ${pct(plain.ffmpegPerCamera)} without, ` +
        `${pct(masked.ffmpegPerCamera)} with (x${(masked.ffmpegPerCamera / plain.ffmpegPerCamera).toFixed(1)}); kept up: ${masked.keptUp ? 'yes' : 'no'}.`,
    );
  }
  if (allLatencies.length)
    console.log(
      `\nmotion.started handed to the bus ${quantile(allLatencies, 0.5).toFixed(1)} ms (p50) / ${quantile(allLatencies, 0.95).toFixed(1)} ms (p95) ` +
        `after the frame reached the detector; all in-process subscribers (alert delivery included) done after ` +
        `${quantile(allDelivered, 0.5).toFixed(1)} / ${quantile(allDelivered, 0.95).toFixed(1)} ms (${allLatencies.length} events).`,
    );
} finally {
  await server.stop();
}
