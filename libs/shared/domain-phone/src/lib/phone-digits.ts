const PERSIAN_ZERO = 0x06f0;
const ARABIC_INDIC_ZERO = 0x0660;
const NON_ASCII_DIGIT = /[\u06F0-\u06F9\u0660-\u0669]/g;

/** Maps Persian (U+06F0..U+06F9) and Arabic-Indic (U+0660..U+0669) digits to ASCII 0-9; everything else is kept. */
export function toAsciiDigits(input: string): string {
  return input.replace(NON_ASCII_DIGIT, (digit) => {
    const code = digit.charCodeAt(0);
    return String(
      code - (code >= PERSIAN_ZERO ? PERSIAN_ZERO : ARABIC_INDIC_ZERO),
    );
  });
}
