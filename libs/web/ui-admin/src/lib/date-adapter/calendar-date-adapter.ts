import {
  type EnvironmentProviders,
  Injectable,
  LOCALE_ID,
  makeEnvironmentProviders,
} from '@angular/core';
import {
  DateAdapter,
  MAT_DATE_FORMATS,
  MAT_DATE_LOCALE,
  type MatDateFormats,
  NativeDateAdapter,
} from '@angular/material/core';
import { intlLocale } from '../format/time-format';

/** A day in the adapter's calendar; `month` counts from 0 as in `Date`. */
export interface CalendarDay {
  year: number;
  month: number;
  day: number;
}

const PERSIAN_DIGITS = '۰۱۲۳۴۵۶۷۸۹';
const ARABIC_DIGITS = '٠١٢٣٤٥٦٧٨٩';

/** Persian and Arabic-Indic digits as Latin ones. */
export function latinDigits(text: string): string {
  return text.replace(/[۰-۹٠-٩]/g, (digit) => {
    const persian = PERSIAN_DIGITS.indexOf(digit);
    return String(persian >= 0 ? persian : ARABIC_DIGITS.indexOf(digit));
  });
}

/** Days from the start of a Jalali year to the first of `month` (0-based). */
function jalaliMonthStart(month: number): number {
  return month < 6 ? month * 31 : 186 + (month - 6) * 30;
}

/**
 * Angular Material's date adapter for the admin build's calendar: the Solar Hijri (Jalali)
 * calendar in Persian, read from `Intl` (`fa-IR-u-ca-persian`), and the browser's own
 * Gregorian calendar otherwise. Dates stay local-midnight `Date`s, so the pages keep turning
 * them into the same ISO days they always sent.
 */
@Injectable()
export class CalendarDateAdapter extends NativeDateAdapter {
  /** Whether this adapter counts in the Jalali calendar. */
  readonly jalali: boolean;
  private readonly display: string;
  private readonly parts: Intl.DateTimeFormat;

  constructor() {
    super();
    this.jalali = String(this.locale ?? '').startsWith('fa');
    this.display = intlLocale(this.jalali ? 'fa' : 'en');
    this.parts = new Intl.DateTimeFormat('en-u-ca-persian-nu-latn', {
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
    });
  }

  /** The Jalali year, month (0-based) and day of a date, in the local time zone. */
  jalaliDay(date: Date): CalendarDay {
    const value = (type: Intl.DateTimeFormatPartTypes) =>
      Number(
        this.parts.formatToParts(date).find((p) => p.type === type)?.value,
      );
    return {
      year: value('year'),
      month: value('month') - 1,
      day: value('day'),
    };
  }

  /** The local-midnight `Date` of a Jalali day, or null when that day does not exist. */
  fromJalali(year: number, month: number, day: number): Date | null {
    if (month < 0 || month > 11 || day < 1 || day > 31) return null;
    // Farvardin 1 falls on March 20 or 21 of year + 621; walk by the difference in days.
    let date = new Date(year + 621, 2, 21);
    for (let step = 0; step < 4; step++) {
      const seen = this.jalaliDay(date);
      const delta =
        (year - seen.year) * 365 +
        jalaliMonthStart(month) -
        jalaliMonthStart(seen.month) +
        day -
        seen.day;
      if (delta === 0) break;
      date = new Date(
        date.getFullYear(),
        date.getMonth(),
        date.getDate() + delta,
      );
    }
    const seen = this.jalaliDay(date);
    return seen.year === year && seen.month === month && seen.day === day
      ? date
      : null;
  }

  override getYear(date: Date): number {
    return this.jalali ? this.jalaliDay(date).year : super.getYear(date);
  }

  override getMonth(date: Date): number {
    return this.jalali ? this.jalaliDay(date).month : super.getMonth(date);
  }

  override getDate(date: Date): number {
    return this.jalali ? this.jalaliDay(date).day : super.getDate(date);
  }

  override getFirstDayOfWeek(): number {
    return this.jalali ? 6 : 1;
  }

  override getMonthNames(style: 'long' | 'short' | 'narrow'): string[] {
    const format = new Intl.DateTimeFormat(this.calendarLocale(), {
      month: style,
    });
    return Array.from({ length: 12 }, (_, month) =>
      format.format(this.createDate(this.jalali ? 1403 : 2024, month, 1)),
    );
  }

  override getDateNames(): string[] {
    const format = new Intl.NumberFormat(this.display, { useGrouping: false });
    return Array.from({ length: 31 }, (_, i) => format.format(i + 1));
  }

  override getDayOfWeekNames(style: 'long' | 'short' | 'narrow'): string[] {
    const format = new Intl.DateTimeFormat(this.display, { weekday: style });
    // 2024-01-07 was a Sunday: index 0 is Sunday, as DateAdapter expects.
    return Array.from({ length: 7 }, (_, i) =>
      format.format(new Date(2024, 0, 7 + i)),
    );
  }

  override getYearName(date: Date): string {
    return new Intl.NumberFormat(this.display, { useGrouping: false }).format(
      this.getYear(date),
    );
  }

