import type { Readable } from 'node:stream';

/** Metadata of a stored object. */
export interface BlobInfo {
  key: string;
  size: number;
}

/**
 * Object storage for footage, snapshots and exports. Keys are relative paths like `clips/abc.mp4`;
 * the local-disk implementation and an S3-compatible one honour the same contract.
 */
export interface BlobStore {
  /** Store bytes or a stream under a key, replacing any object there. */
  put(key: string, body: Uint8Array | Readable): Promise<BlobInfo>;
  /**
   * Read an object as a stream, whole or only the inclusive byte range `start..end` (clipped to the object's
   * end); rejects with ERR_NOT_FOUND when missing. Ranged reads let clip playback seek without reading the start.
   */
  get(key: string, range?: { start: number; end: number }): Promise<Readable>;
  /** Object metadata, or undefined when missing. */
  stat(key: string): Promise<BlobInfo | undefined>;
  /** Remove an object; removing a missing key is not an error. */
  delete(key: string): Promise<void>;
  /** Keys under a prefix, in lexical order. */
  list(prefix: string): AsyncIterable<BlobInfo>;
}
