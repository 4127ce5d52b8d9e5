import { TestBed } from '@angular/core/testing';
import { AdminApi, leadQueryString } from './admin-api';

describe('leadQueryString', () => {
  it('keeps only the filters that are set, encoded', () => {
    expect(
      leadQueryString({
        q: '۰۹۱۲ ۱۲۳',
        status: 'new,contacted',
        source: '',
        campaign: undefined,
      }),
    ).toBe(
      `?q=${encodeURIComponent('۰۹۱۲ ۱۲۳').replace(/%20/g, '+')}&status=new%2Ccontacted`,
    );
    expect(leadQueryString({})).toBe('');
  });
});

describe('AdminApi.exportUrl', () => {
  it('exports the filter, never a page position', () => {
    const api = TestBed.inject(AdminApi);
    expect(api.exportUrl({ status: 'new', cursor: 'abc', limit: '50' })).toBe(
      '/api/admin/leads/export?status=new',
    );
  });
});

/** What the api reads of a fetch answer (jsdom has no Response). */
function answer(status: number, body: unknown): Response {
  return {
    ok: status >= 200 && status < 300,
    status,
    statusText: '',
    json: async () => body,
  } as Response;
}

describe('AdminApi reads', () => {
  const realFetch = globalThis.fetch;
  afterEach(() => {
    globalThis.fetch = realFetch;
  });

  it('hand the caller’s AbortSignal to fetch, so a newer request can cancel an older one', async () => {
    const seen: { url: string; signal?: AbortSignal | null }[] = [];
    globalThis.fetch = jest.fn(
      async (url: RequestInfo | URL, init?: RequestInit) => {
        seen.push({ url: String(url), signal: init?.signal });
        return answer(200, { items: [], nextCursor: null, total: null });
      },
    ) as typeof fetch;
    const api = TestBed.inject(AdminApi);
    const controller = new AbortController();
    await api.list({ status: 'new' }, controller.signal);
    await api.leadsPerDay({
      from: '2026-11-01',
      to: '2026-11-30',
      by: 'campaign',
    });
    expect(seen[0]).toEqual({
      url: '/api/admin/leads?status=new',
      signal: controller.signal,
    });
    expect(seen[1].url).toBe(
      '/api/admin/overview/leads-per-day?from=2026-11-01&to=2026-11-30&by=campaign',
    );
  });

  it('turn an error answer into an AdminApiError with its stable code', async () => {
    globalThis.fetch = jest.fn(async () =>
      answer(403, {
        code: 'WRONG_PASSWORD',
        message: 'wrong',
        requestId: 'r',
      }),
    ) as typeof fetch;
    const api = TestBed.inject(AdminApi);
    await expect(api.changeOwnPassword('a', 'b')).rejects.toMatchObject({
      status: 403,
      code: 'WRONG_PASSWORD',
    });
  });
});
