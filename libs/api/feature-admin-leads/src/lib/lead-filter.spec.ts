import { RequestValidationError } from '@landing/api/util-http';
import {
  decodeLeadCursor,
  encodeLeadCursor,
  parseLeadFilter,
} from './lead-filter';

const id = '0b7e4d1c-4a35-4f8e-9a53-0f6a2f1d7c11';
const raw = (value: unknown) =>
  Buffer.from(JSON.stringify(value)).toString('base64url');

describe('lead cursors', () => {
  it.each([
    ['createdAt', '2026-01-02 10:00:00.123456+00'],
    ['lastSubmittedAt', '2026-02-28 23:59:59+03:30'],
    ['name', 'سارا'],
    ['name', ''],
    ['status', 'contacted'],
  ] as const)('give back a %s key the repository handed out', (sort, key) => {
    const cursor = encodeLeadCursor({ s: sort, o: 'asc', k: key, i: id });
    expect(decodeLeadCursor(cursor, sort, 'asc')).toEqual({ key, id });
  });

  it.each([
    ['JSON null', raw(null), 'createdAt'],
    ['an array', raw([]), 'createdAt'],
    [
      'a month 13',
      raw({ s: 'createdAt', o: 'asc', k: '2026-13-01 00:00:00+00', i: id }),
      'createdAt',
    ],
    [
      'February 30',
      raw({ s: 'createdAt', o: 'asc', k: '2026-02-30 00:00:00+00', i: id }),
      'createdAt',
    ],
    [
      'hour 24',
      raw({ s: 'createdAt', o: 'asc', k: '2026-01-01 24:00:00+00', i: id }),
      'createdAt',
    ],
    [
      'year 0',
      raw({ s: 'createdAt', o: 'asc', k: '0000-01-01 00:00:00+00', i: id }),
      'createdAt',
    ],
    [
      'an offset of 99 hours',
      raw({ s: 'createdAt', o: 'asc', k: '2026-01-01 00:00:00+99', i: id }),
      'createdAt',
    ],
    [
      'an unknown status',
      raw({ s: 'status', o: 'asc', k: 'bogus', i: id }),
      'status',
    ],
    [
      'NUL in a name',
      raw({ s: 'name', o: 'asc', k: 'a\u0000', i: id }),
      'name',
    ],
    [
      'an id that is not a UUID',
      raw({ s: 'name', o: 'asc', k: 'a', i: `${'-'.repeat(36)}` }),
      'name',
    ],
  ] as const)(
    'refuse %s as a validation error on cursor',
    (_, cursor, sort) => {
      expect(() => decodeLeadCursor(cursor, sort, 'asc')).toThrow(
        RequestValidationError,
      );
    },
  );
});

describe('lead filter dates', () => {
  it('takes dates PostgreSQL can compare with', () => {
    expect(
      parseLeadFilter({ from: '0001-01-01', to: '9999-12-31' }, 'IR'),
    ).toEqual({
      from: new Date('0001-01-01T00:00:00Z'),
      to: new Date('9999-12-31T00:00:00Z'),
    });
  });

  it.each(['0000-01-01', '-000001-01-01T00:00:00Z', '+275760-09-13'])(
    'refuses %s',
    (from) => {
      expect(() => parseLeadFilter({ from }, 'IR')).toThrow(
        RequestValidationError,
      );
    },
  );
});