  override getNumDaysInMonth(date: Date): number {
    if (!this.jalali) return super.getNumDaysInMonth(date);
    const { year, month } = this.jalaliDay(date);
    if (month < 6) return 31;
    if (month < 11) return 30;
    return this.fromJalali(year, 11, 30) ? 30 : 29;
  }

  override createDate(year: number, month: number, date: number): Date {
    if (!this.jalali) return super.createDate(year, month, date);
    const result = this.fromJalali(year, month, date);
    if (!result)
      throw Error(`Invalid Jalali date ${year}/${month + 1}/${date}.`);
    return result;
  }

  override addCalendarDays(date: Date, days: number): Date {
    return new Date(date.getFullYear(), date.getMonth(), date.getDate() + days);
  }

  override addCalendarYears(date: Date, years: number): Date {
    return this.addCalendarMonths(date, years * 12);
  }

  override addCalendarMonths(date: Date, months: number): Date {
    if (!this.jalali) return super.addCalendarMonths(date, months);
    const { year, month, day } = this.jalaliDay(date);
    const index = year * 12 + month + months;
    const target = { year: Math.floor(index / 12), month: index % 12 };
    const first = this.createDate(target.year, target.month, 1);
    return this.createDate(
      target.year,
      target.month,
      Math.min(day, this.getNumDaysInMonth(first)),
    );
  }

  /**
   * Reads `1403/12/30` (Persian or Latin digits; `/`, `-` or `.`) in the adapter's calendar;
   * the Gregorian build also reads the day first, as it shows it (`30/11/2026`).
   */
  override parse(value: unknown, parseFormat?: unknown): Date | null {
    if (typeof value !== 'string') return super.parse(value, parseFormat);
    const text = latinDigits(value)
      .replace(/[\u200e\u200f\u061c]/g, '')
      .trim();
    if (!text) return null;
    const match = /^(\d{1,4})\s*[/\-.]\s*(\d{1,2})\s*[/\-.]\s*(\d{1,4})$/.exec(
      text,
    );
    if (!match) return this.invalid();
    const numbers = match.slice(1).map(Number);
    const [year, month, day] =
      match[3].length === 4 ? numbers.reverse() : numbers;
    if (this.jalali)
      return this.fromJalali(year, month - 1, day) ?? this.invalid();
    const date = new Date(year, month - 1, day);
    return date.getFullYear() === year &&
      date.getMonth() === month - 1 &&
      date.getDate() === day
      ? date
      : this.invalid();
  }

  /** Reads a time typed with Persian or Latin digits (`۱۶:۴۵`, `16:45`, `4:45 PM`). */
  override parseTime(value: unknown, parseFormat?: unknown): Date | null {
    return super.parseTime(
      typeof value === 'string'
        ? latinDigits(value).replace(/[\u200e\u200f\u061c]/g, '')
        : value,
      parseFormat,
    );
  }

  override format(date: Date, displayFormat: object): string {
    if (!this.isValid(date)) throw Error('CalendarDateAdapter: invalid date.');
    return new Intl.DateTimeFormat(this.calendarLocale(), {
      ...(displayFormat as Intl.DateTimeFormatOptions),
    }).format(date);
  }

  private calendarLocale(): string {
    return this.jalali ? 'fa-IR-u-ca-persian' : this.display;
  }
}

/** A time of day on a 24-hour clock, in the build's digits (`۱۶:۴۵` in Persian, `16:45` in English). */
const CLOCK_TIME: Intl.DateTimeFormatOptions = {
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
};

/** Formats for the adapter above: Intl options, typed as year/month/day numbers and a clock time. */
export const CALENDAR_DATE_FORMATS: MatDateFormats = {
  parse: { dateInput: null, timeInput: null },
  display: {
    dateInput: { year: 'numeric', month: '2-digit', day: '2-digit' },
    timeInput: CLOCK_TIME,
    timeOptionLabel: CLOCK_TIME,
    monthYearLabel: { year: 'numeric', month: 'short' },
    dateA11yLabel: { year: 'numeric', month: 'long', day: 'numeric' },
    monthYearA11yLabel: { year: 'numeric', month: 'long' },
  },
};

/**
 * The admin build's calendar for Angular Material's datepicker and timepicker: Jalali in the fa build,
 * Gregorian in en (the locale comes from `LOCALE_ID`, set by the i18n build).
 */
export function provideCalendarDates(): EnvironmentProviders {
  return makeEnvironmentProviders([
    { provide: MAT_DATE_LOCALE, useExisting: LOCALE_ID },
    { provide: DateAdapter, useClass: CalendarDateAdapter },
    { provide: MAT_DATE_FORMATS, useValue: CALENDAR_DATE_FORMATS },
  ]);
}

/** The local-midnight `Date` of a `YYYY-MM-DD` day, or null for anything else. */
export function dateOfIsoDay(iso: string | null | undefined): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso ?? '');
  if (!match) return null;
  const [year, month, day] = match.slice(1).map(Number);
  const date = new Date(year, month - 1, day);
  return date.getMonth() === month - 1 ? date : null;
}

/** `YYYY-MM-DD` of a date in the browser's time zone; '' for no (or an invalid) date. */
export function isoDayOf(date: Date | null | undefined): string {
  if (!date || Number.isNaN(date.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}
