import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, ERROR_CATALOGUE, type ErrorCode } from '../shared/errors.js';

/** The JSON body of every error response. */
export interface ErrorBody {
  code: ErrorCode;
  message: string;
  requestId: string;
  details?: unknown;
}

const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'ERR_UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'ERR_VALIDATION',
  FST_ERR_CTP_BODY_TOO_LARGE: 'ERR_BODY_TOO_LARGE',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'ERR_INVALID_JSON',
  FST_ERR_CTP_INVALID_JSON_BODY: 'ERR_INVALID_JSON',
  FST_ERR_BAD_URL: 'ERR_VALIDATION',
  FST_ERR_MAX_PARAM_LENGTH: 'ERR_URI_TOO_LONG',
  FST_ERR_ASYNC_CONSTRAINT: 'ERR_VALIDATION',
};

/** Turn any thrown error into a catalogue code and status; only AppError messages reach the client verbatim. */
export function toErrorBody(
  error: unknown,
  requestId: string,
): { status: number; body: ErrorBody; headers: Record<string, string> } {
  if (error instanceof AppError) {
    const body: ErrorBody = { code: error.code, message: error.message, requestId };
    if (error.details !== undefined) body.details = error.details;
    return { status: error.status, body, headers: error.headers };
  }
  const fe = error as Partial<FastifyError> & { validation?: unknown[]; validationContext?: string };
  if (fe.validation) {
    const details = (
      fe.validation as { instancePath?: string; message?: string; keyword?: string; params?: unknown }[]
    )
      .slice(0, 10)
      .map((v) => ({
        in: fe.validationContext,
        path: v.instancePath ?? '',
        problem: v.message ?? v.keyword,
        params: v.params,
      }));
    return {
      status: 400,
      body: { code: 'ERR_VALIDATION', message: validationMessage(fe), requestId, details },
      headers: {},
    };
  }
  let code: ErrorCode | undefined = fe.code ? FASTIFY_CODES[fe.code] : undefined;
  if (!code && error instanceof SyntaxError) code = 'ERR_INVALID_JSON';
  // A body nested too deeply for the parser or a validator: the client's fault, and never an internal message.
  if (!code && error instanceof RangeError && /call stack/i.test(error.message)) code = 'ERR_VALIDATION';
  if (!code && typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    code =
      fe.statusCode === 413
        ? 'ERR_BODY_TOO_LARGE'
        : fe.statusCode === 415
          ? 'ERR_UNSUPPORTED_MEDIA_TYPE'
          : 'ERR_VALIDATION';
  }
  code ??= 'ERR_INTERNAL';
  return {
    status: ERROR_CATALOGUE[code].status,
    body: { code, message: ERROR_CATALOGUE[code].message, requestId },
    headers: {},
  };
}

function validationMessage(fe: { validation?: unknown[]; validationContext?: string }): string {
  const first = fe.validation?.[0] as { instancePath?: string; message?: string } | undefined;
  const where = `${fe.validationContext ?? 'request'}${first?.instancePath ?? ''}`;
  return first?.message ? `${where} ${first.message}` : ERROR_CATALOGUE.ERR_VALIDATION.message;
}

/** Fastify error handler: log server faults with their stack, answer with the catalogue body. */
export function errorHandler(error: unknown, request: FastifyRequest, reply: FastifyReply): void {
  const { status, body, headers } = toErrorBody(error, request.id);
  if (status >= 500) request.log.error({ err: error }, 'request failed');
  else request.log.info({ code: body.code }, 'request refused');
  void reply.code(status).headers(headers).type('application/json; charset=utf-8').send(body);
}
