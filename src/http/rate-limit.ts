/**
 * A fixed-window counter per key. In-process: one instance per web process is enough for a home hub; a
 * scaled-out community server puts a shared limiter in front (documented in docs/operations.md).
 */
export class RateLimiter {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();

  constructor(private readonly now: () => number) {}

  /** Count a hit; returns seconds to wait when over `max` per `windowMs`, else 0. */
  hit(key: string, max: number, windowMs: number): number {
    const t = this.now();
    let w = this.windows.get(key);
    if (!w || w.resetAt <= t) {
      if (this.windows.size > 50_000) this.sweep(t);
      w = { count: 0, resetAt: t + windowMs };
      this.windows.set(key, w);
    }
    w.count++;
    return w.count > max ? Math.ceil((w.resetAt - t) / 1000) : 0;
  }

  private sweep(t: number): void {
    for (const [k, w] of this.windows) if (w.resetAt <= t) this.windows.delete(k);
  }
}
