const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The `Intl` locale of a build locale: Persian gets the Solar Hijri (Jalali) calendar. */
export function intlLocale(locale: string): string {
  return locale.startsWith('fa') ? 'fa-IR' : 'en-GB';
}

/** One formatter per locale and kind, made on first use: pipes run on every tick of a screen's clock. */
function cached<T>(
  cache: Map<string, T>,
  locale: string,
  make: (intl: string) => T,
): T {
  let format = cache.get(locale);
  if (!format) {
    format = make(intlLocale(locale));
    cache.set(locale, format);
  }
  return format;
}

const ageFormats = new Map<string, Intl.RelativeTimeFormat>();
const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();
const dayFormats = new Map<string, Intl.DateTimeFormat>();

const makeAgeFormat = (intl: string) =>
  new Intl.RelativeTimeFormat(intl, { numeric: 'auto', style: 'short' });
const makeDateTimeFormat = (intl: string) =>
  new Intl.DateTimeFormat(intl, { dateStyle: 'medium', timeStyle: 'short' });
const makeDayFormat = (intl: string) =>
  new Intl.DateTimeFormat(intl, { month: 'short', day: 'numeric' });

/**
 * How long ago an instant was, the way a person says it ("3 h ago", "۳ ساعت پیش"):
 * minutes under an hour, hours under a day, days under a month, then months.
 */
export function relativeAge(iso: string, now: Date, locale: string): string {
  const then = new Date(iso).getTime();
  if (Number.isNaN(then)) return '';
  const elapsed = Math.max(0, now.getTime() - then);
  const format = cached(ageFormats, locale, makeAgeFormat);
  if (elapsed < MINUTE) return format.format(0, 'second');
  if (elapsed < HOUR)
    return format.format(-Math.floor(elapsed / MINUTE), 'minute');
  if (elapsed < DAY) return format.format(-Math.floor(elapsed / HOUR), 'hour');
  if (elapsed < 30 * DAY)
    return format.format(-Math.floor(elapsed / DAY), 'day');
  return format.format(-Math.floor(elapsed / (30 * DAY)), 'month');
}

/** Date and time, Jalali in Persian. */
export function formatDateTime(iso: string, locale: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return cached(dateTimeFormats, locale, makeDateTimeFormat).format(date);
}

/** A calendar day (Jalali in Persian), e.g. a chart's axis label. */
export function formatDay(iso: string, locale: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return cached(dayFormats, locale, makeDayFormat).format(date);
}
