import {
  normalizePhone,
  type PhoneNormalization,
} from '@landing/shared/domain-phone';

const parsed = new WeakMap<object, PhoneNormalization | undefined>();

/**
 * The `phone` of a request's JSON body, normalised once per request however many parts of the
 * app ask (the rate limiter keys on it, intake stores it). Undefined when the body has no
 * string `phone`. Keyed by the parsed body object, which lives exactly as long as the request.
 */
export function requestPhone(
  request: { body?: unknown },
  region: string,
): PhoneNormalization | undefined {
  const body = request.body;
  if (typeof body !== 'object' || body === null) return undefined;
  if (parsed.has(body)) return parsed.get(body);
  const phone = (body as { phone?: unknown }).phone;
  const result =
    typeof phone === 'string' ? normalizePhone(phone, region) : undefined;
  parsed.set(body, result);
  return result;
}
