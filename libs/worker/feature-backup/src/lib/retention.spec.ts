import { backupName, backupTime } from './backup-name';
import { expiredBackups, isoWeek } from './retention';

const at = (iso: string) => backupName(new Date(iso));

describe('backup names', () => {
  it('name the UTC second a backup was taken, and read back to it', () => {
    const name = backupName(new Date('2026-12-01T07:45:12.999Z'));
    expect(name).toBe('landing-20261201T074512Z');
    expect(backupTime(name)?.toISOString()).toBe('2026-12-01T07:45:12.000Z');
  });

  it('are not confused with other folders at a destination', () => {
    for (const other of [
      'landing-20261301T000000Z',
      'landing-20261201T074512',
      '.landing-20261201T074512Z.partial',
      'lost+found',
    ])
      expect(backupTime(other)).toBeUndefined();
  });
});

describe('retention', () => {
  it('uses ISO weeks (Monday to Sunday; the Thursday decides the year)', () => {
    expect(isoWeek(new Date('2026-11-30T00:00:00Z'))).toBe('2026-W49'); // Monday
    expect(isoWeek(new Date('2026-12-06T23:59:59Z'))).toBe('2026-W49'); // Sunday
    expect(isoWeek(new Date('2027-01-01T12:00:00Z'))).toBe('2026-W53');
    expect(isoWeek(new Date('2024-12-30T12:00:00Z'))).toBe('2025-W01');
  });

  it('keeps the newest backup of each of the last N days and of the last M weeks', () => {
    // Nightly backups for 40 days, plus a second backup on the last day.
    const names = Array.from({ length: 40 }, (_, i) =>
      at(new Date(Date.UTC(2026, 10, 1 + i, 2, 0, 0)).toISOString()),
    );
    names.push(at('2026-12-10T14:00:00Z'));
    const expired = expiredBackups(names, { daily: 7, weekly: 4 });
    const kept = names.filter((n) => !expired.includes(n)).sort();
    expect(kept).toEqual([
      // weekly: the newest of ISO weeks 47 and 48 (Sundays); weeks 49 and 50 are kept as dailies
      'landing-20261122T020000Z',
      'landing-20261129T020000Z',
      // daily: 4 to 10 December, the afternoon one on the 10th
      'landing-20261204T020000Z',
      'landing-20261205T020000Z',
      'landing-20261206T020000Z',
      'landing-20261207T020000Z',
      'landing-20261208T020000Z',
      'landing-20261209T020000Z',
      'landing-20261210T140000Z',
    ]);
    expect(expired).toHaveLength(names.length - kept.length);
  });

  it('never deletes the newest backup, nor anything that is not a backup', () => {
    const names = [
      'landing-20261201T020000Z',
      'notes',
      'landing-20261130T020000Z',
    ];
    expect(expiredBackups(names, { daily: 1, weekly: 0 })).toEqual([
      'landing-20261130T020000Z',
    ]);
  });
});
