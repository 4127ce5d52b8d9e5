import { randomBytes } from 'node:crypto';
import { ADMIN_SESSION_COOKIE } from '@landing/shared/contracts-admin';
import {
  type AdminTestApi,
  startAdminTestApi,
  TEST_PASSWORD,
} from './admin-testing/admin-test-api';

// The admin integration tests run the api that main.ts boots (createApi), not a copy of it:
// what the configuration switches on, such as production's headers, reaches them too.
describe('the admin test api is the real bootstrap', () => {
  let api: AdminTestApi;

  beforeAll(async () => {
    api = await startAdminTestApi({
      NODE_ENV: 'production',
      ADMIN_SESSION_SECRET: randomBytes(32).toString('base64url'),
    });
  });

  afterAll(async () => {
    await api?.close();
  });

  it('sends production headers and a Secure session cookie when NODE_ENV=production', async () => {
    const agent = await api.signIn('reviewer');
    const login = await api.app.inject({
      method: 'POST',
      url: '/api/admin/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({
        email: agent.session.user.email,
        password: TEST_PASSWORD,
      }),
    });
    expect(login.statusCode).toBe(200);
    expect(login.headers['strict-transport-security']).toBe(
      'max-age=31536000; includeSubDomains',
    );
    const cookie = login.cookies.find((c) => c.name === ADMIN_SESSION_COOKIE);
    expect(cookie).toEqual(
      expect.objectContaining({ secure: true, httpOnly: true }),
    );
    const session = await api.request(agent, 'GET', '/api/admin/auth/session');
    expect(session.statusCode).toBe(200);
    expect(session.headers['strict-transport-security']).toBeDefined();
  });
});
