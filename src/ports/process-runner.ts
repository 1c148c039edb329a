import type { Readable } from 'node:stream';

/** How a process ended: an exit code, or the signal that ended it. */
export interface ProcessExit {
  code: number | null;
  signal: string | null;
}

/** Options for a long-running process. */
export interface SpawnOptions {
  /** Readable pipes beyond stdout, on file descriptors 3, 4, …; ffmpeg writes to them as `pipe:3`, `pipe:4`. */
  extraOutputs?: number;
  /** Variables added to the environment. */
  env?: Record<string, string>;
}

/** A process this program started and must stop: output pipes, stderr tail, exit, and a graceful stop. */
export interface ManagedProcess {
  readonly pid: number | undefined;
  readonly stdout: Readable;
  /** Extra output pipes, index 0 being file descriptor 3. */
  readonly outputs: readonly Readable[];
  /** Resolves once the process has exited (or failed to start, with code null and signal null). */
  readonly exited: Promise<ProcessExit>;
  /** The last few kilobytes of stderr, for status and logs. */
  stderrTail(): string;
  /** Ask the process to finish (SIGINT: ffmpeg writes its trailers), then SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<ProcessExit>;
}

/** What a one-shot run produced. */
export interface RunResult extends ProcessExit {
  stdout: Buffer;
  stderr: string;
  /** True when the run was killed for exceeding its time limit. */
  timedOut: boolean;
}

/** Options for a one-shot run. */
export interface RunOptions {
  /** Kill the process after this long (default 60 s). */
  timeoutMs?: number;
  /** Bytes written to stdin, which is then closed. */
  input?: Uint8Array;
  /** Stop collecting stdout beyond this many bytes (default 32 MiB). */
  maxStdoutBytes?: number;
  /** Kill the process when this signal aborts (a camera stopped while probing). */
  signal?: AbortSignal;
}

/**
 * Starts external programs (ffmpeg, ffprobe). Behind a port so domain code never touches child_process, and so one
 * place knows every child and can stop them all.
 */
export interface ProcessRunner {
  /** Start a long-running process. */
  spawn(command: string, args: readonly string[], options?: SpawnOptions): ManagedProcess;
  /** Run a process to completion (or its time limit) and collect its output. */
  run(command: string, args: readonly string[], options?: RunOptions): Promise<RunResult>;
  /** Processes started and not yet exited. */
  running(): number;
  /** SIGKILL every process still running (last resort at shutdown). */
  killAll(): void;
}
