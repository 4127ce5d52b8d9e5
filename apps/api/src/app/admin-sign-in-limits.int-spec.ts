import { type OwnRedis, startOwnRedis } from '@landing/server/util-testing';
import {
  type AdminTestApi,
  startAdminTestApi,
  TEST_PASSWORD,
} from './admin-testing/admin-test-api';

interface ErrorBody {
  code: string;
  message: string;
}

function signInWith(api: AdminTestApi) {
  return (email: string, password: string, ip: string) =>
    api.app.inject({
      method: 'POST',
      url: '/api/admin/auth/login',
      remoteAddress: ip,
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ email, password }),
    });
}

describe('admin sign-in limits: failures only, keyed so a stranger cannot lock the user out', () => {
  let api: AdminTestApi;
  let login: ReturnType<typeof signInWith>;

  beforeAll(async () => {
    api = await startAdminTestApi({
      ADMIN_LOGIN_ACCOUNT_PER_15_MINUTES: '3',
      ADMIN_LOGIN_IP_PER_15_MINUTES: '6',
    });
    login = signInWith(api);
  });
  afterAll(() => api.close());

  it('never counts a successful sign-in', async () => {
    await api.signIn('reviewer', 'often@example.com');
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++)
      statuses.push(
        (await login('often@example.com', TEST_PASSWORD, '10.1.0.1'))
          .statusCode,
      );
    expect(statuses).toEqual(new Array(10).fill(200));
  });

  it('blocks a guessing address for that account, even with the right password, with 429 and Retry-After', async () => {
    await api.signIn('admin', 'target@example.com');
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++)
      statuses.push(
        (await login('target@example.com', 'guess', '10.2.0.1')).statusCode,
      );
    expect(statuses).toEqual([401, 401, 401]);
    const blocked = await login(
      'target@example.com',
      TEST_PASSWORD,
      '10.2.0.1',
    );
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json<ErrorBody>()).toMatchObject({
      code: 'RATE_LIMITED',
      message: expect.stringMatching(/sign-in attempts/),
    });
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(60);
  });

  it('lets the real user in from where they signed in before while strangers fail from many addresses', async () => {
    await api.signIn('admin', 'victim@example.com');
    expect(
      (await login('victim@example.com', TEST_PASSWORD, '10.3.0.1')).statusCode,
    ).toBe(200);
    const strangers: number[] = [];
    for (let i = 0; i < 12; i++)
      strangers.push(
        (await login('victim@example.com', 'guess', `10.3.1.${i + 1}`))
          .statusCode,
      );
    // Past the free failures every failure delays the next try from a new address.
    expect(strangers.slice(0, 4)).toEqual([401, 401, 401, 401]);
    expect(strangers).toContain(429);
    expect(
      (await login('victim@example.com', TEST_PASSWORD, '10.3.0.1')).statusCode,
    ).toBe(200);
  });

  it('slows a new address down for at most a minute, never for the whole window', async () => {
    await api.signIn('admin', 'traveller@example.com');
    let stranger = 0;
    for (let i = 0; i < 30 && stranger !== 429; i++)
      stranger = (
        await login('traveller@example.com', 'guess', `10.4.1.${i + 1}`)
      ).statusCode;
    expect(stranger).toBe(429);
    const fromNewPlace = await login(
      'traveller@example.com',
      TEST_PASSWORD,
      '10.4.9.9',
    );
    expect(fromNewPlace.statusCode).toBe(429);
    const wait = Number(fromNewPlace.headers['retry-after']);
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(60);
  });

  it('blocks one address trying many accounts', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++)
      statuses.push(
        (await login(`spray${i}@example.com`, 'guess', '10.9.9.9')).statusCode,
      );
    expect(statuses).toEqual([401, 401, 401, 401, 401, 401, 429]);
  });

  it('counts the addresses of one IPv6 /64 as one client', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++)
      statuses.push(
        (
          await login(
            `v6-${i}@example.com`,
            'guess',
            `2001:db8:77:1:${(i + 1).toString(16)}::${i + 1}`,
          )
        ).statusCode,
      );
    expect(statuses).toEqual([401, 401, 401, 401, 401, 401, 429]);
    // The next /64 is someone else.
    expect(
      (await login('v6-x@example.com', 'guess', '2001:db8:77:2::1')).statusCode,
    ).toBe(401);
  });
});

describe('admin sign-in limits fail closed when Redis hangs', () => {
  let redis: OwnRedis;
  let api: AdminTestApi;
  let login: ReturnType<typeof signInWith>;

  beforeAll(async () => {
    redis = await startOwnRedis();
    api = await startAdminTestApi({
      REDIS_URL: redis.url,
      ADMIN_LOGIN_ACCOUNT_PER_15_MINUTES: '3',
      AUDIT_ENQUEUE_TIMEOUT_MS: '200',
    });
    login = signInWith(api);
  });
  afterAll(async () => {
    redis.resume();
    await api.close();
    await redis.stop();
  });

  it('answers 503 to every attempt, right password or wrong, locked or not, and signs in again once Redis answers', async () => {
    await api.signIn('admin', 'locked@example.com');
    for (let i = 0; i < 3; i++)
      await login('locked@example.com', 'guess', '10.5.0.1');
    expect(
      (await login('locked@example.com', TEST_PASSWORD, '10.5.0.1')).statusCode,
    ).toBe(429);

    redis.pause();
    const answers = [];
    for (let i = 0; i < 10; i++)
      answers.push(
        await login(
          'locked@example.com',
          i === 9 ? TEST_PASSWORD : `guess-${i}`,
          `10.5.0.${i === 9 ? 1 : i + 2}`,
        ),
      );
    expect(answers.map((answer) => answer.statusCode)).toEqual(
      new Array(10).fill(503),
    );
    expect(answers[9]?.json<ErrorBody>().code).toBe('SERVICE_UNAVAILABLE');
    expect(Number(answers[9]?.headers['retry-after'])).toBeGreaterThan(0);
    expect(answers[9]?.headers['set-cookie']).toBeUndefined();

    redis.resume();
    let status = 0;
    for (let i = 0; i < 50 && status !== 429; i++) {
      status = (await login('locked@example.com', TEST_PASSWORD, '10.5.0.1'))
        .statusCode;
      if (status === 503) await new Promise((r) => setTimeout(r, 100));
    }
    // Still locked for the guessing address: the hang let nothing through.
    expect(status).toBe(429);
    // From where the user signed in before (api.signIn), in again.
    expect(
      (await login('locked@example.com', TEST_PASSWORD, '127.0.0.1'))
        .statusCode,
    ).toBe(200);
  });
});
