import helmet from '@fastify/helmet';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';

export interface HttpSecurityOptions {
  production: boolean;
  /** Origins allowed to call cross-origin; empty means same-origin only (no CORS headers at all). */
  corsOrigins: readonly string[];
}

/**
 * Security headers with a policy the Angular pages work under: scripts only from our origin,
 * inline styles allowed because Angular inlines component styles in prerendered HTML.
 */
export async function applyHttpSecurity(app: NestFastifyApplication, { production, corsOrigins }: HttpSecurityOptions): Promise<void> {
  await app.register(helmet, {
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
