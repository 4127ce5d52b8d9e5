import { formatPhoneToDial } from './phone-dial';

describe('formatPhoneToDial', () => {
  it.each([
    ['+989121234567', 'IR', '0912 123 4567'],
    ['+982188887777', 'IR', '021 8888 7777'],
    ['+442079460958', 'IR', '00 44 20 7946 0958'],
    ['+12015550123', 'IR', '00 1 201 555 0123'],
    ['+989121234567', 'US', '011 98 912 123 4567'],
  ])('writes %s as a caller in %s dials it: %j', (e164, region, expected) => {
    expect(formatPhoneToDial(e164, region)).toBe(expected);
  });

  it('falls back to IR for an unknown region, as normalisation does', () => {
    expect(formatPhoneToDial('+989121234567', 'XX')).toBe('0912 123 4567');
  });

  it.each(['', '09121234567', '+98912', 'not a number', '+0123456789'])(
    'gives null for %j, which is not a valid E.164 number',
    (value) => {
      expect(formatPhoneToDial(value, 'IR')).toBeNull();
    },
  );
});
