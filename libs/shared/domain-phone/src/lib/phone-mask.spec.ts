import fc from 'fast-check';
import { toAsciiDigits } from './phone-digits';
import { maskPhone } from './phone-mask';

// Every UTF-16 unit (lone surrogates included) and astral code points. fast-check's
// 'binary' unit skips surrogates and takes about a second to initialise.
const anyCharacter = fc.oneof(
  fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)),
  fc
    .integer({ min: 0x10000, max: 0x10ffff })
    .map((code) => String.fromCodePoint(code)),
);

const LOG_SAFE = /^\+?[*0-9]*$/;

function digitsOf(value: string): string {
  return toAsciiDigits(value).replace(/[^0-9]/g, '');
}

describe('maskPhone', () => {
  it.each([
    ['+989121234567', '+98*******567'],
    ['09121234567', '+98*******567'],
    ['۰۹۱۲ ۱۲۳ ۴۵۶۷', '+98*******567'],
    ['\u202B+98 912 123 4567\u202C', '+98*******567'],
    ['021 8888 7777', '+98*******777'],
    ['+44 20 7946 0958', '+44*******958'],
    ['+1 212 555 0123', '+1*******123'],
    // Niue: four significant digits are too few to show any.
    ['+683 4002', '+683****'],
  ])('masks valid %j as %s', (input, expected) => {
    expect(maskPhone(input)).toBe(expected);
  });

  it.each([
    ['', ''],
    ['abc', ''],
    ['12345', '*****'],
    ['123456', '****56'],
    ['0912123456', '*******456'],
    ['0912 123 4567 ext. 12', '**********712'],
    ['+98 000 000 0000', '*********000'],
    ['۰۹۱۲۱۲۳۴۵۶', '*******456'],
    ["'; DROP TABLE leads;-- 0912", '****'],
    ['line\nbreak 42\r\nforged: log', '**'],
    ['9'.repeat(10_000), '************999'],
  ])('masks invalid %j as %j', (input, expected) => {
    expect(maskPhone(input)).toBe(expected);
  });

  it('gives every spelling of a number the same mask', () => {
    const spellings = [
      '09121234567',
      '+98 912 123 4567',
      '0098-912-123-4567',
      '٠٩١٢١٢٣٤٥٦٧',
      '989121234567',
    ];
    expect(new Set(spellings.map(maskPhone))).toEqual(
      new Set(['+98*******567']),
    );
  });

  const anyInput = fc.oneof(
    fc.string({ unit: anyCharacter, maxLength: 64 }),
    fc.string({ unit: 'grapheme', maxLength: 32 }),
    fc.stringMatching(/^\+?[0-9۰-۹٠-٩ ()-]{0,40}$/),
    fc.stringMatching(/^(\+98|0)9[0-9]{9}$/),
  );

  it('never contains the full digits of the input, and only ever emits +, * and digits', () => {
    fc.assert(
      fc.property(anyInput, (input) => {
        const masked = maskPhone(input);
        expect(masked).toMatch(LOG_SAFE);
        expect(masked.length).toBeLessThanOrEqual(19);
        const digits = digitsOf(input);
        // Input without digits has nothing to hide (and '' is contained in every string).
        expect(digits === '' || !masked.includes(digits)).toBe(true);
        expect(digitsOf(masked).length).toBeLessThanOrEqual(
          Math.max(0, digits.length - 1),
        );
      }),
      { numRuns: 2000 },
    );
  });

  it('is stable: the same input always gives the same mask', () => {
    fc.assert(
      fc.property(anyInput, (input) => {
        expect(maskPhone(input)).toBe(maskPhone(input));
        expect(maskPhone(input)).toBe(maskPhone(String(input)));
      }),
      { numRuns: 500 },
    );
  });
});
