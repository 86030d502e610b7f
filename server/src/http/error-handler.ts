import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { DomainError, type ErrorKind } from '../errors.ts';

const STATUS_BY_KIND: Record<ErrorKind, number> = {
  invalid: 422,
  not_found: 404,
  conflict: 409,
  forbidden: 403,
  unauthenticated: 401,
  rate_limited: 429,
  too_large: 413,
  unavailable: 503,
};

interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

const body = (code: string, message: string, details?: unknown): ErrorBody => ({
  error: details === undefined ? { code, message } : { code, message, details },
});

/** PostgreSQL errors that are the caller's fault, not ours. */
function fromPostgres(error: { code?: string; constraint?: string }): [number, ErrorBody] | null {
  switch (error.code) {
    case '23505':
      return [
        409,
        body('already_exists', 'A record with these values already exists', { constraint: error.constraint }),
      ];
    case '23503':
      return [
        422,
        body('invalid_reference', 'A referenced record does not exist', { constraint: error.constraint }),
      ];
    case '23514':
      return [
        422,
        body('constraint_violated', 'A value is not allowed here', { constraint: error.constraint }),
      ];
    case '22P02':
    case '22003':
    case '22007':
    case '22008':
      return [422, body('invalid_value', 'A value has the wrong format or is out of range')];
    default:
      return null;
  }
}

/** The one place where failures become HTTP answers: stable codes, and no internals on 5xx. */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setNotFoundHandler((request, reply) => {
    reply.code(404).send(body('route_not_found', `No route ${request.method} ${request.url.split('?')[0]}`));
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof DomainError) {
      return reply.code(STATUS_BY_KIND[error.kind]).send(body(error.code, error.message, error.details));
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const issues = error.validation.map((issue) => ({
        path: `${error.validationContext ?? 'body'}${issue.instancePath.replace(/\//g, '.')}`,
        message: issue.message,
      }));
      return reply
        .code(422)
        .send(
          body('invalid_request', `Invalid request: ${issues[0]?.path} ${issues[0]?.message}`, { issues }),
        );
    }
    const pg = fromPostgres(error as { code?: string; constraint?: string });
    if (pg) return reply.code(pg[0]).send(pg[1]);
    const status = error.statusCode ?? 500;
    if (status === 413 || error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return reply.code(413).send(body('payload_too_large', 'The request body is too large'));
    }
    if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return reply
        .code(415)
        .send(body('unsupported_media_type', 'Send JSON (Content-Type: application/json)'));
    }
    if (status === 429) return reply.code(429).send(body('rate_limited', error.message));
    if (status >= 400 && status < 500) {
      const code =
        error instanceof SyntaxError ||
        (error.code?.startsWith('FST_ERR_CTP_') === true && error.code.includes('JSON'))
          ? 'malformed_json'
          : 'bad_request';
      return reply.code(status).send(body(code, error.message));
    }
    request.log.error({ err: error }, 'request failed');
    return reply
      .code(500)
      .send(body('internal_error', 'Something went wrong on our side; it has been logged'));
  });
}
