import {
  getCountries,
  parsePhoneNumberFromString,
  type CountryCode,
} from 'libphonenumber-js/core';
// `core` + `min` metadata is the smallest bundle that still checks length and
// leading digits per country; `max` would add ~20 kB gzip to the landing page.
// This specifier resolves to the same module `libphonenumber-js/min` uses, so
// the metadata is never bundled twice.
import metadata from 'libphonenumber-js/min/metadata';
import { toAsciiDigits } from './phone-digits';

export type PhoneRejection =
  | 'EMPTY'
  | 'TOO_LONG'
  | 'INVALID_CHARACTERS'
  | 'INVALID_NUMBER';

export type PhoneNormalization =
  | { ok: true; e164: string }
  | { ok: false; reason: PhoneRejection };

/**
 * Raw input accepted before parsing, counted like `string.length` and the HTML
 * `maxlength` attribute (UTF-16 code units); bounds the work done on hostile input.
 */
export const PHONE_INPUT_MAX_LENGTH = 32;

export const DEFAULT_PHONE_REGION = 'IR';

export type PhoneAnalysis =
  | {
      ok: true;
      e164: string;
      countryCallingCode: string;
      nationalNumber: string;
    }
  | { ok: false; reason: PhoneRejection };

// Bidi controls, zero-width joiners and soft hyphens ride along when numbers are
// copied out of Persian text; they are invisible, so the visitor cannot remove them.
const INVISIBLE_MARKS =
  /[\u00AD\u061C\u200B-\u200F\u202A-\u202E\u2060\u2066-\u2069\uFEFF]/g;
const ALLOWED_CHARACTERS = /^\+?[0-9\u06F0-\u06F9\u0660-\u0669\p{Zs}()./-]*$/u;
const SEPARATORS = /[\p{Zs}()./-]/gu;
const DIGITS_WITH_OPTIONAL_PLUS = /^\+?[0-9]+$/;
const E164 = /^\+[1-9][0-9]{6,14}$/;

// min metadata also accepts 4-7 digit Iranian service and local-only numbers
// (e.g. "123456" would become +98123456). Nobody can call a lead back on those,
// and every subscriber number, mobile or landline, has 10 significant digits.
const IRAN_CALLING_CODE = '98';
const IRAN_NATIONAL_NUMBER_LENGTH = 10;

/**
 * Normalises a visitor-typed phone number to E.164. Never throws.
 *
 * Any number libphonenumber considers valid is accepted, landlines and foreign
 * numbers included: a business lead may well come from an office line abroad.
 * Digits without a plus that start with the region's calling code
 * (`989121234567`) are read as international when they are not a valid
 * national number themselves.
 */
export function normalizePhone(
  input: string,
  defaultRegion: string = DEFAULT_PHONE_REGION,
): PhoneNormalization {
  const analysis = analysePhone(input, defaultRegion);
  return analysis.ok
    ? { ok: true, e164: analysis.e164 }
    : { ok: false, reason: analysis.reason };
}

export function isValidPhone(
  input: string,
  defaultRegion: string = DEFAULT_PHONE_REGION,
): boolean {
  return analysePhone(input, defaultRegion).ok;
}

/** Like {@link normalizePhone}, also exposing the parts; not part of the public API. */
export function analysePhone(
  input: string,
  defaultRegion: string = DEFAULT_PHONE_REGION,
): PhoneAnalysis {
  if (input.length > PHONE_INPUT_MAX_LENGTH) {
    return { ok: false, reason: 'TOO_LONG' };
  }
  const visible = input.replace(INVISIBLE_MARKS, '').trim();
  if (visible === '') {
    return { ok: false, reason: 'EMPTY' };
  }
  if (!ALLOWED_CHARACTERS.test(visible)) {
    return { ok: false, reason: 'INVALID_CHARACTERS' };
  }
  const compact = toAsciiDigits(visible).replace(SEPARATORS, '');
  if (!DIGITS_WITH_OPTIONAL_PLUS.test(compact)) {
    return { ok: false, reason: 'INVALID_NUMBER' };
  }
  return parseCompact(compact, resolveRegion(defaultRegion));
}

// The region comes from our own configuration, never from the visitor, and this
// product serves Iran: a misconfigured region must not turn every national-format
// Iranian number into a rejected lead, so anything unknown falls back to IR.
export function resolveRegion(region: string): CountryCode {
  const candidate = region.toUpperCase();
  // getCountries() builds a fresh list on every call; intake asks once per request.
  knownRegions ??= new Map(
    getCountries(metadata).map((code) => [code as string, code]),
  );
  return knownRegions.get(candidate) ?? DEFAULT_PHONE_REGION;
}

let knownRegions: Map<string, CountryCode> | undefined;

function parseCompact(compact: string, region: CountryCode): PhoneAnalysis {
  let parsed: ReturnType<typeof parsePhoneNumberFromString>;
  try {
    parsed = parsePhoneNumberFromString(
      compact,
      { defaultCountry: region, extract: false },
      metadata,
    );
  } catch {
    // Third-party parser: a bug there must cost one lead, not crash the request.
    return { ok: false, reason: 'INVALID_NUMBER' };
  }
  if (parsed === undefined || !parsed.isValid()) {
    return { ok: false, reason: 'INVALID_NUMBER' };
  }
  const e164: string = parsed.number;
  const countryCallingCode: string = parsed.countryCallingCode;
  const nationalNumber: string = parsed.nationalNumber;
  if (
    !E164.test(e164) ||
    (countryCallingCode === IRAN_CALLING_CODE &&
      nationalNumber.length !== IRAN_NATIONAL_NUMBER_LENGTH)
  ) {
    return { ok: false, reason: 'INVALID_NUMBER' };
  }
  return { ok: true, e164, countryCallingCode, nationalNumber };
}
