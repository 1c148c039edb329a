import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { AppError } from '../../src/shared/errors.js';
import type { NewLogEntry } from '../../src/transparency/entries.js';
import { decodeEntry } from '../../src/transparency/entries.js';
import { defaultLogOrigin, loadOrCreateLogKey } from '../../src/transparency/log-key.js';
import { MemoryTree } from '../../src/transparency/memory-tree.js';
import { hashLeaf, verifyConsistency, verifyInclusion } from '../../src/transparency/merkle.js';
import { openNote, parseCheckpoint, parseVerifierKey } from '../../src/transparency/note.js';
import { DIALECTS, startTestRuntime, type ApiClient, type TestRuntime } from '../support/runtime.js';
import { appendEntries, sampleEntry } from './support.js';

const b64 = (s: string) => new Uint8Array(Buffer.from(s, 'base64'));

interface Entries {
  treeSize: number;
  entries: { index: number; type: string; canonical: string; leafHash: string }[];
}

for (const dialect of DIALECTS) {
  describe(`public log storage and HTTP on ${dialect}`, () => {
    let t: TestRuntime;
    let anon: ApiClient;
    before(async () => {
      t = await startTestRuntime(dialect);
      anon = t.client();
    });
    after(() => t.close());

    const db = () => t.runtime.database.db;
    const log = () => t.runtime.transparency!;
    const size = async () =>
      (await anon.get<Entries>('/api/v1/transparency/entries?start=0&end=0')).body.treeSize;

    async function signedCheckpoint() {
      const key = (await anon.get('/api/v1/transparency/key')).raw.body.trim();
      const res = await anon.get('/api/v1/transparency/checkpoint');
      assert.equal(res.status, 200);
      assert.match(String(res.headers['content-type']), /^text\/plain/);
      const opened = openNote(res.raw.body, [parseVerifierKey(key)]);
      return parseCheckpoint(opened.text);
    }

    test("an entry commits with the caller's transaction, and a rolled-back action leaves no entry (P4)", async () => {
      const before = await size();
      await assert.rejects(
        db()
          .transaction()
          .execute(async (trx) => {
            await log().append(trx, sampleEntry(1));
            throw new Error('the action failed after its entry was appended');
          }),
        /the action failed/,
      );
      assert.equal(await size(), before, 'a rolled-back entry is not in the log');
      const appended = await db()
        .transaction()
        .execute((trx) => log().append(trx, sampleEntry(2)));
      assert.equal(appended.index, before);
      assert.equal(await size(), before + 1);
      const page = await anon.get<Entries>(`/api/v1/transparency/entries?start=${before}&end=${before + 1}`);
      assert.equal(page.body.entries[0]!.leafHash, appended.leafHash);
      assert.deepEqual(decodeEntry(page.body.entries[0]!.canonical), appended.entry);
    });

    test('append outside a transaction is refused, so an entry is never detached from its action', async () => {
      await assert.rejects(log().append(db(), sampleEntry(3)), /needs the transaction/);
    });

    test('an entry with personal data is refused before anything is written, and the action rolls back', async () => {
      const before = await size();
      const leaky = { ...sampleEntry(4), residentEmail: 'jane@example.org' } as unknown as NewLogEntry;
      let marker = false;
      await assert.rejects(
        db()
          .transaction()
          .execute(async (trx) => {
            await log().append(trx, leaky);
            marker = true;
          }),
        (e: unknown) => e instanceof AppError && e.code === 'ERR_LOG_ENTRY_REFUSED',
      );
      assert.equal(marker, false, 'the action after the refused append never ran');
      assert.equal(await size(), before);
    });

    test('the database refuses to change or remove leaves, nodes and checkpoints', async () => {
      await appendEntries(t.runtime, 3);
      await log().checkpointNow();
      const attempts = [
        sql`update transparency_leaves set entry = '{}' where idx = 0`,
        sql`update transparency_leaves set leaf_hash = ${'0'.repeat(64)}`,
        sql`delete from transparency_leaves where idx = 0`,
        sql`update transparency_nodes set hash = ${'0'.repeat(64)} where level = 0 and idx = 0`,
        sql`delete from transparency_nodes`,
        sql`update transparency_checkpoints set note = 'x'`,
        sql`delete from transparency_checkpoints`,
        ...(dialect === 'postgres'
          ? [
              sql`truncate transparency_leaves`,
              sql`truncate transparency_nodes`,
              sql`truncate transparency_checkpoints`,
            ]
          : []),
      ];
      for (const attempt of attempts)
        await assert.rejects(attempt.execute(db()), /append-only/, attempt.compile(db()).sql);
      const leaves = await sql<{ n: number | string }>`select count(*) as n from transparency_leaves`.execute(
        db(),
      );
      assert.equal(Number(leaves.rows[0]!.n), await size());
    });

    test('stored nodes give the in-memory tree’s roots and proofs, which verify against the signed checkpoint', async () => {
      // Batches of varied sizes, so nodes completed inside one batch and across batches are both exercised.
      for (const batch of [1, 2, 5, 1, 9, 3]) await appendEntries(t.runtime, batch, batch, 100);
      await log().checkpointNow();
      const cp = await signedCheckpoint();
      const all: Entries['entries'] = [];
      while (all.length < cp.size)
        all.push(
          ...(await anon.get<Entries>(`/api/v1/transparency/entries?start=${all.length}&end=${cp.size}`)).body
            .entries,
        );
      const leaves = all.map((e) => hashLeaf(new TextEncoder().encode(e.canonical)));
      all.forEach((e, i) => assert.equal(Buffer.from(leaves[i]!).toString('hex'), e.leafHash));
      const tree = MemoryTree.fromLeafHashes(leaves);
      assert.deepEqual(tree.root(), cp.rootHash);
      let checked = 0;
      for (let n = 1; n <= cp.size; n++) {
        for (let i = 0; i < n; i += 1 + (n % 3)) {
          const r = await anon.get<{ leafHash: string; hashes: string[] }>(
            `/api/v1/transparency/proof/inclusion?index=${i}&size=${n}`,
          );
          assert.equal(r.status, 200);
          assert.equal(r.body.leafHash, all[i]!.leafHash);
          verifyInclusion(leaves[i]!, i, n, r.body.hashes.map(b64), tree.root(n));
          checked++;
        }
        for (let m = 0; m <= n; m += 1 + (n % 4)) {
          const r = await anon.get<{ hashes: string[] }>(
            `/api/v1/transparency/proof/consistency?first=${m}&second=${n}`,
          );
          assert.equal(r.status, 200);
          verifyConsistency(m, n, r.body.hashes.map(b64), tree.root(m), tree.root(n));
          checked++;
        }
      }
      assert.ok(checked > 200, `checked ${checked} proofs`);
    });

    test('a new checkpoint covers new entries within a second of their append, without being asked', async () => {
      const before = (await signedCheckpoint()).size;
      const appended = await appendEntries(t.runtime, 2);
      const start = Date.now();
      let cp = await signedCheckpoint();
      while (cp.size < before + 2 && Date.now() - start < 2000) {
        await new Promise((r) => setTimeout(r, 25));
        cp = await signedCheckpoint();
      }
      const elapsed = Date.now() - start;
      assert.ok(cp.size >= appended.at(-1)!.index + 1, 'the checkpoint covers the new entries');
      assert.ok(elapsed < 1000, `signed after ${elapsed} ms`);
    });

    test('appends in concurrent transactions get distinct consecutive indices and build one tree', async () => {
      const before = await size();
      const results = await Promise.all(
        Array.from({ length: 24 }, (_, k) =>
          db()
            .transaction()
            .execute(async (trx) => {
              const out = await log().appendMany(trx, [sampleEntry(1000 + 2 * k), sampleEntry(1001 + 2 * k)]);
              // Hold the transaction open a moment so appenders really overlap on PostgreSQL.
              await new Promise((r) => setTimeout(r, k % 3));
              return out;
            }),
        ),
      );
      const indices = results
        .flat()
        .map((a) => a.index)
        .sort((a, b) => a - b);
      assert.deepEqual(
        indices,
        Array.from({ length: 48 }, (_, i) => before + i),
      );
      for (const r of results) assert.equal(r[1]!.index, r[0]!.index + 1, 'a batch stays contiguous');
      await log().checkpointNow();
      const cp = await signedCheckpoint();
      const all: Entries['entries'] = [];
      while (all.length < cp.size)
        all.push(
          ...(await anon.get<Entries>(`/api/v1/transparency/entries?start=${all.length}&end=${cp.size}`)).body
            .entries,
        );
      const tree = MemoryTree.fromLeafHashes(all.map((e) => hashLeaf(new TextEncoder().encode(e.canonical))));
      assert.deepEqual(tree.root(), cp.rootHash, 'the signed root is the root of the stored leaves');
    });

    test('entries come in bounded pages; bad ranges and parameters get 400 with a catalogue code', async () => {
      await appendEntries(t.runtime, 1100, 550, 5000);
      const n = await size();
      const page = await anon.get<Entries>(`/api/v1/transparency/entries?start=0&end=${n}`);
      assert.equal(page.body.entries.length, 1000, 'one page is at most 1000 entries');
      assert.deepEqual(
        page.body.entries.map((e) => e.index),
        Array.from({ length: 1000 }, (_, i) => i),
      );
      const tail = await anon.get<Entries>(`/api/v1/transparency/entries?start=${n - 2}&end=${n + 50}`);
      assert.equal(tail.body.entries.length, 2, 'a range past the end is cut at the end');
      const cases: [string, string][] = [
        [`entries?start=5&end=4`, 'ERR_LOG_RANGE'],
        [`entries?start=${n + 1}&end=${n + 2}`, 'ERR_LOG_RANGE'],
        ['entries?start=-1&end=4', 'ERR_VALIDATION'],
        ['entries?start=a&end=4', 'ERR_VALIDATION'],
        ['entries?start=1.5&end=4', 'ERR_VALIDATION'],
        ['entries?end=4', 'ERR_VALIDATION'],
        [`proof/inclusion?index=${n}&size=${n}`, 'ERR_LOG_RANGE'],
        [`proof/inclusion?index=0&size=${n + 1}`, 'ERR_LOG_RANGE'],
        ['proof/inclusion?index=0&size=0', 'ERR_LOG_RANGE'],
        ['proof/inclusion?index=0', 'ERR_VALIDATION'],
        ['proof/inclusion?index=0&size=99999999999999999999', 'ERR_VALIDATION'],
        [`proof/consistency?first=3&second=2`, 'ERR_LOG_RANGE'],
        [`proof/consistency?first=1&second=${n + 1}`, 'ERR_LOG_RANGE'],
        ['proof/consistency?first=1', 'ERR_VALIDATION'],
      ];
      for (const [url, code] of cases) {
        const r = await anon.get(`/api/v1/transparency/${url}`);
        assert.equal(r.status, 400, url);
        assert.equal(r.body.code, code, url);
      }
    });
  });
}

describe('the log key', () => {
  test('is made on first start, read back after, and pins the origin', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'porchlight-logkey-'));
    try {
      const first = loadOrCreateLogKey(dir, undefined, 'council.example.org/log');
      assert.equal(first.name, 'council.example.org/log');
      assert.equal(fs.statSync(path.join(dir, 'keys', 'transparency-log.key')).mode & 0o777, 0o600);
      const again = loadOrCreateLogKey(dir, undefined, 'other.example.org/log');
      assert.equal(again.verifierKey, first.verifierKey, 'the key and its origin survive a restart');
      assert.equal(
        loadOrCreateLogKey(dir, 'council.example.org/log', 'x/log').verifierKey,
        first.verifierKey,
      );
      assert.throws(
        () => loadOrCreateLogKey(dir, 'elsewhere.example.org/log', 'x/log'),
        /cannot change its origin/,
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the default origin is the public URL’s host and path + /log', () => {
    assert.equal(defaultLogOrigin(undefined), 'porchlight.local/log');
    assert.equal(defaultLogOrigin('https://council.example.org'), 'council.example.org/log');
    assert.equal(defaultLogOrigin('https://example.org:8443/porchlight/'), 'example.org:8443/porchlight/log');
  });
});
