import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LocalBlobStore } from '../../src/adapters/local-blob-store.js';
import { InProcessBus } from '../../src/adapters/in-process-bus.js';
import { blobStoreContract } from './blob-store.contract.js';
import { busContract } from './bus.contract.js';

blobStoreContract('LocalBlobStore', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'porchlight-blobs-'));
  return {
    store: new LocalBlobStore(dir),
    cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }),
  };
});

busContract('InProcessBus', async () => new InProcessBus());
