import { requestPhone } from './request-phone';

describe('requestPhone', () => {
  it('normalises the body phone, with the given region for national numbers', () => {
    expect(requestPhone({ body: { phone: '۰۹۱۲ ۱۲۳ ۴۵۶۷' } }, 'IR')).toEqual({
      ok: true,
      e164: '+989121234567',
    });
    expect(requestPhone({ body: { phone: '030 123456' } }, 'DE')).toEqual({
      ok: true,
      e164: '+4930123456',
    });
  });

  it('reports why a phone is refused', () => {
    expect(requestPhone({ body: { phone: 'call me' } }, 'IR')).toEqual({
      ok: false,
      reason: 'INVALID_CHARACTERS',
    });
  });

  it('is undefined when there is no string phone to read', () => {
    expect(requestPhone({}, 'IR')).toBeUndefined();
    expect(requestPhone({ body: null }, 'IR')).toBeUndefined();
    expect(requestPhone({ body: 'phone' }, 'IR')).toBeUndefined();
    expect(requestPhone({ body: { phone: 9121234567 } }, 'IR')).toBeUndefined();
  });

  it('answers later askers about the same request from the first parse', () => {
    const request = { body: { phone: '09121234567' } };
    const first = requestPhone(request, 'IR');
    expect(requestPhone(request, 'IR')).toBe(first);
    expect(requestPhone({ body: { phone: '09121234567' } }, 'IR')).not.toBe(
      first,
    );
  });
});
