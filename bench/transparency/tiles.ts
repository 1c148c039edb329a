// Serving the public log as C2SP tlog-tiles at 1M entries: time and rows read per full level-0 hash tile and per
// entry bundle (through the service, then over HTTP), and `verify --full` through the entries endpoint beside
// `verify --tiles` on the same server, in one run.
// Run: node --import tsx bench/transparency/tiles.ts [--size 1000000] [--samples 2000] [--skip-verify]
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { DB } from '../../src/db/schema.js';
import { formatTilePath, tileWidthAt } from '../../src/transparency/tiles.js';
import { verifyLog } from '../../src/transparency/verifier.js';
import { benchService, Counter, logFixture, percentile, random, serveFixture } from './fixture.js';

const { values } = parseArgs({
  options: {
    size: { type: 'string', default: '1000000' },
    samples: { type: 'string', default: '2000' },
    'skip-verify': { type: 'boolean', default: false },
  },
});
const SIZE = Number(values.size);
const SAMPLES = Number(values.samples);

async function measure(
  counter: Counter | undefined,
  work: (i: number) => Promise<number>,
): Promise<{ p50: number; p99: number; queries: number; rows: number; bytes: number }> {
  for (let i = 0; i < 100; i++) await work(i);
  if (counter) counter.queries = counter.rows = 0;
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < SAMPLES; i++) {
    const t0 = process.hrtime.bigint();
    bytes += await work(i);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  times.sort((a, b) => a - b);
  return {
    p50: percentile(times, 50),
    p99: percentile(times, 99),
    queries: counter ? counter.queries / SAMPLES : NaN,
    rows: counter ? counter.rows / SAMPLES : NaN,
    bytes: bytes / SAMPLES,
  };
}

const lines: string[] = [];
function row(what: string, r: Awaited<ReturnType<typeof measure>>): void {
  const n = (x: number) => (Number.isNaN(x) ? '–' : x.toFixed(1));
  const line = `| ${what} | ${r.p50.toFixed(3)} | ${r.p99.toFixed(3)} | ${n(r.queries)} | ${n(r.rows)} | ${Math.round(r.bytes).toLocaleString('en')} |`;
  lines.push(line);
  console.error(line);
}

console.log(
  `Public log tiles — ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, node ${process.version}, ` +
    `${new Date().toISOString()}, load ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
);
const fixture = await logFixture(SIZE, true);
const fullTiles = Math.floor(SIZE / 256);
if (fullTiles < 1 || tileWidthAt(SIZE, 0, fullTiles - 1) !== 256)
  throw new Error('the log needs a full tile');
const rnd = random(SIZE);
const picks = Array.from({ length: SAMPLES + 100 }, () => Math.floor(rnd() * fullTiles));

// Through the service and repository, on a Kysely handle that counts statements and rows.
const counter = new Counter();
const sqlite = new SqliteDatabase(path.join(fixture.dir, 'porchlight.db'));
sqlite.pragma('journal_mode = WAL');
const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: sqlite }), plugins: [counter] });
const service = benchService(db);
row(
  'service: full level-0 hash tile',
  await measure(counter, async (i) => (await service.hashTile(0, picks[i]!, 256)).length),
);
row(
  'service: full entry bundle',
  await measure(counter, async (i) => (await service.entryBundle(picks[i]!, 256)).length),
);
row(
  'service: level-1 hash tile',
  await measure(counter, async () => (await service.hashTile(1, 0, tileWidthAt(SIZE, 1, 0))).length),
);
await db.destroy();

const { runtime, server, key } = await serveFixture(fixture.dir);
try {
  const tlog = `${server}/api/v1/transparency/tlog`;

  // Over HTTP on loopback: the whole request, as a mirror sees it (size is the bytes on the wire).
  const get = async (url: string, gzip: boolean): Promise<number> => {
    const res = await fetch(url, { headers: { 'accept-encoding': gzip ? 'gzip' : 'identity' } });
    if (res.status !== 200) throw new Error(`${url}: ${res.status}`);
    await res.arrayBuffer();
    return Number(res.headers.get('content-length') ?? 0);
  };
  const tileUrl = (i: number) =>
    `${tlog}/${formatTilePath({ kind: 'hashes', level: 0, index: picks[i]!, width: 256 })}`;
  const bundleUrl = (i: number) =>
    `${tlog}/${formatTilePath({ kind: 'entries', index: picks[i]!, width: 256 })}`;
  row('HTTP: full level-0 hash tile', await measure(undefined, (i) => get(tileUrl(i), false)));
  row('HTTP: full entry bundle, gzip', await measure(undefined, (i) => get(bundleUrl(i), true)));
  row('HTTP: full entry bundle, identity', await measure(undefined, (i) => get(bundleUrl(i), false)));
  row(
    'HTTP: entries page of 256 (JSON), for comparison',
    await measure(undefined, (i) =>
      get(
        `${server}/api/v1/transparency/entries?start=${picks[i]! * 256}&end=${picks[i]! * 256 + 256}`,
        true,
      ),
    ),
  );

  console.log(`\nTile serving at ${SIZE.toLocaleString('en')} entries, ${SAMPLES} random full tiles each`);
  console.log('\n| what | p50 ms | p99 ms | queries | rows read | bytes |');
  console.log('|---|---:|---:|---:|---:|---:|');
  console.log(lines.join('\n'));

  if (!values['skip-verify']) {
    // The same server, the same checkpoint: pages of the entries endpoint, then tiles.
    const counted = () => {
      const c = { requests: 0, bytes: 0 };
      const f: typeof fetch = async (url, init) => {
        const res = await fetch(url, init);
        c.requests++;
        c.bytes += Number(res.headers.get('content-length') ?? 0);
        return res;
      };
      return { c, f };
    };
    const results: string[] = [];
    for (const via of ['entries', 'tiles'] as const) {
      const { c, f } = counted();
      const t0 = Date.now();
      let last = 0;
      const r = await verifyLog({
        server,
        key,
        full: true,
        tiles: via === 'tiles',
        fetch: f,
        onProgress: (done, total) => {
          if (done - last >= 200_000 || done === total) {
            last = done;
            process.stderr.write(
              `  ${via}: ${done} / ${total} (${((Date.now() - t0) / 1000).toFixed(1)} s)\n`,
            );
          }
        },
      });
      const s = (Date.now() - t0) / 1000;
      results.push(
        `| ${via === 'tiles' ? '`verify --tiles` (bundles + hash tiles)' : '`verify --full` (entries endpoint)'} | ` +
          `${r.entriesChecked.toLocaleString('en')} | ${s.toFixed(1)} s | ${Math.round(r.entriesChecked / s).toLocaleString('en')} | ` +
          `${c.requests.toLocaleString('en')} | ${(c.bytes / 1e6).toFixed(0)} MB |`,
      );
      console.error(results.at(-1));
    }
    console.log(
      `\nverify on ${SIZE.toLocaleString('en')} entries, same server and checkpoint, one after the other`,
    );
    console.log('\n| how | entries | time | entries/s | HTTP requests | bytes on the wire |');
    console.log('|---|---:|---:|---:|---:|---:|');
    console.log(results.join('\n'));
  }
  console.log(
    `\nload at the end: ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
} finally {
  await runtime.close();
}
