import {
  DEFAULT_PHONE_REGION,
  PHONE_INPUT_MAX_LENGTH,
  isValidPhone,
  normalizePhone,
  type PhoneRejection,
} from './phone-number';

const ALI = '+989121234567';

// Marks that copy-paste out of Persian/Arabic text brings along.
const INVISIBLE_MARKS: readonly [string, string][] = [
  ['ZWNJ', '\u200C'],
  ['ZWJ', '\u200D'],
  ['ZWSP', '\u200B'],
  ['LRM', '\u200E'],
  ['RLM', '\u200F'],
  ['ALM', '\u061C'],
  ['LRE', '\u202A'],
  ['RLE', '\u202B'],
  ['PDF', '\u202C'],
  ['LRO', '\u202D'],
  ['RLO', '\u202E'],
  ['LRI', '\u2066'],
  ['RLI', '\u2067'],
  ['FSI', '\u2068'],
  ['PDI', '\u2069'],
  ['BOM', '\uFEFF'],
];

describe('normalizePhone', () => {
  describe('accepts Iranian mobile formats', () => {
    it.each([
      ['09121234567'],
      ['+98 912 123 4567'],
      ['+989121234567'],
      ['0098-912-123-4567'],
      ['0098 912 123 4567'],
      ['(0912) 123 4567'],
      ['0912-123-4567'],
      ['0912.123.4567'],
      ['0912/123/4567'],
      ['+98(912)123-4567'],
      ['9121234567'],
      ['۰۹۱۲۱۲۳۴۵۶۷'],
      ['٠٩١٢١٢٣٤٥٦٧'],
      ['+۹۸ ۹۱۲ ۱۲۳ ۴۵۶۷'],
      ['۰۹۱۲123٤٥٦٧'],
      ['  09121234567  '],
      ['\t09121234567\n'],
      ['\r\n+98 912 123 4567\r\n'],
      ['0912\u00A0123\u00A04567'],
      ['\u00A00912\u202F123\u20074567\u00A0'],
      ['0912\u200C123\u200C4567'],
      ['\u202B\u200F+۹۸ ۹۱۲ ۱۲۳ ۴۵۶۷\u200F\u202C'],
      ['\u2067۰۹۱۲-۱۲۳-۴۵۶۷\u2069'],
      // International digits without the plus: 12 digits are not a valid national
      // number, so the leading 98 can only be the calling code.
      ['989121234567'],
      ['98 912 123 4567'],
      // Writing the trunk 0 after +98 is a common mistake; the intent is unambiguous.
      ['+98 0912 123 4567'],
      ['00980912 123 4567'],
    ])('%j', (input) => {
      expect(normalizePhone(input)).toEqual({ ok: true, e164: ALI });
    });

    it.each(INVISIBLE_MARKS)(
      'with %s anywhere in the number',
      (_name, mark) => {
        expect(
          normalizePhone(`${mark}0912${mark}123${mark}4567${mark}`),
        ).toEqual({
          ok: true,
          e164: ALI,
        });
      },
    );
  });

  it.each([
    ['0901 234 5678', '+989012345678'],
    ['0905 234 5678', '+989052345678'],
    ['0910 234 5678', '+989102345678'],
    ['0919 876 5432', '+989198765432'],
    ['0921 234 5678', '+989212345678'],
    ['0930 234 5678', '+989302345678'],
    ['0935 111 2233', '+989351112233'],
    ['0939 111 2233', '+989391112233'],
    ['0990 765 4321', '+989907654321'],
    ['0994 765 4321', '+989947654321'],
    ['0998 123 4567', '+989981234567'],
    ['۰۹۳۵ ۱۱۱ ۲۲۳۳', '+989351112233'],
  ])('accepts Iranian mobile %j as %s', (input, e164) => {
    expect(normalizePhone(input)).toEqual({ ok: true, e164 });
  });

  // Landlines are leads too (offices, shops), so they are accepted.
  it.each([
    ['021 8888 7777', '+982188887777'],
    ['(021) 8888-7777', '+982188887777'],
    ['+98 21 8888 7777', '+982188887777'],
    ['۰۲۱-۸۸۸۸-۷۷۷۷', '+982188887777'],
    ['021 2222 3333', '+982122223333'],
    ['031 3222 1234', '+983132221234'],
    ['051 3822 1234', '+985138221234'],
  ])('accepts Iranian landline %j as %s', (input, e164) => {
    expect(normalizePhone(input)).toEqual({ ok: true, e164 });
  });

  it.each([
    ['+44 20 7946 0958', '+442079460958'],
    ['00 44 20 7946 0958', '+442079460958'],
    ['+1 212 555 0123', '+12125550123'],
    ['+1 (212) 555-0123', '+12125550123'],
    ['+49 30 12345678', '+493012345678'],
    ['+971 50 123 4567', '+971501234567'],
    ['+90 532 123 4567', '+905321234567'],
    ['+7 912 345 67 89', '+79123456789'],
    ['+۴۴ ۲۰ ۷۹۴۶ ۰۹۵۸', '+442079460958'],
  ])('accepts foreign number %j as %s', (input, e164) => {
    expect(normalizePhone(input)).toEqual({ ok: true, e164 });
  });

  it.each<[string, PhoneRejection]>([
    ['', 'EMPTY'],
    [' ', 'EMPTY'],
    ['   \t\n', 'EMPTY'],
    ['\u00A0\u00A0', 'EMPTY'],
    ['\u200F\u200E', 'EMPTY'],
    ['\u202B\u200C\u202C', 'EMPTY'],

    ['0'.repeat(PHONE_INPUT_MAX_LENGTH + 1), 'TOO_LONG'],
    [`09121234567${' '.repeat(PHONE_INPUT_MAX_LENGTH - 10)}`, 'TOO_LONG'],
    // The length cap is checked on raw input, before anything is stripped.
    [' '.repeat(PHONE_INPUT_MAX_LENGTH + 1), 'TOO_LONG'],
    ['\u200F'.repeat(PHONE_INPUT_MAX_LENGTH + 1), 'TOO_LONG'],
    ['9'.repeat(10_000), 'TOO_LONG'],

    ['abc', 'INVALID_CHARACTERS'],
    ['0912 123 4567 ext. 12', 'INVALID_CHARACTERS'],
    ['09121234567 x12', 'INVALID_CHARACTERS'],
    ['09121234567;ext=12', 'INVALID_CHARACTERS'],
    ['09121234567#12', 'INVALID_CHARACTERS'],
    ['0912123456O', 'INVALID_CHARACTERS'],
    ['۰۹۱۲ تلفن ۱۲۳۴۵۶۷', 'INVALID_CHARACTERS'],
    ['98+9121234567', 'INVALID_CHARACTERS'],
    ['++989121234567', 'INVALID_CHARACTERS'],
    ['09121234567+', 'INVALID_CHARACTERS'],
    ['(+98) 912 123 4567', 'INVALID_CHARACTERS'],
    ['0912_123_4567', 'INVALID_CHARACTERS'],
    ['0912,123,4567', 'INVALID_CHARACTERS'],
    ['0912\n123\n4567', 'INVALID_CHARACTERS'],
    ['0912\t123\t4567', 'INVALID_CHARACTERS'],
    ['09121234567\u0000', 'INVALID_CHARACTERS'],
    ['📞09121234567', 'INVALID_CHARACTERS'],
    ['\uD83D09121234567', 'INVALID_CHARACTERS'],
    ["0912'; DROP TABLE leads;--", 'INVALID_CHARACTERS'],
    ['<script>alert(1)</script>', 'INVALID_CHARACTERS'],
    ['０９１２１２３４５６７', 'INVALID_CHARACTERS'],
    ['tel:+989121234567', 'INVALID_CHARACTERS'],

    ['0912123456', 'INVALID_NUMBER'],
    ['091212345678', 'INVALID_NUMBER'],
    ['+98 912 123 456', 'INVALID_NUMBER'],
    ['+98 912 123 45678', 'INVALID_NUMBER'],
    ['12345', 'INVALID_NUMBER'],
    // min metadata calls these valid Iranian short/local numbers; no lead can be called back on them.
    ['123456', 'INVALID_NUMBER'],
    ['1234567', 'INVALID_NUMBER'],
    ['91234', 'INVALID_NUMBER'],
    ['+98 9612', 'INVALID_NUMBER'],
    ['+98 000 000 0000', 'INVALID_NUMBER'],
    ['00000000000', 'INVALID_NUMBER'],
    ['0', 'INVALID_NUMBER'],
    ['+', 'INVALID_NUMBER'],
    ['---', 'INVALID_NUMBER'],
    ['( )', 'INVALID_NUMBER'],
    ['+0098 912 123 4567', 'INVALID_NUMBER'],
    ['+999 123 4567', 'INVALID_NUMBER'],
    ['9898912123456', 'INVALID_NUMBER'],
    ['0912 123 4567 / 0912 765 4321', 'INVALID_NUMBER'],
  ])('rejects %j with %s', (input, reason) => {
    expect(normalizePhone(input)).toEqual({ ok: false, reason });
  });

  it('accepts input of exactly PHONE_INPUT_MAX_LENGTH characters', () => {
    const padded = '09121234567'.padStart(PHONE_INPUT_MAX_LENGTH, ' ');
    expect(padded).toHaveLength(PHONE_INPUT_MAX_LENGTH);
    expect(normalizePhone(padded)).toEqual({ ok: true, e164: ALI });
  });

  describe('defaultRegion', () => {
    it('defaults to Iran', () => {
      expect(DEFAULT_PHONE_REGION).toBe('IR');
      expect(normalizePhone('09121234567')).toEqual(
        normalizePhone('09121234567', 'IR'),
      );
    });

    it.each([
      ['020 7946 0958', 'GB', '+442079460958'],
      ['(212) 555-0123', 'US', '+12125550123'],
      ['212 555 0123', 'us', '+12125550123'],
      // International formats ignore the region.
      ['+989121234567', 'US', ALI],
      ['0098 912 123 4567', 'GB', ALI],
    ])('reads %j in region %s as %s', (input, region, e164) => {
      expect(normalizePhone(input, region)).toEqual({ ok: true, e164 });
    });

    it.each([
      '',
      'XX',
      'IRN',
      'Iran',
      '__proto__',
      'constructor',
      'toString',
      '001',
      '\u0000',
      '🇮🇷',
    ])('falls back to IR for unknown region %j', (region) => {
      expect(normalizePhone('09121234567', region)).toEqual({
        ok: true,
        e164: ALI,
      });
      expect(normalizePhone('+44 20 7946 0958', region)).toEqual({
        ok: true,
        e164: '+442079460958',
      });
    });
  });
});

describe('isValidPhone', () => {
  it.each([
    ['09121234567', undefined, true],
    ['۰۲۱ ۸۸۸۸ ۷۷۷۷', undefined, true],
    ['+44 20 7946 0958', undefined, true],
    ['020 7946 0958', 'GB', true],
    ['0912123456', undefined, false],
    ['abc', undefined, false],
    ['', undefined, false],
    ['0'.repeat(40), undefined, false],
  ])('%j in region %s is %s', (input, region, expected) => {
    expect(isValidPhone(input, region)).toBe(expected);
  });
});
