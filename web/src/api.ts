/** The one way the web app talks to the server: JSON over fetch, with the CSRF header and parsed errors. */

const CSRF_COOKIE = 'pl_csrf';
const CSRF_HEADER = 'x-csrf-token';

/** An error answer from the API (or a network failure, with status 0). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;

  constructor(status: number, code: string, message: string, details?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

function readCookie(name: string): string | undefined {
  for (const part of document.cookie.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

// Any GET under /api sets the CSRF cookie; state-changing calls need it first.
async function csrfToken(): Promise<string | undefined> {
  const existing = readCookie(CSRF_COOKIE);
  if (existing) return existing;
  await fetch('/api/v1/auth/session', { credentials: 'same-origin' }).catch(() => undefined);
  return readCookie(CSRF_COOKIE);
}

// Ajv's wording ("body/email must match format \"email\"") is for developers; say it the way a form would.
const FIELD_NAMES: Record<string, string> = {
  email: 'Enter a valid email address.',
  password: 'Enter a password.',
  displayName: 'Enter a display name.',
  name: 'Enter a name.',
  totp: 'Enter the 6-digit code.',
  code: 'Enter the code.',
  token: 'This link is incomplete or damaged; open it again from the message you received.',
  accessExpiresAt: 'Enter a valid date and time.',
  expiresAt: 'Enter a valid date and time.',
  organisation: 'Name the organisation.',
};

function friendlyValidation(message: string, details: unknown): string {
  if (!Array.isArray(details) || details.length === 0) return message;
  const first = details[0] as { path?: unknown };
  const field = typeof first.path === 'string' ? first.path.split('/').filter(Boolean)[0] : undefined;
  return (field && FIELD_NAMES[field]) ?? message;
}

async function toApiError(res: Response): Promise<ApiError> {
  let body: { code?: unknown; message?: unknown; details?: unknown } = {};
  try {
    body = (await res.json()) as typeof body;
  } catch {
    // Not JSON: a proxy or the dev server answered; fall through to a generic message.
  }
  const code = typeof body.code === 'string' ? body.code : 'ERR_HTTP';
  let message = typeof body.message === 'string' ? body.message : `The server answered ${res.status}.`;
  if (code === 'ERR_VALIDATION') message = friendlyValidation(message, body.details);
  return new ApiError(res.status, code, message, body.details);
}

/** Call the API; resolves with the parsed JSON body or rejects with an ApiError. */
export async function api<T>(
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (method !== 'GET') {
    const token = await csrfToken();
    if (token) headers[CSRF_HEADER] = token;
  }
  const init: RequestInit = { method, headers, credentials: 'same-origin' };
  if (body !== undefined || method === 'POST' || method === 'PATCH') {
    headers['content-type'] = 'application/json';
    init.body = JSON.stringify(body ?? {});
  }
  let res: Response;
  try {
    res = await fetch(path, init);
  } catch {
    throw new ApiError(
      0,
      'ERR_NETWORK',
      'Porchlight could not be reached. Check your connection and try again.',
    );
  }
  if (!res.ok) throw await toApiError(res);
  return (await res.json()) as T;
}

/** GET a JSON resource. */
export const get = <T>(path: string) => api<T>('GET', path);
/** POST JSON. */
export const post = <T>(path: string, body?: unknown) => api<T>('POST', path, body);
/** PATCH JSON. */
export const patch = <T>(path: string, body: unknown) => api<T>('PATCH', path, body);
/** DELETE a resource. */
export const del = <T>(path: string) => api<T>('DELETE', path);

/** The message to show for any thrown value. */
export function errorMessage(e: unknown): string {
  if (e instanceof ApiError) return e.message;
  return 'Something went wrong. Try again.';
}
