import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ChildProcessRunner } from '../../src/adapters/child-process-runner.js';

describe('process runner (node:child_process)', () => {
  test('run collects stdout and stderr, feeds stdin, reports the exit code', async () => {
    const r = await new ChildProcessRunner().run('sh', ['-c', 'cat; echo oops >&2; exit 3'], {
      input: Buffer.from('hello'),
    });
    assert.deepEqual([r.code, r.stdout.toString(), r.stderr.trim(), r.timedOut], [3, 'hello', 'oops', false]);
  });
  test('run kills a process at its time limit, and when its abort signal fires', async () => {
    const runner = new ChildProcessRunner();
    const slow = await runner.run('sleep', ['30'], { timeoutMs: 100 });
    assert.equal(slow.timedOut, true);
    assert.equal(slow.signal, 'SIGKILL');
    const ac = new AbortController();
    const started = runner.run('sleep', ['30'], { signal: ac.signal });
    ac.abort();
    assert.equal((await started).signal, 'SIGKILL');
    assert.equal(runner.running(), 0);
  });
  test('a program that does not exist ends with neither code nor signal and says why', async () => {
    const runner = new ChildProcessRunner();
    const r = await runner.run('/nonexistent/ffmpeg', []);
    assert.deepEqual([r.code, r.signal], [null, null]);
    assert.match(r.stderr, /ENOENT/);
    const p = runner.spawn('/nonexistent/ffmpeg', []);
    assert.deepEqual(await p.exited, { code: null, signal: null });
    assert.match(p.stderrTail(), /ENOENT/);
  });
  test('spawn gives extra output pipes (ffmpeg pipe:3) and keeps a stderr tail', async () => {
    const p = new ChildProcessRunner().spawn('sh', ['-c', 'echo frames; echo list >&3; echo warn >&2'], {
      extraOutputs: 1,
    });
    const read = async (s: NodeJS.ReadableStream) => {
      let out = '';
      for await (const c of s) out += String(c);
      return out;
    };
    const [stdout, fd3] = await Promise.all([read(p.stdout), read(p.outputs[0]!)]);
    await p.exited;
    assert.deepEqual([stdout, fd3, p.stderrTail()], ['frames\n', 'list\n', 'warn\n']);
  });
  test('stop asks with SIGINT first (ffmpeg finishes its files) and kills when ignored', async () => {
    const runner = new ChildProcessRunner();
    const polite = runner.spawn('sleep', ['30']);
    assert.equal((await polite.stop(2000)).signal, 'SIGINT');
    const stubborn = runner.spawn(process.execPath, [
      '-e',
      "process.on('SIGINT', () => {}); console.log('ready'); setInterval(() => {}, 1000)",
    ]);
    // Only once it ignores SIGINT (before that the default action would end it).
    for await (const _ of stubborn.stdout) break;
    assert.equal((await stubborn.stop(200)).signal, 'SIGKILL');
    assert.equal(runner.running(), 0);
  });
  test('killAll leaves nothing running', async () => {
    const runner = new ChildProcessRunner();
    const a = runner.spawn('sleep', ['30']);
    const b = runner.run('sleep', ['30']);
    runner.killAll();
    await Promise.all([a.exited, b]);
    assert.equal(runner.running(), 0);
  });
});
