import { BackupErrorCode } from './backup.error';
import {
  choosePgTools,
  parsePgVersion,
  type PgTools,
  serverMajor,
} from './pg-tools';

const tools = (major: number): PgTools => ({
  dir: `/pg/${major}/bin`,
  major,
  version: `${major}.1`,
  pgDump: `/pg/${major}/bin/pg_dump`,
  pgRestore: `/pg/${major}/bin/pg_restore`,
});

describe('choosing pg_dump and pg_restore', () => {
  it('reads the versions the tools and the server report', () => {
    expect(
      parsePgVersion('pg_dump (PostgreSQL) 15.14 (Debian 15.14-0+deb12u1)\n'),
    ).toEqual({
      major: 15,
      version: '15.14',
    });
    expect(parsePgVersion('pg_dump (PostgreSQL) 18beta1')).toEqual({
      major: 18,
      version: '18',
    });
    expect(parsePgVersion('something else')).toBeUndefined();
    expect(serverMajor(150014)).toBe(15);
    expect(serverMajor(180004)).toBe(18);
  });

  it('takes the oldest version that is at least the server', () => {
    expect(
      choosePgTools([tools(18), tools(15), tools(16)], 15, 'x').major,
    ).toBe(15);
    expect(
      choosePgTools([tools(18), tools(15), tools(16)], 16, 'x').major,
    ).toBe(16);
  });

  it('says which versions it found when none is new enough', () => {
    expect(() =>
      choosePgTools([tools(15)], 18, 'dumping PostgreSQL 18.4'),
    ).toThrow(
      expect.objectContaining({
        code: BackupErrorCode.NoPgTool,
        message: expect.stringMatching(
          /dumping PostgreSQL 18\.4 needs pg_dump\/pg_restore 18 or newer \(found: 15\.1 in \/pg\/15\/bin\)/,
        ),
      }),
    );
  });
});
