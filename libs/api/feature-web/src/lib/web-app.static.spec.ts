import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliCompressSync } from 'node:zlib';
import Fastify, { type FastifyInstance } from 'fastify';
import { serveWebApp } from './web-app.static';

describe('serveWebApp (the api serving the built landing page)', () => {
  let root: string;
  let adminRoot: string;
  let app: FastifyInstance;

  beforeAll(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'web-root-'));
    const put = (file: string, content: string | Buffer) => {
      mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      writeFileSync(path.join(root, file), content);
    };
    put('fa/index.html', '<html lang="fa">prerendered fa</html>');
    put('fa/index.csr.html', '<html lang="fa">client shell</html>');
    put('fa/main-ABCDEFGH.js', 'console.log("main")');
    put('fa/main-ABCDEFGH.js.br', brotliCompressSync('console.log("main")'));
    put('fa/hero.svg', '<svg/>');
    put('en/index.html', '<html lang="en">prerendered en</html>');
    put('secret.txt', 'outside any locale');
    adminRoot = mkdtempSync(path.join(tmpdir(), 'web-admin-root-'));
    for (const locale of ['fa', 'en']) {
      const file = (name: string) => path.join(adminRoot, locale, name);
      mkdirSync(path.join(adminRoot, locale), { recursive: true });
      writeFileSync(
        file('index.html'),
        `<html lang="${locale}">admin app</html>`,
      );
      writeFileSync(file('main-QRSTUVWX.js'), `console.log("admin ${locale}")`);
    }

    app = Fastify();
    app.get('/api/leads', () => ({ route: 'api' }));
    app.get('/health/live', () => ({ status: 'ok' }));
    app.setNotFoundHandler((request, reply) =>
      reply.code(404).send({ code: 'NOT_FOUND' }),
    );
    await serveWebApp(app, { root, defaultLocale: 'fa', adminRoot });
    await app.ready();
  });

  afterAll(async () => {
    await app.close();
    rmSync(root, { recursive: true, force: true });
    rmSync(adminRoot, { recursive: true, force: true });
  });

  it('sends / to the default locale, keeping the campaign parameters', async () => {
    const response = await app.inject({
      url: '/?utm_source=sms&utm_campaign=nowruz',
    });
    expect(response.statusCode).toBe(302);
    expect(response.headers.location).toBe(
      '/fa/?utm_source=sms&utm_campaign=nowruz',
    );
  });

  it('sends / to the locale the visitor picked on the page, when it is one we built', async () => {
    const picked = await app.inject({
      url: '/?utm_source=sms',
      headers: { cookie: 'theme=dark; landing_locale=en' },
    });
    expect(picked.headers.location).toBe('/en/?utm_source=sms');
    const unknown = await app.inject({
      url: '/',
      headers: { cookie: 'landing_locale=de' },
    });
    expect(unknown.headers.location).toBe('/fa/');
  });

  it('adds the trailing slash a locale folder needs for its relative asset URLs', async () => {
    const response = await app.inject({ url: '/en?utm_source=x' });
    expect(response.statusCode).toBe(301);
    expect(response.headers.location).toBe('/en/?utm_source=x');
  });

  it('serves the prerendered page of each locale, never cached without revalidation', async () => {
    const fa = await app.inject({ url: '/fa/' });
    expect(fa.statusCode).toBe(200);
    expect(fa.body).toContain('prerendered fa');
    expect(fa.headers['content-type']).toMatch(/^text\/html/);
    expect(fa.headers['cache-control']).toBe('no-cache');
    expect((await app.inject({ url: '/en/' })).body).toContain(
      'prerendered en',
    );
  });

  it('lets browsers keep hashed assets forever and serves them precompressed', async () => {
    const response = await app.inject({
      url: '/fa/main-ABCDEFGH.js',
      headers: { 'accept-encoding': 'br, gzip' },
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe(
      'public, max-age=31536000, immutable',
    );
    expect(response.headers['content-encoding']).toBe('br');
    const plain = await app.inject({ url: '/fa/main-ABCDEFGH.js' });
    expect(plain.body).toBe('console.log("main")');
  });

  it('revalidates unhashed assets', async () => {
    const response = await app.inject({ url: '/fa/hero.svg' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-cache');
  });

  it('answers client-rendered routes with the app shell', async () => {
    const response = await app.inject({ url: '/fa/privacy/more?page=2' });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('client shell');
  });

  it("serves the admin workspace's own build under /<locale>/admin/", async () => {
    const bare = await app.inject({ url: '/en/admin?view=abc' });
    expect(bare.statusCode).toBe(301);
    expect(bare.headers.location).toBe('/en/admin/?view=abc');
    const home = await app.inject({ url: '/en/admin/' });
    expect(home.statusCode).toBe(200);
    expect(home.body).toBe('<html lang="en">admin app</html>');
    expect(home.headers['cache-control']).toBe('no-cache');
    // a client-side route of the admin app: its shell, in the locale of the path
    const route = await app.inject({ url: '/fa/admin/leads?page=2' });
    expect(route.statusCode).toBe(200);
    expect(route.body).toBe('<html lang="fa">admin app</html>');
    const bundle = await app.inject({ url: '/fa/admin/main-QRSTUVWX.js' });
    expect(bundle.body).toBe('console.log("admin fa")');
    expect(bundle.headers['cache-control']).toBe(
      'public, max-age=31536000, immutable',
    );
    for (const url of [
      '/fa/admin/main-ZZZZZZZZ.js',
      '/fa/admin/../../secret.txt',
      '/fa/admin/%2e%2e/%2e%2e/secret.txt',
    ]) {
      expect({ url, status: (await app.inject({ url })).statusCode }).toEqual({
        url,
        status: 404,
      });
    }
  });

  it('answers 404 under /<locale>/admin/ when no admin build is served', async () => {
    const landingOnly = Fastify();
    await serveWebApp(landingOnly, { root, defaultLocale: 'fa' });
    const response = await landingOnly.inject({ url: '/fa/admin/leads' });
    expect(response.statusCode).toBe(404);
    expect(response.body).not.toContain('client shell');
    await landingOnly.close();
  });

  it('sends /admin and the pages under it to the remembered locale, else the default', async () => {
    const plain = await app.inject({ url: '/admin' });
    expect(plain.statusCode).toBe(302);
    expect(plain.headers.location).toBe('/fa/admin');
    const remembered = await app.inject({
      url: '/admin/leads?view=abc',
      headers: { cookie: 'landing_locale=en' },
    });
    expect(remembered.statusCode).toBe(302);
    expect(remembered.headers.location).toBe('/en/admin/leads?view=abc');
    const unknown = await app.inject({
      url: '/admin/',
      headers: { cookie: 'landing_locale=de' },
    });
    expect(unknown.headers.location).toBe('/fa/admin/');
    expect((await app.inject({ url: '/administrator' })).statusCode).toBe(404);
  });

  it('leaves api, health and unknown paths to the api', async () => {
    expect((await app.inject({ url: '/api/leads' })).json()).toEqual({
      route: 'api',
    });
    expect((await app.inject({ url: '/health/live' })).json()).toEqual({
      status: 'ok',
    });
    for (const url of [
      '/api/nope',
      '/de/',
      '/fa/missing-ABCDEFGH.js',
      '/secret.txt',
      '/fa/../secret.txt',
      '/fa/%2e%2e/secret.txt',
    ]) {
      const response = await app.inject({ url });
      expect({ url, status: response.statusCode }).toEqual({
        url,
        status: 404,
      });
      expect(response.body).not.toContain('outside any locale');
    }
  });

  it('refuses to start when the default locale was not built', async () => {
    const other = Fastify();
    await expect(
      serveWebApp(other, { root, defaultLocale: 'de' }),
    ).rejects.toThrow(/no de\/index.html/);
    await other.close();
  });
});
