import { type IncomingMessage, type ServerResponse } from 'node:http';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import helmet, { type HelmetOptions } from 'helmet';

export interface HttpSecurityOptions {
  production: boolean;
  /** Origins allowed to call cross-origin; empty means same-origin only (no CORS headers at all). */
  corsOrigins: readonly string[];
}

/**
 * Security headers with a policy the Angular pages work under: scripts only from our origin,
 * inline styles allowed because Angular inlines component styles in prerendered HTML.
 */
export function helmetOptions(production: boolean): HelmetOptions {
  return {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        // Rewriting http:// to https:// would break plain-http development on localhost.
        ...(production ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    hsts: production ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
  };
}

/**
 * The headers helmet sets, worked out once. Our policy is the same for every response (no
 * nonces, no per-route options), so running helmet on every request would rebuild and
 * re-serialise the same policy thousands of times a second.
 */
export function securityHeaders(
  options: HelmetOptions,
): Readonly<Record<string, string>> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader: (name: string, value: string | number) =>
      (headers[name.toLowerCase()] = String(value)),
    removeHeader: (name: string) => delete headers[name.toLowerCase()],
  };
  helmet(options)(
    {} as IncomingMessage,
    response as unknown as ServerResponse,
    (error?: unknown) => {
      if (error) throw error;
    },
  );
  return Object.freeze(headers);
}

export function applyHttpSecurity(
  app: NestFastifyApplication,
  { production, corsOrigins }: HttpSecurityOptions,
): void {
  const headers = securityHeaders(helmetOptions(production));
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (_request, reply, done) => {
      void reply.headers(headers);
      done();
    });
  if (corsOrigins.length > 0) {
    app.enableCors({
      origin: [...corsOrigins],
      methods: ['GET', 'POST', 'PATCH', 'DELETE'],
      allowedHeaders: ['content-type', 'x-request-id', 'x-csrf-token'],
      credentials: true,
      maxAge: 600,
    });
  }
}
