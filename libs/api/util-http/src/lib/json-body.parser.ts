import { type FastifyInstance } from 'fastify';
import { RequestValidationError } from './domain.error';

/**
 * How deep a JSON body may nest. Our bodies are flat; class-transformer recurses on nesting
 * and overflows the stack on a few thousand levels, so deeper bodies are refused unread.
 */
export const MAX_JSON_DEPTH = 8;

/** Deepest nesting of objects and arrays in a JSON text, counted without parsing it. */
export function jsonDepth(
  text: string,
  limit = Number.POSITIVE_INFINITY,
): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i);
    if (inString) {
      if (char === 0x5c)
        i++; // backslash: skip the escaped character
      else if (char === 0x22) inString = false;
    } else if (char === 0x22) {
      inString = true;
    } else if (char === 0x7b || char === 0x5b) {
      depth++;
      if (depth > deepest) deepest = depth;
      if (deepest > limit) return deepest;
    } else if (char === 0x7d || char === 0x5d) {
      depth--;
    }
  }
  return deepest;
}

/** JSON (and `+json`) bodies only, with prototype poisoning refused and nesting bounded. */
export function registerJsonBodyParser(fastify: FastifyInstance): void {
  const parse = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser(
    /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i,
    { parseAs: 'string' },
    (request, body, done) => {
      const text = typeof body === 'string' ? body : body.toString('utf8');
      if (jsonDepth(text, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
        done(
          new RequestValidationError([
            {
              field: 'body',
              code: 'INVALID_VALUE',
              message: `JSON may nest at most ${MAX_JSON_DEPTH} levels deep`,
            },
          ]),
          undefined,
        );
        return;
      }
      void parse(request, text, done);
    },
  );
}
