import { decodeAuditCursor, encodeAuditCursor } from './audit-cursor';
import { AuditQueryError } from './audit-query.error';

describe('audit cursors', () => {
  it('give back the position they were made from', () => {
    const position = {
      occurredAt: '2026-11-21T08:00:00.123Z',
      id: '0b8f6d2e-6a0c-4d3e-9a56-1f2e3d4c5b6a',
    };
    expect(decodeAuditCursor(encodeAuditCursor(position))).toEqual(position);
  });

  it.each([
    ['not base64 json', '%%%'],
    ['a json string', Buffer.from('"x"').toString('base64url')],
    [
      'a bad date',
      Buffer.from(
        JSON.stringify(['yesterday', '0b8f6d2e-6a0c-4d3e-9a56-1f2e3d4c5b6a']),
      ).toString('base64url'),
    ],
    [
      'an id that is not a uuid',
      Buffer.from(
        JSON.stringify(['2026-11-21T08:00:00.000Z', "1' OR 1=1"]),
      ).toString('base64url'),
    ],
    ...[
      ['year 0', '0000-01-01T00:00:00.000Z'],
      ['a negative year', '-271821-04-20T00:00:00.000Z'],
      ['a year past 9999', '+275760-09-13T00:00:00.000Z'],
    ].map(([what, occurredAt]) => [
      what,
      Buffer.from(
        JSON.stringify([occurredAt, '0b8f6d2e-6a0c-4d3e-9a56-1f2e3d4c5b6a']),
      ).toString('base64url'),
    ]),
  ])('reject %s with INVALID_CURSOR', (_what, cursor) => {
    expect(() => decodeAuditCursor(cursor)).toThrow(AuditQueryError);
    expect(() => decodeAuditCursor(cursor)).toThrow(
      expect.objectContaining({ code: 'INVALID_CURSOR' }),
    );
  });
});
