import {
  findUnstorableText,
  toStorableText,
} from '@landing/shared/contracts-lead';
import { type Logger } from '@nestjs/common';
import { type FastifyReply, type FastifyRequest } from 'fastify';
import { RequestValidationError } from './domain.error';
import { sendError } from './http-error.filter';

/**
 * The first string of the query, the route parameters or the JSON body (keys included) that
 * no store could keep, as a field error; undefined when there is none. Route parameters are
 * reported under their name, query parameters under theirs, body fields by their path.
 */
export function unstorableInputError(request: {
  query?: unknown;
  params?: unknown;
  body?: unknown;
}): RequestValidationError | undefined {
  for (const part of [request.params, request.query, request.body]) {
    const field = findUnstorableText(part);
    if (field !== undefined) {
      return new RequestValidationError([
        {
          field: toStorableText(field),
          code: 'INVALID_CHARACTERS',
          message: `${toStorableText(field)} contains a NUL character or an unpaired UTF-16 surrogate`,
        },
      ]);
    }
  }
  return undefined;
}

/**
 * A `preValidation` hook: every text a client sends passes through this one check before any
 * guard, pipe or service sees it, so nothing unstorable is ever queued or written.
 */
export function refuseUnstorableInput(logger: Logger) {
  return (
    request: FastifyRequest,
    reply: FastifyReply,
    done: () => void,
  ): void => {
    const error = unstorableInputError(request);
    if (!error) return done();
    sendError(request, reply, error, logger);
  };
}
