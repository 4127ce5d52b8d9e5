import { mapRows, SqlRow } from './sql-row';

describe('SqlRow', () => {
  const row = new SqlRow({
    id: 'a',
    missing: null,
    count: '12',
    small: 3,
    ratio: '0.25',
    at: new Date('2026-12-01T00:00:00Z'),
    flag: false,
    status: 'new',
    big: '9007199254740993',
  });

  it('reads each column as the type it claims, nulls where allowed', () => {
    expect(row.text('id')).toBe('a');
    expect(row.textOrNull('missing')).toBeNull();
    expect(row.int('count')).toBe(12);
    expect(row.int('small')).toBe(3);
    expect(row.number('ratio')).toBe(0.25);
    expect(row.date('at')).toEqual(new Date('2026-12-01T00:00:00Z'));
    expect(row.bool('flag')).toBe(false);
    expect(row.oneOf('status', ['new', 'spam'] as const)).toBe('new');
    expect(row.dateOrNull('missing')).toBeNull();
  });

  it('throws, naming the column, instead of passing a wrong type on', () => {
    expect(() => row.text('count')).not.toThrow();
    expect(() => row.int('id')).toThrow('column "id": expected integer');
    expect(() => row.text('small')).toThrow('column "small": expected text');
    expect(() => row.text('missing')).toThrow('got null');
    expect(() => row.oneOf('status', ['spam'] as const)).toThrow('spam');
    expect(() => row.int('big')).toThrow('expected integer');
    expect(() => row.bool('nowhere')).toThrow('no column "nowhere"');
  });

  it('maps the rows of a SELECT and refuses anything else', () => {
    expect(mapRows([{ n: 1 }, { n: 2 }], (r) => r.int('n'))).toEqual([1, 2]);
    expect(() => mapRows([[], 1], (r) => r.int('n'))).toThrow('row object');
    expect(() => mapRows({ rows: [] }, (r) => r.int('n'))).toThrow(
      'rows of a SELECT',
    );
  });
});
