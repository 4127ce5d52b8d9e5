import { maskPhonesInText } from './phone-mask';

/** +98 912 777 6655 in every format the form accepts. */
const FORMATS = [
  '09127776655',
  '0912 777 6655',
  '0912-777-6655',
  '+989127776655',
  '+98 912 777 6655',
  '+98-912-777-6655',
  '989127776655',
  '98 912 777 6655',
  '9127776655',
  '۰۹۱۲۷۷۷۶۶۵۵',
  '۰۹۱۲ ۷۷۷ ۶۶۵۵',
  '٠٩١٢٧٧٧٦٦٥٥',
  '+٩٨ ٩١٢ ٧٧٧ ٦٦٥٥',
  '(0912) 777.6655',
];

describe('maskPhonesInText', () => {
  it.each(FORMATS)('masks %j, alone or inside other text', (phone) => {
    for (const text of [phone, `call ${phone} after 5`, `سارا ${phone}`]) {
      const masked = maskPhonesInText(text);
      expect(masked.replace(/[^0-9]/g, '')).not.toMatch(/7776|2777|6655/);
      expect(masked).toMatch(/\*{5,}/);
    }
    expect(maskPhonesInText(phone)).toMatch(/^\(?(\+98)?\**655$/);
  });

  it('keeps words and short numbers as they are', () => {
    expect(maskPhonesInText('Sara Ahmadi')).toBe('Sara Ahmadi');
    expect(maskPhonesInText('spring 2026, room 12')).toBe(
      'spring 2026, room 12',
    );
    expect(maskPhonesInText('')).toBe('');
  });

  it('masks a fragment long enough to narrow the search to a few people', () => {
    expect(maskPhonesInText('7776655')).toBe('*****55');
    expect(maskPhonesInText('ali.9127776655@example.com')).not.toContain(
      '7776655',
    );
  });
});
