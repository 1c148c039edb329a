import fs from 'node:fs';
import path from 'node:path';
import Fastify, {
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type RouteOptions,
} from 'fastify';
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fastifyStatic from '@fastify/static';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Registry, Counter, Histogram, collectDefaultMetrics } from 'prom-client';
import type { AuthContext } from '../accounts/accounts.service.js';
import { AccountsService } from '../accounts/accounts.service.js';
import { AppError } from '../shared/errors.js';
import { newToken } from '../shared/tokens.js';
import { roleAllowed, type RouteAccessConfig, type RouteEntry } from './access.js';
import { errorHandler } from './errors.js';
import { RateLimiter } from './rate-limit.js';
import { ErrorResponse } from './schemas.js';
import { validatorCompiler } from './validation.js';

declare module 'fastify' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging adds our route settings
  interface FastifyContextConfig extends Partial<RouteAccessConfig> {}
  interface FastifyRequest {
    auth: AuthContext | null;
  }
}

/** The fastify instance type every route module receives. */
export type App = FastifyInstance<
  import('node:http').Server,
  import('node:http').IncomingMessage,
  import('node:http').ServerResponse,
  import('fastify').FastifyBaseLogger,
  TypeBoxTypeProvider
>;

/** A module of routes registered on the app for the roles this process runs. */
export type RouteModule = (app: App) => void | Promise<void>;

/** What the HTTP layer needs; it holds no business rules of its own. */
export interface AppOptions {
  accounts: AccountsService;
  routes: RouteModule[];
  logLevel: string;
  logStream?: NodeJS.WritableStream | undefined;
  trustProxy: boolean;
  now: () => number;
  webDir: string | undefined;
  metrics: boolean;
  ready: () => Promise<boolean>;
  /** Extra lines for /readyz that do not decide readiness (e.g. the MQTT connection's state). */
  readyDetail?: () => Record<string, unknown>;
  /** Adds domain metrics (e.g. MQTT) to the registry /metrics serves. */
  registerMetrics?: (registry: Registry) => void;
  bodyLimit?: number;
}

/** Cookie names. */
export const SESSION_COOKIE = 'pl_session';
export const CSRF_COOKIE = 'pl_csrf';
/** Header a browser client copies the CSRF cookie into on every state-changing request. */
export const CSRF_HEADER = 'x-csrf-token';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Build the web server: plugins, error mapping, auth hooks, routes, OpenAPI, metrics and the web app. */
export async function buildApp(options: AppOptions): Promise<App & { routeTable: RouteEntry[] }> {
  const app = Fastify({
    logger: {
      level: options.logLevel,
      redact: {
        paths: [
          'req.headers.cookie',
          'req.headers.authorization',
          'req.headers["x-csrf-token"]',
          'res.headers["set-cookie"]',
        ],
        censor: '[redacted]',
      },
      ...(options.logStream ? { stream: options.logStream } : {}),
    },
    trustProxy: options.trustProxy,
    bodyLimit: options.bodyLimit ?? 256 * 1024,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[A-Za-z0-9._-]{1,64}$/.test(given) ? given : crypto.randomUUID();
    },
    ajv: { customOptions: { removeAdditional: false } },
    routerOptions: { maxParamLength: 200 },
    // Errors the router answers before any route (a bad URL, a too-long path parameter) get the API's shape too.
    frameworkErrors: (error, req, reply) => errorHandler(error, req, reply),
  }).withTypeProvider<TypeBoxTypeProvider>() as App;

  app.setValidatorCompiler(validatorCompiler);
  app.setErrorHandler(errorHandler);
  app.decorateRequest('auth', null);
  app.addSchema(ErrorResponse);
  await app.register(cookie);

  const routeTable: RouteEntry[] = [];
  const limiter = new RateLimiter(options.now);

  // Metrics
  const registry = new Registry();
  if (options.metrics) collectDefaultMetrics({ register: registry });
  options.registerMetrics?.(registry);
  const httpCount = new Counter({
    name: 'porchlight_http_requests_total',
    help: 'HTTP requests by method, route and status.',
    labelNames: ['method', 'route', 'status'],
    registers: [registry],
  });
  const httpTime = new Histogram({
    name: 'porchlight_http_request_duration_seconds',
    help: 'HTTP request duration by method and route.',
    labelNames: ['method', 'route'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url ?? 'unmatched';
    httpCount.inc({ method: req.method, route, status: String(reply.statusCode) });
    httpTime.observe({ method: req.method, route }, reply.elapsedTime / 1000);
  });
  app.addHook('onSend', async (req, reply) => {
    void reply.header('x-request-id', req.id);
    void reply.header('x-content-type-options', 'nosniff');
    void reply.header('referrer-policy', 'no-referrer');
  });

  // Sessions are resolved for API calls only: static files never touch the database.
  app.addHook('onRequest', async (req, reply) => {
    if (!req.url.startsWith('/api/')) return;
    const token = req.cookies[SESSION_COOKIE];
    req.auth = token ? await options.accounts.resolveSession(token) : null;
    const csrf = req.auth?.csrfToken ?? req.cookies[CSRF_COOKIE] ?? newToken();
    if (req.cookies[CSRF_COOKIE] !== csrf) setCsrfCookie(req, reply, csrf);
  });

  app.addHook('onRoute', (route: RouteOptions) => {
    if (!route.url.startsWith('/api/v1') || route.method === 'HEAD') return;
    const cfg = route.config;
    if (!cfg?.access) throw new Error(`route ${String(route.method)} ${route.url} declares no access rule`);
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      routeTable.push({
        method,
        url: route.url,
        ...cfg,
        access: cfg.access,
        schema: route.schema ?? {},
      });
    }
    route.schema = withErrorResponses(route.schema, cfg);
    const guard = makeGuard(cfg as RouteAccessConfig, limiter);
    route.onRequest = [...toArray(route.onRequest), guard];
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Porchlight API',
        version: '1',
        description:
          'JSON API of Porchlight. Sign in with POST /api/v1/auth/sign-in; the session is an HttpOnly cookie. ' +
          'Every state-changing request must carry the x-csrf-token header equal to the pl_csrf cookie.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
          csrf: { type: 'apiKey', in: 'header', name: CSRF_HEADER },
        },
      },
    },
    refResolver: {
      buildLocalReference: (json, _base, _fragment, i) =>
        typeof json.$id === 'string' ? json.$id : `def-${i}`,
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', uiConfig: { deepLinking: true } });

  for (const register of options.routes) await register(app);

  app.get('/api/v1/openapi.json', { schema: { hide: true }, config: { access: 'public' } }, async () =>
    app.swagger(),
  );
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (_req, reply) => {
    const ready = await options.ready().catch(() => false);
    return reply
      .code(ready ? 200 : 503)
      .send({ status: ready ? 'ready' : 'not-ready', ...options.readyDetail?.() });
  });
  if (options.metrics) {
    app.get('/metrics', { schema: { hide: true } }, async (_req, reply) =>
      reply.type(registry.contentType).send(await registry.metrics()),
    );
  }

  const webDir = options.webDir;
  const hasWeb = webDir !== undefined && fs.existsSync(path.join(webDir, 'index.html'));
  if (hasWeb) await app.register(fastifyStatic, { root: webDir, wildcard: false, index: false, prefix: '/' });
  // Assets are matched by the static plugin; everything else that is not an API path gets the single-page app.
  app.setNotFoundHandler(async (req, reply) => {
    if (req.url.startsWith('/api/')) throw new AppError('ERR_ROUTE_NOT_FOUND');
    // A missing asset (a path with a file extension) is a 404, not the app: a stale tab must not get HTML as script.
    const looksLikeFile = /\.[A-Za-z0-9]{1,8}$/.test(req.url.split('?')[0]!);
    if ((req.method === 'GET' || req.method === 'HEAD') && hasWeb && !looksLikeFile) {
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    }
    if (req.method === 'GET' && !hasWeb) {
      return reply
        .type('text/html; charset=utf-8')
        .send(
          '<!doctype html><title>Porchlight</title><p>The web app is not built. Run <code>npm run build:web</code>.</p>',
        );
    }
    throw new AppError('ERR_NOT_FOUND');
  });

  await app.ready();
  return Object.assign(app, { routeTable });
}

