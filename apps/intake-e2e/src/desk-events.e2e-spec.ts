import { argon2id, hash } from 'argon2';
import {
  createTestDatabase,
  deleteKeysWithPrefix,
  sharedRedisUrl,
  SseClient,
  type TestDatabase,
  uniqueQueuePrefix,
  waitFor,
} from '@landing/server/util-testing';
import {
  ADMIN_CSRF_HEADER,
  ADMIN_SESSION_COOKIE,
  type AdminRole,
  type AdminSessionResponse,
} from '@landing/shared/contracts-admin';
import {
  DESK_API,
  DESK_EVENTS_MAX_STREAMS_PER_USER,
  DESK_EVENTS_PATH,
  type DeskEvent,
} from '@landing/shared/contracts-desk';
import { Redis } from 'ioredis';
import { AppProcess, apiEnv } from './support/app-process';

const PASSWORD = 'correct horse battery staple';
/** The stream's key under the deployment's prefix (as `deskEventsKey` names it). */
const streamKey = (prefix: string) => `${prefix}:desk-events`;

interface Staff {
  id: string;
  cookie: string;
  csrf: string;
}

/**
 * The desk's live stream across two built api processes on one Redis: an action through one
 * reaches clients of the other, each reviewer sees only theirs, and a client that resumes with
 * Last-Event-ID gets every missed event exactly once, in order.
 */
