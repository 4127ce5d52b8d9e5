import { formatDateTime, formatDay, relativeAge } from './time-format';

const NOW = new Date('2026-12-01T12:00:00Z');
const ago = (ms: number) => new Date(NOW.getTime() - ms).toISOString();
const rtf = (locale: string) =>
  new Intl.RelativeTimeFormat(locale, { numeric: 'auto', style: 'short' });

describe('relativeAge', () => {
  it('picks the unit a person would: minutes, hours, days, months', () => {
    expect(relativeAge(ago(20_000), NOW, 'en')).toBe(
      rtf('en-GB').format(0, 'second'),
    );
    expect(relativeAge(ago(5 * 60_000), NOW, 'en')).toBe(
      rtf('en-GB').format(-5, 'minute'),
    );
    expect(relativeAge(ago(3 * 3_600_000 + 59 * 60_000), NOW, 'en')).toBe(
      rtf('en-GB').format(-3, 'hour'),
    );
    expect(relativeAge(ago(2 * 86_400_000), NOW, 'en')).toBe(
      rtf('en-GB').format(-2, 'day'),
    );
    expect(relativeAge(ago(65 * 86_400_000), NOW, 'en')).toBe(
      rtf('en-GB').format(-2, 'month'),
    );
    expect(relativeAge(ago(3 * 3_600_000), NOW, 'en')).toMatch(/^3 h/);
  });

  it('speaks Persian with Persian digits in the Persian build', () => {
    expect(relativeAge(ago(3 * 3_600_000), NOW, 'fa')).toContain('۳');
  });

  it('says "now" for a clock slightly ahead, and nothing for a broken date', () => {
    expect(
      relativeAge(new Date(NOW.getTime() + 5_000).toISOString(), NOW, 'en'),
    ).toBe(rtf('en-GB').format(0, 'second'));
    expect(relativeAge('not a date', NOW, 'en')).toBe('');
  });
});

describe('dates', () => {
  it('are Jalali in Persian and Gregorian in English', () => {
    // 1 December 2026 is 10 Azar 1405 in the Solar Hijri calendar.
    expect(formatDay('2026-12-01T12:00:00Z', 'fa')).toContain('آذر');
    expect(formatDateTime('2026-12-01T12:00:00Z', 'fa')).toContain('۱۴۰۵');
    expect(formatDateTime('2026-12-01T12:00:00Z', 'en')).toContain('2026');
    expect(formatDay('2026-12-01T12:00:00Z', 'en')).toMatch(/1 Dec/);
  });
});

describe('formatters', () => {
  it('are made once per locale, not on every tick of a list of ages and times', () => {
    for (const locale of ['en', 'fa']) {
      relativeAge(ago(60_000), NOW, locale);
      formatDateTime(ago(0), locale);
      formatDay(ago(0), locale);
    }
    const relative = jest.spyOn(Intl, 'RelativeTimeFormat');
    const dateTime = jest.spyOn(Intl, 'DateTimeFormat');
    try {
      for (let row = 0; row < 200; row++)
        for (const locale of ['en', 'fa']) {
          relativeAge(ago(row * 60_000), NOW, locale);
          formatDateTime(ago(row * 60_000), locale);
          formatDay(ago(row * 60_000), locale);
        }
      expect(relative).not.toHaveBeenCalled();
      expect(dateTime).not.toHaveBeenCalled();
    } finally {
      relative.mockRestore();
      dateTime.mockRestore();
    }
  });
});
