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
