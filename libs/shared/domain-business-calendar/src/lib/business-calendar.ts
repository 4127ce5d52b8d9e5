/**
 * Working time in a business calendar: a time zone, opening hours per weekday and a list of
 * holidays. Pure (no I/O, no clock): the worker computes first-contact due times with it and
 * the browser counts down with the same code. Time-zone arithmetic uses Intl only.
 */

import {
  type BusinessCalendarSettings,
  MAX_HOLIDAYS,
  type Weekday,
  WEEKDAYS,
} from '@landing/shared/contracts-desk';

export {
  type BusinessCalendarSettings,
  DEFAULT_BUSINESS_CALENDAR,
  MAX_HOLIDAYS,
  type Weekday,
  WEEKDAYS,
  type WorkingHours,
} from '@landing/shared/contracts-desk';

/** Days searched for working time before giving up (a calendar that is closed for ever). */
const MAX_DAYS_SEARCHED = 3 * 366;

const DAY_MS = 86_400_000;
const TIME = /^([01]\d|2[0-3]):([0-5]\d)$|^24:00$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export class BusinessCalendarError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BusinessCalendarError';
  }
}

/** One problem with submitted settings: which field, and why. */
export interface CalendarProblem {
  field: string;
  message: string;
}

interface LocalDate {
  year: number;
  month: number;
  day: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

export function isTimeZone(value: string): boolean {
  try {
    formatterFor(value);
    return true;
  } catch {
    return false;
  }
}

/** Quarter hours: every clock change of the time-zone database falls on one. */
const OFFSET_SPAN_MS = 15 * 60_000;
/** Zone → quarter hour → offset. Bounded: a long-running process forgets and starts again. */
const offsetCache = new Map<string, Map<number, number>>();
const OFFSET_CACHE_SIZE = 10_000;

/**
 * Offset of the zone from UTC at an instant, in milliseconds (Tehran: +3.5 h). `formatToParts`
 * costs microseconds and the worker asks for every lead it stores, so the offset is kept per
 * quarter hour, once its first and last millisecond agree (a span with a clock change in it
 * is never kept, and is computed each time).
 */
function offsetAt(instant: number, timeZone: string): number {
  let spans = offsetCache.get(timeZone);
  if (spans === undefined) {
    spans = new Map();
    offsetCache.set(timeZone, spans);
  }
  const span = Math.floor(instant / OFFSET_SPAN_MS);
  const known = spans.get(span);
  if (known !== undefined) return known;
  const offset = exactOffsetAt(instant, timeZone);
  const start = span * OFFSET_SPAN_MS;
  const end = start + OFFSET_SPAN_MS - 1;
  const startOffset =
    instant === start ? offset : exactOffsetAt(start, timeZone);
  if (startOffset === offset && exactOffsetAt(end, timeZone) === offset) {
    if (spans.size >= OFFSET_CACHE_SIZE) spans.clear();
    spans.set(span, offset);
  }
  return offset;
}

function exactOffsetAt(instant: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(instant)))
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  const asUtc = Date.UTC(
    parts['year'] ?? 0,
    (parts['month'] ?? 1) - 1,
    parts['day'] ?? 1,
    parts['hour'] ?? 0,
    parts['minute'] ?? 0,
    parts['second'] ?? 0,
  );
  return asUtc - (instant - (((instant % 1000) + 1000) % 1000));
}

/** The local calendar date of an instant in the zone. */
export function localDateOf(instant: number, timeZone: string): string {
  return formatDate(localDate(instant, timeZone));
}

/** The instant a local date (`YYYY-MM-DD`) begins in the zone. */
export function startOfLocalDate(date: string, timeZone: string): number {
  const [year = 1970, month = 1, day = 1] = date.split('-').map(Number);
  return instantOf({ year, month, day }, 0, timeZone);
}

/** The local date before `date` (`YYYY-MM-DD`). */
export function previousLocalDate(date: string): string {
  const [year = 1970, month = 1, day = 1] = date.split('-').map(Number);
  return formatDate(nextDate({ year, month, day }, -1));
}

function localDate(instant: number, timeZone: string): LocalDate {
  const shifted = new Date(instant + offsetAt(instant, timeZone));
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
  };
}

