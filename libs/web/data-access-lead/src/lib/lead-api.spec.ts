import type { SubmitLeadRequest } from '@landing/shared/contracts-lead';
import { retryAfterMs, sendLead, type LeadTransport } from './lead-api';

const request: SubmitLeadRequest = {
  phone: '09121234567',
  consent: true,
  submissionId: '6f1c2b4e-4a7d-4f6b-9a37-5b0c3d2e1f00',
};

function answer(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): LeadTransport {
  return () =>
    Promise.resolve({
      status,
      headers: new Headers(headers),
      json: () =>
        body === undefined
          ? Promise.reject(new SyntaxError('not json'))
          : Promise.resolve(body),
    });
}

describe('sendLead', () => {
  it('posts the request as JSON to /api/leads, surviving page unloads', async () => {
    const transport = jest.fn(
      answer(202, { status: 'accepted', submissionId: request.submissionId }),
    );
    await sendLead(transport, request);
    expect(transport).toHaveBeenCalledWith('/api/leads', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
      },
      body: JSON.stringify(request),
      keepalive: true,
    });
  });

  it.each([
    [
      '202 accepted',
      answer(202, { status: 'accepted', submissionId: 'x' }),
      { kind: 'accepted' },
    ],
    [
      '200 duplicate',
      answer(200, { status: 'duplicate' }),
      { kind: 'duplicate' },
    ],
    [
      '400 with field errors',
      answer(400, {
        code: 'VALIDATION_FAILED',
        message: 'm',
        requestId: 'r',
        fields: [{ field: 'phone', code: 'INVALID_PHONE', message: 'bad' }],
      }),
      {
        kind: 'invalid',
        fields: [{ field: 'phone', code: 'INVALID_PHONE', message: 'bad' }],
      },
    ],
    [
      '400 without fields',
      answer(400, { code: 'MALFORMED_JSON', message: 'm', requestId: 'r' }),
      { kind: 'invalid', fields: [] },
    ],
    [
      '409 SUBMISSION_ID_REUSED',
      answer(409, {
        code: 'SUBMISSION_ID_REUSED',
        message: 'm',
        requestId: 'r',
      }),
      { kind: 'refused', code: 'SUBMISSION_ID_REUSED' },
    ],
    [
      'a 409 that is not ours',
      answer(409, undefined),
      { kind: 'retry', retryAfterMs: null },
    ],
    [
      '503 with Retry-After',
      answer(503, { code: 'SERVICE_UNAVAILABLE' }, { 'retry-after': '5' }),
      { kind: 'retry', retryAfterMs: 5000 },
    ],
    [
      '429',
      answer(429, { code: 'RATE_LIMITED' }, { 'retry-after': '60' }),
      { kind: 'retry', retryAfterMs: 60_000 },
    ],
    [
      '500',
      answer(500, { code: 'INTERNAL_ERROR' }),
      { kind: 'retry', retryAfterMs: null },
    ],
    [
      'a 502 page from a proxy',
      answer(502, undefined),
      { kind: 'retry', retryAfterMs: null },
    ],
    [
      'a 200 HTML page from a captive portal',
      answer(200, undefined),
      { kind: 'retry', retryAfterMs: null },
    ],
    [
      'a 400 that is not ours',
      answer(400, undefined),
      { kind: 'retry', retryAfterMs: null },
    ],
    [
      'a network error',
      () => Promise.reject(new TypeError('Failed to fetch')),
      { kind: 'retry', retryAfterMs: null },
    ],
  ] as const)('turns %s into %j', async (_name, transport, expected) => {
    await expect(sendLead(transport, request)).resolves.toEqual(expected);
  });
});

describe('retryAfterMs', () => {
  it('reads seconds and HTTP dates, and ignores nonsense', () => {
    const now = Date.parse('2026-11-21T10:00:00Z');
    expect(retryAfterMs('3', now)).toBe(3000);
    expect(retryAfterMs('Sat, 21 Nov 2026 10:00:10 GMT', now)).toBe(10_000);
    expect(retryAfterMs('Sat, 21 Nov 2026 09:00:00 GMT', now)).toBe(0);
    expect(retryAfterMs('soon', now)).toBeNull();
    expect(retryAfterMs(null, now)).toBeNull();
    expect(retryAfterMs('', now)).toBeNull();
  });
});
