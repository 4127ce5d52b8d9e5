import { callEffect } from './call-effect';

describe('callEffect', () => {
  const fresh = { status: 'new' as const, attempts: 0 };

  it('qualifies an interested lead and disqualifies the others with their reason', () => {
    expect(callEffect('interested', fresh, 3)).toEqual({
      status: 'qualified',
      closedReason: null,
      attempts: 0,
      next: null,
    });
    for (const outcome of [
      'not_interested',
      'wrong_number',
      'do_not_call',
    ] as const)
      expect(callEffect(outcome, fresh, 3)).toEqual({
        status: 'disqualified',
        closedReason: outcome,
        attempts: 0,
        next: null,
      });
  });

  it('counts no answer and busy, and closes as unreachable at the limit', () => {
    const first = callEffect('no_answer', fresh, 3);
    expect(first).toEqual({
      status: 'new',
      closedReason: null,
      attempts: 1,
      next: 'retry',
    });
    const second = callEffect(
      'busy',
      { status: 'new', attempts: first.attempts },
      3,
    );
    expect(second.attempts).toBe(2);
    expect(second.next).toBe('retry');
    expect(
      callEffect('no_answer', { status: 'contacted', attempts: 2 }, 3),
    ).toEqual({
      status: 'disqualified',
      closedReason: 'unreachable',
      attempts: 3,
      next: null,
    });
  });

  it('marks a callback contacted and brings it back, without counting an attempt', () => {
    expect(callEffect('callback', { status: 'new', attempts: 1 }, 3)).toEqual({
      status: 'contacted',
      closedReason: null,
      attempts: 1,
      next: 'callback',
    });
  });
});
