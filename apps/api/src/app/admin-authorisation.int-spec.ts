import { type AdminRole } from '@landing/shared/contracts-admin';
import {
  type Agent,
  type AdminTestApi,
  seedLeads,
  startAdminTestApi,
  TEST_PASSWORD,
} from './admin-testing/admin-test-api';

/**
 * Every route under /api/admin and the roles allowed on it. A route the api registers that
 * is missing here fails the first test, so nobody adds an admin route without deciding who
 * may call it; the others prove the guard enforces exactly this table.
 */
const ADMIN_ROUTES: Record<string, AdminRole[] | 'public'> = {
  'POST /api/admin/auth/login': 'public',
  'POST /api/admin/auth/logout': ['admin', 'reviewer'],
  'GET /api/admin/auth/session': ['admin', 'reviewer'],
  'GET /api/admin/users': ['admin'],
  'POST /api/admin/users/:id/revoke-sessions': ['admin'],
  'GET /api/admin/leads': ['admin', 'reviewer'],
  'GET /api/admin/leads/export': ['admin', 'reviewer'],
  'POST /api/admin/leads/bulk-status': ['admin', 'reviewer'],
  'GET /api/admin/leads/:id': ['admin', 'reviewer'],
  'GET /api/admin/leads/:id/audit': ['admin', 'reviewer'],
  'PATCH /api/admin/leads/:id/status': ['admin', 'reviewer'],
  'POST /api/admin/leads/:id/notes': ['admin', 'reviewer'],
  'DELETE /api/admin/leads/:id': ['admin'],
  'POST /api/admin/auth/password': ['admin', 'reviewer'],
  'POST /api/admin/users': ['admin'],
  'PATCH /api/admin/users/:id/role': ['admin'],
  'POST /api/admin/users/:id/disable': ['admin'],
  'POST /api/admin/users/:id/enable': ['admin'],
  'GET /api/admin/leads/:id/timeline': ['admin', 'reviewer'],
  'GET /api/admin/views': ['admin', 'reviewer'],
  'POST /api/admin/views': ['admin', 'reviewer'],
  'GET /api/admin/views/:id': ['admin', 'reviewer'],
  'PATCH /api/admin/views/:id': ['admin', 'reviewer'],
  'DELETE /api/admin/views/:id': ['admin', 'reviewer'],
  'GET /api/admin/overview/leads-per-day': ['admin', 'reviewer'],
  'GET /api/admin/overview/funnel': ['admin', 'reviewer'],
  'GET /api/admin/overview/quality': ['admin', 'reviewer'],
  'GET /api/admin/overview/response-time': ['admin', 'reviewer'],
  'GET /api/admin/overview/sla': ['admin', 'reviewer'],
  'GET /api/admin/auth/language': ['admin', 'reviewer'],
  'PUT /api/admin/auth/language': ['admin', 'reviewer'],
  'GET /api/admin/webhooks': ['admin'],
  'GET /api/admin/webhooks/alerts': ['admin'],
  'POST /api/admin/webhooks': ['admin'],
  'GET /api/admin/webhooks/:id': ['admin'],
  'PATCH /api/admin/webhooks/:id': ['admin'],
  'DELETE /api/admin/webhooks/:id': ['admin'],
  'POST /api/admin/webhooks/:id/rotate-secret': ['admin'],
  'POST /api/admin/webhooks/:id/test': ['admin'],
  'GET /api/admin/webhooks/:id/deliveries': ['admin'],
  'POST /api/admin/webhooks/:id/deliveries/:deliveryId/redeliver': ['admin'],
  'GET /api/admin/me/availability': ['admin', 'reviewer'],
  'PUT /api/admin/me/availability': ['admin', 'reviewer'],
  'GET /api/admin/queue': ['admin', 'reviewer'],
  'GET /api/admin/leads/:id/calls': ['admin', 'reviewer'],
  'POST /api/admin/leads/:id/calls': ['admin', 'reviewer'],
  'POST /api/admin/leads/:id/claim': ['admin', 'reviewer'],
  'POST /api/admin/leads/:id/assign': ['admin'],
  'GET /api/admin/staff/on-duty': ['admin'],
  'GET /api/admin/settings/business-calendar': ['admin'],
  'PUT /api/admin/settings/business-calendar': ['admin'],
  'GET /api/admin/desk/alerts': ['admin'],
  'GET /api/admin/events': ['admin', 'reviewer'],
};

const EXAMPLE_ID = '00000000-0000-4000-8000-000000000000';
const concrete = (url: string) =>
  url.replace(/:id\b/g, EXAMPLE_ID).replace(/:deliveryId\b/g, EXAMPLE_ID);
const split = (key: string) =>
  key.split(' ') as ['GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', string];

