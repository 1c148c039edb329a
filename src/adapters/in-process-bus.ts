import type { Bus, EventMap, EventName } from '../ports/bus.js';

type Handler = (payload: never) => void | Promise<void>;

/** The default bus: handlers run in this process, in subscription order; a failing handler does not stop others. */
export class InProcessBus implements Bus {
  private readonly handlers = new Map<EventName, Set<Handler>>();

  constructor(private readonly onError: (name: string, error: unknown) => void = () => {}) {}

  /** Deliver to every subscriber and wait for them. */
  async publish<K extends EventName>(name: K, payload: EventMap[K]): Promise<void> {
    const set = this.handlers.get(name);
    if (!set) return;
    for (const h of [...set]) {
      try {
        await (h as (p: EventMap[K]) => void | Promise<void>)(payload);
      } catch (e) {
        this.onError(name, e);
      }
    }
  }

  /** Subscribe; returns the unsubscribe function. */
  subscribe<K extends EventName>(
    name: K,
    handler: (payload: EventMap[K]) => void | Promise<void>,
  ): () => void {
    let set = this.handlers.get(name);
    if (!set) this.handlers.set(name, (set = new Set()));
    set.add(handler);
    return () => set.delete(handler);
  }

  /** Nothing to release. */
  async close(): Promise<void> {
    this.handlers.clear();
  }
}
