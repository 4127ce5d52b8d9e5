import {
  type LeadErasedData,
  WEBHOOK_EVENT_TYPES,
  WEBHOOK_TEST_EVENT,
} from './webhook-events.contract';

describe('webhook events', () => {
  it('name each event once, the test event apart from the subscribable ones', () => {
    expect(new Set(WEBHOOK_EVENT_TYPES).size).toBe(WEBHOOK_EVENT_TYPES.length);
    expect(WEBHOOK_EVENT_TYPES).not.toContain(WEBHOOK_TEST_EVENT);
    expect(
      WEBHOOK_EVENT_TYPES.every((type) => /^lead\.[a-z_]+$/.test(type)),
    ).toBe(true);
  });

  it('give lead.erased no field that could hold personal data', () => {
    const erased: Record<keyof LeadErasedData, true> = {
      leadId: true,
      erasedAt: true,
    };
    expect(Object.keys(erased).sort()).toEqual(['erasedAt', 'leadId']);
  });
});
