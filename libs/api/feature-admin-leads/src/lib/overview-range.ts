import { RequestValidationError } from '@landing/api/util-http';
import {
  OVERVIEW_DEFAULT_DAYS,
  OVERVIEW_DEFAULT_TIME_ZONE,
  OVERVIEW_MAX_DAYS,
  type OverviewQuery,
  type OverviewRange,
} from '@landing/shared/contracts-admin';

const invalid = (field: string, message: string) =>
  new RequestValidationError([{ field, code: 'INVALID_VALUE', message }]);

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of a real calendar date, or undefined. */
function dayNumber(value: string): number | undefined {
  const match = DAY.exec(value);
  if (!match) return undefined;
  const [year, month, day] = [
    Number(match[1]),
    Number(match[2]),
    Number(match[3]),
  ];
  const time = Date.UTC(year, month - 1, day);
  const date = new Date(time);
  if (
    year < 2000 ||
    year > 2999 ||
    date.getUTCMonth() !== month - 1 ||
    date.getUTCDate() !== day
  )
    return undefined;
  return time / DAY_MS;
}

const dayText = (n: number) => new Date(n * DAY_MS).toISOString().slice(0, 10);

/** An IANA zone name as the runtime knows it (PostgreSQL knows the same database), or undefined. */
function canonicalZone(zone: string): string | undefined {
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]{0,63}$/.test(zone)) return undefined;
  try {
    return new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
    }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

/** Today's calendar day in a zone. */
function today(zone: string, now: Date): number {
  const text = new Intl.DateTimeFormat('en-CA', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
  const n = dayNumber(text);
  if (n === undefined) throw new Error(`unexpected date format: ${text}`);
  return n;
}

/**
 * The overview's range from its query string: defaults to the last
 * {@link OVERVIEW_DEFAULT_DAYS} days up to today in the zone; rejects unreal dates, unknown
 * zones, reversed and over-long ranges with a 400 naming the field.
 */
export function parseOverviewRange(
  query: OverviewQuery,
  now = new Date(),
): OverviewRange & { days: string[] } {
  const timeZone =
    query.tz === undefined || query.tz === ''
      ? OVERVIEW_DEFAULT_TIME_ZONE
      : canonicalZone(query.tz);
  if (!timeZone)
    throw invalid('tz', 'tz must be an IANA time zone such as Asia/Tehran');
  const parse = (field: 'from' | 'to') => {
    const value = query[field];
    if (value === undefined || value === '') return undefined;
    const n = dayNumber(value);
    if (n === undefined)
      throw invalid(field, `${field} must be a calendar day as YYYY-MM-DD`);
    return n;
  };
  const given = { from: parse('from'), to: parse('to') };
  const to =
    given.to ??
    (given.from !== undefined
      ? Math.min(given.from + OVERVIEW_DEFAULT_DAYS - 1, today(timeZone, now))
      : today(timeZone, now));
  const from = given.from ?? to - (OVERVIEW_DEFAULT_DAYS - 1);
  if (from > to) throw invalid('from', 'from must not be after to');
  if (to - from + 1 > OVERVIEW_MAX_DAYS)
    throw invalid('to', `the range may span at most ${OVERVIEW_MAX_DAYS} days`);
  const days: string[] = [];
  for (let n = from; n <= to; n++) days.push(dayText(n));
  return { from: dayText(from), to: dayText(to), timeZone, days };
}