/**
 * The instant a local wall-clock time happens. A time skipped by a clock change (a DST gap)
 * is taken as the same number of minutes after the gap; a repeated one as its first occurrence.
 */
function instantOf(date: LocalDate, minutes: number, timeZone: string): number {
  const wall = Date.UTC(date.year, date.month - 1, date.day) + minutes * 60_000;
  const first = wall - offsetAt(wall, timeZone);
  const second = wall - offsetAt(first, timeZone);
  if (first === second) return first;
  // Two candidates: the wall time falls next to a transition. Prefer the one that maps back.
  const mapsBack = (candidate: number) =>
    candidate + offsetAt(candidate, timeZone) === wall;
  const earlier = Math.min(first, second);
  const later = Math.max(first, second);
  if (mapsBack(earlier)) return earlier;
  if (mapsBack(later)) return later;
  return later;
}

function nextDate(date: LocalDate, days = 1): LocalDate {
  const next = new Date(
    Date.UTC(date.year, date.month - 1, date.day) + days * DAY_MS,
  );
  return {
    year: next.getUTCFullYear(),
    month: next.getUTCMonth() + 1,
    day: next.getUTCDate(),
  };
}

function formatDate(date: LocalDate): string {
  return `${String(date.year).padStart(4, '0')}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`;
}

function weekdayOf(date: LocalDate): Weekday {
  const index = new Date(
    Date.UTC(date.year, date.month - 1, date.day),
  ).getUTCDay();
  return WEEKDAYS[index] ?? 'sunday';
}

function minutesOf(time: string): number {
  const [hours, minutes] = time.split(':').map(Number);
  return (hours ?? 0) * 60 + (minutes ?? 0);
}

/**
 * A calendar ready for arithmetic. Build it once per settings value (it keeps the holidays
 * as a set) and call {@link addWorkingDuration} / {@link workingTimeBetween} on it.
 */
export class BusinessCalendar {
  private readonly holidays: ReadonlySet<string>;
  private readonly hours: ReadonlyMap<Weekday, readonly [number, number]>;

  constructor(readonly settings: BusinessCalendarSettings) {
    const problems = calendarProblems(settings);
    if (problems.length > 0)
      throw new BusinessCalendarError(
        problems.map((p) => `${p.field}: ${p.message}`).join('; '),
      );
    this.holidays = new Set(settings.holidays);
    const hours = new Map<Weekday, readonly [number, number]>();
    for (const day of WEEKDAYS) {
      const open = settings.week[day];
      if (open) hours.set(day, [minutesOf(open.open), minutesOf(open.close)]);
    }
    this.hours = hours;
  }

  /** Working interval `[open, close)` of a local date as instants, or null when closed. */
  private intervalOf(date: LocalDate): readonly [number, number] | null {
    if (this.holidays.has(formatDate(date))) return null;
    const hours = this.hours.get(weekdayOf(date));
    if (!hours) return null;
    const open = instantOf(date, hours[0], this.settings.timeZone);
    const close = instantOf(date, hours[1], this.settings.timeZone);
    return close > open ? [open, close] : null;
  }

  /** Whether a local date (`YYYY-MM-DD`) has working hours: not closed, not a holiday. */
  isWorkingDay(date: string): boolean {
    const [year = 1970, month = 1, day = 1] = date.split('-').map(Number);
    return this.intervalOf({ year, month, day }) !== null;
  }

  /** Whether an instant is inside working hours (`open <= t < close` of a working day). */
  isWorkingTime(instant: number): boolean {
    const interval = this.intervalOf(
      localDate(instant, this.settings.timeZone),
    );
    return interval !== null && instant >= interval[0] && instant < interval[1];
  }

