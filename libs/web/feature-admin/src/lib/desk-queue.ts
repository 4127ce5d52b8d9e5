import {
  CALL_OUTCOMES,
  type CallOutcome,
  type QueueItem,
  type QueueResponse,
} from '@landing/shared/contracts-desk';
import { intlLocale } from '@landing/web/ui-admin';

/**
 * The list the desk shows at `now` (the screen's clock): the server's items in its order
 * (overdue, new by due time, callbacks whose time came), then the upcoming callbacks whose
 * time has come since the list was read, by their time. The server's next read has them
 * among its own items; the screen does not wait for it.
 */
export function visibleQueue(
  queue: QueueResponse | null,
  now: number,
): QueueItem[] {
  if (!queue) return [];
  const listed = new Set(queue.items.map((item) => item.leadId));
  const due = queue.upcoming
    .filter(
      (item) =>
        !listed.has(item.leadId) &&
        item.nextCallAt !== null &&
        Date.parse(item.nextCallAt) <= now,
    )
    .sort((a, b) => (a.nextCallAt ?? '').localeCompare(b.nextCallAt ?? ''));
  return [...queue.items, ...due];
}

/** Callbacks still ahead at `now`. */
export function laterCount(queue: QueueResponse | null, now: number): number {
  return (queue?.upcoming ?? []).filter(
    (item) => item.nextCallAt !== null && Date.parse(item.nextCallAt) > now,
  ).length;
}

/** Whether a never-called lead is past its first-contact due time at `now`. */
export function isOverdue(item: QueueItem, now: number): boolean {
  return (
    item.kind !== 'callback' &&
    (item.slaBreached ||
      (item.firstContactDueAt !== null &&
        Date.parse(item.firstContactDueAt) <= now))
  );
}

/** The key of each outcome: 1 to 7, in the order of CALL_OUTCOMES (the same on any keyboard layout). */
export const OUTCOME_KEYS: Readonly<Record<CallOutcome, string>> =
  Object.fromEntries(
    CALL_OUTCOMES.map((outcome, i) => [outcome, String(i + 1)]),
  ) as Record<CallOutcome, string>;

const PERSIAN_DIGITS = '۰۱۲۳۴۵۶۷۸۹';

/** The outcome a key press asks for, or null (typing in a field, a modifier held, another key). */
export function outcomeForKey(event: KeyboardEvent): CallOutcome | null {
  if (event.ctrlKey || event.altKey || event.metaKey) return null;
  const target = event.target as HTMLElement | null;
  if (
    target?.closest?.(
      'input, textarea, select, [contenteditable="true"], mat-select, .cdk-overlay-container',
    )
  )
    return null;
  const code = /^(?:Digit|Numpad)([1-7])$/.exec(event.code ?? '')?.[1];
  const persian = PERSIAN_DIGITS.indexOf(event.key);
  const digit =
    code ??
    (/^[1-7]$/.test(event.key) ? event.key : null) ??
    (persian >= 1 && persian <= 7 ? String(persian) : null);
  return digit ? (CALL_OUTCOMES[Number(digit) - 1] ?? null) : null;
}

/** The countdown's two number formats, made once per locale: a queue ticks every second per row. */
const clockFormats = new Map<
  string,
  { plain: Intl.NumberFormat; twoDigits: Intl.NumberFormat }
>();

function clockFormatsOf(locale: string): {
  plain: Intl.NumberFormat;
  twoDigits: Intl.NumberFormat;
} {
  let formats = clockFormats.get(locale);
  if (!formats) {
    formats = {
      plain: new Intl.NumberFormat(intlLocale(locale), { useGrouping: false }),
      twoDigits: new Intl.NumberFormat(intlLocale(locale), {
        minimumIntegerDigits: 2,
        useGrouping: false,
      }),
    };
    clockFormats.set(locale, formats);
  }
  return formats;
}

/**
 * Time left until `due` as `h:mm:ss` (with days when longer), negative values as time past;
 * digits in the build's language.
 */
export function countdown(dueMs: number, now: number, locale: string): string {
  const total = Math.floor(Math.abs(dueMs - now) / 1000);
  const days = Math.floor(total / 86_400);
  const hours = Math.floor((total % 86_400) / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const { plain, twoDigits } = clockFormatsOf(locale);
  const clock = `${plain.format(hours)}:${twoDigits.format(minutes)}:${twoDigits.format(seconds)}`;
  return days > 0
    ? `${plain.format(days)}${locale.startsWith('fa') ? ' روز ' : 'd '}${clock}`
    : clock;
}

/** The E.164 number for a `tel:` link, whatever digits the screen shows. */
export function telHref(phone: string): string {
  return `tel:${phone.replace(/[^+\d]/g, '')}`;
}

/** Latin digits as the build's language writes them (Persian in fa); the rest unchanged. */
export function localDigits(text: string, locale: string): string {
  return locale.startsWith('fa')
    ? text.replace(/\d/g, (d) => PERSIAN_DIGITS[Number(d)] ?? d)
    : text;
}

/**
 * The moment of a picked day (local midnight) at the clock time of a picked time (the
 * timepicker's value, a `Date` whose hours and minutes count), or null.
 */
export function combineDayAndTime(
  day: Date | null,
  time: Date | null,
): Date | null {
  if (!day || Number.isNaN(day.getTime())) return null;
  if (!time || Number.isNaN(time.getTime())) return null;
  const at = new Date(day);
  at.setHours(time.getHours(), time.getMinutes(), 0, 0);
  return at;
}
