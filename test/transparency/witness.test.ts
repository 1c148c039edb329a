import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { decodeEntry, sha256Hex } from '../../src/transparency/entries.js';
import {
  cosignCheckpoint,
  generateNoteKey,
  openNote,
  parseSignerKey,
  parseVerifierKey,
} from '../../src/transparency/note.js';
import { VerificationError } from '../../src/transparency/verifier.js';
import { witnessOnce } from '../../src/transparency/witness.js';
import { setupAdmin, signedInAs } from '../support/factories.js';
import { DIALECTS, startTestRuntime, type ApiClient, type TestRuntime } from '../support/runtime.js';
import { appendEntries, listen, truncateLog } from './support.js';

const BIN = path.resolve('bin/porchlight.js');

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

interface Witness {
  name: string;
  keyId: string;
  verifierKey: string;
  entryIndex: number;
  lastCosigned: { size: number; timestamp: number } | null;
}

for (const dialect of DIALECTS) {
  describe(`witnesses on ${dialect}`, () => {
    let t: TestRuntime;
    let server: string;
    let logKey: string;
    let oversight: ApiClient;
    let anon: ApiClient;
    const witness = generateNoteKey('witness.example.org', 'cosignature');
    before(async () => {
      t = await startTestRuntime(dialect, { config: { signinRateLimit: 1000 } });
      server = await listen(t.runtime);
      logKey = t.runtime.transparency!.verifierKey();
      const admin = await setupAdmin(t);
      oversight = (await signedInAs(t, admin, 'oversight')).client;
      anon = t.client();
    });
    after(() => t.close());

    const stateFile = (name: string) => path.join(t.dataDir, `witness-${name}.json`);
    const witnesses = async () =>
      (await anon.get<{ witnesses: Witness[] }>('/api/v1/transparency/witnesses')).body.witnesses;

    test('oversight registers a witness key, and the registration is itself a log entry', async () => {
      const r = await oversight.post<Witness>('/api/v1/transparency/witnesses', {
        verifierKey: witness.verifierKey,
      });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      assert.equal(r.body.name, 'witness.example.org');
      const page = await anon.get<{ entries: { canonical: string }[] }>(
        `/api/v1/transparency/entries?start=${r.body.entryIndex}&end=${r.body.entryIndex + 1}`,
      );
      const entry = decodeEntry(page.body.entries[0]!.canonical);
      assert.equal(entry.type, 'witness.registered');
      assert.deepEqual(entry.actor, { class: 'oversight', organisation: 'City Council' });
      assert.deepEqual((entry as { refs: unknown }).refs, { key: sha256Hex(witness.verifierKey) });
      assert.deepEqual(
        (await witnesses()).map((w) => [w.name, w.verifierKey, w.lastCosigned]),
        [['witness.example.org', witness.verifierKey, null]],
      );

      const again = await oversight.post('/api/v1/transparency/witnesses', {
        verifierKey: witness.verifierKey,
      });
      assert.equal(again.body.code, 'ERR_CONFLICT');
      const logKeyAsWitness = await oversight.post('/api/v1/transparency/witnesses', {
        verifierKey: generateNoteKey('not-a-witness').verifierKey,
      });
      assert.equal(logKeyAsWitness.status, 400);
      assert.equal(logKeyAsWitness.body.code, 'ERR_WITNESS_KEY_INVALID');
    });

    test('a registered witness cosigns, and the checkpoint then carries its verified cosignature', async () => {
      await appendEntries(t.runtime, 6, 2);
      await t.runtime.transparency!.checkpointNow();
      const r = await witnessOnce({
        server,
        logKey,
        witnessKey: witness.signerKey,
        stateFile: stateFile('a'),
      });
      assert.equal(r.consistentWith, null);
      const note = (await anon.get('/api/v1/transparency/checkpoint')).raw.body;
      const opened = openNote(note, [parseVerifierKey(logKey), parseVerifierKey(witness.verifierKey)]);
      assert.deepEqual(
        opened.signatures.map((s) => [s.name, s.type]),
        [
          ['porchlight.local/log', 'ed25519'],
          ['witness.example.org', 'cosignature'],
        ],
      );
      assert.equal(opened.signatures[1]!.timestamp, r.timestamp);
      assert.deepEqual((await witnesses())[0]!.lastCosigned, { size: r.size, timestamp: r.timestamp });

      await appendEntries(t.runtime, 5, 5, 10);
      await t.runtime.transparency!.checkpointNow();
      const next = await witnessOnce({
        server,
        logKey,
        witnessKey: witness.signerKey,
        stateFile: stateFile('a'),
      });
      assert.equal(next.consistentWith, r.size, 'the second cosignature follows a consistency check');
      assert.equal(next.size, r.size + 5);
    });

    test('cosignatures from an unregistered key, with a bad signature or for no checkpoint are refused', async () => {
      const stranger = generateNoteKey('stranger.example.org', 'cosignature');
      let caught: unknown;
      await witnessOnce({
        server,
        logKey,
        witnessKey: stranger.signerKey,
        stateFile: stateFile('stranger'),
      }).catch((e: unknown) => (caught = e));
      assert.ok(caught instanceof VerificationError);
      assert.match(caught.message, /answered 403 ERR_WITNESS_UNKNOWN/);

      const cp = await t.runtime.transparency!.checkpointNow();
      const text = cp.note.slice(0, cp.note.indexOf('\n\n') + 1);
      const good = cosignCheckpoint(text, parseSignerKey(witness.signerKey), 1_900_000_000);
      // Same witness and key id, but the signature is over other text.
      const forged = cosignCheckpoint(
        text.replace(/^(.*\n)(\d+)\n/, (_m, origin: string, n: string) => `${origin}${Number(n) + 1}\n`),
        parseSignerKey(witness.signerKey),
        1_900_000_000,
      );
      const post = (size: number, cosignature: string) =>
        anon.request('POST', '/api/v1/transparency/cosignatures', { size, cosignature }, { csrf: false });
      const bad = await post(cp.size, forged);
      assert.equal(bad.status, 422);
      assert.equal(bad.body.code, 'ERR_COSIGNATURE_INVALID');
      const noSuch = await post(cp.size + 1000, good);
      assert.equal(noSuch.status, 404);
      assert.equal((await post(cp.size, good)).status, 201, 'a witness needs no session or CSRF token');
    });

    test('a witness refuses to cosign a log that does not extend what it cosigned before', async () => {
      await appendEntries(t.runtime, 4, 4, 20);
      await t.runtime.transparency!.checkpointNow();
      const cosigned = await witnessOnce({
        server,
        logKey,
        witnessKey: witness.signerKey,
        stateFile: stateFile('b'),
      });
      const remembered = fs.readFileSync(stateFile('b'), 'utf8');

      await truncateLog(t.runtime, cosigned.size - 3);
      await appendEntries(t.runtime, 8, 4, 900);
      await t.runtime.transparency!.checkpointNow();
      let caught: unknown;
      await witnessOnce({ server, logKey, witnessKey: witness.signerKey, stateFile: stateFile('b') }).catch(
        (e: unknown) => (caught = e),
      );
      assert.ok(caught instanceof VerificationError);
      assert.equal(caught.code, 'ERR_VERIFY_INCONSISTENT');
      assert.equal(fs.readFileSync(stateFile('b'), 'utf8'), remembered, 'it remembers the honest checkpoint');
      assert.deepEqual(
        (await witnesses())[0]!.lastCosigned?.size,
        cosigned.size,
        'no cosignature of the forked log was posted',
      );
    });

    test('the witness CLI makes a key and cosigns as a real process', async () => {
      const keyFile = path.join(t.dataDir, 'cli-witness.key');
      const made = await runCli(['witness', 'keygen', '--name', 'cli-witness.example.org', '--out', keyFile]);
      assert.equal(made.code, 0, made.stderr);
      const verifierKey = made.stdout.trim();
      assert.equal(parseVerifierKey(verifierKey).type, 'cosignature');
      assert.equal(fs.statSync(keyFile).mode & 0o777, 0o600);
      assert.equal((await oversight.post('/api/v1/transparency/witnesses', { verifierKey })).status, 201);
      const args = ['witness', '--server', server, '--log-key', logKey, '--key', keyFile];
      const run = await runCli([...args, '--state', path.join(t.dataDir, 'cli-witness.json')]);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /cosigned porchlight\.local\/log size \d+ \(first checkpoint seen\)/);
      const again = await runCli(['witness', 'keygen', '--name', 'x', '--out', keyFile]);
      assert.equal(again.code, 1, 'a witness key is never overwritten');
    });
  });
}