  /**
   * The instant at which `durationMs` of working time has passed since `start`. A positive
   * duration ends inside a working interval (`open < due <= close`); zero gives the next
   * working instant (`start` itself when it is inside working hours).
   */
  addWorkingDuration(start: Date, durationMs: number): Date {
    if (!Number.isFinite(durationMs) || durationMs < 0)
      throw new BusinessCalendarError(
        'the duration must be a finite number of milliseconds, not negative',
      );
    let remaining = durationMs;
    let cursor = start.getTime();
    let date = localDate(cursor, this.settings.timeZone);
    for (let searched = 0; searched < MAX_DAYS_SEARCHED; searched++) {
      const interval = this.intervalOf(date);
      if (interval) {
        const begin = Math.max(interval[0], cursor);
        if (begin < interval[1]) {
          const available = interval[1] - begin;
          if (remaining <= available) return new Date(begin + remaining);
          remaining -= available;
          cursor = interval[1];
        }
      }
      date = nextDate(date);
    }
    throw new BusinessCalendarError(
      `no working time within ${MAX_DAYS_SEARCHED} days: every day is closed or a holiday`,
    );
  }

  /**
   * Working time from `a` to `b` in milliseconds; negative when `b` is before `a` (the time
   * a lead has been overdue, counted in working time).
   */
  workingTimeBetween(a: Date, b: Date): number {
    const from = a.getTime();
    const to = b.getTime();
    if (to < from) return -this.workingTimeBetween(b, a);
    let total = 0;
    let date = localDate(from, this.settings.timeZone);
    const last = formatDate(localDate(to, this.settings.timeZone));
    for (;;) {
      const interval = this.intervalOf(date);
      if (interval) {
        const begin = Math.max(interval[0], from);
        const end = Math.min(interval[1], to);
        if (end > begin) total += end - begin;
      }
      if (formatDate(date) >= last) return total;
      date = nextDate(date);
    }
  }
}

/** What is wrong with submitted calendar settings (empty when they are usable). */
export function calendarProblems(settings: unknown): CalendarProblem[] {
  const problems: CalendarProblem[] = [];
  if (typeof settings !== 'object' || settings === null)
    return [{ field: 'calendar', message: 'must be an object' }];
  const value = settings as Record<string, unknown>;
  const timeZone = value['timeZone'];
  if (typeof timeZone !== 'string' || !isTimeZone(timeZone))
    problems.push({
      field: 'timeZone',
      message: 'must be an IANA time zone such as Asia/Tehran',
    });
  const week = value['week'];
  let anyOpen = false;
  if (typeof week !== 'object' || week === null) {
    problems.push({
      field: 'week',
      message: 'must give the hours of each weekday',
    });
  } else {
    const days = week as Record<string, unknown>;
    for (const key of Object.keys(days))
      if (!(WEEKDAYS as readonly string[]).includes(key))
        problems.push({
          field: `week.${key}`,
          message: 'is not a weekday name',
        });
    for (const day of WEEKDAYS) {
      const hours = days[day];
      if (hours === null) continue;
      const open = (hours as Record<string, unknown> | undefined)?.['open'];
      const close = (hours as Record<string, unknown> | undefined)?.['close'];
      if (
        typeof open !== 'string' ||
        typeof close !== 'string' ||
        !TIME.test(open) ||
        !TIME.test(close) ||
        open === '24:00'
      ) {
        problems.push({
          field: `week.${day}`,
          message:
            'must be null (closed) or { open, close } in HH:MM (close may be 24:00)',
        });
      } else if (minutesOf(close) <= minutesOf(open)) {
        problems.push({
          field: `week.${day}`,
          message: 'must close after it opens',
        });
      } else {
        anyOpen = true;
      }
    }
    if (!anyOpen && problems.length === 0)
      problems.push({
        field: 'week',
        message: 'must have at least one working day',
      });
  }
  const holidays = value['holidays'];
  if (!Array.isArray(holidays)) {
    problems.push({
      field: 'holidays',
      message: 'must be a list of YYYY-MM-DD dates',
    });
  } else if (holidays.length > MAX_HOLIDAYS) {
    problems.push({
      field: 'holidays',
      message: `must list at most ${MAX_HOLIDAYS} dates`,
    });
  } else {
    holidays.forEach((holiday: unknown, index) => {
      if (typeof holiday !== 'string' || !isCalendarDate(holiday))
        problems.push({
          field: `holidays.${index}`,
          message: 'must be a date written YYYY-MM-DD',
        });
    });
  }
  return problems;
}

function isCalendarDate(value: string): boolean {
  const match = DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = [
    Number(match[1]),
    Number(match[2]),
    Number(match[3]),
  ];
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day
  );
}
