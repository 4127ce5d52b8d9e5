import fastifyHelmet from '@fastify/helmet';
import Fastify from 'fastify';
import { helmetOptions, securityHeaders } from './http-security';

/** Headers any response has, security or not. */
const HTTP_HEADERS = new Set([
  'content-type',
  'content-length',
  'date',
  'connection',
  'keep-alive',
]);

/** What @fastify/helmet, registered with our options, sends on a response. */
async function headersFromFastifyHelmet(
  production: boolean,
): Promise<Record<string, string>> {
  const app = Fastify();
  await app.register(fastifyHelmet, helmetOptions(production));
  app.get('/', async () => ({ ok: true }));
  const response = await app.inject({ method: 'GET', url: '/' });
  await app.close();
  const sent: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers)) {
    if (!HTTP_HEADERS.has(name) && value !== undefined)
      sent[name] = String(value);
  }
  return sent;
}

describe('security headers', () => {
  it.each([false, true])(
    'are exactly what @fastify/helmet sends with the same options (production: %s)',
    async (production) => {
      expect(securityHeaders(helmetOptions(production))).toEqual(
        await headersFromFastifyHelmet(production),
      );
    },
  );

  it('hold the policy the pages are built for: own scripts only, no framing, HSTS in production only', () => {
    const development = securityHeaders(helmetOptions(false));
    const production = securityHeaders(helmetOptions(true));
    expect(development['content-security-policy']).toContain(
      "script-src 'self'",
    );
    expect(development['content-security-policy']).toContain(
      "frame-ancestors 'none'",
    );
    expect(development['content-security-policy']).not.toContain(
      'upgrade-insecure-requests',
    );
    expect(development['strict-transport-security']).toBeUndefined();
    expect(production['content-security-policy']).toContain(
      'upgrade-insecure-requests',
    );
    expect(production['strict-transport-security']).toBe(
      'max-age=31536000; includeSubDomains',
    );
    expect(development['referrer-policy']).toBe(
      'strict-origin-when-cross-origin',
    );
    expect(development['x-content-type-options']).toBe('nosniff');
  });
});
