// The log's signing key lives in a file in the data dir, like the instance's other keys. This is the one
// filesystem touch of the transparency domain, kept apart from the service (which sees only a NoteSigner).
import fs from 'node:fs';
import path from 'node:path';
import { generateNoteKey, parseSignerKey, type NoteSigner } from './note.js';

/** Name of the key file under `<dataDir>/keys/`. */
export const LOG_KEY_FILE = 'transparency-log.key';

/** The origin a log gets when none is configured: the public URL's host and path + `/log`, or a local name. */
export function defaultLogOrigin(publicUrl: string | undefined): string {
  if (!publicUrl) return 'porchlight.local/log';
  const u = new URL(publicUrl);
  return `${u.host}${u.pathname.replace(/\/+$/, '')}/log`;
}

/**
 * Read the log's Ed25519 note signer key, creating it on first start (mode 0600, created exclusively so two
 * processes starting together agree on one key). The key's name is the checkpoint origin: once the log exists
 * its identity is fixed, so a configured origin that differs from the key's name stops the boot.
 */
export function loadOrCreateLogKey(
  dataDir: string,
  configuredOrigin: string | undefined,
  fallbackOrigin: string,
): NoteSigner {
  const dir = path.join(dataDir, 'keys');
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, LOG_KEY_FILE);
  try {
    const { signerKey } = generateNoteKey(configuredOrigin ?? fallbackOrigin);
    fs.writeFileSync(file, `${signerKey}\n`, { flag: 'wx', mode: 0o600 });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  const signer = parseSignerKey(fs.readFileSync(file, 'utf8').trim());
  if (configuredOrigin !== undefined && configuredOrigin !== signer.name)
    throw new Error(
      `the public log's key ${file} is for origin ${signer.name}, but PORCHLIGHT_LOG_ORIGIN is ${configuredOrigin}; ` +
        'a log cannot change its origin (start a new data dir for a new log)',
    );
  return signer;
}
