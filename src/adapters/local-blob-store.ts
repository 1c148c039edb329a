import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { BlobInfo, BlobStore } from '../ports/blob-store.js';
import { AppError } from '../shared/errors.js';
import { newToken } from '../shared/tokens.js';

/** Blob storage on local disk under one root folder; writes go to a temp file and are renamed into place. */
export class LocalBlobStore implements BlobStore {
  constructor(private readonly root: string) {
    fs.mkdirSync(root, { recursive: true });
  }

  private resolve(key: string): string {
    // Keys come from our own code, but a key that escapes the root must never touch the filesystem.
    if (
      !/^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/.test(key) ||
      key.split('/').some((p) => p === '..' || p === '.')
    )
      throw new Error(`invalid blob key ${JSON.stringify(key)}`);
    return path.join(this.root, key);
  }

  /** Store bytes or a stream atomically. */
  async put(key: string, body: Uint8Array | Readable): Promise<BlobInfo> {
    const file = this.resolve(key);
    await fsp.mkdir(path.dirname(file), { recursive: true });
    const tmp = `${file}.${newToken(6)}.tmp`;
    try {
      if (body instanceof Uint8Array) await fsp.writeFile(tmp, body);
      else await pipeline(body, fs.createWriteStream(tmp));
      await fsp.rename(tmp, file);
    } catch (e) {
      await fsp.rm(tmp, { force: true });
      throw e;
    }
    const st = await fsp.stat(file);
    return { key, size: st.size };
  }

  /** Stream an object, or the inclusive byte range asked for. */
  async get(key: string, range?: { start: number; end: number }): Promise<Readable> {
    const file = this.resolve(key);
    if (range && !(Number.isSafeInteger(range.start) && range.start >= 0 && range.end >= range.start))
      throw new Error(`invalid byte range ${JSON.stringify(range)}`);
    try {
      const handle = await fsp.open(file, 'r');
      return range
        ? handle.createReadStream({ start: range.start, end: range.end })
        : handle.createReadStream();
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new AppError('ERR_NOT_FOUND');
      throw e;
    }
  }

  /** Size of an object, or undefined. */
  async stat(key: string): Promise<BlobInfo | undefined> {
    try {
      const st = await fsp.stat(this.resolve(key));
      return st.isFile() ? { key, size: st.size } : undefined;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
  }

  /** Remove an object. */
  async delete(key: string): Promise<void> {
    await fsp.rm(this.resolve(key), { force: true });
  }

  /** Keys under a prefix in lexical order. */
  async *list(prefix: string): AsyncIterable<BlobInfo> {
    const out: BlobInfo[] = [];
    const walk = async (dir: string, rel: string): Promise<void> => {
      let entries: fs.Dirent[];
      try {
        entries = await fsp.readdir(dir, { withFileTypes: true });
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
        throw e;
      }
      for (const e of entries) {
        const key = rel ? `${rel}/${e.name}` : e.name;
        if (e.isDirectory()) await walk(path.join(dir, e.name), key);
        else if (e.isFile() && !e.name.endsWith('.tmp') && key.startsWith(prefix))
          out.push({ key, size: (await fsp.stat(path.join(dir, e.name))).size });
      }
    };
    await walk(this.root, '');
    out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    yield* out;
  }
}

/** Bytes of a stream, for small objects and tests. */
export async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(c as Uint8Array));
  return Buffer.concat(chunks);
}
