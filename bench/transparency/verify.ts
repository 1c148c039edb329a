// `porchlight verify --full` on a 1M-entry log: a real server (community role) on loopback over the bulk-loaded
// fixture, and the verifier downloading every entry, checking each against the allow-list, recomputing every
// leaf hash and the root. The quick check (signature, consistency, newest entry's inclusion) is timed beside it.
// Run: node --import tsx bench/transparency/verify.ts [--size 1000000]
import os from 'node:os';
import { parseArgs } from 'node:util';
import { verifyLog } from '../../src/transparency/verifier.js';
import { logFixture, serveFixture } from './fixture.js';

const { values } = parseArgs({ options: { size: { type: 'string', default: '1000000' } } });
const SIZE = Number(values.size);

console.log(
  `Public log verify — ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, node ${process.version}, ${new Date().toISOString()}`,
);
const fixture = await logFixture(SIZE, true);
const { runtime, server, key } = await serveFixture(fixture.dir);
try {
  let t0 = Date.now();
  const quick = await verifyLog({ server, key });
  console.log(
    `  quick verify (signature + newest entry's inclusion): ${Date.now() - t0} ms, size ${quick.size}`,
  );

  t0 = Date.now();
  let last = 0;
  const full = await verifyLog({
    server,
    key,
    full: true,
    onProgress: (done, total) => {
      if (done - last >= 200_000 || done === total) {
        last = done;
        process.stderr.write(`  ${done} / ${total} (${((Date.now() - t0) / 1000).toFixed(1)} s)\n`);
      }
    },
  });
  const seconds = (Date.now() - t0) / 1000;
  console.log(
    `  verify --full: ${full.entriesChecked.toLocaleString('en')} entries in ${seconds.toFixed(1)} s ` +
      `(${Math.round(full.entriesChecked / seconds).toLocaleString('en')} entries/s), root matches the signed checkpoint`,
  );
  console.log(
    `\n| log size | verify --full | entries/s | quick verify |\n|---:|---:|---:|---:|\n| ${SIZE.toLocaleString('en')} | ${seconds.toFixed(1)} s | ${Math.round(full.entriesChecked / seconds).toLocaleString('en')} | (see above) |`,
  );
} finally {
  await runtime.close();
}
