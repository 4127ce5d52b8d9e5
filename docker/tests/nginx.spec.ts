import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import {
  createServer,
  type IncomingHttpHeaders,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

// The web image's nginx configuration, run by a real nginx (Debian's nginx-light) over a
// localised, prerendered build laid out as Angular writes it, with a stub api behind it.
// Paths the image uses (/tmp, /usr/share/nginx/html, /etc/nginx/snippets, port 8080) are
// rewritten to a temporary directory; everything else is the file the image ships.

const repoRoot = resolve(__dirname, '../..');
const NGINX = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((path) => {
  try {
    execFileSync(path, ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
});

interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createNetServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        done(typeof address === 'object' && address ? address.port : 0),
      );
    });
  });
}

function write(root: string, path: string, body: string | Buffer): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), body);
}

const bundle = 'console.log("landing");'.repeat(100);
const adminBundle = 'console.log("admin");'.repeat(100);

describe('web image nginx', () => {
  let dir: string;
  let nginx: ChildProcess | undefined;
  let api: Server;
  let base: string;
  const seen: Seen[] = [];
  const openStreams: ServerResponse[] = [];

  beforeAll(async () => {
    if (!NGINX) {
      throw new Error(
        'nginx is required for this test: apt-get install -y nginx-light',
      );
    }
    dir = mkdtempSync(join(tmpdir(), 'landing-nginx-'));
    chmodSync(dir, 0o755); // nginx workers run as nobody when the test runs as root
    const html = join(dir, 'html');
    const run = join(dir, 'run');
    mkdirSync(join(run, 'conf.d'), { recursive: true });
    for (const locale of ['fa', 'en']) {
      write(
        html,
        `${locale}/index.html`,
        `<html lang="${locale}">prerendered home</html>`,
      );
      write(
        html,
        `${locale}/index.csr.html`,
        `<html lang="${locale}">spa shell</html>`,
      );
      write(html, `${locale}/main-AB12CD34.js`, bundle);
      write(
        html,
        `${locale}/main-AB12CD34.js.br`,
        'brotli the image cannot serve',
      );
      write(html, `${locale}/favicon.ico`, 'icon');
      // the admin app, copied into the locale's folder as the image build does
      write(
        html,
        `${locale}/admin/index.html`,
        `<html lang="${locale}">admin app</html>`,
      );
      write(html, `${locale}/admin/main-EF56GH78.js`, adminBundle);
    }
    write(
      html,
      'fa/privacy/index.html',
      '<html lang="fa">prerendered privacy</html>',
    );
    // as the image build does: .gz beside the text assets, no .br
    execFileSync(process.execPath, [
      join(repoRoot, 'docker/precompress.mjs'),
      html,
    ]);
    execFileSync('chmod', ['-R', 'a+rX', dir]);

    api = createServer((req, res) => {
      seen.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
      });
      if (req.url?.startsWith('/api/admin/events')) {
        // A stream that stays open: only an unbuffered proxy lets its first bytes through
        // now. No X-Accel-Buffering header: the configuration alone must do it.
        res.writeHead(200, {
          'content-type': 'text/event-stream',
          'cache-control': 'no-cache',
        });
        res.write('retry: 3000\n\nid: 1-0\nevent: lead.changed\ndata: {}\n\n');
        openStreams.push(res);
        return;
      }
      req.resume();
      req.on('end', () => {
        res.writeHead(202, { 'content-type': 'application/json' });
        res.end('{"status":"accepted"}');
      });
    });
    const apiPort = await freePort();
    await new Promise<void>((done) => api.listen(apiPort, '127.0.0.1', done));
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;

    const env: Record<string, string> = {
      API_UPSTREAM: `127.0.0.1:${apiPort}`,
      WEB_LOCALES: 'fa|en',
      WEB_DEFAULT_LOCALE: 'fa',
    };
    const relocate = (text: string): string =>
      text
        .replaceAll('/tmp/', `${run}/`)
        .replace('access_log /dev/stdout', `access_log ${run}/access.log`)
        .replaceAll('/usr/share/nginx/html', html)
        .replaceAll(
          '/etc/nginx/snippets',
          join(repoRoot, 'docker/nginx/snippets'),
        )
        .replace('listen 8080;', `listen 127.0.0.1:${port};`);
    const template = readFileSync(
      join(repoRoot, 'docker/nginx/templates/conf.d/landing.conf.template'),
      'utf8',
    );
    // what the image's entrypoint does with envsubst
    const rendered = template.replace(
      /\$\{([A-Z_]+)\}/g,
      (whole, name: string) => env[name] ?? whole,
    );
    writeFileSync(join(run, 'conf.d/landing.conf'), relocate(rendered));
    writeFileSync(
      join(run, 'nginx.conf'),
      relocate(readFileSync(join(repoRoot, 'docker/nginx/nginx.conf'), 'utf8')),
    );
    nginx = spawn(
      NGINX,
      ['-c', join(run, 'nginx.conf'), '-p', run, '-g', 'daemon off;'],
      {
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let stderr = '';
    nginx.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    for (let attempt = 0; ; attempt++) {
      try {
        await fetch(`${base}/healthz`);
        break;
      } catch {
        if (attempt > 400 || nginx.exitCode !== null)
          throw new Error(`nginx did not start: ${stderr}`);
        await new Promise((done) => setTimeout(done, 50));
      }
    }
  }, 60_000); // generous: the machine is shared and may be busy

  afterAll(async () => {
    for (const stream of openStreams) stream.end();
    if (nginx && nginx.exitCode === null) {
      const exited = new Promise((done) => nginx?.once('exit', done));
      nginx.kill('SIGQUIT');
      await exited;
    }
    await new Promise((done) => api?.close(done));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const get = (
    path: string,
    headers: Record<string, string> = {},
  ): Promise<Response> =>
    fetch(`${base}${path}`, { headers, redirect: 'manual' });

  it('sends "/" to the visitor\'s locale, or the default one', async () => {
    const english = await get('/', { 'accept-language': 'en-GB,en;q=0.9' });
    expect(english.status).toBe(302);
    expect(english.headers.get('location')).toBe('/en/');
    const other = await get('/', { 'accept-language': 'de-DE' });
    expect(other.headers.get('location')).toBe('/fa/');
    expect(other.headers.get('cache-control')).toBe('no-store');
  });

  it('sends "/" to the locale the visitor picked on the page, before Accept-Language', async () => {
    const picked = await get('/', {
      'accept-language': 'en-US',
      cookie: 'landing_locale=fa',
    });
    expect(picked.headers.get('location')).toBe('/fa/');
    const unknown = await get('/', {
      'accept-language': 'en-US',
      cookie: 'landing_locale=de',
    });
    expect(unknown.headers.get('location')).toBe('/en/');
  });

  it('serves the prerendered page of a path, never cached without revalidation', async () => {
    const home = await get('/fa/');
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('prerendered home');
    expect(home.headers.get('cache-control')).toBe('no-cache');
    expect(home.headers.get('x-content-type-options')).toBe('nosniff');
    const privacy = await get('/fa/privacy');
    expect(await privacy.text()).toContain('prerendered privacy');
  });

  it('adds the slash to a bare locale, keeping the query', async () => {
    const response = await get('/en?utm_campaign=spring');
    expect(response.status).toBe(301);
    expect(response.headers.get('location')).toBe('/en/?utm_campaign=spring');
  });

  it('answers 404 for a missing file rather than the SPA shell', async () => {
    const response = await get('/fa/robots.txt');
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain('spa shell');
  });

  it("falls back to the locale's SPA shell for client-side routes", async () => {
    const route = await get('/en/contact/42');
    expect(route.status).toBe(200);
    expect(await route.text()).toBe('<html lang="en">spa shell</html>');
    expect(route.headers.get('cache-control')).toBe('no-cache');
  });

  it("redirects an unlocalised path into the visitor's locale", async () => {
    const response = await get('/privacy?utm_source=x', {
      'accept-language': 'fa-IR',
    });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/fa/privacy?utm_source=x');
  });

  it('sends /admin and the pages under it to the remembered locale, else the default', async () => {
    const plain = await get('/admin', { 'accept-language': 'en-US' });
    expect(plain.status).toBe(302);
    expect(plain.headers.get('location')).toBe('/fa/admin');
    expect(plain.headers.get('cache-control')).toBe('no-store');
    const remembered = await get('/admin/leads?view=abc', {
      cookie: 'landing_locale=en',
    });
    expect(remembered.status).toBe(302);
    expect(remembered.headers.get('location')).toBe('/en/admin/leads?view=abc');
    const unknown = await get('/admin/', { cookie: 'landing_locale=de' });
    expect(unknown.headers.get('location')).toBe('/fa/admin/');
  });

  it("serves the admin app's own build under /<locale>/admin/, with its shell for client routes", async () => {
    const bare = await get('/en/admin?view=abc');
    expect(bare.status).toBe(301);
    expect(bare.headers.get('location')).toBe('/en/admin/?view=abc');
    const home = await get('/en/admin/');
    expect(home.status).toBe(200);
    expect(await home.text()).toBe('<html lang="en">admin app</html>');
    expect(home.headers.get('cache-control')).toBe('no-cache');
    expect(home.headers.get('x-frame-options')).toBe('DENY');
    const route = await get('/fa/admin/leads?view=abc');
    expect(route.status).toBe(200);
    expect(await route.text()).toBe('<html lang="fa">admin app</html>');
    const bundle = await get('/fa/admin/main-EF56GH78.js', {
      'accept-encoding': 'gzip',
    });
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get('cache-control')).toBe(
      'public, max-age=31536000, immutable',
    );
    expect(bundle.headers.get('content-encoding')).toBe('gzip');
    expect(await bundle.text()).toBe(adminBundle);
    const missing = await get('/fa/admin/main-ZZ99ZZ99.js');
    expect(missing.status).toBe(404);
  });

  it('caches hashed bundles for a year and serves them precompressed', async () => {
    const response = await get('/fa/main-AB12CD34.js', {
      'accept-encoding': 'gzip',
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe(
      'public, max-age=31536000, immutable',
    );
    expect(response.headers.get('content-encoding')).toBe('gzip');
    expect(await response.text()).toBe(bundle);
  });

  it('leaves brotli files out, as the image has no module to serve them', async () => {
    expect(existsSync(join(dir, 'html/fa/main-AB12CD34.js.br'))).toBe(false);
    expect((await get('/fa/main-AB12CD34.js.br')).status).toBe(404);
  });

  it('answers 404 for a missing bundle instead of the SPA shell, and does not cache it', async () => {
    const response = await get('/fa/main-ZZ99ZZ99.js');
    expect(response.status).toBe(404);
    expect(response.headers.get('cache-control')).toBeNull();
  });

  it('gives unhashed files a short cache', async () => {
    const response = await get('/fa/favicon.ico');
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('public, max-age=3600');
  });

  it('proxies /api to the api with the path, body and client address', async () => {
    const before = seen.length;
    const response = await fetch(`${base}/api/leads`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"phone":"09121234567","consent":true}',
    });
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ status: 'accepted' });
    const request = seen[before];
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe('/api/leads');
    expect(request?.headers['x-forwarded-for']).toBe('127.0.0.1');
    expect(request?.headers['x-forwarded-proto']).toBe('http');
  });

  it('passes the desk event stream through as it comes, never gzipped, while it stays open', async () => {
    const controller = new AbortController();
    const response = await fetch(`${base}/api/admin/events`, {
      headers: { 'accept-encoding': 'gzip', cookie: 'lp_admin_session=x' },
      signal: controller.signal,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    expect(response.headers.get('content-encoding')).toBeNull();
    const reader = response.body?.getReader();
    let text = '';
    const deadline = Date.now() + 5000;
    while (!text.includes('data: {}') && Date.now() < deadline) {
      const chunk = await Promise.race([
        reader?.read(),
        new Promise<undefined>((done) =>
          setTimeout(() => done(undefined), 5000),
        ),
      ]);
      if (!chunk || chunk.done) break;
      text += new TextDecoder().decode(chunk.value);
    }
    // The upstream has not ended the response: these bytes came through at once.
    expect(text).toContain('id: 1-0\nevent: lead.changed\ndata: {}\n\n');
    expect(openStreams.length).toBeGreaterThan(0);
    controller.abort();
  });

  it("keeps the api's health and metrics endpoints private", async () => {
    const before = seen.length;
    for (const path of ['/health/live', '/health/ready', '/metrics']) {
      const response = await get(path);
      expect(response.status).toBe(302);
    }
    expect(seen.length).toBe(before);
  });
});
