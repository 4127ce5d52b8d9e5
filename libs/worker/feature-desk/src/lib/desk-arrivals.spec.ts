import {
  type ArrivedLead,
  type DeskAssignmentRepository,
  type DeskCalendarStore,
  type DeskEventStore,
} from '@landing/server/persistence-desk';
import { type DeskEvent } from '@landing/shared/contracts-desk';
import { type AppConfig } from '@landing/server/util-config';
import {
  BusinessCalendar,
  DEFAULT_BUSINESS_CALENDAR,
} from '@landing/shared/domain-business-calendar';
import { DeskArrivals } from './desk-arrivals';

describe('DeskArrivals', () => {
  const arrivalsWith = (
    policy: AppConfig['DESK_ASSIGNMENT_POLICY'] = 'fewest_open',
  ) => {
    const calls: { leads: readonly ArrivedLead[]; policy: string }[] = [];
    const assignments = {
      arrive: (leads: readonly ArrivedLead[], policy: string) => {
        calls.push({ leads, policy });
        return Promise.resolve({
          assigned: [{ leadId: 'new', ownerId: 'u1' }],
          owners: new Map(
            leads.map((lead) => [lead.id, lead.id === 'new' ? 'u1' : 'u2']),
          ),
        });
      },
    } as unknown as DeskAssignmentRepository;
    const published: DeskEvent[][] = [];
    const events = {
      emit: (...batch: DeskEvent[]) => published.push(batch),
    } as unknown as DeskEventStore;
    const calendars = {
      current: () =>
        Promise.resolve(new BusinessCalendar(DEFAULT_BUSINESS_CALENDAR)),
    } as unknown as DeskCalendarStore;
    const config = {
      DESK_FIRST_CONTACT_SLA_MINUTES: 480,
      DESK_ASSIGNMENT_POLICY: policy,
    } as AppConfig;
    return {
      arrivals: new DeskArrivals(config, assignments, calendars, events),
      calls,
      published,
    };
  };

  it('gives new and resubmitted leads a due time one working day after their arrival', async () => {
    const { arrivals, calls, published } = arrivalsWith();
    await arrivals.stored([
      // Thursday 12:00 in Tehran: 1 h left that day, Friday off, 7 h on Saturday.
      {
        id: 'new',
        created: true,
        resubmitted: false,
        firstReceivedAt: '2026-12-03T08:30:00.000Z',
      },
      {
        id: 'again',
        created: false,
        resubmitted: true,
        firstReceivedAt: '2026-12-03T08:30:00.000Z',
      },
      {
        id: 'replay',
        created: false,
        resubmitted: false,
        firstReceivedAt: '2026-12-03T08:30:00.000Z',
      },
    ]);
    expect(calls).toEqual([
      {
        policy: 'fewest_open',
        leads: [
          {
            id: 'new',
            dueAt: new Date('2026-12-05T16:00:00+03:30'),
            resubmitted: false,
          },
          {
            id: 'again',
            dueAt: new Date('2026-12-05T16:00:00+03:30'),
            resubmitted: true,
          },
        ],
      },
    ]);
    // One append for the batch: the new lead with its owner, the resubmission with its.
    expect(published).toHaveLength(1);
    expect(published[0]?.map(({ type, leads }) => ({ type, leads }))).toEqual([
      { type: 'lead.created', leads: [{ leadId: 'new', ownerId: 'u1' }] },
      { type: 'lead.changed', leads: [{ leadId: 'again', ownerId: 'u2' }] },
    ]);
  });

  it('does nothing for a batch of replays', async () => {
    const { arrivals, calls } = arrivalsWith();
    await expect(
      arrivals.stored([
        {
          id: 'replay',
          created: false,
          resubmitted: false,
          firstReceivedAt: '2026-12-03T08:30:00.000Z',
        },
      ]),
    ).resolves.toEqual([]);
    expect(calls).toEqual([]);
  });

  it('does no desk work with the policy off, but announces new leads as unowned', async () => {
    const { arrivals, calls, published } = arrivalsWith('off');
    await expect(
      arrivals.stored([
        {
          id: 'new',
          created: true,
          resubmitted: false,
          firstReceivedAt: '2026-12-03T08:30:00.000Z',
        },
      ]),
    ).resolves.toEqual([]);
    expect(calls).toEqual([]);
    expect(
      published.flat().map(({ type, leads }) => ({ type, leads })),
    ).toEqual([
      { type: 'lead.created', leads: [{ leadId: 'new', ownerId: null }] },
      { type: 'lead.changed', leads: [] },
    ]);
  });
});
