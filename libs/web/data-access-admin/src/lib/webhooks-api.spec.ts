import { TestBed } from '@angular/core/testing';
import { ADMIN_CSRF_HEADER } from '@landing/shared/contracts-admin';
import { AdminApi, AdminApiError } from './admin-api';
import { WebhooksApi, webhookErrorMessage } from './webhooks-api';

/** What the api reads of a fetch answer (jsdom has no Response). */
function answer(status: number, body: unknown): Response {
  return {
    ok: status >= 200 && status < 300,
    status,
    statusText: 'Bad Request',
    json: async () => body,
  } as Response;
}

describe('webhookErrorMessage', () => {
  it("prefers the fields' reasons (the SSRF guard's words) to the generic message", () => {
    expect(
      webhookErrorMessage(
        {
          code: 'VALIDATION_FAILED',
          message: 'Invalid field: url',
          fields: [
            {
              field: 'url',
              code: 'INVALID_VALUE',
              message: 'private address refused',
            },
          ],
        },
        'Bad Request',
      ),
    ).toBe('private address refused');
    expect(
      webhookErrorMessage({ code: 'NOT_FOUND', message: 'No such' }, 'x'),
    ).toBe('No such');
    expect(webhookErrorMessage(null, 'Bad Request')).toBe('Bad Request');
  });
});

describe('WebhooksApi', () => {
  const realFetch = globalThis.fetch;
  afterEach(() => {
    globalThis.fetch = realFetch;
  });

  it('sends changes with the CSRF token and reports a refusal readably', async () => {
    const seen: { url: string; init?: RequestInit }[] = [];
    globalThis.fetch = jest.fn(
      async (url: RequestInfo | URL, init?: RequestInit) => {
        seen.push({ url: String(url), init });
        return answer(400, {
          code: 'VALIDATION_FAILED',
          message: 'Invalid field: url',
          requestId: 'r',
          fields: [
            {
              field: 'url',
              code: 'INVALID_VALUE',
              message: 'metadata address refused',
            },
          ],
        });
      },
    ) as typeof fetch;
    TestBed.inject(AdminApi).session.set({
      csrfToken: 'token-1',
    } as ReturnType<AdminApi['session']> & object);
    const api = TestBed.inject(WebhooksApi);
    const failure = api.create({
      url: 'http://169.254.169.254/',
      events: ['lead.created'],
    });
    await expect(failure).rejects.toBeInstanceOf(AdminApiError);
    await expect(failure).rejects.toMatchObject({
      status: 400,
      code: 'VALIDATION_FAILED',
      message: 'metadata address refused',
    });
    expect(seen[0]?.url).toBe('/api/admin/webhooks');
    expect(
      (seen[0]?.init?.headers as Record<string, string>)[ADMIN_CSRF_HEADER],
    ).toBe('token-1');
  });

  it('asks for an older page of the log with its cursor', async () => {
    const seen: string[] = [];
    globalThis.fetch = jest.fn(async (url: RequestInfo | URL) => {
      seen.push(String(url));
      return answer(200, { deliveries: [], nextCursor: null });
    }) as typeof fetch;
    const api = TestBed.inject(WebhooksApi);
    await api.deliveries('e1', 'd9');
    await api.deliveries('e1');
    expect(seen).toEqual([
      '/api/admin/webhooks/e1/deliveries?before=d9',
      '/api/admin/webhooks/e1/deliveries',
    ]);
  });
});
