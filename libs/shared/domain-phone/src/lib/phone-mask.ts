import { toAsciiDigits } from './phone-digits';
import { analysePhone, DEFAULT_PHONE_REGION } from './phone-number';

// Keeps masks of garbage input short; no real number has more digits than E.164's 15.
const MAX_MASKED_DIGITS = 15;

/**
 * Masks a phone number for logs: `+989121234567` -> `+98*******567`.
 *
 * Output only ever contains `+`, `*` and ASCII digits, so hostile input cannot
 * forge log lines. At most a third of the significant digits are shown, so short
 * numbers and invalid input reveal less (or nothing).
 */
export function maskPhone(value: string): string {
  const phone = analysePhone(value, DEFAULT_PHONE_REGION);
  if (phone.ok) {
    return `+${phone.countryCallingCode}${maskDigits(phone.nationalNumber)}`;
  }
  const digits = toAsciiDigits(value).replace(/[^0-9]/g, '');
  return maskDigits(digits.slice(-MAX_MASKED_DIGITS));
}

function maskDigits(digits: string): string {
  const shown = visibleTailLength(digits.length);
  return (
    '*'.repeat(digits.length - shown) + digits.slice(digits.length - shown)
  );
}

function visibleTailLength(digitCount: number): number {
  if (digitCount >= 9) {
    return 3;
  }
  return digitCount >= 6 ? 2 : 0;
}

// A run of digits (any script) that may hold separators a number is typed with.
const DIGIT_RUN =
  /\+?[0-9\u06F0-\u06F9\u0660-\u0669](?:[0-9\u06F0-\u06F9\u0660-\u0669\p{Zs}()./-]*[0-9\u06F0-\u06F9\u0660-\u0669])?/gu;

// Fewer digits than this identify nobody (a year, a house number); more could be a number.
const MIN_DIGITS_MASKED = 6;

/**
 * Free text with every phone number in it masked as {@link maskPhone} masks one, in any
 * format it may be typed in (`0912 123 4567`, `+98 912-123-4567`, Persian digits): for a
 * record that must keep what someone typed (such as an export's search filter) but not
 * the number.
 */
export function maskPhonesInText(text: string): string {
  return text.replace(DIGIT_RUN, (run) =>
    toAsciiDigits(run).replace(/[^0-9]/g, '').length >= MIN_DIGITS_MASKED
      ? maskPhone(run.length > 32 ? run.slice(-32) : run)
      : run,
  );
}
