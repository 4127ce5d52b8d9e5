import { randomUUID } from 'node:crypto';
import { type IncomingHttpHeaders, STATUS_CODES } from 'node:http';
import { type Socket } from 'node:net';
import { type ErrorCode } from '@landing/shared/contracts-lead';
import { Logger } from '@nestjs/common';
import {
  type FastifyAdapter,
  type NestFastifyApplication,
  RouteConfig,
} from '@nestjs/platform-fastify';
import { type FastifyReply, type FastifyRequest } from 'fastify';
import { RequestValidationError } from './domain.error';
import { errorReplyFor, HttpErrorFilter, sendError } from './http-error.filter';
import { refuseUnstorableInput } from './storable-input';
import { applyHttpSecurity, type HttpSecurityOptions } from './http-security';
import { registerJsonBodyParser } from './json-body.parser';
import { createValidationPipe } from './validation';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;
const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;
const METHODS_WITH_BODY = new Set(['POST', 'PUT', 'PATCH']);

/** Keeps a caller's request id when it is safe to echo back; otherwise makes one. */
export function requestIdFor(request: {
  headers: IncomingHttpHeaders;
}): string {
  const given = request.headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given)
    ? given
    : randomUUID();
}

export interface HttpLimits {
  /** Largest accepted request body, in bytes. */
  bodyLimit: number;
  /**
   * Peers whose `X-Forwarded-For` is believed (IPs, CIDRs); `request.ip` is the nearest address
   * not in this list. Empty: the socket's peer is the client, whatever headers it sends.
   */
  trustedProxies?: readonly string[];
  /** A request whose body has not fully arrived by then is answered 408 (slow-body attacks). */
  requestTimeoutMs?: number;
}

/**
 * Answers what Node's HTTP parser refuses before there is a request (a body that stopped
 * arriving, oversized headers, Content-Length with Transfer-Encoding, garbage) with the
 * product's error body instead of Fastify's, then closes the connection.
 */
export function answerClientError(
  error: Error & { code?: string },
  socket: Socket,
): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const code: ErrorCode =
    error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? 'REQUEST_TIMEOUT'
      : error.code === 'HPE_HEADER_OVERFLOW'
        ? 'HEADERS_TOO_LARGE'
        : 'MALFORMED_REQUEST';
  const { status, body } = errorReplyFor(code);
  const requestId = randomUUID();
  const payload = JSON.stringify({ ...body, requestId });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n` +
        'Connection: close\r\n' +
        'Content-Type: application/json; charset=utf-8\r\n' +
        `Content-Length: ${Buffer.byteLength(payload)}\r\n` +
        `X-Request-Id: ${requestId}\r\n\r\n${payload}`,
    );
  }
  socket.destroy();
}

/**
 * A larger body limit for one route (the instance-wide limit stays small). Read by the
 * `onRoute` hook that {@link configureHttpApp} installs.
 */
export const RouteBodyLimit = (bytes: number): MethodDecorator =>
  RouteConfig({ bodyLimit: bytes });

/** Options for the Fastify instance under Nest; a hostile client gets a bounded amount of our time. */
export function fastifyOptions({
  bodyLimit,
  trustedProxies = [],
  requestTimeoutMs = 15_000,
}: HttpLimits): ConstructorParameters<typeof FastifyAdapter>[0] {
  return {
    bodyLimit,
    trustProxy: trustedProxies.length > 0 ? [...trustedProxies] : false,
    genReqId: requestIdFor,
    requestIdHeader: false,
    logger: false,
    return503OnClosing: true,
    connectionTimeout: 30_000,
    requestTimeout: requestTimeoutMs,
    // Node only looks for timed-out requests every `connectionsCheckingInterval` (30 s by default).
    http: {
      connectionsCheckingInterval: 1000,
      headersTimeout: Math.min(10_000, requestTimeoutMs),
    },
    keepAliveTimeout: 72_000,
    routerOptions: { maxParamLength: 200 },
    forceCloseConnections: 'idle',
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    clientErrorHandler: answerClientError,
    // A URL that cannot be percent-decoded never reaches a route or Nest's error filter.
    frameworkErrors: (error, request, reply) =>
      sendError(
        request as FastifyRequest,
        reply as FastifyReply,
        error,
        logger,
      ),
  };
}

function requireJsonBody(
  request: FastifyRequest,
  reply: FastifyReply,
  done: () => void,
): void {
  if (!METHODS_WITH_BODY.has(request.method)) return done();
  const type = request.headers['content-type'];
  const length = request.headers['content-length'];
  const hasBody =
    request.headers['transfer-encoding'] !== undefined ||
    (length !== undefined && length !== '0');
  if (type === undefined && !hasBody) {
    sendError(
      request,
      reply,
      new RequestValidationError([
        {
          field: 'body',
          code: 'REQUIRED',
          message: 'A JSON body is required.',
        },
      ]),
      logger,
    );
    return;
  }
  if (type === undefined || !JSON_TYPE.test(type)) {
    sendError(
      request,
      reply,
      { code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE' },
      logger,
    );
    return;
  }
  done();
}

const logger = new Logger('Http');

/**
 * Everything every HTTP app shares: validation, the error shape, request ids, JSON only.
 * Create the app with `bodyParser: false` so that only our JSON parser is registered.
 */
export async function configureHttpApp(
  app: NestFastifyApplication,
  security: HttpSecurityOptions,
): Promise<void> {
  applyHttpSecurity(app, security);
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new HttpErrorFilter());
  app.enableShutdownHooks();
  const fastify = app.getHttpAdapter().getInstance();
  registerJsonBodyParser(fastify);
  fastify.addHook('onRoute', (route) => {
    const limit = (route.config as { bodyLimit?: unknown } | undefined)
      ?.bodyLimit;
    if (typeof limit === 'number') route.bodyLimit = limit;
  });
  fastify.addHook('onRequest', requireJsonBody);
  fastify.addHook('preValidation', refuseUnstorableInput(logger));
  fastify.addHook('onSend', (request, reply, payload, done) => {
    void reply.header('x-request-id', request.id);
    done(null, payload);
  });
  // No fastify.setErrorHandler: Nest installs its own at init and hands every error to HttpErrorFilter.
}
