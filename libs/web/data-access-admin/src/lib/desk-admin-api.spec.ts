import { TestBed } from '@angular/core/testing';
import {
  DeskAdminApi,
  DeskAdminApiError,
  staffForAssignment,
} from './desk-admin-api';

describe('staffForAssignment', () => {
  it('lists those on duty first, then by e-mail', () => {
    const ordered = staffForAssignment([
      { email: 'c@x', onDuty: false },
      { email: 'b@x', onDuty: true },
      { email: 'a@x', onDuty: false },
    ]);
    expect(ordered.map((s) => s.email)).toEqual(['b@x', 'a@x', 'c@x']);
  });
});

describe('DeskAdminApi.saveCalendar', () => {
  const realFetch = globalThis.fetch;
  afterEach(() => (globalThis.fetch = realFetch));

  it('carries the field errors of a refused calendar', async () => {
    globalThis.fetch = jest.fn(async () => ({
      ok: false,
      status: 400,
      statusText: 'Bad Request',
      json: async () => ({
        code: 'VALIDATION_FAILED',
        message: 'invalid',
        fields: [
          {
            field: 'week.monday',
            code: 'INVALID_VALUE',
            message: 'must close after it opens',
          },
        ],
      }),
    })) as unknown as typeof fetch;
    const api = TestBed.inject(DeskAdminApi);
    const error = await api
      .saveCalendar({
        timeZone: 'Asia/Tehran',
        week: {
          sunday: null,
          monday: { open: '10:00', close: '09:00' },
          tuesday: null,
          wednesday: null,
          thursday: null,
          friday: null,
          saturday: null,
        },
        holidays: [],
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeskAdminApiError);
    expect((error as DeskAdminApiError).status).toBe(400);
    expect((error as DeskAdminApiError).fields[0]?.field).toBe('week.monday');
    const init = (globalThis.fetch as jest.Mock).mock
      .calls[0][1] as RequestInit;
    expect(init.method).toBe('PUT');
  });
});
