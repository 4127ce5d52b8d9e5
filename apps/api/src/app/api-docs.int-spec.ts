import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  API_DOCS_JSON_PATH,
  API_DOCS_PATH,
  fastifyPath,
  ROUTE_DOCS,
} from '@landing/api/feature-api-docs';
import Ajv2020 from 'ajv/dist/2020';
import {
  type AdminTestApi,
  startAdminTestApi,
} from './admin-testing/admin-test-api';

interface Operation {
  summary?: string;
  requestBody?: {
    content: Record<string, { schema: object; example?: unknown }>;
  };
  responses: Record<
    string,
    { content?: Record<string, { schema: object; example?: unknown }> }
  >;
  parameters?: {
    name: string;
    in: string;
    example?: unknown;
    schema: object;
  }[];
  security?: Record<string, string[]>[];
}
interface Document {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: {
    schemas: Record<string, object>;
    securitySchemes: Record<string, { in: string; name: string }>;
  };
}

const run = promisify(execFile);
const ROOT = join(__dirname, '../../../..');
const PERSIAN_DIGIT = /[۰-۹]/;

const operations = (document: Document) =>
  Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, operation]) => ({
      key: `${method.toUpperCase()} ${fastifyPath(path)}`,
      operation,
    })),
  );

describe('API documentation (/api/docs)', () => {
  let api: AdminTestApi;
  let document: Document;

  beforeAll(async () => {
    api = await startAdminTestApi();
    const response = await api.app.inject({ url: API_DOCS_JSON_PATH });
    if (response.statusCode !== 200)
      throw new Error(`${API_DOCS_JSON_PATH} answered ${response.statusCode}`);
    document = response.json<Document>();
  });
  afterAll(() => api.close());

  it('documents every route the api registers, each from the catalogue', () => {
    const registered = api.routes
      .filter(
        (route) =>
          !route.url.startsWith(API_DOCS_PATH) &&
          route.method !== 'HEAD' &&
          route.method !== 'OPTIONS',
      )
      .map((route) => `${route.method} ${route.url}`);
    expect(registered.length).toBeGreaterThan(30);
    const documented = new Set(operations(document).map(({ key }) => key));
    expect(registered.filter((key) => !documented.has(key))).toEqual([]);
    expect(registered.filter((key) => !ROUTE_DOCS[key])).toEqual([]);
  });

  it('is a valid OpenAPI 3.1 document to an independent validator, with every $ref resolved', async () => {
    expect(document.openapi).toBe('3.1.0');
    const file = join(
      tmpdir(),
      `openapi-${randomBytes(6).toString('hex')}.json`,
    );
    await writeFile(file, JSON.stringify(document));
    const result = await run(
      process.execPath,
      [join(ROOT, 'tools/api-docs/validate-openapi.mjs'), file],
      { cwd: ROOT },
    ).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }));
    expect(JSON.parse(result.stdout)).toEqual({ valid: true, errors: [] });
  }, 30_000);

  it('gives every JSON answer and body a contract schema, and every example fits its schema', () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    for (const [name, schema] of Object.entries(document.components.schemas))
      ajv.addSchema(schema, `#/components/schemas/${name}`);
    const misfits: string[] = [];
    for (const { key, operation } of operations(document)) {
      const media = [
        ...Object.entries(operation.responses).map(([status, response]) => ({
          where: `${key} ${status}`,
          content: response.content?.['application/json'],
        })),
        {
          where: `${key} body`,
          content: operation.requestBody?.content['application/json'],
        },
      ];
      for (const { where, content } of media) {
        if (content?.example === undefined) continue;
        const validate = ajv.compile({
          ...content.schema,
          $defs: undefined,
        });
        if (!validate(content.example))
          misfits.push(`${where}: ${ajv.errorsText(validate.errors)}`);
      }
    }
    expect(misfits).toEqual([]);
    const withoutSuccess = operations(document).filter(
      ({ operation }) =>
        !Object.keys(operation.responses).some((status) => /^2/.test(status)),
    );
    expect(withoutSuccess.map(({ key }) => key)).toEqual([]);
  });

  it('describes the session cookie and the CSRF header, and asks for the header on state-changing admin routes only', () => {
    expect(document.components.securitySchemes).toMatchObject({
      session: { in: 'cookie', name: 'lp_admin_session' },
      csrf: { in: 'header', name: 'x-csrf-token' },
    });
    const byKey = new Map(
      operations(document).map(({ key, operation }) => [key, operation]),
    );
    expect(byKey.get('PATCH /api/admin/leads/:id/status')?.security).toEqual([
      { session: [], csrf: [] },
    ]);
    expect(byKey.get('GET /api/admin/leads')?.security).toEqual([
      { session: [] },
    ]);
    expect(byKey.get('POST /api/leads')?.security).toEqual([]);
    expect(
      Object.keys(byKey.get('GET /api/admin/leads/:id')?.responses ?? {}),
    ).toEqual(expect.arrayContaining(['200', '400', '401', '403', '404']));
  });

  it('shows Persian digits in its examples, and the documented intake example is accepted as documented', async () => {
    const intake = operations(document).find(
      ({ key }) => key === 'POST /api/leads',
    )?.operation;
    const example = intake?.requestBody?.content['application/json']
      ?.example as { phone: string };
    expect(example.phone).toMatch(PERSIAN_DIGIT);
    const listQuery = operations(document)
      .find(({ key }) => key === 'GET /api/admin/leads')
      ?.operation.parameters?.find((parameter) => parameter.name === 'q');
    expect(String(listQuery?.example)).toMatch(PERSIAN_DIGIT);

    const response = await api.app.inject({
      method: 'POST',
      url: '/api/leads',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({
        ...example,
        submissionId: undefined,
      }),
    });
    expect(response.statusCode).toBe(202);
    expect(response.json()).toMatchObject({ status: 'accepted' });
  });

  it('serves Swagger UI whose every script and stylesheet loads from our origin under the CSP', async () => {
    const page = await api.app.inject({ url: API_DOCS_PATH });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(page.body).not.toMatch(/<script>(?!\s*<\/script>)/);
    const assets = [
      ...page.body.matchAll(/(?:src|href)="([^"]+\.(?:js|css))"/g),
    ].map(([, asset]) => asset ?? '');
    expect(assets).toEqual(
      expect.arrayContaining([expect.stringMatching(/swagger-ui-init\.js$/)]),
    );
    for (const asset of assets) {
      expect(asset).not.toMatch(/^(https?:)?\/\//);
      const url = new URL(asset, `http://x${API_DOCS_PATH}/`).pathname;
      const response = await api.app.inject({ url });
      expect([url, response.statusCode]).toEqual([url, 200]);
    }
    const init = await api.app.inject({
      url: `${API_DOCS_PATH}/swagger-ui-init.js`,
    });
    expect(init.body).toContain('/api/admin/leads/{id}');
  });
});

describe('API documentation in production', () => {
  const production = {
    NODE_ENV: 'production',
    ADMIN_SESSION_SECRET: randomBytes(36).toString('base64url'),
  };

  it('is not served unless API_DOCS=true', async () => {
    const api = await startAdminTestApi(production);
    try {
      for (const url of [API_DOCS_PATH, API_DOCS_JSON_PATH])
        expect((await api.app.inject({ url })).statusCode).toBe(404);
    } finally {
      await api.close();
    }
  });

  it('is served with API_DOCS=true', async () => {
    const api = await startAdminTestApi({ ...production, API_DOCS: 'true' });
    try {
      const response = await api.app.inject({ url: API_DOCS_JSON_PATH });
      expect(response.statusCode).toBe(200);
      expect(response.json<Document>().openapi).toBe('3.1.0');
    } finally {
      await api.close();
    }
  });
});
