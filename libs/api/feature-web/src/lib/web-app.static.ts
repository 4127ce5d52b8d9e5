import { readdirSync, statSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import { type FastifyInstance, type FastifyReply } from 'fastify';

export interface WebAppOptions {
  /** The Angular build's browser folder: one sub-folder per locale (`fa/`, `en/`). */
  root: string;
  /** Where `/` sends a visitor. */
  defaultLocale: string;
  /**
   * The admin workspace's build (apps/admin's browser folder, one sub-folder per locale),
   * served under `/<locale>/admin/`. Without it those paths answer 404.
   */
  adminRoot?: string;
}

/** Angular's output hashing: `main-OMCTJJIF.js`, `chunk-7QC2HS2V.js`, `styles-D2ENIZBS.css`. */
const HASHED_FILE = /-[A-Z0-9]{8}\.[a-z0-9]+$/;
const FOREVER = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';

/** Hashed assets never change under the same name; everything else is revalidated. */
export function cacheControlFor(file: string): string {
  return HASHED_FILE.test(path.basename(file)) ? FOREVER : REVALIDATE;
}

/**
 * Serves the prerendered landing page and its assets from the api's own port, so that
 * in development the product has one URL. `/api`, `/health` and `/metrics` stay with
 * their routes (a static route always beats this wildcard); unknown paths outside a
 * locale get the api's usual 404. In production nginx does this job.
 */
export async function serveWebApp(
  fastify: FastifyInstance,
  options: WebAppOptions,
): Promise<void> {
  const root = path.resolve(options.root);
  const adminRoot =
    options.adminRoot === undefined
      ? undefined
      : path.resolve(options.adminRoot);
  const locales = localesIn(root);
  if (!locales.includes(options.defaultLocale)) {
    throw new Error(
      `WEB_ROOT ${root} has no ${options.defaultLocale}/index.html (found: ${locales.join(', ') || 'no locales'}); build the web app first`,
    );
  }
  if (adminRoot !== undefined && localesIn(adminRoot).length === 0) {
    throw new Error(
      `WEB_ADMIN_ROOT ${adminRoot} has no <locale>/index.html; build the admin app first (npx nx build admin)`,
    );
  }
  // serve: false: we route ourselves (locale folders, SPA fallback); the plugin only
  // sends files, picking a precompressed .br/.gz sibling when the client accepts it.
  await fastify.register(fastifyStatic, {
    root,
    serve: false,
    preCompressed: true,
    cacheControl: false,
  });

  fastify.get('/*', async (request, reply) => {
    const { pathname, search } = splitUrl(request.url);
    if (pathname === '/')
      return redirect(
        reply,
        `/${chosenLocale(request.headers.cookie, locales) ?? options.defaultLocale}/${search}`,
        302,
      );
    // The admin area lives under each locale; a bare /admin link goes to the one the
    // visitor chose on the page, else the default.
    if (pathname === '/admin' || pathname.startsWith('/admin/'))
      return redirect(
        reply,
        `/${chosenLocale(request.headers.cookie, locales) ?? options.defaultLocale}${pathname}${search}`,
        302,
      );
    const locale = pathname.split('/')[1] ?? '';
    if (!locales.includes(locale)) return reply.callNotFound();
    if (pathname === `/${locale}`)
      return redirect(reply, `/${locale}/${search}`, 301);
    // The admin workspace is a build of its own, laid out like this one (<locale>/…).
    if (pathname === `/${locale}/admin`)
      return redirect(reply, `/${locale}/admin/${search}`, 301);
    if (pathname.startsWith(`/${locale}/admin/`)) {
      if (adminRoot === undefined) return reply.callNotFound();
      const inAdmin = `${locale}/${pathname.slice(`/${locale}/admin/`.length)}`;
      const adminFile = inAdmin.endsWith('/')
        ? `${inAdmin}index.html`
        : inAdmin;
      if (await isFileInside(adminRoot, adminFile))
        return send(reply, adminFile, adminRoot);
      if (!path.extname(adminFile))
        return send(reply, `${locale}/index.html`, adminRoot);
      return reply.callNotFound();
    }

    const relative = pathname.slice(1);
    const file = relative.endsWith('/') ? `${relative}index.html` : relative;
    if (await isFileInside(root, file)) return send(reply, file);
    // Client-rendered routes have no file of their own.
    if (!path.extname(file)) return sendShell(reply, root, locale);
    return reply.callNotFound();
  });
}

/** The locale the visitor picked on the page (cookie `landing_locale`), when we built it. */
export function chosenLocale(
  cookieHeader: string | undefined,
  locales: readonly string[],
): string | undefined {
  const chosen = /(?:^|;\s*)landing_locale=([^;]*)/.exec(
    cookieHeader ?? '',
  )?.[1];
  return chosen !== undefined && locales.includes(chosen) ? chosen : undefined;
}

function localesIn(root: string): string[] {
  try {
    return readdirSync(root).filter((name) => {
      try {
        return statSync(path.join(root, name, 'index.html')).isFile();
      } catch {
        return false;
      }
    });
  } catch {
    return [];
  }
}

function splitUrl(url: string): { pathname: string; search: string } {
  const index = url.indexOf('?');
  return index === -1
    ? { pathname: url, search: '' }
    : { pathname: url.slice(0, index), search: url.slice(index) };
}

function redirect(
  reply: FastifyReply,
  location: string,
  status: 301 | 302,
): FastifyReply {
  return reply.header('cache-control', REVALIDATE).redirect(location, status);
}

async function isFileInside(root: string, relative: string): Promise<boolean> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(relative);
  } catch {
    return false;
  }
  const absolute = path.resolve(root, decoded);
  if (!absolute.startsWith(root + path.sep)) return false;
  try {
    return (await stat(absolute)).isFile();
  } catch {
    return false;
  }
}

function send(
  reply: FastifyReply,
  file: string,
  fromRoot?: string,
): FastifyReply {
  reply.header('cache-control', cacheControlFor(file));
  return fromRoot === undefined
    ? reply.sendFile(file)
    : reply.sendFile(file, fromRoot);
}

async function sendShell(
  reply: FastifyReply,
  root: string,
  locale: string,
): Promise<FastifyReply> {
  const shell = (await isFileInside(root, `${locale}/index.csr.html`))
    ? `${locale}/index.csr.html`
    : `${locale}/index.html`;
  return send(reply, shell);
}