describe('the desk event stream across two api processes', () => {
  let db: TestDatabase;
  let redis: Redis;
  const apis: { app: AppProcess; url: string }[] = [];
  const clients: SseClient[] = [];
  const prefix = uniqueQueuePrefix();
  let admin: Staff;
  let alice: Staff;
  let bob: Staff;
  let phone = 0;
  let passwordHash: string | undefined;

  const base = (n: number) => apis[n]?.url ?? '';
  const signIn = async (role: AdminRole, email: string): Promise<Staff> => {
    passwordHash ??= await hash(PASSWORD, {
      type: argon2id,
      memoryCost: 19_456,
      timeCost: 2,
      parallelism: 1,
    });
    await db.query(
      `INSERT INTO admin_users (email, password_hash, role) VALUES ($1, $2, $3)`,
      [email, passwordHash, role],
    );
    const response = await fetch(`${base(0)}/api/admin/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: PASSWORD }),
    });
    expect(response.status).toBe(200);
    const cookie = (response.headers.get('set-cookie') ?? '')
      .split(';')[0]
      ?.split('=')[1];
    const session = (await response.json()) as AdminSessionResponse;
    return {
      id: session.user.id,
      cookie: cookie ?? '',
      csrf: session.csrfToken,
    };
  };
  const call = async (
    who: Staff,
    api: number,
    method: 'POST' | 'PATCH',
    path: string,
    body: unknown,
  ) => {
    const response = await fetch(`${base(api)}${path}`, {
      method,
      headers: {
        'content-type': 'application/json',
        cookie: `${ADMIN_SESSION_COOKIE}=${who.cookie}`,
        [ADMIN_CSRF_HEADER]: who.csrf,
      },
      body: JSON.stringify(body),
    });
    if (response.status >= 300)
      throw new Error(`${path}: ${response.status} ${await response.text()}`);
    return response;
  };
  const logCall = (who: Staff, api: number, leadId: string) =>
    call(who, api, 'POST', DESK_API.calls(leadId), { outcome: 'busy' });
  const listen = async (
    who: Staff | undefined,
    api: number,
    headers: Record<string, string> = {},
    query = '',
  ) => {
    const client = await SseClient.connect(
      `${base(api)}${DESK_EVENTS_PATH}${query}`,
      {
        ...(who ? { cookie: `${ADMIN_SESSION_COOKIE}=${who.cookie}` } : {}),
        ...headers,
      },
    );
    clients.push(client);
    if (client.status === 200)
      await waitFor(
        () => Promise.resolve(client.comments.includes('connected')),
        {
          what: 'the stream to open',
        },
      );
    return client;
  };
  /** A new open lead at the desk, owned by `owner` (null: the shared queue). */
  const lead = async (owner: Staff | null) => {
    phone += 1;
    const [row] = await db.query<{ id: string }>(
      `WITH l AS (INSERT INTO leads (phone, status, last_submitted_at) VALUES ($1, 'new', now()) RETURNING id, created_at)
       INSERT INTO lead_desk (lead_id, arrived_at, open, first_contact_due_at, owner_id, assigned_at)
       SELECT id, created_at, true, now() + interval '1 day', $2, CASE WHEN $2::uuid IS NULL THEN NULL ELSE now() END FROM l
       RETURNING lead_id AS id`,
      [`+98938${String(phone).padStart(7, '0')}`, owner?.id ?? null],
    );
    if (!row) throw new Error('insert failed');
    return row.id;
  };
  const seen = (client: SseClient) =>
    client.events<DeskEvent>().map(({ json }) => ({
      type: json.type,
      leads: json.leads.map((l) => l.leadId),
    }));

  beforeAll(async () => {
    db = await createTestDatabase();
    redis = new Redis(sharedRedisUrl());
    for (let i = 0; i < 2; i++) {
      const env = await apiEnv({
        DATABASE_URL: db.url,
        REDIS_URL: sharedRedisUrl(),
        QUEUE_PREFIX: prefix,
        DESK_ASSIGNMENT_POLICY: 'round_robin',
      });
      apis.push({
        app: await AppProcess.start('api', env),
        url: `http://127.0.0.1:${env['PORT']}`,
      });
    }
    admin = await signIn('admin', 'boss@example.com');
    alice = await signIn('reviewer', 'alice@example.com');
    bob = await signIn('reviewer', 'bob@example.com');
  });

  afterEach(() => {
    for (const client of clients.splice(0)) client.close();
  });

  afterAll(async () => {
    await Promise.all(apis.map(({ app }) => app.stop()));
    redis?.disconnect();
    await deleteKeysWithPrefix(sharedRedisUrl(), prefix);
    await db?.drop();
  });

  it('answers only a signed-in session, and a well-formed Last-Event-ID', async () => {
    const anonymous = await listen(undefined, 0);
    expect(anonymous.status).toBe(401);
    const bad = await listen(admin, 0, { 'last-event-id': 'yesterday' });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body)).toMatchObject({ code: 'VALIDATION_FAILED' });
    // HEAD answers the headers and ends (no stream held open).
    const head = await fetch(`${base(0)}${DESK_EVENTS_PATH}`, {
      method: 'HEAD',
      headers: { cookie: `${ADMIN_SESSION_COOKIE}=${admin.cookie}` },
    });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const ok = await listen(admin, 0);
    expect(ok.status).toBe(200);
    expect(ok.headers['content-type']).toMatch(/^text\/event-stream/);
    expect(ok.headers['cache-control']).toMatch(/no-cache/);
    expect(ok.headers['x-accel-buffering']).toBe('no');
  });

  it('brings an action through one api to the other api, each reviewer seeing only theirs', async () => {
    const [mine, bobs, shared] = [
      await lead(alice),
      await lead(bob),
      await lead(null),
    ];
    const adminStream = await listen(admin, 1);
    const aliceStream = await listen(alice, 1);
    const bobStream = await listen(bob, 0);

    await logCall(alice, 0, mine); // alice's lead changed
    await call(bob, 1, 'POST', DESK_API.claim(shared), {}); // bob takes the shared one
    await logCall(bob, 0, shared); // bob's lead changed: nothing alice may see
    await call(admin, 0, 'POST', DESK_API.assign(bobs), { ownerId: alice.id }); // bob loses one to alice

    await waitFor(() => Promise.resolve(adminStream.messages.length >= 4), {
      what: 'four events at the admin',
    });
    await waitFor(
      () =>
        Promise.resolve(
          aliceStream.messages.length >= 3 && bobStream.messages.length >= 3,
        ),
      { what: 'the reviewers’ events' },
    );
    // Give anything that should not arrive the time to do so.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(seen(adminStream)).toEqual([
      { type: 'lead.changed', leads: [mine] },
      { type: 'lead.assigned', leads: [shared] },
      { type: 'lead.changed', leads: [shared] },
      { type: 'lead.assigned', leads: [bobs] },
    ]);
    // Alice sees the shared lead leave the shared queue (her shared list drops it), but not
    // bob's call on it once it is his.
    expect(seen(aliceStream)).toEqual([
      { type: 'lead.changed', leads: [mine] },
      { type: 'lead.assigned', leads: [shared] },
      { type: 'lead.assigned', leads: [bobs] },
    ]);
    expect(seen(bobStream)).toEqual([
      { type: 'lead.assigned', leads: [shared] },
      { type: 'lead.changed', leads: [shared] },
      { type: 'lead.assigned', leads: [bobs] },
    ]);
    expect(bobStream.events<DeskEvent>()[2]?.json.leads).toEqual([
      { leadId: bobs, ownerId: alice.id, previousOwnerId: bob.id },
    ]);
  });

  it('after a reconnect with Last-Event-ID, delivers every missed event once, in order, then live ones', async () => {
    const leads = await Promise.all(
      Array.from({ length: 12 }, () => lead(alice)),
    );
    const first = await listen(admin, 0);
    await logCall(alice, 1, leads[0] ?? '');
    await waitFor(() => Promise.resolve(first.messages.length === 1), {
      what: 'the first event',
    });
    const resumeAt = first.lastId ?? '';
    first.close();

    // Missed while away: five calls through the other api.
    for (const id of leads.slice(1, 6)) await logCall(alice, 1, id);
    // Reconnect (to the other api) while more events keep coming: the replay and the live
    // events meet without a gap and without a duplicate.
    const producing = (async () => {
      for (const id of leads.slice(6)) await logCall(admin, 0, id);
    })();
    const again = await listen(admin, 1, { 'last-event-id': resumeAt });
    await producing;
    await waitFor(() => Promise.resolve(again.messages.length >= 11), {
      what: 'the missed and the live events',
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(
      again.events<DeskEvent>().map(({ json }) => json.leads[0]?.leadId),
    ).toEqual(leads.slice(1));
    const ids = again.messages.map((message) => message.id ?? '');
    expect(new Set(ids).size).toBe(ids.length);

    // A tool resumes with ?lastEventId= the same way.
    const tool = await listen(admin, 0, {}, `?lastEventId=${resumeAt}`);
    await waitFor(() => Promise.resolve(tool.messages.length >= 11), {
      what: 'the replay for a tool',
    });
    expect(tool.messages.map((message) => message.id)).toEqual(ids);
  });

  it('tells a client resuming from beyond what the stream keeps to reload', async () => {
    const [one, two] = [await lead(alice), await lead(alice)];
    const first = await listen(admin, 0);
    await logCall(alice, 0, one);
    await waitFor(() => Promise.resolve(first.messages.length === 1), {
      what: 'an event',
    });
    const old = first.lastId ?? '';
    await logCall(alice, 0, two);
    await waitFor(() => Promise.resolve(first.messages.length === 2), {
      what: 'a second event',
    });
    // The stream forgets everything but the newest entry.
    await redis.xtrim(streamKey(prefix), 'MAXLEN', 1);
    await redis.xadd(streamKey(prefix), '*', 'e', 'not ours');
    await redis.xtrim(streamKey(prefix), 'MAXLEN', 1);
    const resumed = await listen(admin, 1, { 'last-event-id': old });
    await waitFor(() => Promise.resolve(resumed.messages.length >= 1), {
      what: 'the reset',
    });
    expect(resumed.messages[0]).toMatchObject({
      event: 'reset',
      id: undefined,
    });
  });

  it('refuses a sixth stream of one user with 429 TOO_MANY_STREAMS', async () => {
    for (let i = 0; i < DESK_EVENTS_MAX_STREAMS_PER_USER; i++)
      expect((await listen(bob, 0)).status).toBe(200);
    const refused = await listen(bob, 0);
    expect(refused.status).toBe(429);
    expect(JSON.parse(refused.body)).toMatchObject({
      code: 'TOO_MANY_STREAMS',
    });
    // Another process counts its own.
    expect((await listen(bob, 1)).status).toBe(200);
  });

  it('closes the stream of a session that was signed out, at the next heartbeat', async () => {
    const carol = await signIn('reviewer', 'carol@example.com');
    const stream = await listen(carol, 1);
    await call(carol, 0, 'POST', '/api/admin/auth/logout', {});
    await waitFor(() => Promise.resolve(stream.ended), {
      timeoutMs: 25_000,
      what: 'the stream to close',
    });
    expect(stream.ended).toBe(true);
  }, 40_000);

  it('closes open streams when the api shuts down, instead of hanging on them', async () => {
    const stream = await listen(admin, 1);
    const started = Date.now();
    const exit = await apis[1]?.app.stop('SIGTERM', 15_000);
    // Nest ends the process with the signal it received, once closed: not a SIGKILL.
    expect(exit?.signal).not.toBe('SIGKILL');
    expect(Date.now() - started).toBeLessThan(10_000);
    await waitFor(() => Promise.resolve(stream.ended), {
      what: 'the stream to end',
    });
  });
});
