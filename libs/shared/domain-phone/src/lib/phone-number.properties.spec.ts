import fc from 'fast-check';
import { parsePhoneNumberFromString as parseWithFullMetadata } from 'libphonenumber-js/max';
import {
  PHONE_INPUT_MAX_LENGTH,
  isValidPhone,
  normalizePhone,
  type PhoneNormalization,
} from './phone-number';

const E164 = /^\+[1-9]\d{6,14}$/;
const REJECTIONS = [
  'EMPTY',
  'TOO_LONG',
  'INVALID_CHARACTERS',
  'INVALID_NUMBER',
];

// Operator ranges that full metadata classifies as mobile for every 7-digit subscriber part.
const IRAN_MOBILE_PREFIXES = (
  '901 902 903 905 910 911 912 913 914 915 916 917 918 919 920 921 922 ' +
  '930 933 935 936 937 938 939 990 991 992 993 994'
).split(' ');

const PERSIAN_ZERO = 0x06f0;
const ARABIC_INDIC_ZERO = 0x0660;
const INVISIBLE =
  '\u200C\u200E\u200F\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069'.split(
    '',
  );
const SEPARATORS = [' ', '-', '.', '/', '\u00A0', '\u202F', ...INVISIBLE];

function expectWellFormed(result: PhoneNormalization): void {
  if (result.ok) {
    expect(Object.keys(result).sort()).toEqual(['e164', 'ok']);
    expect(result.e164).toMatch(E164);
  } else {
    expect(Object.keys(result).sort()).toEqual(['ok', 'reason']);
    expect(REJECTIONS).toContain(result.reason);
  }
}

/** 10 significant digits of a real Iranian mobile number, e.g. "9121234567". */
const iranMobile = fc
  .tuple(
    fc.constantFrom(...IRAN_MOBILE_PREFIXES),
    fc.stringMatching(/^[0-9]{7}$/),
  )
  .map(([prefix, subscriber]) => prefix + subscriber);

const digitScript = fc.constantFrom<(digit: string) => string>(
  (digit) => digit,
  (digit) => String.fromCharCode(PERSIAN_ZERO + Number(digit)),
  (digit) => String.fromCharCode(ARABIC_INDIC_ZERO + Number(digit)),
);

/** The same mobile number written the way a visitor might: any prefix, digit scripts, separators, marks. */
function writtenIranMobile(nationalNumber: string): fc.Arbitrary<string> {
  const digits = nationalNumber.split('');
  return fc
    .record({
      prefix: fc.constantFrom('+98', '0098', '0', '', '98'),
      afterPrefix: fc.constantFrom('', ' ', '-', '\u00A0'),
      scripts: fc.array(digitScript, { minLength: 12, maxLength: 12 }),
      gaps: fc.array(fc.option(fc.constantFrom(...SEPARATORS), { freq: 3 }), {
        minLength: digits.length - 1,
        maxLength: digits.length - 1,
      }),
      lead: fc.constantFrom('', ' ', '\u202B', '\u2067', '\u200F', '\t'),
      trail: fc.constantFrom('', ' ', '\u202C', '\u2069', '\u200E', '\n'),
    })
    .map(({ prefix, afterPrefix, scripts, gaps, lead, trail }) => {
      const script = (index: number, digit: string): string =>
        scripts[index % scripts.length](digit);
      const writtenPrefix = prefix
        .split('')
        .map((char, index) => (char === '+' ? char : script(index, char)))
        .join('');
      const body = digits
        .map((digit, index) => script(index + 2, digit) + (gaps[index] ?? ''))
        .join('');
      return `${lead}${writtenPrefix}${prefix === '' ? '' : afterPrefix}${body}${trail}`;
    });
}

// Every UTF-16 unit (lone surrogates included) and astral code points. fast-check's
// 'binary' unit skips surrogates and takes about a second to initialise.
const anyCharacter = fc.oneof(
  fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)),
  fc
    .integer({ min: 0x10000, max: 0x10ffff })
    .map((code) => String.fromCodePoint(code)),
);

const loneSurrogates = fc.string({
  unit: fc
    .integer({ min: 0xd800, max: 0xdfff })
    .map((code) => String.fromCharCode(code)),
  maxLength: 8,
});

const phoneAlphabet = fc.string({
  unit: fc.constantFrom(
    ...'0123456789۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩+-./() \u00A0'.split(''),
    ...INVISIBLE,
    'x',
    'e',
    'ت',
    '\u0000',
    '\n',
    '#',
    '*',
    '🙂',
  ),
  maxLength: 34,
});

const hostileText = fc
  .tuple(
    fc.constantFrom(
      "'; DROP TABLE leads;--",
      '" OR 1=1 --',
      '<script>alert(1)</script>',
      '<img src=x onerror=alert(1)>',
      '${7*7}{{7*7}}',
      '../../etc/passwd',
      '%00%0d%0a',
      '\r\nSet-Cookie: a=b',
      '\u202Egnp.exe',
      '👨‍👩‍👧‍👦🇮🇷',
      'ﷺ﷽',
      'Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇',
    ),
    fc.stringMatching(/^\+?[0-9 ]{0,14}$/),
    fc.boolean(),
  )
  .map(([attack, digits, attackFirst]) =>
    attackFirst ? attack + digits : digits + attack,
  );

const anyInput = fc.oneof(
  fc.string({ unit: anyCharacter, maxLength: 48 }),
  fc.string({ unit: 'binary-ascii', maxLength: 48 }),
  fc.string({ unit: 'grapheme', maxLength: 24 }),
  loneSurrogates,
  phoneAlphabet,
  hostileText,
  fc.stringMatching(/^\+?[0-9]{1,17}$/),
);

