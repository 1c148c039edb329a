/** A recurring background job: a name for logs and metrics, how often, and the work. */
export interface Job {
  name: string;
  everyMs: number;
  run(): Promise<unknown>;
}

/**
 * Runs recurring jobs in this process (the `jobs` part of a role): each job runs once shortly after start and
 * then every `everyMs`, never overlapping itself; a failing run is reported and the schedule goes on.
 */
export class Scheduler {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly running = new Map<string, Promise<unknown>>();
  private stopped = false;

  constructor(private readonly onError: (job: string, error: unknown) => void) {}

  /** Start a job. */
  add(job: Job): void {
    const tick = () => {
      if (this.stopped || this.running.has(job.name)) return;
      const p = job
        .run()
        .catch((e: unknown) => this.onError(job.name, e))
        .finally(() => this.running.delete(job.name));
      this.running.set(job.name, p);
    };
    const first = setTimeout(tick, Math.min(1000, job.everyMs));
    first.unref();
    const every = setInterval(tick, job.everyMs);
    every.unref();
    this.timers.set(`${job.name}:first`, first);
    this.timers.set(job.name, every);
  }

  /** Stop scheduling and wait for runs in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    await Promise.allSettled([...this.running.values()]);
  }
}
