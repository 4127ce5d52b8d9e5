import {
  ADMIN_API,
  ADMIN_SESSION_COOKIE,
  type AdminSessionResponse,
  type AdminUserListItem,
  type CreateAdminUserResponse,
} from '@landing/shared/contracts-admin';
import {
  AUDIT_QUEUE,
  type AuditBatchJob,
} from '@landing/shared/contracts-audit';
import { MAIL_QUEUE, type MailSendJob } from '@landing/shared/contracts-mail';
import { sharedRedisUrl } from '@landing/server/util-testing';
import { Queue } from 'bullmq';
import {
  type Agent,
  type AdminTestApi,
  startAdminTestApi,
  TEST_PASSWORD,
} from './admin-testing/admin-test-api';

describe('admin user management', () => {
  let api: AdminTestApi;
  let admin: Agent;
  let reviewer: Agent;
  let auditQueue: Queue<AuditBatchJob>;

  const queuedAudit = async () =>
    (await auditQueue.getJobs(['waiting', 'delayed', 'prioritized'])).flatMap(
      (job) => job.data.events,
    );

  /** Signs in with a password, without creating the user first. */
  const signInAs = async (email: string, password: string) => {
    const response = await api.app.inject({
      method: 'POST',
      url: ADMIN_API.login,
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ email, password }),
    });
    const cookie = response.cookies.find(
      (c: { name: string }) => c.name === ADMIN_SESSION_COOKIE,
    );
    return {
      statusCode: response.statusCode,
      agent:
        cookie && response.statusCode === 200
          ? ((session: AdminSessionResponse): Agent => ({
              cookie: cookie.value,
              csrf: session.csrfToken,
              session,
            }))(response.json<AdminSessionResponse>())
          : undefined,
    };
  };

  const createUser = async (email: string, role: 'admin' | 'reviewer') => {
    const response = await api.request(admin, 'POST', ADMIN_API.users, {
      email,
      role,
    });
    expect(response.statusCode).toBe(201);
    return response.json<CreateAdminUserResponse>();
  };

  beforeAll(async () => {
    // Password changes count against the per-account sign-in limit; these tests sign in often.
    api = await startAdminTestApi({ ADMIN_LOGIN_ACCOUNT_PER_15_MINUTES: '50' });
    admin = await api.signIn('admin', 'boss@example.com');
    reviewer = await api.signIn('reviewer', 'rev@example.com');
    auditQueue = new Queue<AuditBatchJob>(AUDIT_QUEUE, {
      connection: { url: sharedRedisUrl() },
      prefix: api.prefix,
    });
  });
  afterAll(async () => {
    await auditQueue.close();
    await api.close();
  });

  it('creates a reviewer with a temporary password shown once, who must change it before anything else', async () => {
    const created = await createUser('new.colleague@example.com', 'reviewer');
    expect(created.user).toMatchObject({
      email: 'new.colleague@example.com',
      role: 'reviewer',
      disabled: false,
      mustChangePassword: true,
      lastSignInAt: null,
      activeSessions: 0,
    });
    expect(created.temporaryPassword.length).toBeGreaterThanOrEqual(12);
    const [stored] = await api.db.query<{ password_hash: string }>(
      `SELECT password_hash FROM admin_users WHERE id = $1`,
      [created.user.id],
    );
    expect(stored?.password_hash).toMatch(/^\$argon2id\$/);
    expect(stored?.password_hash).not.toContain(created.temporaryPassword);
    const listed = (await api.request(admin, 'GET', ADMIN_API.users)).json<
      AdminUserListItem[]
    >();
    expect(JSON.stringify(listed)).not.toContain(created.temporaryPassword);

    const first = await signInAs(
      'new.colleague@example.com',
      created.temporaryPassword,
    );
    expect(first.statusCode).toBe(200);
    const newcomer = first.agent as Agent;
    expect(newcomer.session.mustChangePassword).toBe(true);

    const blocked = await api.request(newcomer, 'GET', ADMIN_API.leads);
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json<{ code: string }>().code).toBe(
      'PASSWORD_CHANGE_REQUIRED',
    );
    expect(
      (await api.request(newcomer, 'GET', ADMIN_API.overviewFunnel)).json<{
        code: string;
      }>().code,
    ).toBe('PASSWORD_CHANGE_REQUIRED');
    const session = await api.request(newcomer, 'GET', ADMIN_API.session);
    expect(session.statusCode).toBe(200);
    expect(session.json<AdminSessionResponse>().mustChangePassword).toBe(true);

    const changed = await api.request(newcomer, 'POST', ADMIN_API.ownPassword, {
      currentPassword: created.temporaryPassword,
      newPassword: 'my own long passphrase',
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json<AdminSessionResponse>().mustChangePassword).toBe(false);
    expect(
      (await api.request(newcomer, 'GET', ADMIN_API.leads)).statusCode,
    ).toBe(200);
    expect(
      (await signInAs('new.colleague@example.com', created.temporaryPassword))
        .statusCode,
    ).toBe(401);

    const events = await queuedAudit();
    expect(
      events.find(
        (event) =>
          event.type === 'admin.user_created' &&
          event.payload.userId === created.user.id,
      ),
    ).toMatchObject({
      actor: { adminId: admin.session.user.id, username: 'boss@example.com' },
      payload: { email: 'new.colleague@example.com', role: 'reviewer' },
    });
    expect(
      events.find(
        (event) =>
          event.type === 'admin.password_changed' &&
          event.payload.userId === created.user.id,
      )?.payload,
    ).toMatchObject({ wasTemporary: true });
    expect(JSON.stringify(events)).not.toContain(created.temporaryPassword);
  });

  it('queues a welcome e-mail in the chosen language with no password in it', async () => {
    const mailQueue = new Queue<MailSendJob>(MAIL_QUEUE, {
      connection: { url: sharedRedisUrl() },
      prefix: api.prefix,
    });
    try {
      const response = await api.request(admin, 'POST', ADMIN_API.users, {
        email: 'english.reader@example.com',
        role: 'reviewer',
        language: 'en',
      });
      expect(response.statusCode).toBe(201);
      const created = response.json<CreateAdminUserResponse>();
      expect(created.user.language).toBe('en');
      const jobs = (await mailQueue.getJobs(['waiting', 'delayed'])).filter(
        (job) => job.data.to.email === 'english.reader@example.com',
      );
      expect(jobs.map((job) => job.data)).toEqual([
        {
          kind: 'account_created',
          to: { email: 'english.reader@example.com', language: 'en' },
          data: { role: 'reviewer' },
          messageKey: created.user.id,
        },
      ]);
      expect(JSON.stringify(jobs[0]?.data)).not.toContain(
        created.temporaryPassword,
      );
      const bad = await api.request(admin, 'POST', ADMIN_API.users, {
        email: 'klingon@example.com',
        role: 'reviewer',
        language: 'tlh',
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.body).toContain('language');
    } finally {
      await mailQueue.close();
    }
  });

  it('lets every user choose the language of their own e-mail, and nothing else', async () => {
    const get = async (agent: Agent) =>
      (await api.request(agent, 'GET', ADMIN_API.ownLanguage)).json<{
        language: string;
      }>().language;
    expect(await get(reviewer)).toBe('fa');
    const changed = await api.request(reviewer, 'PUT', ADMIN_API.ownLanguage, {
      language: 'en',
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toEqual({ language: 'en' });
    expect(await get(reviewer)).toBe('en');
    // Only their own: the admin's is untouched.
    expect(await get(admin)).toBe('fa');
    for (const body of [
      { language: 'de' },
      {},
      { language: 'en', role: 'admin' },
    ]) {
      const bad = await api.request(
        reviewer,
        'PUT',
        ADMIN_API.ownLanguage,
        body,
      );
      expect(bad.statusCode).toBe(400);
      expect(bad.json<{ code: string }>().code).toBe('VALIDATION_FAILED');
    }
    const [row] = await api.db.query<{ language: string; role: string }>(
      `SELECT language, role FROM admin_users WHERE email = 'rev@example.com'`,
    );
    expect(row).toEqual({ language: 'en', role: 'reviewer' });
  });

  it('refuses a second account with the same email (in any case) with CONFLICT', async () => {
    await createUser('twice@example.com', 'reviewer');
    const again = await api.request(admin, 'POST', ADMIN_API.users, {
      email: 'TWICE@example.com',
      role: 'admin',
    });
    expect(again.statusCode).toBe(409);
    expect(again.json<{ code: string }>().code).toBe('CONFLICT');
  });

  it.each([
    [{ email: 'not an email', role: 'reviewer' }, 'email'],
    [{ email: 'a@example.com', role: 'owner' }, 'role'],
    [{ email: 'a@example.com', role: 'reviewer', extra: 1 }, 'extra'],
    [{ email: `${'a'.repeat(250)}@example.com`, role: 'reviewer' }, 'email'],
  ])('answers a bad new user %j with 400 naming %s', async (body, field) => {
    const response = await api.request(admin, 'POST', ADMIN_API.users, body);
    expect(response.statusCode).toBe(400);
    const error = response.json<{
      code: string;
      fields: { field: string }[];
    }>();
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.fields.map((f) => f.field)).toContain(field);
  });

  it('changes a role, and the change applies to the live session at once', async () => {
    const created = await createUser('promoted@example.com', 'reviewer');
    const response = await api.request(
      admin,
      'PATCH',
      ADMIN_API.userRole(created.user.id),
      { role: 'admin' },
    );
    expect(response.statusCode).toBe(200);
    expect(response.json<AdminUserListItem>().role).toBe('admin');
    const event = (await queuedAudit()).find(
      (e) =>
        e.type === 'admin.user_role_changed' &&
        e.payload.userId === created.user.id,
    );
    expect(event?.payload).toMatchObject({
      before: 'reviewer',
      after: 'admin',
    });

    const bad = await api.request(
      admin,
      'PATCH',
      ADMIN_API.userRole(created.user.id),
      { role: 'root' },
    );
    expect(bad.statusCode).toBe(400);
    const missing = await api.request(
      admin,
      'PATCH',
      ADMIN_API.userRole('00000000-0000-4000-8000-000000000000'),
      { role: 'reviewer' },
    );
    expect(missing.statusCode).toBe(404);
    expect(
      (
        await api.request(admin, 'PATCH', ADMIN_API.userRole('not-a-uuid'), {
          role: 'reviewer',
        })
      ).statusCode,
    ).toBe(400);
  });

  it('disables a user: their sessions end and sign-in is refused; enabling lets them back', async () => {
    const target = await api.signIn('reviewer', 'leaver@example.com');
    expect((await api.request(target, 'GET', ADMIN_API.leads)).statusCode).toBe(
      200,
    );
    const disabled = await api.request(
      admin,
      'POST',
      ADMIN_API.userDisable(target.session.user.id),
      {},
    );
    expect(disabled.statusCode).toBe(200);
    expect(disabled.json<AdminUserListItem>()).toMatchObject({
      disabled: true,
      activeSessions: 0,
    });
    expect((await api.request(target, 'GET', ADMIN_API.leads)).statusCode).toBe(
      401,
    );
    expect(
      (await signInAs('leaver@example.com', TEST_PASSWORD)).statusCode,
    ).toBe(401);
    expect(
      (await queuedAudit()).find(
        (e) =>
          e.type === 'admin.user_disabled' &&
          e.payload.userId === target.session.user.id,
      )?.payload,
    ).toMatchObject({ sessionsRevoked: 1 });

    const enabled = await api.request(
      admin,
      'POST',
      ADMIN_API.userEnable(target.session.user.id),
      {},
    );
    expect(enabled.json<AdminUserListItem>().disabled).toBe(false);
    expect(
      (await signInAs('leaver@example.com', TEST_PASSWORD)).statusCode,
    ).toBe(200);
    expect(
      (await queuedAudit()).some(
        (e) =>
          e.type === 'admin.user_enabled' &&
          e.payload.userId === target.session.user.id,
      ),
    ).toBe(true);
  });

  it('revokes sessions and audits how many ended', async () => {
    const target = await api.signIn('reviewer', 'revokee@example.com');
    const response = await api.request(
      admin,
      'POST',
      ADMIN_API.userRevokeSessions(target.session.user.id),
      {},
    );
    expect(response.json()).toEqual({ revoked: 1 });
    expect((await api.request(target, 'GET', ADMIN_API.leads)).statusCode).toBe(
      401,
    );
    expect(
      (await queuedAudit()).find(
        (e) =>
          e.type === 'admin.sessions_revoked' &&
          e.payload.userId === target.session.user.id,
      )?.payload,
    ).toMatchObject({ sessionsRevoked: 1 });
  });

  it('never leaves the workspace without an active admin', async () => {
    const lone = await startAdminTestApi();
    try {
      const only = await lone.signIn('admin', 'only@example.com');
      const id = only.session.user.id;
      const demote = await lone.request(only, 'PATCH', ADMIN_API.userRole(id), {
        role: 'reviewer',
      });
      expect(demote.statusCode).toBe(409);
      expect(demote.json<{ code: string }>().code).toBe('LAST_ADMIN');
      const disable = await lone.request(
        only,
        'POST',
        ADMIN_API.userDisable(id),
        {},
      );
      expect(disable.json<{ code: string }>().code).toBe('LAST_ADMIN');
      const [row] = await lone.db.query<{ role: string; disabled_at: unknown }>(
        `SELECT role, disabled_at FROM admin_users WHERE id = $1`,
        [id],
      );
      expect(row).toEqual({ role: 'admin', disabled_at: null });

      // With a second admin, either may step down, but not both.
      const second = await lone.signIn('admin', 'second@example.com');
      const [a, b] = await Promise.all([
        lone.request(only, 'PATCH', ADMIN_API.userRole(id), {
          role: 'reviewer',
        }),
        lone.request(
          second,
          'PATCH',
          ADMIN_API.userRole(second.session.user.id),
          {
            role: 'reviewer',
          },
        ),
      ]);
      expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
      const [{ n } = { n: 0 }] = await lone.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM admin_users WHERE role = 'admin' AND disabled_at IS NULL`,
      );
      expect(n).toBe(1);
    } finally {
      await lone.close();
    }
  });

  it('changes your own password only with the current one, and ends your other sessions', async () => {
    const email = 'self@example.com';
    const here = await api.signIn('reviewer', email);
    const elsewhere = await signInAs(email, TEST_PASSWORD);
    const other = elsewhere.agent as Agent;

    const wrong = await api.request(here, 'POST', ADMIN_API.ownPassword, {
      currentPassword: 'not my password',
      newPassword: 'a brand new passphrase',
    });
    expect(wrong.statusCode).toBe(403);
    expect(wrong.json<{ code: string }>().code).toBe('WRONG_PASSWORD');

    const short = await api.request(here, 'POST', ADMIN_API.ownPassword, {
      currentPassword: TEST_PASSWORD,
      newPassword: 'short',
    });
    expect(short.statusCode).toBe(400);
    expect(short.json<{ fields: { field: string }[] }>().fields[0]?.field).toBe(
      'newPassword',
    );
    for (const weak of [
      'password1234',
      'Qwertyuiop123!',
      'self-example-2026',
    ]) {
      const refused = await api.request(here, 'POST', ADMIN_API.ownPassword, {
        currentPassword: TEST_PASSWORD,
        newPassword: weak,
      });
      expect(refused.statusCode).toBe(400);
    }
    const same = await api.request(here, 'POST', ADMIN_API.ownPassword, {
      currentPassword: TEST_PASSWORD,
      newPassword: TEST_PASSWORD,
    });
    expect(same.statusCode).toBe(400);
    expect((await api.request(other, 'GET', ADMIN_API.leads)).statusCode).toBe(
      200,
    );

    const done = await api.request(here, 'POST', ADMIN_API.ownPassword, {
      currentPassword: TEST_PASSWORD,
      newPassword: 'a brand new passphrase',
    });
    expect(done.statusCode).toBe(200);
    expect((await api.request(here, 'GET', ADMIN_API.leads)).statusCode).toBe(
      200,
    );
    expect((await api.request(other, 'GET', ADMIN_API.leads)).statusCode).toBe(
      401,
    );
    expect((await signInAs(email, TEST_PASSWORD)).statusCode).toBe(401);
    expect((await signInAs(email, 'a brand new passphrase')).statusCode).toBe(
      200,
    );
    expect(
      (await queuedAudit()).find(
        (e) =>
          e.type === 'admin.password_changed' &&
          e.payload.userId === here.session.user.id,
      )?.payload,
    ).toMatchObject({ wasTemporary: false, sessionsRevoked: 1 });
  });

  it('lists users with their state for an admin, and refuses a reviewer', async () => {
    const response = await api.request(admin, 'GET', ADMIN_API.users);
    expect(response.statusCode).toBe(200);
    const boss = response
      .json<AdminUserListItem[]>()
      .find((user) => user.email === 'boss@example.com');
    expect(boss).toMatchObject({
      role: 'admin',
      disabled: false,
      mustChangePassword: false,
    });
    expect(boss?.activeSessions).toBeGreaterThanOrEqual(1);
    expect(boss?.lastSignInAt).not.toBeNull();
    const refused = await api.request(reviewer, 'POST', ADMIN_API.users, {
      email: 'sneaky@example.com',
      role: 'admin',
    });
    expect(refused.statusCode).toBe(403);
  });
});
