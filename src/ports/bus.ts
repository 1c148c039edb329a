/**
 * The typed events domains use to talk to each other. Declared in one map so a reader sees every
 * cross-domain message in one place; a networked bus carries the same payloads as JSON.
 */
export interface EventMap {
  'account.created': { userId: string; role: string };
  'household.member.added': { householdId: string; userId: string };
  'household.member.removed': { householdId: string; userId: string };
  'hub.linked': { hubId: string; cell: string };
  /** The public log signed a new checkpoint (root hash in hex). */
  'transparency.checkpoint': { size: number; rootHash: string };
}

/** Name of an event in the map. */
export type EventName = keyof EventMap;

/** Publish/subscribe between domains. */
export interface Bus {
  /** Deliver an event to every subscriber; resolves when in-process handlers have run. */
  publish<K extends EventName>(name: K, payload: EventMap[K]): Promise<void>;
  /** Subscribe; returns an unsubscribe function. */
  subscribe<K extends EventName>(
    name: K,
    handler: (payload: EventMap[K]) => void | Promise<void>,
  ): () => void;
  /** Release connections. */
  close(): Promise<void>;
}
