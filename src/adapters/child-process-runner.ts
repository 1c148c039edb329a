import { spawn, type ChildProcess } from 'node:child_process';
import type { Readable } from 'node:stream';
import type {
  ManagedProcess,
  ProcessExit,
  ProcessRunner,
  RunOptions,
  RunResult,
  SpawnOptions,
} from '../ports/process-runner.js';

const STDERR_TAIL = 4096;

// Every child of every runner: if Node itself exits, none of them may outlive it and keep a camera busy.
const allChildren = new Set<ChildProcess>();
let exitHookInstalled = false;
function track(child: ChildProcess): void {
  allChildren.add(child);
  child.once('close', () => allChildren.delete(child));
  child.once('error', () => allChildren.delete(child));
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', () => {
      for (const c of allChildren) c.kill('SIGKILL');
    });
  }
}

/** ProcessRunner on node:child_process. */
export class ChildProcessRunner implements ProcessRunner {
  private readonly children = new Set<ChildProcess>();

  /** Start a long-running process with stdin closed, stdout and extra pipes readable. */
  spawn(command: string, args: readonly string[], options: SpawnOptions = {}): ManagedProcess {
    const extra = options.extraOutputs ?? 0;
    const child = spawn(command, [...args], {
      stdio: ['ignore', 'pipe', 'pipe', ...Array.from({ length: extra }, () => 'pipe' as const)],
      env: options.env ? { ...process.env, ...options.env } : process.env,
    });
    this.children.add(child);
    track(child);
    let tail = '';
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (d: string) => {
      tail = (tail + d).slice(-STDERR_TAIL);
    });
    const exited = new Promise<ProcessExit>((resolve) => {
      // A failed start (no such program) ends as an exit with neither code nor signal, and the reason in the tail.
      child.once('error', (e) => {
        tail = (tail + `\n${e.message}`).slice(-STDERR_TAIL);
        this.children.delete(child);
        resolve({ code: null, signal: null });
      });
      child.once('close', (code, signal) => {
        this.children.delete(child);
        resolve({ code, signal });
      });
    });
    const outputs = Array.from({ length: extra }, (_, i) => child.stdio[3 + i] as Readable);
    const stop = async (graceMs = 5000): Promise<ProcessExit> => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGINT');
        const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
        const result = await exited;
        clearTimeout(timer);
        return result;
      }
      return exited;
    };
    return {
      pid: child.pid,
      stdout: child.stdout!,
      outputs,
      exited,
      stderrTail: () => tail,
      stop,
    };
  }

  /** Run to completion, killing the process at its time limit. */
  run(command: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
    const max = options.maxStdoutBytes ?? 32 * 1024 * 1024;
    return new Promise((resolve) => {
      const child = spawn(command, [...args], {
        stdio: [options.input ? 'pipe' : 'ignore', 'pipe', 'pipe'],
      });
      this.children.add(child);
      track(child);
      const chunks: Buffer[] = [];
      let size = 0;
      let stderr = '';
      let timedOut = false;
      child.stdout!.on('data', (d: Buffer) => {
        if (size < max) chunks.push(d);
        size += d.length;
      });
      child.stderr!.setEncoding('utf8');
      child.stderr!.on('data', (d: string) => {
        stderr = (stderr + d).slice(-STDERR_TAIL);
      });
      const timer = setTimeout(() => {
        timedOut = true;
        child.kill('SIGKILL');
      }, options.timeoutMs ?? 60_000);
      const abort = () => child.kill('SIGKILL');
      if (options.signal?.aborted) abort();
      options.signal?.addEventListener('abort', abort, { once: true });
      if (options.input && child.stdin) {
        // The program may exit before reading everything (e.g. ffprobe on bad input); that is not our error.
        child.stdin.on('error', () => undefined);
        child.stdin.end(options.input);
      }
      const finish = (code: number | null, signal: string | null) => {
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', abort);
        this.children.delete(child);
        resolve({ code, signal, stdout: Buffer.concat(chunks).subarray(0, max), stderr, timedOut });
      };
      child.once('error', (e) => {
        stderr = (stderr + `\n${e.message}`).slice(-STDERR_TAIL);
        finish(null, null);
      });
      child.once('close', (code, signal) => finish(code, signal));
    });
  }

  /** Children of this runner still running. */
  running(): number {
    return this.children.size;
  }

  /** SIGKILL every child of this runner. */
  killAll(): void {
    for (const c of this.children) c.kill('SIGKILL');
  }
}
