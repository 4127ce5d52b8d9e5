import fc from 'fast-check';
import {
  BusinessCalendar,
  BusinessCalendarError,
  type BusinessCalendarSettings,
  calendarProblems,
  DEFAULT_BUSINESS_CALENDAR,
  localDateOf,
  previousLocalDate,
  startOfLocalDate,
  WEEKDAYS,
} from './business-calendar';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const tehran = new BusinessCalendar(DEFAULT_BUSINESS_CALENDAR);

const berlin = new BusinessCalendar({
  timeZone: 'Europe/Berlin',
  week: {
    sunday: null,
    monday: { open: '00:30', close: '04:00' },
    tuesday: { open: '08:00', close: '18:00' },
    wednesday: { open: '08:00', close: '18:00' },
    thursday: { open: '08:00', close: '18:00' },
    friday: { open: '08:00', close: '12:00' },
    saturday: { open: '01:00', close: '24:00' },
  },
  holidays: ['2026-12-25', '2026-12-24'],
});

/** Instants over ten years, millisecond precision. */
const instant = fc
  .integer({
    min: Date.UTC(2020, 0, 1),
    max: Date.UTC(2030, 0, 1),
  })
  .map((ms) => new Date(ms));
const duration = fc.integer({ min: 0, max: 48 * HOUR });

/** A random but valid calendar in a zone with or without DST, with random holidays. */
const calendar = fc
  .record({
    timeZone: fc.constantFrom(
      'Asia/Tehran',
      'Europe/Berlin',
      'America/New_York',
      'Australia/Lord_Howe',
      'UTC',
    ),
    days: fc.array(
      fc.option(
        fc
          .tuple(
            fc.integer({ min: 0, max: 23 * 60 }),
            fc.integer({ min: 120, max: 24 * 60 }),
          )
          .filter(([open, length]) => open + length <= 24 * 60)
          .map(([open, length]) => ({
            open: hhmm(open),
            close: hhmm(open + length),
          })),
        { nil: null },
      ),
      { minLength: 7, maxLength: 7 },
    ),
    holidays: fc.array(
      fc
        .integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 6, 1) })
        .map((ms) => new Date(ms).toISOString().slice(0, 10)),
      { maxLength: 40 },
    ),
  })
  .filter(({ days }) => days.some((day) => day !== null))
  .map(
    ({ timeZone, days, holidays }): BusinessCalendarSettings => ({
      timeZone,
      week: Object.fromEntries(
        WEEKDAYS.map((day, index) => [day, days[index] ?? null]),
      ) as BusinessCalendarSettings['week'],
      holidays,
    }),
  );

