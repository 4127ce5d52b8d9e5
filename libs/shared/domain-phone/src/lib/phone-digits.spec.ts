import fc from 'fast-check';
import { toAsciiDigits } from './phone-digits';

// Every UTF-16 unit (lone surrogates included) and astral code points. fast-check's
// 'binary' unit skips surrogates and takes about a second to initialise.
const anyCharacter = fc.oneof(
  fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)),
  fc
    .integer({ min: 0x10000, max: 0x10ffff })
    .map((code) => String.fromCodePoint(code)),
);

describe('toAsciiDigits', () => {
  it.each([
    ['۰۱۲۳۴۵۶۷۸۹', '0123456789'],
    ['٠١٢٣٤٥٦٧٨٩', '0123456789'],
    ['+۹۸ ۹۱۲-۱۲۳', '+98 912-123'],
    ['۰۹۱۲123٤٥٦٧', '09121234567'],
    ['0123456789', '0123456789'],
    // Arabic letters and the Arabic comma sit next to the digit blocks and must survive.
    ['تلفن، ۰۲۱', 'تلفن، 021'],
    // Fullwidth and Devanagari digits are deliberately out of scope.
    ['０９１２', '０９１２'],
    ['०९१२', '०९१२'],
    ['', ''],
  ])('maps %j to %j', (input, expected) => {
    expect(toAsciiDigits(input)).toBe(expected);
  });

  it('changes nothing but Persian and Arabic-Indic digits, one code unit for one', () => {
    const expectedUnit = (unit: string): string => {
      const code = unit.charCodeAt(0);
      if (code >= 0x06f0 && code <= 0x06f9) return String(code - 0x06f0);
      if (code >= 0x0660 && code <= 0x0669) return String(code - 0x0660);
      return unit;
    };
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.oneof(
            anyCharacter,
            fc.constantFrom(...'۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩'.split('')),
          ),
          maxLength: 40,
        }),
        (input) => {
          expect(toAsciiDigits(input)).toBe(
            input.split('').map(expectedUnit).join(''),
          );
        },
      ),
      { numRuns: 1000 },
    );
  });
});
