import { RequestValidationError } from '@landing/api/util-http';
import { type LeadSearch } from '@landing/server/persistence-admin';
import {
  LEAD_PAGE_LIMITS,
  type LeadFilter,
  type LeadListQuery,
  type LeadSortField,
  type SortOrder,
} from '@landing/shared/contracts-admin';
import {
  isStorableText,
  LEAD_STATUSES,
  type LeadStatus,
} from '@landing/shared/contracts-lead';
import { normalizePhone, toAsciiDigits } from '@landing/shared/domain-phone';

const invalid = (field: string, message: string) =>
  new RequestValidationError([{ field, code: 'INVALID_VALUE', message }]);

/** Years a filter may name: PostgreSQL has no year 0, and JavaScript dates reach past its range. */
const YEARS = { min: 1, max: 9999 } as const;

function instant(field: string, value: string | undefined): Date | undefined {
  if (value === undefined || value === '') return undefined;
  const date = new Date(value);
  if (Number.isNaN(date.getTime()))
    throw invalid(field, `${field} must be an ISO-8601 date or instant`);
  const year = date.getUTCFullYear();
  if (year < YEARS.min || year > YEARS.max)
    throw invalid(
      field,
      `${field} must lie between the years ${YEARS.min} and ${YEARS.max}`,
    );
  return date;
}

/** Characters a typed phone number may contain besides digits (any script). */
const PHONE_LIKE = /^[\s\d۰-۹٠-٩+()\-.]+$/u;

/**
 * Turns the query string's filter into a search. `q` is read as a phone number first (any
 * format the form accepts, so `۰۹۱۲ ۱۲۳ ۴۵۶۷` finds +989121234567), then as part of one
 * (three digits or more), otherwise as part of a name or an email.
 */
export function parseLeadFilter(
  filter: LeadFilter,
  region: string,
): LeadSearch {
  const search: LeadSearch = {};
  if (filter.status) {
    const statuses = filter.status.split(',').map((status) => status.trim());
    const unknown = statuses.filter(
      (status) => !(LEAD_STATUSES as readonly string[]).includes(status),
    );
    if (unknown.length > 0)
      throw invalid(
        'status',
        `status must be a comma-separated list of ${LEAD_STATUSES.join(', ')}`,
      );
    search.statuses = statuses as LeadStatus[];
  }
  search.from = instant('from', filter.from);
  search.to = instant('to', filter.to);
  if (filter.source) search.source = filter.source;
  if (filter.campaign) search.campaign = filter.campaign;
  const q = filter.q?.trim();
  if (q) {
    const phone = normalizePhone(q, region);
    if (phone.ok) {
      search.phone = phone.e164;
    } else if (PHONE_LIKE.test(q)) {
      // A national-format fragment's leading 0 is not part of the E.164 number.
      const digits = toAsciiDigits(q).replace(/\D/g, '').replace(/^0+/, '');
      if (digits.length < 3)
        throw invalid('q', 'type at least three digits of a phone number');
      search.phoneDigits = digits;
    } else {
      search.text = q;
    }
  }
  return search;
}

interface CursorBody {
  s: LeadSortField;
  o: SortOrder;
  k: string;
  i: string;
}

export function encodeLeadCursor(body: CursorBody): string {
  return Buffer.from(JSON.stringify(body)).toString('base64url');
}

/** A cursor is only valid for the sort it was made with. */
export function decodeLeadCursor(
  cursor: string,
  sort: LeadSortField,
  order: SortOrder,
): { key: string; id: string } {
  const foreign = () => invalid('cursor', 'cursor is not one this api made');
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw foreign();
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw foreign();
  const body = parsed as Partial<CursorBody>;
  const uuid =
    /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  if (
    body.s !== sort ||
    body.o !== order ||
    typeof body.k !== 'string' ||
    typeof body.i !== 'string' ||
    !uuid.test(body.i)
  ) {
    throw invalid(
      'cursor',
      'cursor does not belong to this sort order; start from the first page',
    );
  }
  if (!isCursorKey(sort, body.k)) throw foreign();
  return { key: body.k, id: body.i };
}

/** PostgreSQL's text form of a timestamptz, as the repository hands it out. */
const PG_TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(\.\d{1,6})?([+-]\d{2})(:\d{2})?$/;

/**
 * Whether a cursor's sort key is one the repository could have handed out for this sort,
 * so that PostgreSQL never sees a key it would refuse (an hour 99, an unknown status, NUL).
 */
function isCursorKey(sort: LeadSortField, key: string): boolean {
  switch (sort) {
    case 'createdAt':
    case 'lastSubmittedAt': {
      const match = PG_TIMESTAMP.exec(key);
      if (!match) return false;
      const [, year, month, day, hour, minute, second, , offset] =
        match.map(Number);
      const date = new Date(Date.UTC(year ?? 0, (month ?? 0) - 1, day ?? 0));
      return (
        (year ?? 0) >= YEARS.min &&
        date.getUTCMonth() === (month ?? 0) - 1 &&
        date.getUTCDate() === day &&
        (hour ?? 99) < 24 &&
        (minute ?? 99) < 60 &&
        (second ?? 99) < 60 &&
        Math.abs(offset ?? 99) <= 15
      );
    }
    case 'status':
      return (LEAD_STATUSES as readonly string[]).includes(key);
    case 'name':
      return key.length <= 200 && isStorableText(key);
  }
}

export function pageLimit(query: LeadListQuery): number {
  const limit =
    query.limit === undefined ? LEAD_PAGE_LIMITS.default : Number(query.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > LEAD_PAGE_LIMITS.max) {
    throw invalid('limit', `limit must be from 1 to ${LEAD_PAGE_LIMITS.max}`);
  }
  return limit;
}
