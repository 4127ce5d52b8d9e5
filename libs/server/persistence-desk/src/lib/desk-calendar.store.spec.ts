import { type BusinessCalendarSettings } from '@landing/shared/contracts-desk';
import { DEFAULT_BUSINESS_CALENDAR } from '@landing/shared/domain-business-calendar';
import { CALENDAR_CACHE_MS, DeskCalendarStore } from './desk-calendar.store';
import { type DeskRepository } from './desk.repository';

describe('DeskCalendarStore', () => {
  it('uses the default until settings are stored, reads at most once per period, and again after forget()', async () => {
    let stored: BusinessCalendarSettings | null = null;
    let reads = 0;
    const repository = {
      calendar: () => {
        reads += 1;
        return Promise.resolve({ settings: stored, updatedAt: null });
      },
    } as unknown as DeskRepository;
    const store = new DeskCalendarStore(repository);

    expect((await store.current(0)).settings).toEqual(
      DEFAULT_BUSINESS_CALENDAR,
    );
    stored = { ...DEFAULT_BUSINESS_CALENDAR, timeZone: 'Europe/Berlin' };
    expect((await store.current(CALENDAR_CACHE_MS - 1)).settings.timeZone).toBe(
      'Asia/Tehran',
    );
    expect(reads).toBe(1);
    expect((await store.current(CALENDAR_CACHE_MS)).settings.timeZone).toBe(
      'Europe/Berlin',
    );
    stored = { ...DEFAULT_BUSINESS_CALENDAR, timeZone: 'UTC' };
    store.forget();
    expect((await store.current(CALENDAR_CACHE_MS + 1)).settings.timeZone).toBe(
      'UTC',
    );
    expect(reads).toBe(3);
  });
});
