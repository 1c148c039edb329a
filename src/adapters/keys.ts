import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

/**
 * Read a key file from the data dir, creating it with fresh random bytes on first start.
 * Written with mode 0600 and created exclusively, so two processes starting together agree on one key.
 */
export function loadOrCreateKey(dataDir: string, name: string, bytes: number): Buffer {
  const dir = path.join(dataDir, 'keys');
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, name);
  try {
    fs.writeFileSync(file, randomBytes(bytes), { flag: 'wx', mode: 0o600 });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  const key = fs.readFileSync(file);
  if (key.length !== bytes) throw new Error(`key file ${file} is damaged: expected ${bytes} bytes`);
  return key;
}
