import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { hashLeaf, rootFromLeafHashes } from '../../src/transparency/merkle.js';
import { VerificationError, verifyLog, type VerificationCode } from '../../src/transparency/verifier.js';
import { DIALECTS, startTestRuntime, type TestRuntime } from '../support/runtime.js';
import { appendEntries, dropAppendOnlyTriggers, listen, truncateLog } from './support.js';

const BIN = path.resolve('bin/porchlight.js');

/** Run `porchlight verify` as a real process; resolves with its exit code and output. */
function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME };
    if (!process.env.PORCHLIGHT_TEST_USE_DIST) env.PORCHLIGHT_FROM_SOURCE = '1';
    const child = spawn(process.execPath, [BIN, ...args], { env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

const urlOf = (url: string | URL | Request): string => (url instanceof Request ? url.url : url.toString());

async function rejectsWith(run: Promise<unknown>, code: VerificationCode): Promise<VerificationError> {
  let caught: unknown;
  await run.catch((e: unknown) => (caught = e));
  assert.ok(caught instanceof VerificationError, `expected VerificationError ${code}, got ${String(caught)}`);
  assert.equal(caught.code, code, caught.message);
  return caught;
}

for (const dialect of DIALECTS) {
  describe(`porchlight verify against a real server on ${dialect}`, () => {
    let t: TestRuntime;
    let server: string;
    let key: string;
    let stateDir: string;
    before(async () => {
      t = await startTestRuntime(dialect);
      server = await listen(t.runtime);
      key = t.runtime.transparency!.verifierKey();
      stateDir = path.join(t.dataDir, 'verifier');
    });
    after(() => t.close());

    const state = (name: string) => path.join(stateDir, `${name}.json`);

    test('an honest log verifies, fully and incrementally, and the state file follows it', async () => {
      await appendEntries(t.runtime, 10, 3);
      await t.runtime.transparency!.checkpointNow();
      const first = await verifyLog({ server, key, stateFile: state('honest'), full: true });
      assert.equal(first.size, 10);
      assert.equal(first.entriesChecked, 10);
      assert.equal(first.consistentWith, null);
      await appendEntries(t.runtime, 7, 2, 10);
      await t.runtime.transparency!.checkpointNow();
      const second = await verifyLog({ server, key, stateFile: state('honest') });
      assert.equal(second.size, 17);
      assert.equal(second.consistentWith, 10, 'proved consistent with the checkpoint seen before');
      const saved = JSON.parse(fs.readFileSync(state('honest'), 'utf8')) as { size: number };
      assert.equal(saved.size, 17);
    });

    test('a wrong key, or a state file someone edited, is refused', async () => {
      const other = (await startTestRuntime('sqlite')).runtime;
      try {
        await rejectsWith(
          verifyLog({ server, key: other.transparency!.verifierKey() }),
          'ERR_VERIFY_SIGNATURE',
        );
      } finally {
        await other.close();
      }
      await verifyLog({ server, key, stateFile: state('edited') });
      const s = JSON.parse(fs.readFileSync(state('edited'), 'utf8')) as { checkpoint: string };
      const lines = s.checkpoint.split('\n');
      lines[1] = '3';
      fs.writeFileSync(state('edited'), JSON.stringify({ ...s, checkpoint: lines.join('\n') }));
      await rejectsWith(verifyLog({ server, key, stateFile: state('edited') }), 'ERR_VERIFY_STATE');
    });

    test('--full catches a stored leaf edited behind the server’s back, as a real process exiting non-zero', async () => {
      const ok = await runCli(['verify', '--server', server, '--key', key, '--full']);
      assert.equal(ok.code, 0, ok.stderr);
      assert.match(ok.stdout, /porchlight verify: OK porchlight\.local\/log size \d+/);

      // An attacker with database access drops the trigger and rewrites what entry 3 says.
      await dropAppendOnlyTriggers(t.runtime);
      const db = t.runtime.database.db;
      const row = await sql<{ entry: string }>`select entry from transparency_leaves where idx = 3`.execute(
        db,
      );
      const forged = row.rows[0]!.entry.replace(/"access":"(view|download)"/, '"access":"deleted"');
      assert.notEqual(forged, row.rows[0]!.entry);
      await sql`update transparency_leaves set entry = ${forged} where idx = 3`.execute(db);

      // Without --full only the newest entry is checked: this is what --full is for.
      assert.equal((await verifyLog({ server, key })).entriesChecked, 1);
      const caught = await runCli(['verify', '--server', server, '--key', key, '--full']);
      assert.equal(caught.code, 1);
      assert.match(caught.stderr, /FAILED \(ERR_VERIFY_LEAF\): entry 3 does not hash to its leaf hash/);

      // A careful attacker also rewrites the leaf hash: the entries no longer sum to the signed root.
      const leafHash = Buffer.from(hashLeaf(new TextEncoder().encode(forged))).toString('hex');
      await sql`update transparency_leaves set leaf_hash = ${leafHash} where idx = 3`.execute(db);
      await rejectsWith(verifyLog({ server, key, full: true }), 'ERR_VERIFY_ROOT');

      // And an entry rewritten to carry personal data is refused as not an allowed entry (P8).
      const leaky = forged.replace('{', '{"name":"Jane Doe",');
      await sql`update transparency_leaves set entry = ${leaky} where idx = 3`.execute(db);
      await rejectsWith(verifyLog({ server, key, full: true }), 'ERR_VERIFY_ENTRY');
    });
  });

  describe(`porchlight verify --tiles against a real server on ${dialect}`, () => {
    let t: TestRuntime;
    let server: string;
    let key: string;
    before(async () => {
      t = await startTestRuntime(dialect);
      server = await listen(t.runtime);
      key = t.runtime.transparency!.verifierKey();
      // 300 entries: a full level-0 tile, a partial one of 44, and a level-1 tile holding the full one's root.
      await appendEntries(t.runtime, 300, 60);
      await t.runtime.transparency!.checkpointNow();
    });
    after(() => t.close());

    test('a server without tiles, or a tile of the wrong length, is refused with a clear message', async () => {
      const noTiles: typeof fetch = async (url, init) =>
        urlOf(url).includes('/tlog/')
          ? new Response('{"code":"ERR_ROUTE_NOT_FOUND"}', { status: 404 })
          : fetch(url, init);
      const refused = await rejectsWith(
        verifyLog({ server, key, tiles: true, fetch: noTiles }),
        'ERR_VERIFY_HTTP',
      );
      assert.match(refused.message, /does not serve its log as tiles/);

      const short: typeof fetch = async (url, init) => {
        const res = await fetch(url, init);
        if (!urlOf(url).endsWith('/tlog/tile/0/001.p/44')) return res;
        return new Response((await res.arrayBuffer()).slice(32), { status: 200 });
      };
      const cut = await rejectsWith(verifyLog({ server, key, tiles: true, fetch: short }), 'ERR_VERIFY_TILE');
      assert.match(cut.message, /tile\/0\/001\.p\/44: a tile of width 44 is 1408 bytes, this one is 1376/);
    });

    test('--tiles catches a stored leaf edited behind the server’s back, then forged tiles, as a real process', async () => {
      const ok = await runCli(['verify', '--server', server, '--key', key, '--tiles']);
      assert.equal(ok.code, 0, ok.stderr);
      assert.match(ok.stdout, /porchlight verify: OK porchlight\.local\/log size 300/);
      assert.match(ok.stdout, /all 300 entries allowed and hashed from the entry bundles; every hash tile/);

      // An attacker with database access drops the trigger and rewrites what entry 3 says.
      await dropAppendOnlyTriggers(t.runtime);
      const db = t.runtime.database.db;
      const row = await sql<{ entry: string }>`select entry from transparency_leaves where idx = 3`.execute(
        db,
      );
      const forged = row.rows[0]!.entry.replace(/"access":"(view|download)"/, '"access":"deleted"');
      assert.notEqual(forged, row.rows[0]!.entry);
      await sql`update transparency_leaves set entry = ${forged} where idx = 3`.execute(db);

      const caught = await runCli(['verify', '--server', server, '--key', key, '--tiles']);
      assert.equal(caught.code, 1);
      assert.match(
        caught.stderr,
        /FAILED \(ERR_VERIFY_LEAF\): entry 3 does not hash to its leaf hash in tile\/0\/000: it was altered/,
      );

      // A careful attacker also rewrites the leaf hash in the node table, which level-0 tiles are served from:
      // the level-1 tile still holds the old root of tile 0.
      const leaf = Buffer.from(hashLeaf(new TextEncoder().encode(forged))).toString('hex');
      await sql`update transparency_leaves set leaf_hash = ${leaf} where idx = 3`.execute(db);
      await sql`update transparency_nodes set hash = ${leaf} where level = 0 and idx = 3`.execute(db);
      const tile = await rejectsWith(verifyLog({ server, key, tiles: true }), 'ERR_VERIFY_TILE');
      assert.match(tile.message, /hash 0 of tile\/1\/000\.p\/1 is not the root of tile\/0\/000 below it/);

      // And rewrites the level-1 hash to match: now only the signed root is left, and it does not match.
      const level0 = await sql<{ hash: string }>`
        select hash from transparency_nodes where level = 0 and idx < 256 order by idx`.execute(db);
      const tileRoot = rootFromLeafHashes(level0.rows.map((r) => new Uint8Array(Buffer.from(r.hash, 'hex'))));
      await sql`update transparency_nodes set hash = ${Buffer.from(tileRoot).toString('hex')}
        where level = 8 and idx = 0`.execute(db);
      await rejectsWith(verifyLog({ server, key, tiles: true }), 'ERR_VERIFY_ROOT');

      // An entry rewritten to carry personal data is refused as not an allowed entry (P8).
      const leaky = forged.replace('{', '{"name":"Jane Doe",');
      await sql`update transparency_leaves set entry = ${leaky} where idx = 3`.execute(db);
      await rejectsWith(verifyLog({ server, key, tiles: true }), 'ERR_VERIFY_ENTRY');
    });
  });

  describe(`porchlight verify catches a rolled-back or forked log on ${dialect}`, () => {
    let t: TestRuntime;
    let server: string;
    let key: string;
    before(async () => {
      t = await startTestRuntime(dialect);
      server = await listen(t.runtime);
      key = t.runtime.transparency!.verifierKey();
    });
    after(() => t.close());

    test('the state file’s checkpoint catches a truncated log, then a rewritten history, and is never overwritten by them', async () => {
      const stateFile = path.join(t.dataDir, 'verifier-state.json');
      await appendEntries(t.runtime, 12, 4);
      await t.runtime.transparency!.checkpointNow();
      assert.equal((await verifyLog({ server, key, stateFile, full: true })).size, 12);
      const remembered = fs.readFileSync(stateFile, 'utf8');

      // Restore "an older copy": the log is cut back to 5 entries and the server signs that.
      await truncateLog(t.runtime, 5);
      const rollback = await rejectsWith(verifyLog({ server, key, stateFile }), 'ERR_VERIFY_ROLLBACK');
      assert.match(rollback.message, /shrank from 12 to 5 entries/);
      assert.equal(fs.readFileSync(stateFile, 'utf8'), remembered, 'a failed run leaves the state as it was');

      // The log grows past its old size with a different history: a consistency proof cannot exist.
      await appendEntries(t.runtime, 10, 5, 500);
      await t.runtime.transparency!.checkpointNow();
      await rejectsWith(verifyLog({ server, key, stateFile }), 'ERR_VERIFY_INCONSISTENT');
      await rejectsWith(verifyLog({ server, key, stateFile, full: true }), 'ERR_VERIFY_INCONSISTENT');
      assert.equal(fs.readFileSync(stateFile, 'utf8'), remembered);

      // A verifier with no memory sees a self-consistent log: remembering checkpoints is what catches forks.
      assert.equal((await verifyLog({ server, key, full: true })).size, 15);
    });
  });
}
