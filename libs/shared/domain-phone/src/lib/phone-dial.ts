import { parsePhoneNumberFromString } from 'libphonenumber-js/core';
import metadata from 'libphonenumber-js/min/metadata';
import { resolveRegion } from './phone-number';

/**
 * A stored (E.164) number written the way a caller in `fromRegion` dials it: the national
 * format for that region's numbers (`+989121234567` from IR: `0912 123 4567`), the region's
 * international prefix otherwise (`+442079460958` from IR: `00 44 20 7946 0958`).
 * Returns null for anything that is not a valid E.164 number.
 */
export function formatPhoneToDial(
  e164: string,
  fromRegion: string,
): string | null {
  if (!/^\+[1-9][0-9]{6,14}$/.test(e164)) return null;
  try {
    const parsed = parsePhoneNumberFromString(e164, metadata);
    if (parsed === undefined || !parsed.isValid()) return null;
    return parsed.format('IDD', { fromCountry: resolveRegion(fromRegion) });
  } catch {
    return null;
  }
}