describe('admin authorisation', () => {
  let api: AdminTestApi;
  let reviewer: Agent;
  let admin: Agent;

  beforeAll(async () => {
    api = await startAdminTestApi();
    reviewer = await api.signIn('reviewer');
    admin = await api.signIn('admin');
  });
  afterAll(() => api.close());

  it('knows every admin route the api registers (a new route must be added to the table)', () => {
    const registered = api.routes
      .filter(
        (route) =>
          route.url.startsWith('/api/admin') &&
          route.method !== 'HEAD' &&
          route.method !== 'OPTIONS',
      )
      .map((route) => `${route.method} ${route.url}`)
      .sort();
    expect(registered).toEqual(Object.keys(ADMIN_ROUTES).sort());
  });

  it.each(
    Object.entries(ADMIN_ROUTES).filter(([, roles]) => roles !== 'public'),
  )('%s answers 401 without a session', async (key) => {
    const [method, url] = split(key);
    const response = await api.request(
      undefined,
      method,
      concrete(url),
      method === 'GET' || method === 'DELETE' ? undefined : {},
    );
    expect(response.statusCode).toBe(401);
    expect(response.json<{ code: string }>().code).toBe('UNAUTHENTICATED');
  });

  it.each(
    Object.entries(ADMIN_ROUTES).filter(
      ([, roles]) => roles !== 'public' && !roles.includes('reviewer'),
    ),
  )('%s answers 403 to a reviewer', async (key) => {
    const [method, url] = split(key);
    const response = await api.request(
      reviewer,
      method,
      concrete(url),
      method === 'GET' || method === 'DELETE' ? undefined : {},
    );
    expect(response.statusCode).toBe(403);
    expect(response.json<{ code: string }>().code).toBe('FORBIDDEN');
  });

  it('answers 401 to a forged or garbage session cookie', async () => {
    const response = await api.request(
      { ...reviewer, cookie: 'x'.repeat(43) },
      'GET',
      '/api/admin/leads',
    );
    expect(response.statusCode).toBe(401);
  });

  it("refuses a state-changing request without the CSRF token, or with another session's", async () => {
    const [id] = await seedLeads(api.db, [{ phone: '+989121110001' }]);
    const noHeader = await api.request(
      { ...reviewer, csrf: '' },
      'PATCH',
      `/api/admin/leads/${id}/status`,
      { status: 'contacted' },
    );
    expect(noHeader.statusCode).toBe(403);
    const otherSessions = await api.request(
      { ...reviewer, csrf: admin.csrf },
      'PATCH',
      `/api/admin/leads/${id}/status`,
      { status: 'contacted' },
    );
    expect(otherSessions.statusCode).toBe(403);
    const [row] = await api.db.query<{ status: string }>(
      `SELECT status FROM leads WHERE id = $1`,
      [id],
    );
    expect(row?.status).toBe('new');
    const withToken = await api.request(
      reviewer,
      'PATCH',
      `/api/admin/leads/${id}/status`,
      { status: 'contacted' },
    );
    expect(withToken.statusCode).toBe(200);
  });

  it('sets the session cookie HttpOnly and SameSite=Strict, scoped to the admin api', async () => {
    await api.signIn('reviewer', 'cookie-check@example.com');
    const response = await api.app.inject({
      method: 'POST',
      url: '/api/admin/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({
        email: 'cookie-check@example.com',
        password: TEST_PASSWORD,
      }),
    });
    const header = String(response.headers['set-cookie']);
    expect(header).toMatch(/HttpOnly/);
    expect(header).toMatch(/SameSite=Strict/);
    expect(header).toMatch(/Path=\/api\/admin/);
  });

  it("ends a session at once on logout, and all of a user's sessions when an admin revokes them", async () => {
    const first = await api.signIn('reviewer', 'revoked@example.com');
    expect(
      (await api.request(first, 'GET', '/api/admin/leads')).statusCode,
    ).toBe(200);
    expect(
      (await api.request(first, 'POST', '/api/admin/auth/logout', {}))
        .statusCode,
    ).toBe(204);
    expect(
      (await api.request(first, 'GET', '/api/admin/leads')).statusCode,
    ).toBe(401);

    const second = await api.signIn('reviewer', 'revoked@example.com');
    const userId = second.session.user.id;
    const revoked = await api.request(
      admin,
      'POST',
      `/api/admin/users/${userId}/revoke-sessions`,
      {},
    );
    expect(revoked.json()).toEqual({ revoked: 1 });
    expect(
      (await api.request(second, 'GET', '/api/admin/leads')).statusCode,
    ).toBe(401);
  });

  it('answers a wrong password and an unknown email with the same 401', async () => {
    const login = (email: string, password: string) =>
      api.app.inject({
        method: 'POST',
        url: '/api/admin/auth/login',
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({ email, password }),
      });
    const wrongPassword = await login(
      admin.session.user.email,
      'not the password',
    );
    const unknownUser = await login('nobody@example.com', 'not the password');
    expect(wrongPassword.statusCode).toBe(401);
    expect(unknownUser.statusCode).toBe(401);
    expect(wrongPassword.json<{ message: string }>().message).toBe(
      unknownUser.json<{ message: string }>().message,
    );
    expect(wrongPassword.cookies).toHaveLength(0);
  });
});
