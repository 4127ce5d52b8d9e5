import { csvCell, csvPhone, csvRow } from './csv-cell';

const HOSTILE = [
  '=HYPERLINK("http://evil.example","x")',
  '+1+1',
  '-2+3',
  '@SUM(A1)',
  '\t=1',
  '\r=1',
  'x;=1+1',
  'x,=1+1',
  'x; =1+1',
  'x;"=1+1',
  'x\n=1+1',
  'x\t@A1',
  '＝1+1',
  "a;b;+cmd|' /C calc'!A0",
];

/** How a spreadsheet that honours quotes reads one line: RFC 4180 with the given separator. */
function readQuoted(line: string, separator: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === separator) {
      cells.push(cell);
      cell = '';
    } else cell += c;
  }
  cells.push(cell);
  return cells;
}

/** The worst reader: splits at every separator and line break, quotes or not. */
const readNaively = (line: string, separator: string): string[] =>
  line.split(new RegExp(`[${separator}\\r\\n\\t]`));

/** What a spreadsheet evaluates: a cell that, once spaces and quotes are dropped, starts a formula. */
const FORMULA = /^[\s"]*[=+\-@＝＋－＠]/;

describe('csvCell', () => {
  it.each(HOSTILE)(
    '%j becomes no formula in a reader splitting on "," or ";", with or without honouring quotes',
    (value) => {
      const line = csvRow(['id', value, 'new']).trimEnd();
      for (const separator of [',', ';']) {
        for (const cell of [
          ...readQuoted(line, separator),
          ...readNaively(line, separator),
        ])
          expect(cell).not.toMatch(FORMULA);
      }
    },
  );

  it('reads back, with quotes honoured, as the value itself with an apostrophe before each trigger', () => {
    const [, cell] = readQuoted(csvRow(['id', 'x;=1+1', 'new']), ',');
    expect(cell).toBe("x;'=1+1");
    expect(readQuoted(csvCell('=A1'), ',')).toEqual(["'=A1"]);
    expect(readQuoted(csvCell('say "hi", then go'), ',')).toEqual([
      'say "hi", then go',
    ]);
  });

  it('quotes every value, so a comma or a semicolon inside one never splits it', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('a;b')).toBe('"a;b"');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvRow(['Ali', null, 'new'])).toBe('"Ali",,"new"\r\n');
    const line = csvRow(['Ali; Reza', 'x,y']).trimEnd();
    expect(readQuoted(line, ',')).toEqual(['Ali; Reza', 'x,y']);
    expect(readQuoted(line, ';')).toEqual(['Ali; Reza,x,y']);
  });

  it('removes bidi controls, so a name reads as typed', () => {
    expect(csvCell('\u202Eevil')).toBe('"evil"');
    expect(csvCell('سارا\u200Cجان')).toBe('"سارا\u200Cجان"');
  });

  it('leaves ordinary text, email addresses and dates without apostrophes', () => {
    for (const value of [
      'Sara Ahmadi',
      'sara@example.com',
      '2026-01-01T10:00:00.000Z',
      'spring-sale',
    ])
      expect(csvCell(value)).toBe(`"${value}"`);
  });
});

describe('csvPhone', () => {
  it.each([
    ['+989121234567', 'IR', '0912 123 4567'],
    ['+982188887777', 'IR', '021 8888 7777'],
    ['+442079460958', 'IR', '00 44 20 7946 0958'],
  ])(
    'writes %s as staff in %s dial it, with no apostrophe to clean',
    (e164, region, expected) => {
      expect(csvPhone(e164, region)).toBe(expected);
      expect(csvCell(csvPhone(e164, region))).toBe(`"${expected}"`);
    },
  );

  it('never gives a spreadsheet a shape it would read as a number', () => {
    // A Czech mobile from the Czech Republic is "601 123 456": a number in Czech Excel.
    expect(csvPhone('+420601123456', 'CZ')).toBe('601-123-456');
    // Groups of four are no thousands: text in every locale.
    expect(csvPhone('+85221234567', 'HK')).toBe('2123 4567');
  });

  it('keeps a value that is not a valid number as it is (the cell defuses it)', () => {
    expect(csvPhone('+98912', 'IR')).toBe('+98912');
    expect(csvCell(csvPhone('+98912', 'IR'))).toBe(`"'+98912"`);
  });
});
