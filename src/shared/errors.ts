/**
 * The one catalogue of error codes. Every error a client can see carries one of these stable codes;
 * the HTTP status for each code is decided here and nowhere else.
 */
export const ERROR_CATALOGUE = {
  ERR_VALIDATION: { status: 400, message: 'The request is not valid.' },
  ERR_INVALID_JSON: { status: 400, message: 'The request body is not valid JSON.' },
  ERR_UNSUPPORTED_MEDIA_TYPE: { status: 415, message: 'The request body must be JSON.' },
  ERR_BODY_TOO_LARGE: { status: 413, message: 'The request body is too large.' },
  ERR_URI_TOO_LONG: { status: 414, message: 'A part of the request path is too long.' },
  ERR_UNAUTHENTICATED: { status: 401, message: 'Sign in first.' },
  ERR_INVALID_CREDENTIALS: { status: 401, message: 'The email or password is wrong.' },
  ERR_TOTP_REQUIRED: { status: 401, message: 'Enter the code from your authenticator app.' },
  ERR_TOTP_INVALID: { status: 401, message: 'The authenticator code is wrong.' },
  ERR_MFA_ENROLMENT_REQUIRED: { status: 403, message: 'Set up two-factor sign-in before you continue.' },
  ERR_FORBIDDEN: { status: 403, message: 'You are not allowed to do that.' },
  ERR_CSRF: { status: 403, message: 'The request is missing a valid CSRF token.' },
  ERR_SIGNUP_CLOSED: { status: 403, message: 'Sign-up is by invitation only on this instance.' },
  ERR_NOT_FOUND: { status: 404, message: 'Not found.' },
  ERR_ROUTE_NOT_FOUND: { status: 404, message: 'There is no such API route.' },
  ERR_METHOD_NOT_ALLOWED: { status: 405, message: 'This method is not allowed here.' },
  ERR_CONFLICT: { status: 409, message: 'That conflicts with existing data.' },
  ERR_EMAIL_TAKEN: { status: 409, message: 'An account with that email already exists.' },
  ERR_ALREADY_SET_UP: { status: 409, message: 'The instance admin already exists.' },
  ERR_NOT_SET_UP: { status: 409, message: 'Create the instance admin first.' },
  ERR_ALREADY_ENROLLED: { status: 409, message: 'Two-factor sign-in is already set up.' },
  ERR_TOKEN_INVALID: { status: 410, message: 'This link or code is invalid, used or expired.' },
  ERR_WEAK_PASSWORD: { status: 422, message: 'Choose a longer password (at least 10 characters).' },
  ERR_ACCOUNT_LOCKED: { status: 429, message: 'Too many failed sign-ins; try again later.' },
  ERR_RATE_LIMITED: { status: 429, message: 'Too many requests; slow down.' },
  ERR_LOG_RANGE: { status: 400, message: 'That index, range or tree size is not in the public log.' },
  ERR_TILE_PATH: { status: 400, message: 'That is not a C2SP tlog-tiles tile or entry bundle path.' },
  ERR_TILE_NOT_FOUND: { status: 404, message: 'The public log has no such tile or entry bundle (yet).' },
  ERR_WITNESS_KEY_INVALID: { status: 400, message: 'That is not a witness cosignature verifier key.' },
  ERR_WITNESS_UNKNOWN: { status: 403, message: 'The cosignature is not from a registered witness.' },
  ERR_COSIGNATURE_INVALID: { status: 422, message: 'The cosignature does not verify for that checkpoint.' },
  ERR_LOG_ENTRY_REFUSED: { status: 500, message: 'The action could not be recorded in the public log.' },
  ERR_STREAM_URL: { status: 422, message: 'The camera stream URL cannot be used.' },
  ERR_CAMERA_LIMIT: { status: 409, message: 'No more cameras can be added here.' },
  ERR_DEVICE_TOKEN_INVALID: { status: 401, message: 'The device token is missing or wrong.' },
  ERR_PUSH_SUBSCRIPTION: { status: 422, message: 'The push subscription cannot be used.' },
  ERR_PUSH_SUBSCRIPTION_TAKEN: {
    status: 409,
    message: "This browser's notifications belong to another account on this hub; make a new subscription.",
  },
  ERR_WEBHOOK_URL: { status: 422, message: 'The webhook URL cannot be used.' },
  ERR_UPGRADE_REQUIRED: { status: 426, message: 'Connect with a WebSocket to this address.' },
  ERR_RANGE_NOT_SATISFIABLE: { status: 416, message: 'The requested byte range is not in the file.' },
  ERR_CELL_RESOLUTION: {
    status: 422,
    message:
      "Areas are recorded as coarse map cells at this community's resolution; a finer cell could single out a household.",
  },
  ERR_NOT_A_PARTY: {
    status: 403,
    message: 'The instance admin may record only agreements the body that runs this server is party to.',
  },
  ERR_OTHER_ORGANISATION: { status: 403, message: "That record belongs to another organisation's account." },
  ERR_INTERNAL: { status: 500, message: 'Something went wrong on our side.' },
  ERR_UNAVAILABLE: { status: 503, message: 'The service is not ready.' },
} as const satisfies Record<string, { status: number; message: string }>;

/** A stable error code from the catalogue. */
export type ErrorCode = keyof typeof ERROR_CATALOGUE;

/** An error a client may see: a catalogue code, a safe message and optional structured details. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;
  readonly headers: Record<string, string>;

  constructor(code: ErrorCode, message?: string, details?: unknown, headers: Record<string, string> = {}) {
    super(message ?? ERROR_CATALOGUE[code].message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
    this.headers = headers;
  }

  /** HTTP status of this error's code. */
  get status(): number {
    return ERROR_CATALOGUE[this.code].status;
  }
}

/** True when a value is an error code in the catalogue. */
export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERROR_CATALOGUE, value);
}
