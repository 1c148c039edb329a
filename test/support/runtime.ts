import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { LightMyRequestResponse } from 'fastify';
import { loadConfig, type Config } from '../../src/config/config.js';
import { createRuntime, type Runtime, type RuntimeOverrides } from '../../src/main.js';
import type { Dialect } from '../../src/ports/database.js';

/** The PostgreSQL URL tests use; `.ci/run` sets it, and CI fails rather than silently skipping PostgreSQL. */
export const TEST_PG_URL = process.env.PORCHLIGHT_TEST_DATABASE_URL;

/** Dialects every integration test runs on: SQLite always, PostgreSQL when a server is configured. */
export const DIALECTS: Dialect[] = TEST_PG_URL ? ['sqlite', 'postgres'] : ['sqlite'];
if (!TEST_PG_URL && process.env.CI)
  throw new Error('CI must set PORCHLIGHT_TEST_DATABASE_URL so PostgreSQL is tested');

/** A running runtime on a throwaway data dir (and PostgreSQL schema). */
export interface TestRuntime {
  runtime: Runtime;
  dataDir: string;
  /** A fresh API client with its own cookie jar. */
  client(): ApiClient;
  close(): Promise<void>;
}

/** Start the whole system for a test, on one dialect; close() removes every trace. */
export async function startTestRuntime(
  dialect: Dialect,
  options: { config?: Partial<Config>; overrides?: RuntimeOverrides } = {},
): Promise<TestRuntime> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'porchlight-test-'));
  const schema =
    dialect === 'postgres' ? `t_${process.pid}_${Math.random().toString(36).slice(2, 10)}` : undefined;
  const config: Config = {
    ...loadConfig({}),
    dataDir,
    logLevel: 'silent',
    port: 0,
    databaseUrl: dialect === 'postgres' ? TEST_PG_URL : undefined,
    webDir: path.join(dataDir, 'no-web'),
    ...options.config,
  };
  const runtime = await createRuntime(config, {
    ...options.overrides,
    ...(schema ? { pgSchema: schema } : {}),
  });
  return {
    runtime,
    dataDir,
    client: () => new ApiClient(runtime),
    async close() {
      await runtime.close();
      if (schema) {
        const c = new pg.Client({ connectionString: TEST_PG_URL });
        await c.connect();
        await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        await c.end();
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A response with its parsed JSON body. */
export interface ApiResponse<T = Record<string, unknown>> {
  status: number;
  body: T;
  headers: LightMyRequestResponse['headers'];
  raw: LightMyRequestResponse;
}

/** A browser-like client over app.inject(): keeps cookies and sends the CSRF header as the web app does. */
export class ApiClient {
  private readonly cookies = new Map<string, string>();

  constructor(private readonly runtime: Runtime) {}

  /** Current value of a cookie. */
  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }

  /** Send a request; `csrf: false` omits the CSRF header. */
  async request<T = Record<string, unknown>>(
    method: string,
    url: string,
    body?: unknown,
    opts: { csrf?: boolean; headers?: Record<string, string>; rawBody?: string | Buffer } = {},
  ): Promise<ApiResponse<T>> {
    if (!this.cookies.has('pl_csrf') && method !== 'GET') await this.request('GET', '/api/v1/auth/session');
    const headers: Record<string, string> = { ...opts.headers };
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (opts.csrf !== false && this.cookies.has('pl_csrf'))
      headers['x-csrf-token'] = this.cookies.get('pl_csrf')!;
    let payload: string | Buffer | undefined = opts.rawBody;
    if (payload === undefined && body !== undefined) {
      payload = JSON.stringify(body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await this.runtime.app.inject({
      method: method as 'GET',
      url,
      headers,
      ...(payload !== undefined ? { payload } : {}),
    });
    for (const c of res.cookies as { name: string; value: string; maxAge?: number; expires?: Date }[]) {
      const expired = c.maxAge === 0 || (c.expires && c.expires.getTime() < Date.now()) || c.value === '';
      if (expired) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    let parsed: unknown = undefined;
    try {
      parsed = res.body ? JSON.parse(res.body) : undefined;
    } catch {
      parsed = res.body;
    }
    return { status: res.statusCode, body: parsed as T, headers: res.headers, raw: res };
  }

  /** GET. */
  get<T = Record<string, unknown>>(url: string) {
    return this.request<T>('GET', url);
  }
  /** POST JSON. */
  post<T = Record<string, unknown>>(url: string, body?: unknown) {
    return this.request<T>('POST', url, body ?? {});
  }
  /** PATCH JSON. */
  patch<T = Record<string, unknown>>(url: string, body?: unknown) {
    return this.request<T>('PATCH', url, body ?? {});
  }
  /** DELETE. */
  delete<T = Record<string, unknown>>(url: string) {
    return this.request<T>('DELETE', url);
  }
}

/** Default password used by tests (long enough for the policy). */
export const PASSWORD = 'correct horse battery staple';
