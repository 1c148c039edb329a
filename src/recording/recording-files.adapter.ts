import fsp from 'node:fs/promises';
import path from 'node:path';
import type { LocalFile, RecordingFiles } from './recording.ports.js';

const KEY = /^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*\/?$/;

/** Recording files on local disk under the blob store's root folder (the same layout LocalBlobStore uses). */
export class LocalRecordingFiles implements RecordingFiles {
  constructor(private readonly root: string) {}

  /** Absolute path of a key; a key that could escape the root is refused. */
  pathOf(key: string): string {
    if (!KEY.test(key) || key.split('/').some((p) => p === '..' || p === '.'))
      throw new Error(`invalid recording key ${JSON.stringify(key)}`);
    return path.join(this.root, key);
  }

  /** Create a folder. */
  async ensureDir(prefix: string): Promise<void> {
    await fsp.mkdir(this.pathOf(prefix), { recursive: true });
  }

  /** Size and mtime of a file. */
  async stat(key: string): Promise<LocalFile | undefined> {
    try {
      const st = await fsp.stat(this.pathOf(key));
      return st.isFile() ? { key, size: st.size, mtimeMs: st.mtimeMs } : undefined;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
  }

  /** Files directly in a folder, by name. */
  async list(prefix: string): Promise<LocalFile[]> {
    const dir = prefix.endsWith('/') ? prefix : `${prefix}/`;
    let names: string[];
    try {
      names = await fsp.readdir(this.pathOf(dir));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    }
    const out: LocalFile[] = [];
    for (const name of names.sort()) {
      const f = await this.stat(`${dir}${name}`).catch(() => undefined);
      if (f) out.push(f);
    }
    return out;
  }

  /** Free bytes available to this process on the root's file system. */
  async freeBytes(): Promise<number | null> {
    try {
      await fsp.mkdir(this.root, { recursive: true });
      const s = await fsp.statfs(this.root);
      return Number(s.bavail) * Number(s.bsize);
    } catch {
      return null;
    }
  }
}
