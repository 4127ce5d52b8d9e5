import {
  LEAD_SORT_FIELDS,
  type LeadListQuery,
  SAVED_VIEW_FILTER_KEYS,
  SORT_ORDERS,
} from '@landing/shared/contracts-admin';

/** The list's filter as the URL holds it; unknown sort fields and orders are dropped. */
export function leadQueryFromParams(
  get: (key: string) => string | null,
): LeadListQuery {
  const query: LeadListQuery = {};
  for (const key of SAVED_VIEW_FILTER_KEYS) {
    const value = get(key);
    if (value) (query as Record<string, string>)[key] = value;
  }
  if (
    query.sort &&
    !(LEAD_SORT_FIELDS as readonly string[]).includes(query.sort)
  )
    delete query.sort;
  if (query.order && !(SORT_ORDERS as readonly string[]).includes(query.order))
    delete query.order;
  return query;
}

export type RowKeyCommand =
  | 'next'
  | 'previous'
  | 'open'
  | 'close'
  | 'search'
  | 'help';

/**
 * The list's keyboard shortcut a key press means, or null. Typing into a field never
 * triggers one (except Escape), nor does a key held with Ctrl, Alt or Meta.
 */
export function rowKeyCommand(event: KeyboardEvent): RowKeyCommand | null {
  if (event.ctrlKey || event.altKey || event.metaKey) return null;
  if (event.key === 'Escape') return 'close';
  const target = event.target as HTMLElement | null;
  if (
    target?.closest?.(
      'input, textarea, select, [contenteditable="true"], mat-select, .cdk-overlay-container',
    )
  )
    return null;
  switch (event.key) {
    case 'j':
      return 'next';
    case 'k':
      return 'previous';
    case 'Enter':
      return target?.closest?.('button, a') ? null : 'open';
    case '/':
      return 'search';
    case '?':
      return 'help';
    default:
      return null;
  }
}

/** The row j/k moves to, staying inside the list; the first j selects the first row. */
export function nextRowIndex(
  current: number,
  count: number,
  direction: 'next' | 'previous',
): number {
  if (count === 0) return -1;
  if (current < 0) return 0;
  return direction === 'next'
    ? Math.min(current + 1, count - 1)
    : Math.max(current - 1, 0);
}
