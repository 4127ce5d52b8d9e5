import { DEFAULT_BUSINESS_CALENDAR } from '@landing/shared/domain-business-calendar';
import { previewDue, timeZones } from './business-calendar.page';

describe('previewDue', () => {
  it('counts the SLA in working time: a Friday lead in Tehran is due at Saturday closing', () => {
    // Friday 2026-12-04 10:00 Tehran (06:30 UTC); Friday is off, Saturday 09:00–17:00.
    const due = previewDue(
      DEFAULT_BUSINESS_CALENDAR,
      480,
      new Date('2026-12-04T06:30:00Z'),
    );
    expect(due?.toISOString()).toBe('2026-12-05T13:30:00.000Z');
  });

  it('skips a holiday added to the calendar', () => {
    const due = previewDue(
      { ...DEFAULT_BUSINESS_CALENDAR, holidays: ['2026-12-05'] },
      60,
      new Date('2026-12-04T06:30:00Z'),
    );
    // Sunday 2026-12-06 10:00 Tehran.
    expect(due?.toISOString()).toBe('2026-12-06T06:30:00.000Z');
  });

  it('gives no due time for settings the server would refuse', () => {
    expect(
      previewDue(
        {
          ...DEFAULT_BUSINESS_CALENDAR,
          week: {
            ...DEFAULT_BUSINESS_CALENDAR.week,
            monday: { open: '18:00', close: '09:00' },
          },
        },
        60,
        new Date(),
      ),
    ).toBeNull();
  });
});

describe('timeZones', () => {
  it('offers Asia/Tehran and UTC', () => {
    const zones = timeZones();
    expect(zones).toContain('Asia/Tehran');
    expect(zones).toContain('UTC');
  });
});
