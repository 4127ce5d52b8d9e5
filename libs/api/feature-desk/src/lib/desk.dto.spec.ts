import 'reflect-metadata';
import { DEFAULT_BUSINESS_CALENDAR } from '@landing/shared/domain-business-calendar';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { BusinessCalendarDto, LogCallDto } from './desk.dto';

const problems = async (type: new () => object, body: object) =>
  (
    await validate(plainToInstance(type, body), {
      whitelist: true,
      forbidNonWhitelisted: true,
    })
  ).map((error) => error.property);

describe('desk DTOs', () => {
  it('takes the seven outcome names and nothing else', async () => {
    for (const outcome of [
      'interested',
      'not_interested',
      'no_answer',
      'busy',
      'wrong_number',
      'do_not_call',
    ])
      expect(await problems(LogCallDto, { outcome })).toEqual([]);
    expect(
      await problems(LogCallDto, {
        outcome: 'callback',
        callbackAt: '2026-12-05T10:00:00Z',
        note: 'after lunch',
      }),
    ).toEqual([]);
    expect(await problems(LogCallDto, { outcome: 'hung_up' })).toEqual([
      'outcome',
    ]);
    expect(
      await problems(LogCallDto, {
        outcome: 'callback',
        callbackAt: 'tomorrow',
      }),
    ).toEqual(['callbackAt']);
    expect(
      await problems(LogCallDto, { outcome: 'busy', note: 'x'.repeat(2001) }),
    ).toEqual(['note']);
  });

  it('needs every weekday in a calendar, each closed (null) or with HH:MM hours', async () => {
    expect(
      await problems(BusinessCalendarDto, DEFAULT_BUSINESS_CALENDAR),
    ).toEqual([]);
    const sixDays: Record<string, unknown> = {
      ...DEFAULT_BUSINESS_CALENDAR.week,
    };
    delete sixDays['sunday'];
    expect(
      await problems(BusinessCalendarDto, {
        ...DEFAULT_BUSINESS_CALENDAR,
        week: sixDays,
      }),
    ).toEqual(['week']);
    expect(
      await problems(BusinessCalendarDto, {
        ...DEFAULT_BUSINESS_CALENDAR,
        week: {
          ...DEFAULT_BUSINESS_CALENDAR.week,
          monday: { open: '9am', close: '17:00' },
        },
      }),
    ).toEqual(['week']);
  });
});
