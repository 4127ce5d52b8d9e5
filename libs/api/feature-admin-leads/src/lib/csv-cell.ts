import { formatPhoneToDial } from '@landing/shared/domain-phone';
import { neutraliseBidiControls } from '@landing/shared/util-text';

/** What makes a spreadsheet read a cell as a formula (full-width forms included). */
const FORMULA_TRIGGER = '[=+\\-@\\uFF1D\\uFF0B\\uFF0D\\uFF20]';

/**
 * A trigger at the start of the value, or at the start of any piece a spreadsheet could cut
 * the value into: after a comma or a semicolon (whichever list separator its locale uses, even
 * one that ignores our quotes), a tab or a line break; spaces and quotes in between count
 * for nothing.
 */
const EXPOSED_TRIGGER = new RegExp(
  `(^|[,;\\t\\r\\n])([\\s"]*)(?=${FORMULA_TRIGGER})`,
  'g',
);

/**
 * One CSV cell, safe and readable in Excel and LibreOffice whether they split on `,` or
 * `;`: always quoted, so a separator inside a value never splits it; every formula trigger
 * that could begin a cell gets an apostrophe before it (OWASP's advice), so `=1+1` and
 * `x;=1+1` stay text; and bidi controls are removed, so the text reads as it was typed.
 */
export function csvCell(value: string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  const safe = neutraliseBidiControls(value).replace(EXPOSED_TRIGGER, "$1$2'");
  return `"${safe.replace(/"/g, '""')}"`;
}

export function csvRow(values: readonly (string | null | undefined)[]): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}

/** Digits grouped as a spreadsheet would read them as one number (`601 123 456`, `0123`). */
const NUMBER_SHAPED = /^(\d+|\d{1,3}(?:[ \u00A0.,]\d{3})+)$/;

/**
 * A stored phone number as staff dial it from `region` (`0912 123 4567`; abroad
 * `00 44 20 7946 0958`): no leading `+` for a spreadsheet to take for a formula or drop,
 * and never a shape it would turn into a number and strip of its leading zero.
 */
export function csvPhone(e164: string, region: string): string {
  const dialled = formatPhoneToDial(e164, region);
  if (dialled === null) return e164;
  if (!NUMBER_SHAPED.test(dialled)) return dialled;
  const dashed = dialled.replace(/[ \u00A0.,]/g, '-');
  return dashed.includes('-')
    ? dashed
    : `${dashed.slice(0, 3)}-${dashed.slice(3)}`;
}
