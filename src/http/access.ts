import type { Role } from '../accounts/roles.js';

/**
 * Who may call a route: anyone (`public`), any signed-in account (`signed-in`), or the listed roles.
 * Every route under /api/v1 must declare one; the app refuses to boot otherwise, and the authorization
 * matrix test reads the same declarations.
 */
export type Access = 'public' | 'signed-in' | readonly Role[];

/** Per-route settings read by the HTTP layer (fastify route `config`). */
export interface RouteAccessConfig {
  access: Access;
  /** Agency and oversight accounts may call this before enrolling two-factor (enrolment, sign-out, me). */
  beforeMfa?: boolean;
  /** Requests per minute per client address. */
  rateLimitPerMinute?: number;
  /** Skips the CSRF check: the route authenticates with a bearer device token, which browsers never send by themselves. */
  bearerOnly?: boolean;
}

/** One row of the route table: what the authorization matrix and bad-input tests iterate over. */
export interface RouteEntry extends RouteAccessConfig {
  method: string;
  url: string;
  schema: {
    body?: unknown;
    querystring?: unknown;
    params?: unknown;
  };
}

/** Whether an account of `role` passes a route's role rule (ignoring sign-in and two-factor state). */
export function roleAllowed(access: Access, role: Role | null): boolean {
  if (access === 'public') return true;
  if (role === null) return false;
  if (access === 'signed-in') return true;
  return access.includes(role);
}