describe('normalizePhone properties', () => {
  it('never throws and always returns a well-formed result, whatever the input and region', () => {
    fc.assert(
      fc.property(
        anyInput,
        fc.option(
          fc.oneof(
            fc.constantFrom('IR', 'GB', 'US', 'ir'),
            fc.string({ maxLength: 4 }),
          ),
        ),
        (input, region) => {
          expectWellFormed(normalizePhone(input, region ?? undefined));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('rejects anything longer than PHONE_INPUT_MAX_LENGTH as TOO_LONG, quickly', () => {
    fc.assert(
      fc.property(
        fc.string({
          unit: anyCharacter,
          minLength: PHONE_INPUT_MAX_LENGTH + 1,
          maxLength: 10_000,
        }),
        (input) => {
          fc.pre(input.length > PHONE_INPUT_MAX_LENGTH);
          expect(normalizePhone(input)).toEqual({
            ok: false,
            reason: 'TOO_LONG',
          });
        },
      ),
      { numRuns: 200 },
    );
  });

  it('accepted numbers are E.164 and re-normalise to themselves in any region', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          anyInput,
          iranMobile.chain(writtenIranMobile),
          fc.stringMatching(/^\+[1-9][0-9]{6,14}$/),
        ),
        fc.constantFrom('IR', 'GB', 'US', 'DE', 'AE'),
        (input, region) => {
          const first = normalizePhone(input);
          fc.pre(first.ok);
          const e164 = first.ok ? first.e164 : '';
          expect(e164).toMatch(E164);
          expect(normalizePhone(e164)).toEqual(first);
          expect(normalizePhone(e164, region)).toEqual(first);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('isValidPhone agrees with normalizePhone', () => {
    fc.assert(
      fc.property(anyInput, (input) => {
        expect(isValidPhone(input)).toBe(normalizePhone(input).ok);
      }),
      { numRuns: 1000 },
    );
  });

  it('any way of writing a real Iranian mobile yields +98 and its 10 significant digits', () => {
    fc.assert(
      fc.property(
        iranMobile.chain((nationalNumber) =>
          fc.tuple(
            fc.constant(nationalNumber),
            writtenIranMobile(nationalNumber),
          ),
        ),
        ([nationalNumber, written]) => {
          expect(written.length).toBeLessThanOrEqual(PHONE_INPUT_MAX_LENGTH);
          expect(normalizePhone(written)).toEqual({
            ok: true,
            e164: `+98${nationalNumber}`,
          });
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('two different Iranian mobiles never collide, however they are written', () => {
    const written = (nationalNumber: string) =>
      fc.tuple(fc.constant(nationalNumber), writtenIranMobile(nationalNumber));
    fc.assert(
      fc.property(
        iranMobile.chain(written),
        iranMobile.chain(written),
        ([numberA, writtenA], [numberB, writtenB]) => {
          fc.pre(numberA !== numberB);
          const a = normalizePhone(writtenA);
          const b = normalizePhone(writtenB);
          expect(a.ok && b.ok).toBe(true);
          expect(a.ok && a.e164).not.toBe(b.ok && b.e164);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('numbers differing in one digit never collide', () => {
    fc.assert(
      fc.property(
        iranMobile,
        fc.nat(9),
        fc.integer({ min: 1, max: 9 }),
        (nationalNumber, position, delta) => {
          const digit = (Number(nationalNumber.charAt(position)) + delta) % 10;
          const neighbour = `${nationalNumber.slice(0, position)}${digit}${nationalNumber.slice(position + 1)}`;
          const a = normalizePhone(`0${nationalNumber}`);
          const b = normalizePhone(`0${neighbour}`);
          expect(a.ok).toBe(true);
          // A neighbour that is no valid number cannot collide; a valid one must differ.
          expect(b.ok && a.ok && b.e164 === a.e164).toBe(false);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('a letter or symbol anywhere in an otherwise valid number is INVALID_CHARACTERS', () => {
    const intruder = fc
      .string({ unit: 'grapheme-composite', minLength: 1, maxLength: 1 })
      // '+' is a symbol too, but legitimately leads an international number.
      .filter(
        (char) =>
          /[\p{L}\p{S}\p{Cc}]/u.test(char) &&
          char !== '+' &&
          char.trim() !== '',
      );
    fc.assert(
      fc.property(
        iranMobile,
        intruder,
        fc.nat(11),
        (nationalNumber, char, position) => {
          const valid = `0${nationalNumber}`;
          const tampered =
            valid.slice(0, position) + char + valid.slice(position);
          expect(normalizePhone(tampered)).toEqual({
            ok: false,
            reason: 'INVALID_CHARACTERS',
          });
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('input of only whitespace and invisible marks is EMPTY', () => {
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.constantFrom(
            ' ',
            '\t',
            '\n',
            '\r',
            '\u00A0',
            '\u202F',
            '\u3000',
            ...INVISIBLE,
          ),
          maxLength: PHONE_INPUT_MAX_LENGTH,
        }),
        (input) => {
          expect(normalizePhone(input)).toEqual({ ok: false, reason: 'EMPTY' });
        },
      ),
      { numRuns: 500 },
    );
  });

  it('the generated Iranian prefixes are real mobile ranges according to full metadata', () => {
    fc.assert(
      fc.property(iranMobile, (nationalNumber) => {
        expect(parseWithFullMetadata(`+98${nationalNumber}`)?.getType()).toBe(
          'MOBILE',
        );
      }),
      { numRuns: 500 },
    );
  });
});
