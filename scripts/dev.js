#!/usr/bin/env node
// `npm run dev`: the server (restarted by node --watch when a source file changes) and the Vite dev server
// (hot reload for web/) side by side. Open http://localhost:5173; Vite forwards /api, /healthz and /readyz to the
// server on :8080. Ctrl-C stops both; if either exits, the other is stopped too.
import { spawn } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const SERVER_PORT = '8080';
const WEB_URL = 'http://localhost:5173';

const children = [];
let stopping = false;

/** Start a child with its output prefixed, so the two logs stay readable when interleaved. */
function start(name, command, args, env) {
  const child = spawn(command, args, {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['inherit', 'pipe', 'pipe'],
  });
  const prefix = `[${name}] `;
  for (const [from, to] of [
    [child.stdout, process.stdout],
    [child.stderr, process.stderr],
  ]) {
    let rest = '';
    from.setEncoding('utf8');
    from.on('data', (chunk) => {
      const lines = (rest + chunk).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) to.write(prefix + line + '\n');
    });
    from.on('end', () => rest && to.write(prefix + rest + '\n'));
  }
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`${prefix}exited (${signal ?? code}); stopping the other process`);
      stop(typeof code === 'number' && code !== 0 ? code : 1);
    }
  });
  children.push(child);
  return child;
}

function stop(code = 0, signal = 'SIGTERM') {
  if (stopping) return;
  stopping = true;
  const alive = children.filter((c) => c.exitCode === null && c.signalCode === null);
  if (alive.length === 0) process.exit(code);
  let left = alive.length;
  for (const c of alive) {
    c.once('exit', () => {
      if (--left === 0) process.exit(code);
    });
    c.kill(signal);
  }
  // A child that ignores the signal does not keep the terminal hostage.
  setTimeout(() => {
    for (const c of alive) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    process.exit(code);
  }, 8000).unref();
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'])
  process.on(signal, () => stop(0, signal === 'SIGHUP' ? 'SIGTERM' : signal));

const vite = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');

start('server', process.execPath, ['--watch', '--import', 'tsx', 'src/cli/porchlight.ts', 'start'], {
  PORCHLIGHT_PORT: SERVER_PORT,
  // Invitation and reset links should open the dev web app, not the server's own (possibly stale) web/dist.
  PORCHLIGHT_PUBLIC_URL: process.env.PORCHLIGHT_PUBLIC_URL ?? WEB_URL,
});
start('web', process.execPath, [vite, '--config', 'web/vite.config.ts'], {});
console.log(`Porchlight dev: open ${WEB_URL} (API on http://127.0.0.1:${SERVER_PORT})`);