function toArray<T>(v: T | T[] | undefined): T[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

function withErrorResponses(
  schema: RouteOptions['schema'],
  cfg: Partial<RouteAccessConfig>,
): RouteOptions['schema'] {
  const s = { ...(schema ?? {}) } as Record<string, unknown>;
  const ref = { $ref: 'ErrorResponse#' };
  const response = { ...((s.response as Record<string, unknown>) ?? {}) };
  response['4XX'] ??= ref;
  response['5XX'] ??= ref;
  s.response = response;
  if (cfg.access !== 'public' && !cfg.bearerOnly) s.security = [{ session: [], csrf: [] }];
  return s;
}

/** Secure when the request came over TLS (directly or via a trusted proxy). */
function cookieSecure(req: FastifyRequest): boolean {
  return req.protocol === 'https';
}

/** Set the session cookie after sign-in (HttpOnly, SameSite=Lax, Secure when over TLS). */
export function setSessionCookies(
  req: FastifyRequest,
  reply: FastifyReply,
  token: string,
  csrfToken: string,
): void {
  void reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: cookieSecure(req),
  });
  setCsrfCookie(req, reply, csrfToken);
}

/** Clear the session cookie on sign-out. */
export function clearSessionCookies(req: FastifyRequest, reply: FastifyReply): void {
  void reply.clearCookie(SESSION_COOKIE, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: cookieSecure(req),
  });
  setCsrfCookie(req, reply, newToken());
}

function setCsrfCookie(req: FastifyRequest, reply: FastifyReply, value: string): void {
  // Readable by the page's script (double-submit), but only sent to this site.
  void reply.setCookie(CSRF_COOKIE, value, {
    path: '/',
    httpOnly: false,
    sameSite: 'strict',
    secure: cookieSecure(req),
  });
}

function makeGuard(cfg: RouteAccessConfig, limiter: RateLimiter) {
  return async function guard(req: FastifyRequest): Promise<void> {
    if (cfg.rateLimitPerMinute) {
      const wait = limiter.hit(`${req.routeOptions.url}|${req.ip}`, cfg.rateLimitPerMinute, 60_000);
      if (wait > 0)
        throw new AppError(
          'ERR_RATE_LIMITED',
          undefined,
          { retryAfterSeconds: wait },
          { 'retry-after': String(wait) },
        );
    }
    const auth = req.auth;
    if (cfg.access !== 'public') {
      if (!auth) throw new AppError('ERR_UNAUTHENTICATED');
      if (!roleAllowed(cfg.access, auth.user.role)) throw new AppError('ERR_FORBIDDEN');
      if (!auth.user.mayAct && !cfg.beforeMfa) throw new AppError('ERR_MFA_ENROLMENT_REQUIRED');
    }
    if (!SAFE_METHODS.has(req.method) && !cfg.bearerOnly) {
      const presented = req.headers[CSRF_HEADER];
      const value = typeof presented === 'string' ? presented : undefined;
      const ok = auth
        ? AccountsService.csrfMatches(auth, value)
        : value !== undefined && value.length >= 16 && value === req.cookies[CSRF_COOKIE];
      if (!ok) throw new AppError('ERR_CSRF');
    }
  };
}
