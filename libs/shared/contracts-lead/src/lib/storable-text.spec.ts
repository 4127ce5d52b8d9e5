import {
  findUnstorableText,
  isStorableText,
  toStorableText,
} from './storable-text';

describe('storable text', () => {
  it.each([
    ['plain ASCII', 'instagram'],
    ['Persian with digits', 'سارا ۰۹۱۲'],
    ['a surrogate pair (emoji)', 'launch 😀'],
    ['other control characters', 'tab\there'],
    ['the empty string', ''],
  ])('keeps %s', (_, value) => expect(isStorableText(value)).toBe(true));

  it.each([
    ['a NUL', 'insta\u0000gram'],
    ['a lone high surrogate', 'x\ud800'],
    ['a lone high surrogate before text', '\ud800x'],
    ['a lone low surrogate', '\udc00'],
    ['a low surrogate before a high one', '\ude00\ud83d'],
  ])('refuses %s', (_, value) => expect(isStorableText(value)).toBe(false));

  it('names the first offending string inside objects and arrays, keys included', () => {
    expect(findUnstorableText({ a: 'ok', b: ['ok', 'x\u0000'] })).toBe('b[1]');
    expect(findUnstorableText({ filter: { from: '2026\ud800' } })).toBe(
      'filter.from',
    );
    expect(findUnstorableText({ ['k\u0000']: 1 })).toBe('k\u0000');
    expect(findUnstorableText('\u0000')).toBe('value');
    expect(findUnstorableText({ a: 'ok', n: 1, z: null, b: true })).toBe(
      undefined,
    );
  });

  it('cleans up by replacing each offending unit, keeping pairs whole', () => {
    expect(toStorableText('a\u0000b\ud800c😀\udc00')).toBe(
      'a\ufffdb\ufffdc😀\ufffd',
    );
    expect(isStorableText(toStorableText('\ud800\u0000\udfff'))).toBe(true);
  });
});
