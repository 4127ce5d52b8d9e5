import { dedupIdFor, erasedPhoneKey, erasureMarkTtlMs } from './lead-keys';

describe('the Redis keys a lead phone number lives under', () => {
  it('name a hash of the number, never the number, the same for the same number', () => {
    const phone = '+989121234567';

    expect(dedupIdFor(phone)).toBe(dedupIdFor(phone));
    expect(dedupIdFor(phone)).not.toBe(dedupIdFor('+989121234568'));
    expect(dedupIdFor(phone)).toMatch(/^[A-Za-z0-9_-]{27}$/);
    expect(erasedPhoneKey('landing', phone)).toBe(
      `landing:audit:erased:${dedupIdFor(phone)}`,
    );
    expect(erasedPhoneKey('landing', phone)).not.toContain('9121234567');
  });

  it('stay what running deployments already hold in Redis (a changed hash would lose every mark)', () => {
    expect(dedupIdFor('+989121234567')).toBe('OGWzo9_Wtqgt2-ORuETWrVDtRxA');
    expect(erasedPhoneKey('landing', '+989121234567')).toBe(
      'landing:audit:erased:OGWzo9_Wtqgt2-ORuETWrVDtRxA',
    );
  });

  it('keep an erasure mark as long as the audit trail keeps events', () => {
    expect(erasureMarkTtlMs(180)).toBe(180 * 86_400_000);
  });
});
