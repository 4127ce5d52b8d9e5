import { RequestValidationError } from '@landing/api/util-http';
import { parseOverviewRange } from './overview-range';

const fieldOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    if (error instanceof RequestValidationError)
      return error.fields?.[0]?.field;
    throw error;
  }
  return undefined;
};

describe('overview range', () => {
  // 2026-03-20 22:00 UTC is already 2026-03-21 in Tehran (UTC+03:30).
  const now = new Date('2026-03-20T22:00:00Z');

  it('defaults to the last 30 days up to today in Tehran', () => {
    const range = parseOverviewRange({}, now);
    expect(range).toMatchObject({
      from: '2026-02-20',
      to: '2026-03-21',
      timeZone: 'Asia/Tehran',
    });
    expect(range.days).toHaveLength(30);
    expect(range.days[0]).toBe('2026-02-20');
    expect(range.days[29]).toBe('2026-03-21');
  });

  it("uses the chosen zone's today", () => {
    expect(parseOverviewRange({ tz: 'UTC' }, now).to).toBe('2026-03-20');
  });

  it('lists every day of an explicit range, across a month end', () => {
    const range = parseOverviewRange(
      { from: '2026-02-27', to: '2026-03-02', tz: 'Europe/Berlin' },
      now,
    );
    expect(range.days).toEqual([
      '2026-02-27',
      '2026-02-28',
      '2026-03-01',
      '2026-03-02',
    ]);
  });

  it('rejects unreal dates, unknown zones, reversed and over-long ranges', () => {
    expect(fieldOf(() => parseOverviewRange({ from: '2026-02-30' }, now))).toBe(
      'from',
    );
    expect(fieldOf(() => parseOverviewRange({ to: '20260301' }, now))).toBe(
      'to',
    );
    expect(fieldOf(() => parseOverviewRange({ tz: 'Mars/Olympus' }, now))).toBe(
      'tz',
    );
    expect(fieldOf(() => parseOverviewRange({ tz: "UTC'; --" }, now))).toBe(
      'tz',
    );
    expect(
      fieldOf(() =>
        parseOverviewRange({ from: '2026-03-02', to: '2026-03-01' }, now),
      ),
    ).toBe('from');
    expect(
      fieldOf(() =>
        parseOverviewRange({ from: '2024-01-01', to: '2026-01-01' }, now),
      ),
    ).toBe('to');
  });
});
