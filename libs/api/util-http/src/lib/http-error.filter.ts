import {
  type ErrorCode,
  type ErrorResponse,
} from '@landing/shared/contracts-lead';
import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  Logger,
} from '@nestjs/common';
import { type FastifyReply, type FastifyRequest } from 'fastify';
import { DomainError, HTTP_STATUS_BY_CODE } from './domain.error';

const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  405: 'METHOD_NOT_ALLOWED',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
  503: 'SERVICE_UNAVAILABLE',
};

const DEFAULT_MESSAGE: Record<ErrorCode, string> = {
  VALIDATION_FAILED: 'The request is not valid.',
  MALFORMED_JSON: 'The request body could not be read as JSON.',
  UNSUPPORTED_MEDIA_TYPE: 'Send the body as application/json.',
  PAYLOAD_TOO_LARGE: 'The request body is too large.',
  NOT_FOUND: 'There is nothing at this address.',
  UNAUTHENTICATED: 'Sign in first.',
  FORBIDDEN: 'You may not do this.',
  CONFLICT: 'The request conflicts with the current state.',
  SUBMISSION_ID_REUSED:
    'This submissionId was already used for another phone number; send a new submission with a new id.',
  METHOD_NOT_ALLOWED: 'This method is not allowed here.',
  RATE_LIMITED: 'Too many requests; try again later.',
  SERVICE_UNAVAILABLE:
    'The service is temporarily unavailable; try again shortly.',
  INTERNAL_ERROR: 'Something went wrong on our side.',
  MALFORMED_REQUEST: 'The request is not well-formed HTTP.',
  REQUEST_TIMEOUT: 'The request did not arrive in time.',
  HEADERS_TOO_LARGE: 'The request headers are too large.',
  PASSWORD_CHANGE_REQUIRED: 'Set a password of your own first.',
  WRONG_PASSWORD: 'The current password is wrong.',
  LAST_ADMIN: 'This would leave no active admin.',
  LEAD_CLOSED: 'This lead is closed.',
  NOT_LEAD_OWNER: 'This lead belongs to someone else.',
  LEAD_ALREADY_OWNED: 'Someone else has this lead already.',
  TOO_MANY_STREAMS:
    'Too many live event streams are open for this user; close one first.',
};

export interface ErrorReply {
  status: number;
  body: Omit<ErrorResponse, 'requestId'>;
  retryAfterSeconds?: number;
}

/** Maps Fastify's own errors (body parsing, limits) onto the stable error shape. */
function fromFastifyError(error: {
  code?: unknown;
  statusCode?: unknown;
}): ErrorReply | undefined {
  const status =
    typeof error.statusCode === 'number' ? error.statusCode : undefined;
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return reply('UNSUPPORTED_MEDIA_TYPE');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return reply('PAYLOAD_TOO_LARGE');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return reply('MALFORMED_JSON');
    case 'FST_ERR_BAD_URL':
      return reply(
        'VALIDATION_FAILED',
        'The address could not be decoded as a URL.',
      );
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return reply(
        'VALIDATION_FAILED',
        'The Content-Length header does not match the body.',
      );
    default:
      break;
  }
  if (status !== undefined && status >= 400 && status < 500) {
    // JSON.parse failures and prototype-poisoning refusals arrive as bare 400s.
    if (status === 400) return reply('MALFORMED_JSON');
    const code = CODE_BY_STATUS[status];
    return code
      ? reply(code)
      : {
          status,
          body: {
            code: 'VALIDATION_FAILED',
            message: DEFAULT_MESSAGE.VALIDATION_FAILED,
          },
        };
  }
  return undefined;
}

function reply(code: ErrorCode, message = DEFAULT_MESSAGE[code]): ErrorReply {
  return { status: HTTP_STATUS_BY_CODE[code], body: { code, message } };
}

/** The status and body for a code, with its default message. */
export const errorReplyFor = (code: ErrorCode): ErrorReply => reply(code);

/** Turns anything thrown while serving a request into a status and the stable body. */
export function toErrorReply(error: unknown): ErrorReply {
  if (error instanceof DomainError) {
    return {
      status: HTTP_STATUS_BY_CODE[error.code],
      body: {
        code: error.code,
        message: error.message,
        ...(error.fields ? { fields: error.fields } : {}),
      },
      retryAfterSeconds: error.retryAfterSeconds,
    };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    // Our own validation never throws HttpException; a bare 400 is Nest re-throwing a Fastify
    // body-parsing failure (bad JSON, forbidden __proto__ keys, a lying Content-Length).
    const code =
      status === 400
        ? 'MALFORMED_JSON'
        : (CODE_BY_STATUS[status] ??
          (status >= 500 ? 'INTERNAL_ERROR' : 'VALIDATION_FAILED'));
    return { status, body: { code, message: DEFAULT_MESSAGE[code] } };
  }
  if (typeof error === 'object' && error !== null) {
    const mapped = fromFastifyError(
      error as { code?: unknown; statusCode?: unknown },
    );
    if (mapped) return mapped;
  }
  return reply('INTERNAL_ERROR');
}

export function sendError(
  request: FastifyRequest,
  response: FastifyReply,
  error: unknown,
  logger: Logger,
): void {
  const { status, body, retryAfterSeconds } = toErrorReply(error);
  if (status >= 500 && !(error instanceof DomainError)) {
    logger.error({
      msg: 'unhandled error',
      requestId: request.id,
      err: error instanceof Error ? error.stack : String(error),
    });
  }
  if (retryAfterSeconds !== undefined)
    void response.header('retry-after', String(retryAfterSeconds));
  const payload: ErrorResponse = { ...body, requestId: request.id };
  void response
    .status(status)
    .type('application/json; charset=utf-8')
    .send(payload);
}

@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpErrorFilter');

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    sendError(
      http.getRequest<FastifyRequest>(),
      http.getResponse<FastifyReply>(),
      error,
      this.logger,
    );
  }
}
