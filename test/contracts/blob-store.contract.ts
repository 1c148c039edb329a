import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import type { BlobStore } from '../../src/ports/blob-store.js';

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.from(c as Uint8Array));
  return Buffer.concat(chunks);
}

/** The behaviour every BlobStore implementation (local disk now, S3-compatible later) must show. */
export function blobStoreContract(
  name: string,
  make: () => Promise<{ store: BlobStore; cleanup: () => Promise<void> }>,
): void {
  test(`${name}: put, stat, get, list and delete round-trip bytes and streams`, async () => {
    const { store, cleanup } = await make();
    try {
      const bytes = Buffer.from('hello porchlight');
      assert.deepEqual(await store.put('clips/a.bin', bytes), { key: 'clips/a.bin', size: bytes.length });
      await store.put('clips/b.bin', Readable.from([Buffer.alloc(70_000, 7), Buffer.alloc(5, 1)]));
      await store.put('snapshots/c.jpg', Buffer.from([1, 2, 3]));
      assert.deepEqual(await readAll(await store.get('clips/a.bin')), bytes);
      assert.equal((await store.stat('clips/b.bin'))?.size, 70_005);
      const listed: string[] = [];
      for await (const b of store.list('clips/')) listed.push(b.key);
      assert.deepEqual(listed, ['clips/a.bin', 'clips/b.bin']);
      await store.put('clips/a.bin', Buffer.from('replaced'));
      assert.equal((await readAll(await store.get('clips/a.bin'))).toString(), 'replaced');
      await store.delete('clips/a.bin');
      await store.delete('clips/a.bin');
      assert.equal(await store.stat('clips/a.bin'), undefined);
      await assert.rejects(store.get('clips/a.bin'), (e: { code?: string }) => e.code === 'ERR_NOT_FOUND');
    } finally {
      await cleanup();
    }
  });

  test(`${name}: a ranged read returns exactly the bytes asked for, clipped at the end`, async () => {
    const { store, cleanup } = await make();
    try {
      const data = Buffer.from(Array.from({ length: 200_000 }, (_, i) => (i * 31 + (i >> 8)) % 256));
      await store.put('clips/r.bin', Readable.from([data.subarray(0, 65_536), data.subarray(65_536)]));
      // Edges, chunk boundaries and pseudo-random spans (a fixed LCG keeps failures reproducible).
      const ranges: [number, number][] = [
        [0, 0],
        [0, 199_999],
        [199_999, 199_999],
        [65_535, 65_536],
        [150_000, 400_000],
      ];
      let seed = 7;
      for (let i = 0; i < 20; i++) {
        seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
        const start = seed % 200_000;
        seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
        ranges.push([start, start + (seed % 90_000)]);
      }
      for (const [start, end] of ranges)
        assert.deepEqual(
          await readAll(await store.get('clips/r.bin', { start, end })),
          data.subarray(start, end + 1),
          `bytes ${start}-${end}`,
        );
      await assert.rejects(
        store.get('clips/missing.bin', { start: 0, end: 9 }),
        (e: { code?: string }) => e.code === 'ERR_NOT_FOUND',
      );
    } finally {
      await cleanup();
    }
  });

  test(`${name}: keys that escape the store are refused`, async () => {
    const { store, cleanup } = await make();
    try {
      for (const key of ['../x', '/etc/passwd', 'a/../../b', '', 'a//b', 'a/./b', 'a\\b']) {
        await assert.rejects(store.put(key, Buffer.from('x')), `key ${JSON.stringify(key)}`);
      }
    } finally {
      await cleanup();
    }
  });

  test(`${name}: a failed stream leaves no partial object`, async () => {
    const { store, cleanup } = await make();
    try {
      const failing = new Readable({
        read() {
          this.push(Buffer.alloc(1000));
          this.destroy(new Error('camera went away'));
        },
      });
      await assert.rejects(store.put('clips/partial.bin', failing));
      assert.equal(await store.stat('clips/partial.bin'), undefined);
      const keys: string[] = [];
      for await (const b of store.list('')) keys.push(b.key);
      assert.deepEqual(keys, []);
    } finally {
      await cleanup();
    }
  });
}
