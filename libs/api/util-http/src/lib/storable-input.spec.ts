import { unstorableInputError } from './storable-input';

describe('unstorableInputError', () => {
  it('passes a request whose every string can be stored', () => {
    expect(
      unstorableInputError({
        params: { id: 'x' },
        query: { q: 'سارا', tags: ['a', 'b'] },
        body: { name: 'Sara 😀', n: 1, nested: { ok: true } },
      }),
    ).toBeUndefined();
  });

  it.each([
    ['a route parameter', { params: { id: '\u0000' } }, 'id'],
    ['a query parameter', { query: { from: '2026\u0000' } }, 'from'],
    ['a repeated query parameter', { query: { q: ['a', '\ud800'] } }, 'q[1]'],
    ['a body field', { body: { utm_source: 'x\udc00' } }, 'utm_source'],
    ['a nested body field', { body: { ids: ['ok', 'a\u0000'] } }, 'ids[1]'],
    ['a body key, shown cleaned up', { body: { ['k\u0000']: 1 } }, 'k\ufffd'],
  ])('refuses %s, naming it with INVALID_CHARACTERS', (_, request, field) => {
    const error = unstorableInputError(request);
    expect(error?.code).toBe('VALIDATION_FAILED');
    expect(error?.fields).toEqual([
      { field, code: 'INVALID_CHARACTERS', message: expect.any(String) },
    ]);
  });
});
