import { LOCALE_ID } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { DateAdapter, MAT_DATE_FORMATS } from '@angular/material/core';
import {
  CalendarDateAdapter,
  latinDigits,
  provideCalendarDates,
} from './calendar-date-adapter';

function adapterFor(locale: string): CalendarDateAdapter {
  TestBed.resetTestingModule();
  TestBed.configureTestingModule({
    providers: [
      { provide: LOCALE_ID, useValue: locale },
      provideCalendarDates(),
    ],
  });
  return TestBed.inject(DateAdapter) as CalendarDateAdapter;
}

/** What a text parses to: its ISO day, 'invalid', or 'empty'. */
function parsedDay(adapter: CalendarDateAdapter, text: string): string {
  const date = adapter.parse(text);
  if (date === null) return 'empty';
  return adapter.isValid(date) ? isoDay(date) : 'invalid';
}

const isoDay = (date: Date) =>
  [date.getFullYear(), date.getMonth() + 1, date.getDate()]
    .map((n, i) => String(n).padStart(i ? 2 : 4, '0'))
    .join('-');

describe('CalendarDateAdapter (fa: Jalali)', () => {
  let adapter: CalendarDateAdapter;
  beforeEach(() => (adapter = adapterFor('fa')));

  it('round-trips every day of Jalali 1402–1405, leap 1403 included', () => {
    let date = new Date(2023, 2, 21); // 1402/01/01
    const end = new Date(2027, 2, 21); // 1406/01/01
    let days = 0;
    const lengths = new Map<string, number>();
    let previous = '';
    while (date < end) {
      const year = adapter.getYear(date);
      const month = adapter.getMonth(date);
      const day = adapter.getDate(date);
      const back = adapter.createDate(year, month, day);
      expect(isoDay(back)).toBe(isoDay(date));
      const key = `${year}/${month + 1}`;
      const current = `${key}/${day}`;
      expect(current).not.toBe(previous);
      previous = current;
      lengths.set(key, Math.max(lengths.get(key) ?? 0, day));
      expect([key, adapter.getNumDaysInMonth(date)]).toEqual([
        key,
        month < 6 ? 31 : month < 11 ? 30 : key === '1403/12' ? 30 : 29,
      ]);
      date = adapter.addCalendarDays(date, 1);
      days++;
    }
    expect(days).toBe(365 + 366 + 365 + 365);
    expect(lengths.get('1403/12')).toBe(30);
    expect(lengths.get('1402/12')).toBe(29);
    expect(lengths.get('1404/12')).toBe(29);
    expect(lengths.get('1403/1')).toBe(31);
    expect(lengths.get('1403/7')).toBe(30);
  });

  it('knows the anchors: Nowruz and Esfand 30 of the leap year 1403', () => {
    expect(isoDay(adapter.createDate(1403, 0, 1))).toBe('2024-03-20');
    expect(isoDay(adapter.createDate(1403, 11, 30))).toBe('2025-03-20');
    expect(isoDay(adapter.createDate(1404, 0, 1))).toBe('2025-03-21');
    expect(() => adapter.createDate(1404, 11, 30)).toThrow(/Invalid Jalali/);
    expect(() => adapter.createDate(1404, 6, 31)).toThrow(/Invalid Jalali/);
  });

  it('parses Persian and Latin digits', () => {
    expect(parsedDay(adapter, '۱۴۰۵/۰۹/۱۰')).toBe('2026-12-01');
    expect(parsedDay(adapter, '1405/9/10')).toBe('2026-12-01');
    expect(parsedDay(adapter, ' ۱۴۰۳-۱۲-۳۰ ')).toBe('2025-03-20');
    expect(parsedDay(adapter, '۱۴۰۴/۱۲/۳۰')).toBe('invalid');
    expect(parsedDay(adapter, 'tomorrow')).toBe('invalid');
    expect(parsedDay(adapter, '')).toBe('empty');
    expect(latinDigits('۱۲۳٤٥')).toBe('12345');
  });

  it('formats what it parses, in Persian digits', () => {
    const day = adapter.createDate(1405, 8, 10);
    const text = adapter.format(day, {
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    expect(latinDigits(text).replace(/[^\d/]/g, '')).toBe('1405/09/10');
    expect(text).toMatch(/[۰-۹]/);
    expect(parsedDay(adapter, text)).toBe('2026-12-01');
  });

  it('starts the week on Saturday and names Jalali months', () => {
    expect(adapter.getFirstDayOfWeek()).toBe(6);
    expect(adapter.getDayOfWeekNames('long')[6]).toBe('شنبه');
    const months = adapter.getMonthNames('long');
    expect(months[0]).toBe('فروردین');
    expect(months[11]).toBe('اسفند');
    expect(adapter.getDateNames()[29]).toBe('۳۰');
    expect(adapter.getYearName(adapter.createDate(1405, 0, 1))).toBe('۱۴۰۵');
  });

  it('adds months and years in the Jalali calendar, clamping the day', () => {
    const end = adapter.createDate(1403, 5, 31); // Shahrivar 31
    expect(isoDay(adapter.addCalendarMonths(end, 1))).toBe(
      isoDay(adapter.createDate(1403, 6, 30)),
    );
    const leap = adapter.createDate(1403, 11, 30);
    expect(isoDay(adapter.addCalendarYears(leap, 1))).toBe(
      isoDay(adapter.createDate(1404, 11, 29)),
    );
    expect(isoDay(adapter.addCalendarMonths(leap, -12))).toBe(
      isoDay(adapter.createDate(1402, 11, 29)),
    );
  });
});

describe('CalendarDateAdapter (en: Gregorian)', () => {
  let adapter: CalendarDateAdapter;
  beforeEach(() => (adapter = adapterFor('en')));

  it('stays Gregorian, Monday first', () => {
    const day = adapter.createDate(2026, 11, 1);
    expect(adapter.getYear(day)).toBe(2026);
    expect(adapter.getMonth(day)).toBe(11);
    expect(adapter.getNumDaysInMonth(adapter.createDate(2024, 1, 1))).toBe(29);
    expect(adapter.getFirstDayOfWeek()).toBe(1);
    expect(adapter.getMonthNames('long')[0]).toBe('January');
  });

  it('parses ISO and the day-first form it shows', () => {
    expect(parsedDay(adapter, '2026-12-01')).toBe('2026-12-01');
    expect(parsedDay(adapter, '01/12/2026')).toBe('2026-12-01');
    const text = adapter.format(adapter.createDate(2026, 11, 1), {
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    expect(text).toBe('01/12/2026');
    expect(parsedDay(adapter, '31/02/2026')).toBe('invalid');
  });
});

describe('CalendarDateAdapter times (the timepicker)', () => {
  const clock = (locale: string, text: string) => {
    const adapter = adapterFor(locale);
    const formats = TestBed.inject(MAT_DATE_FORMATS);
    const time = adapter.parseTime(text, formats.parse.timeInput);
    return {
      valid: time !== null && adapter.isValid(time),
      hours: time ? adapter.getHours(time) : NaN,
      minutes: time ? adapter.getMinutes(time) : NaN,
      shown:
        time && adapter.isValid(time)
          ? adapter.format(time, formats.display.timeInput)
          : '',
      option:
        time && adapter.isValid(time)
          ? adapter.format(time, formats.display.timeOptionLabel)
          : '',
    };
  };

  it('shows a 24-hour time in Persian digits in fa, and reads it back', () => {
    const typed = clock('fa', '۱۶:۴۵');
    expect(typed).toMatchObject({ valid: true, hours: 16, minutes: 45 });
    expect(typed.shown).toBe('۱۶:۴۵');
    expect(typed.option).toBe('۱۶:۴۵');
    expect(clock('fa', '16:45').shown).toBe('۱۶:۴۵');
    expect(clock('fa', '۰۹:۰۵').shown).toBe('۰۹:۰۵');
    expect(clock('fa', '۲۵:۰۰').valid).toBe(false);
  });

  it('shows a 24-hour time in en, and still reads AM/PM', () => {
    expect(clock('en', '16:45').shown).toBe('16:45');
    expect(clock('en', '4:45 PM')).toMatchObject({ hours: 16, minutes: 45 });
  });
});
