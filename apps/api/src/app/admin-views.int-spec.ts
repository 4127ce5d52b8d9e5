import {
  ADMIN_API,
  type LeadListResponse,
  SAVED_VIEW_LIMITS,
  type SavedView,
  type SavedViewListResponse,
} from '@landing/shared/contracts-admin';
import {
  AUDIT_QUEUE,
  type AuditBatchJob,
} from '@landing/shared/contracts-audit';
import { sharedRedisUrl } from '@landing/server/util-testing';
import { Queue } from 'bullmq';
import {
  type Agent,
  type AdminTestApi,
  seedLeads,
  startAdminTestApi,
} from './admin-testing/admin-test-api';

describe('saved views', () => {
  let api: AdminTestApi;
  let owner: Agent;
  let colleague: Agent;
  let auditQueue: Queue<AuditBatchJob>;

  const queuedAudit = async () =>
    (await auditQueue.getJobs(['waiting', 'delayed', 'prioritized'])).flatMap(
      (job) => job.data.events,
    );
  const save = (agent: Agent, body: unknown) =>
    api.request(agent, 'POST', ADMIN_API.views, body);

  beforeAll(async () => {
    api = await startAdminTestApi();
    owner = await api.signIn('reviewer', 'owner@example.com');
    colleague = await api.signIn('reviewer', 'colleague@example.com');
    auditQueue = new Queue<AuditBatchJob>(AUDIT_QUEUE, {
      connection: { url: sharedRedisUrl() },
      prefix: api.prefix,
    });
    await seedLeads(api.db, [
      { phone: '+989121000001', utmSource: 'instagram', status: 'new' },
      { phone: '+989121000002', utmSource: 'google', status: 'new' },
      { phone: '+989121000003', utmSource: 'instagram', status: 'contacted' },
    ]);
  });
  afterAll(async () => {
    await auditQueue.close();
    await api.close();
  });

  it('saves a filter under a name; a colleague opens it by id and gets the same list', async () => {
    const created = await save(owner, {
      name: 'Instagram, new',
      filter: { status: 'new', source: 'instagram', sort: 'createdAt' },
    });
    expect(created.statusCode).toBe(201);
    const view = created.json<SavedView>();
    expect(view).toMatchObject({
      name: 'Instagram, new',
      filter: { status: 'new', source: 'instagram', sort: 'createdAt' },
      ownerEmail: 'owner@example.com',
      mine: true,
    });

    const opened = await api.request(colleague, 'GET', ADMIN_API.view(view.id));
    expect(opened.statusCode).toBe(200);
    expect(opened.json<SavedView>()).toMatchObject({
      id: view.id,
      mine: false,
      filter: view.filter,
    });
    const query = new URLSearchParams(
      opened.json<SavedView>().filter as Record<string, string>,
    );
    const listed = (
      await api.request(colleague, 'GET', `${ADMIN_API.leads}?${query}`)
    ).json<LeadListResponse>();
    expect(listed.items.map((lead) => lead.phone)).toEqual(['+989121000001']);

    expect(
      (await api.request(owner, 'GET', ADMIN_API.views))
        .json<SavedViewListResponse>()
        .items.map((v) => v.name),
    ).toEqual(['Instagram, new']);
    expect(
      (
        await api.request(colleague, 'GET', ADMIN_API.views)
      ).json<SavedViewListResponse>().items,
    ).toEqual([]);

    const event = (await queuedAudit()).find(
      (e) => e.type === 'admin.view_saved' && e.payload.viewId === view.id,
    );
    expect(event).toMatchObject({
      actor: { username: 'owner@example.com' },
      payload: { created: true, name: 'Instagram, new' },
    });
  });

  it('lets only the owner rename, refilter or delete a view', async () => {
    const view = (
      await save(owner, { name: 'Mine', filter: { status: 'contacted' } })
    ).json<SavedView>();
    const foreign = await api.request(
      colleague,
      'PATCH',
      ADMIN_API.view(view.id),
      {
        name: 'Hijacked',
      },
    );
    expect(foreign.statusCode).toBe(403);
    expect(foreign.json<{ code: string }>().code).toBe('FORBIDDEN');
    expect(
      (await api.request(colleague, 'DELETE', ADMIN_API.view(view.id)))
        .statusCode,
    ).toBe(403);

    const renamed = await api.request(owner, 'PATCH', ADMIN_API.view(view.id), {
      name: 'Contacted or new',
      filter: { status: 'new,contacted' },
    });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json<SavedView>()).toMatchObject({
      name: 'Contacted or new',
      filter: { status: 'new,contacted' },
    });

    expect(
      (await api.request(owner, 'DELETE', ADMIN_API.view(view.id))).statusCode,
    ).toBe(204);
    const gone = await api.request(colleague, 'GET', ADMIN_API.view(view.id));
    expect(gone.statusCode).toBe(404);
    expect(gone.json<{ code: string }>().code).toBe('NOT_FOUND');
    expect(
      (await queuedAudit()).some(
        (e) => e.type === 'admin.view_deleted' && e.payload.viewId === view.id,
      ),
    ).toBe(true);
  });

  it('refuses a name the owner already uses, in any case, but not one a colleague uses', async () => {
    expect((await save(owner, { name: 'Weekly', filter: {} })).statusCode).toBe(
      201,
    );
    const again = await save(owner, { name: 'WEEKLY', filter: {} });
    expect(again.statusCode).toBe(409);
    expect(again.json<{ code: string }>().code).toBe('CONFLICT');
    expect(
      (await save(colleague, { name: 'Weekly', filter: {} })).statusCode,
    ).toBe(201);
  });

  it.each([
    [{ name: 'x', filter: { status: 'bogus' } }, 'status'],
    [{ name: 'x', filter: { from: 'yesterday' } }, 'from'],
    [{ name: 'x', filter: { limit: '5' } }, 'filter.limit'],
    [{ name: 'x', filter: { sort: 'phone' } }, 'filter.sort'],
    [{ name: '   ', filter: {} }, 'name'],
    [{ name: 'x'.repeat(SAVED_VIEW_LIMITS.nameMax + 1), filter: {} }, 'name'],
    [{ name: 'x', filter: 'status=new' }, 'filter'],
    [{ name: 'x' }, 'filter'],
  ])('answers a bad view %j with 400 naming %s', async (body, field) => {
    const response = await save(owner, body);
    expect(response.statusCode).toBe(400);
    const error = response.json<{
      code: string;
      fields: { field: string }[];
    }>();
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.fields.map((f) => f.field)).toContain(field);
  });

  it('answers an unknown or malformed view id with 404 / 400', async () => {
    expect(
      (
        await api.request(
          owner,
          'GET',
          ADMIN_API.view('00000000-0000-4000-8000-000000000000'),
        )
      ).statusCode,
    ).toBe(404);
    expect(
      (await api.request(owner, 'GET', ADMIN_API.view('nope'))).statusCode,
    ).toBe(400);
    expect(
      (
        await api.request(
          owner,
          'PATCH',
          ADMIN_API.view('00000000-0000-4000-8000-000000000000'),
          {},
        )
      ).statusCode,
    ).toBe(400);
  });

  it(`keeps at most ${SAVED_VIEW_LIMITS.perUser} views per user`, async () => {
    const hoarder = await api.signIn('reviewer', 'hoarder@example.com');
    await api.db.query(
      `INSERT INTO admin_saved_views (owner_id, name, filter)
       SELECT $1, 'view ' || i, '{}' FROM generate_series(1, $2) AS i`,
      [hoarder.session.user.id, SAVED_VIEW_LIMITS.perUser],
    );
    const one = await save(hoarder, { name: 'one too many', filter: {} });
    expect(one.statusCode).toBe(409);
  });
});