function hhmm(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

describe('BusinessCalendar with the default (Tehran) settings', () => {
  it('counts a working day from the morning: 8 h from Saturday 10:00 is Sunday 10:00', () => {
    // 2026-11-28 is a Saturday; Tehran is UTC+3:30 all year.
    const start = new Date('2026-11-28T10:00:00+03:30');
    expect(tehran.addWorkingDuration(start, 8 * HOUR).toISOString()).toBe(
      new Date('2026-11-29T10:00:00+03:30').toISOString(),
    );
  });

  it('skips Friday and counts Thursday as half a day', () => {
    const thursdayNoon = new Date('2026-12-03T12:00:00+03:30');
    // 1 h left on Thursday, Friday closed, then 3 h on Saturday.
    expect(tehran.addWorkingDuration(thursdayNoon, 4 * HOUR)).toEqual(
      new Date('2026-12-05T12:00:00+03:30'),
    );
  });

  it('starts the clock at the next opening when a lead arrives at night', () => {
    const night = new Date('2026-11-30T23:30:00+03:30');
    expect(tehran.addWorkingDuration(night, 30 * MINUTE)).toEqual(
      new Date('2026-12-01T09:30:00+03:30'),
    );
    expect(tehran.addWorkingDuration(night, 0)).toEqual(
      new Date('2026-12-01T09:00:00+03:30'),
    );
  });

  it('measures working time between two instants, negative when reversed', () => {
    const a = new Date('2026-12-03T12:00:00+03:30');
    const b = new Date('2026-12-05T10:00:00+03:30');
    expect(tehran.workingTimeBetween(a, b)).toBe(2 * HOUR);
    expect(tehran.workingTimeBetween(b, a)).toBe(-2 * HOUR);
  });

  it('refuses a negative duration', () => {
    expect(() => tehran.addWorkingDuration(new Date(), -1)).toThrow(
      BusinessCalendarError,
    );
  });
});

describe('BusinessCalendar in a zone with daylight saving time (Europe/Berlin)', () => {
  it('keeps wall-clock hours across the spring change', () => {
    // 2026-03-28 is a Saturday (01:00–24:00); Sunday 29 March (DST starts) is closed.
    const saturdayEvening = new Date('2026-03-28T23:00:00+01:00');
    // 1 h left on Saturday; Monday 00:30 CEST (+02:00) is the next opening.
    expect(berlin.addWorkingDuration(saturdayEvening, 90 * MINUTE)).toEqual(
      new Date('2026-03-30T01:00:00+02:00'),
    );
  });

  it('skips listed holidays (24 and 25 December)', () => {
    const wednesday = new Date('2026-12-23T17:00:00+01:00');
    // 1 h on Wednesday, Thursday and Friday are holidays, Saturday opens 01:00.
    expect(berlin.addWorkingDuration(wednesday, 2 * HOUR)).toEqual(
      new Date('2026-12-26T02:00:00+01:00'),
    );
  });
});

describe('BusinessCalendar properties', () => {
  it('a due time always falls inside working hours', () => {
    fc.assert(
      fc.property(calendar, instant, duration, (settings, start, length) => {
        const cal = new BusinessCalendar(settings);
        const due = cal.addWorkingDuration(start, length);
        // A positive duration ends at most at a closing time: the instant just before is working time.
        const probe = length > 0 ? due.getTime() - 1 : due.getTime();
        return cal.isWorkingTime(probe) && due >= start;
      }),
      { numRuns: 150 },
    );
  });

  it('adding durations is monotonic in the duration and in the start', () => {
    fc.assert(
      fc.property(
        calendar,
        instant,
        duration,
        duration,
        (settings, start, a, b) => {
          const cal = new BusinessCalendar(settings);
          const [short, long] = a <= b ? [a, b] : [b, a];
          const later = new Date(start.getTime() + long);
          return (
            cal.addWorkingDuration(start, short) <=
              cal.addWorkingDuration(start, long) &&
            cal.addWorkingDuration(start, short) <=
              cal.addWorkingDuration(later, short)
          );
        },
      ),
      { numRuns: 150 },
    );
  });

  it('the working time between a start and its due time is the duration added', () => {
    fc.assert(
      fc.property(calendar, instant, duration, (settings, start, length) => {
        const cal = new BusinessCalendar(settings);
        return (
          cal.workingTimeBetween(
            start,
            cal.addWorkingDuration(start, length),
          ) === length
        );
      }),
      { numRuns: 150 },
    );
  });

  it('holidays are skipped: no working time is counted on a listed date', () => {
    fc.assert(
      fc.property(calendar, instant, duration, (settings, start, length) => {
        const cal = new BusinessCalendar(settings);
        const due = cal.addWorkingDuration(start, length);
        const holidays = new Set(settings.holidays);
        // The due time is never on a holiday, and every minute counted lies on a working date.
        if (
          holidays.has(
            localDateOf(
              due.getTime() - (length > 0 ? 1 : 0),
              settings.timeZone,
            ),
          )
        )
          return false;
        const probes = 20;
        for (let i = 0; i < probes; i++) {
          const t =
            start.getTime() + ((due.getTime() - start.getTime()) * i) / probes;
          if (
            cal.isWorkingTime(t) &&
            holidays.has(localDateOf(t, settings.timeZone))
          )
            return false;
        }
        return true;
      }),
      { numRuns: 150 },
    );
  });

  it('adding two durations one after the other equals adding their sum', () => {
    fc.assert(
      fc.property(
        calendar,
        instant,
        duration,
        duration,
        (settings, start, a, b) => {
          const cal = new BusinessCalendar(settings);
          return (
            cal
              .addWorkingDuration(cal.addWorkingDuration(start, a), b)
              .getTime() === cal.addWorkingDuration(start, a + b).getTime()
          );
        },
      ),
      { numRuns: 150 },
    );
  });

  it('time-zone edges: instants around every DST change of 2020–2030 in Berlin and New York', () => {
    const edges: number[] = [];
    for (const zone of ['Europe/Berlin', 'America/New_York']) {
      const format = new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        timeZoneName: 'shortOffset',
      });
      // Changes happen on Sundays in March, April, October and November: probe those days' hours.
      for (let t = Date.UTC(2020, 0, 1); t < Date.UTC(2030, 0, 1); t += HOUR) {
        const date = new Date(t);
        if (
          date.getUTCDay() !== 0 ||
          ![2, 3, 9, 10].includes(date.getUTCMonth())
        )
          continue;
        if (format.format(t) !== format.format(t + HOUR)) edges.push(t);
      }
    }
    expect(edges.length).toBeGreaterThanOrEqual(40);
    const nearEdge = fc
      .tuple(
        fc.constantFrom(...edges),
        fc.integer({ min: -3 * HOUR, max: 3 * HOUR }),
      )
      .map(([edge, shift]) => new Date(edge + shift));
    const nightShift = (zone: string) =>
      new BusinessCalendar({
        timeZone: zone,
        week: Object.fromEntries(
          WEEKDAYS.map((day) => [day, { open: '01:30', close: '03:30' }]),
        ) as BusinessCalendarSettings['week'],
        holidays: [],
      });
    const calendars = [
      nightShift('Europe/Berlin'),
      nightShift('America/New_York'),
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...calendars),
        nearEdge,
        fc.integer({ min: 0, max: 6 * HOUR }),
        (cal, start, length) => {
          const due = cal.addWorkingDuration(start, length);
          const probe = length > 0 ? due.getTime() - 1 : due.getTime();
          return (
            cal.isWorkingTime(probe) &&
            cal.workingTimeBetween(start, due) === length
          );
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('calendarProblems', () => {
  it('accepts the default settings', () => {
    expect(calendarProblems(DEFAULT_BUSINESS_CALENDAR)).toEqual([]);
  });

  it('names each wrong field', () => {
    const problems = calendarProblems({
      timeZone: 'Mars/Olympus',
      week: {
        ...DEFAULT_BUSINESS_CALENDAR.week,
        monday: { open: '17:00', close: '09:00' },
        caturday: null,
      },
      holidays: ['2026-02-30', 'tomorrow'],
    });
    expect(problems.map((p) => p.field).sort()).toEqual([
      'holidays.0',
      'holidays.1',
      'timeZone',
      'week.caturday',
      'week.monday',
    ]);
  });

  it('refuses a week without a working day', () => {
    expect(
      calendarProblems({
        ...DEFAULT_BUSINESS_CALENDAR,
        week: Object.fromEntries(WEEKDAYS.map((day) => [day, null])),
      }),
    ).toEqual([
      { field: 'week', message: 'must have at least one working day' },
    ]);
  });
});

describe('working days and local midnights (the daily digest)', () => {
  it('knows Friday and holidays are no working days', () => {
    expect(tehran.isWorkingDay('2026-12-04')).toBe(false); // a Friday
    expect(tehran.isWorkingDay('2026-12-05')).toBe(true); // a Saturday
    expect(berlin.isWorkingDay('2026-12-25')).toBe(false); // a holiday
    expect(berlin.isWorkingDay('2026-12-22')).toBe(true);
  });

  it('finds the instant a local date begins, across a DST change and a year boundary', () => {
    expect(new Date(startOfLocalDate('2026-12-05', 'Asia/Tehran'))).toEqual(
      new Date('2026-12-04T20:30:00Z'),
    );
    expect(new Date(startOfLocalDate('2026-03-29', 'Europe/Berlin'))).toEqual(
      new Date('2026-03-28T23:00:00Z'),
    );
    expect(previousLocalDate('2027-01-01')).toBe('2026-12-31');
  });
});

describe('the local date of an instant (kept per quarter hour)', () => {
  it('agrees with Intl at every 7 minutes around midnight clock changes, asked twice', () => {
    // Chile moves its clocks at local midnight, so a wrong offset shows as a wrong date.
    const zone = 'America/Santiago';
    const intl = new Intl.DateTimeFormat('en-CA', { timeZone: zone });
    const probes: number[] = [];
    for (const change of [Date.UTC(2026, 3, 5, 3), Date.UTC(2026, 8, 6, 4)])
      for (let t = change - 6 * HOUR; t <= change + 6 * HOUR; t += 7 * MINUTE)
        probes.push(t);
    // The first pass fills the kept offsets, the second reads them.
    for (const pass of [1, 2])
      for (const t of probes)
        expect({ pass, t, date: localDateOf(t, zone) }).toEqual({
          pass,
          t,
          date: intl.format(t),
        });
  });
});
