import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { TEST_PG_URL } from '../support/runtime.js';

const BIN = path.resolve('bin/porchlight.js');

function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME };
  // `npm test` builds dist/ first and tests that; a test run on its own uses the sources, never a stale build.
  if (!process.env.PORCHLIGHT_TEST_USE_DIST) env.PORCHLIGHT_FROM_SOURCE = '1';
  return { ...env, ...extra };
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

async function waitReady(port: number, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    try {
      const r = await fetch(`http://127.0.0.1:${port}/readyz`);
      if (r.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`server on ${port} did not become ready`);
}

/** Start a CLI verb as a real process; returns it with helpers. */
async function startServer(verb: string, env: Record<string, string>) {
  const port = await freePort();
  const child = spawn(process.execPath, [BIN, verb], {
    env: cleanEnv({ ...env, PORCHLIGHT_PORT: String(port), PORCHLIGHT_LOG_LEVEL: 'warn' }),
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout.resume();
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    await waitReady(port);
  } catch (e) {
    child.kill('SIGKILL');
    throw new Error(`${(e as Error).message}\n${stderr}`);
  }
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      child.kill(signal);
      return exited;
    },
  };
}

describe('porchlight command', () => {
  test('admin create reads the password from stdin, works once, then refuses', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'porchlight-cli-'));
    try {
      const env = cleanEnv({ PORCHLIGHT_DATA_DIR: dir });
      const first = spawnSync(
        process.execPath,
        [BIN, 'admin', 'create', '--email', 'root@example.test', '--password-stdin'],
        {
          env,
          input: 'a long enough password\n',
          encoding: 'utf8',
        },
      );
      assert.equal(first.status, 0, first.stderr);
      assert.match(first.stdout, /Created instance admin root@example\.test/);
      const second = spawnSync(
        process.execPath,
        [BIN, 'admin', 'create', '--email', 'other@example.test', '--password-stdin'],
        {
          env,
          input: 'a long enough password\n',
          encoding: 'utf8',
        },
      );
      assert.notEqual(second.status, 0);
      assert.match(second.stderr, /ERR_ALREADY_SET_UP/);
      const weak = spawnSync(process.execPath, [BIN, 'admin', 'create', '--email', 'x@example.test'], {
        env,
        encoding: 'utf8',
      });
      assert.equal(weak.status, 2, 'refuses a password that is not from stdin');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('invalid configuration lists every bad key and exits non-zero before listening', () => {
    const r = spawnSync(process.execPath, [BIN, 'start'], {
      env: cleanEnv({
        PORCHLIGHT_PORT: 'eighty',
        PORCHLIGHT_LOG_LEVEL: 'loud',
        PORCHLIGHT_DATABSE_URL: 'postgres://x',
      }),
      encoding: 'utf8',
    });
    assert.equal(r.status, 78);
    for (const k of ['PORCHLIGHT_PORT', 'PORCHLIGHT_LOG_LEVEL', 'PORCHLIGHT_DATABSE_URL'])
      assert.match(r.stderr, new RegExp(k));
  });

  test('start serves both roles on SQLite in the data dir, applies migrations, and stops cleanly on SIGTERM', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'porchlight-start-'));
    try {
      const s = await startServer('start', { PORCHLIGHT_DATA_DIR: dir });
      assert.ok(fs.existsSync(path.join(dir, 'porchlight.db')), 'SQLite database in the data dir');
      assert.equal((await fetch(`${s.url}/api/v1/setup`)).status, 200);
      assert.equal((await fetch(`${s.url}/api/v1/public/camera-map`)).status, 200, 'community role');
      assert.equal((await fetch(`${s.url}/api/v1/households`)).status, 401, 'hub role');
      const docs = await fetch(`${s.url}/api/docs/`);
      assert.equal(docs.status, 200, 'the API reference page is served');
      assert.match(await docs.text(), /swagger/i);
      const health = await fetch(`${s.url}/healthz`);
      assert.equal(health.status, 200);
      const metrics = await (await fetch(`${s.url}/metrics`)).text();
      assert.match(metrics, /porchlight_http_requests_total/);
      assert.equal(await s.stop('SIGTERM'), 0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('hub and community verbs run one role each', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'porchlight-roles-'));
    try {
      const hub = await startServer('hub', { PORCHLIGHT_DATA_DIR: path.join(dir, 'hub') });
      assert.equal((await fetch(`${hub.url}/api/v1/households`)).status, 401);
      const notHere = await fetch(`${hub.url}/api/v1/public/camera-map`);
      assert.equal(notHere.status, 404);
      assert.equal(((await notHere.json()) as { code: string }).code, 'ERR_ROUTE_NOT_FOUND');
      assert.equal(await hub.stop('SIGINT'), 0);
      const community = await startServer('community', { PORCHLIGHT_DATA_DIR: path.join(dir, 'community') });
      assert.equal((await fetch(`${community.url}/api/v1/public/camera-map`)).status, 200);
      assert.equal((await fetch(`${community.url}/api/v1/households`)).status, 404);
      assert.equal(await community.stop(), 0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test(
    'PORCHLIGHT_DATABASE_URL runs the same server on PostgreSQL',
    { skip: !TEST_PG_URL && 'no PostgreSQL configured' },
    async () => {
      const name = `porchlight_cli_${process.pid}`;
      const admin = new pg.Client({ connectionString: TEST_PG_URL });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${name}`);
      await admin.query(`CREATE DATABASE ${name}`);
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'porchlight-pg-'));
      try {
        const url = new URL(TEST_PG_URL!);
        url.pathname = `/${name}`;
        const s = await startServer('start', {
          PORCHLIGHT_DATA_DIR: dir,
          PORCHLIGHT_DATABASE_URL: url.toString(),
        });
        const setup = await fetch(`${s.url}/api/v1/setup`);
        assert.deepEqual(await setup.json(), { adminExists: false, signupMode: 'open' });
        assert.ok(!fs.existsSync(path.join(dir, 'porchlight.db')), 'no SQLite file when PostgreSQL is used');
        assert.equal(await s.stop(), 0);
        const db = new pg.Client({ connectionString: url.toString() });
        await db.connect();
        const tables = await db.query<{ table_name: string }>(
          `select table_name from information_schema.tables where table_schema = 'public'`,
        );
        await db.end();
        const names = tables.rows.map((r) => r.table_name);
        for (const t of ['users', 'sessions', 'hub_households', 'community_hubs'])
          assert.ok(names.includes(t), `${t} migrated`);
      } finally {
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await admin.end();
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});

describe('system programs', () => {
  test('start says clearly when ffmpeg is missing, and still serves accounts', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'porchlight-noffmpeg-'));
    const port = await freePort();
    const child = spawn(process.execPath, [BIN, 'start'], {
      env: cleanEnv({
        PORCHLIGHT_DATA_DIR: dir,
        PORCHLIGHT_PORT: String(port),
        PORCHLIGHT_LOG_LEVEL: 'error',
        PORCHLIGHT_FFMPEG_PATH: '/nonexistent/ffmpeg',
      }),
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.resume();
    const exited = new Promise((resolve) => child.on('exit', resolve));
    try {
      await waitReady(port);
      assert.match(stderr, /Missing system programs: \/nonexistent\/ffmpeg \(cameras cannot record/);
      assert.match(stderr, /scripts\/install-system-deps\.sh/);
      assert.equal((await fetch(`http://127.0.0.1:${port}/api/v1/setup`)).status, 200);
    } finally {
      child.kill('SIGTERM');
      await exited;
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
