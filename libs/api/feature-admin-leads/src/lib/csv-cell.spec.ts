import { csvCell, csvRow } from './csv-cell';

describe('csvCell', () => {
  it.each([
    '=HYPERLINK("http://x")',
    '+1+1',
    '-2+3',
    '@SUM(A1)',
    '\t=1',
    '\r=1',
  ])('defuses %j so a spreadsheet shows it as text', (value) => {
    const cell = csvCell(value);
    expect(cell.replace(/^"/, '').startsWith("'")).toBe(true);
  });

  it('quotes commas, quotes and line breaks', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
  });

  it('leaves plain text alone and writes empty cells for missing values', () => {
    expect(csvRow(['Ali', null, 'new'])).toBe('Ali,,new\r\n');
  });
});
