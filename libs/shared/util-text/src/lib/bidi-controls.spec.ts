import { neutraliseBidiControls } from './bidi-controls';

const EXPLICIT = [
  ['LRE', '\u202A'],
  ['RLE', '\u202B'],
  ['PDF', '\u202C'],
  ['LRO', '\u202D'],
  ['RLO', '\u202E'],
  ['LRI', '\u2066'],
  ['RLI', '\u2067'],
  ['FSI', '\u2068'],
  ['PDI', '\u2069'],
] as const;

describe('neutraliseBidiControls', () => {
  it('makes a name written with a right-to-left override read as typed ("evil", not "live")', () => {
    expect(neutraliseBidiControls('\u202Eevil')).toBe('evil');
    expect(neutraliseBidiControls('Ali \u202Egnp.exe\u202C')).toBe(
      'Ali gnp.exe',
    );
  });

  it.each(EXPLICIT)('removes %s wherever it stands', (_name, control) => {
    expect(neutraliseBidiControls(`${control}a${control}b${control}`)).toBe(
      'ab',
    );
  });

  it('keeps Persian text as typed, with its zero-width non-joiner and implicit marks', () => {
    const persian = 'سارا محمدی\u200Cپور';
    expect(neutraliseBidiControls(persian)).toBe(persian);
    expect(neutraliseBidiControls('\u200Fنام\u200E (2)\u061C')).toBe(
      '\u200Fنام\u200E (2)\u061C',
    );
  });

  it('leaves text without controls untouched, and the empty string empty', () => {
    expect(neutraliseBidiControls('sara@example.com')).toBe('sara@example.com');
    expect(neutraliseBidiControls('')).toBe('');
  });

  it('leaves no explicit control in any mix of them with other text', () => {
    const alphabet = [
      'a',
      'ب',
      ' ',
      '1',
      '\u200C',
      ...EXPLICIT.map((c) => c[1]),
    ];
    for (let seed = 1; seed <= 500; seed++) {
      let text = '';
      for (let i = 0, x = seed; i < 12; i++) {
        x = (x * 1103515245 + 12345) % 2147483648;
        text += alphabet[x % alphabet.length];
      }
      const out = neutraliseBidiControls(text);
      expect(out).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
      expect(out).toBe(
        [...text].filter((c) => !EXPLICIT.some((e) => e[1] === c)).join(''),
      );
    }
  });
});
