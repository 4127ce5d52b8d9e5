import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { type QueueResponse } from '@landing/shared/contracts-desk';
import { Subject } from 'rxjs';
import { AdminApi, AdminApiError } from './admin-api';
import { DeskEventsService } from './desk-events.service';
import { DeskQueueStore } from './desk-queue.store';

const response = (shared: string[]): QueueResponse => ({
  items: [],
  upcoming: [],
  shared: shared.map((leadId) => ({
    kind: 'new',
    leadId,
    phone: '+989125550501',
    name: null,
    status: 'new',
    createdAt: '2026-12-01T10:00:00.000Z',
    assignedAt: null,
    firstContactDueAt: '2026-12-01T11:00:00.000Z',
    nextCallAt: null,
    attempts: 0,
    slaBreached: false,
    resubmittedAt: null,
    submissionCount: 1,
  })),
  counts: {
    overdue: 0,
    new: 0,
    callback: 0,
    total: 0,
    unassigned: shared.length,
  },
});

describe('DeskQueueStore.claim', () => {
  const api = { queue: jest.fn(), claim: jest.fn(), session: signal(null) };
  let store: DeskQueueStore;

  beforeEach(() => {
    api.queue.mockReset();
    api.claim.mockReset();
    TestBed.configureTestingModule({
      providers: [
        { provide: AdminApi, useValue: api },
        {
          provide: DeskEventsService,
          useValue: { connections: signal(0), events$: new Subject() },
        },
      ],
    });
    store = TestBed.inject(DeskQueueStore);
    store.value.set(response(['a', 'b']));
  });

  it('reads the queue again after a claim is won', async () => {
    api.claim.mockResolvedValue({});
    api.queue.mockResolvedValue(response(['b']));
    await store.claim('a');
    expect(api.claim).toHaveBeenCalledWith('a');
    expect(store.value()?.shared.map((item) => item.leadId)).toEqual(['b']);
  });

  it('reads the queue again after a claim is lost, and passes the error on', async () => {
    const lost = new AdminApiError(409, 'LEAD_ALREADY_OWNED', 'taken');
    api.claim.mockRejectedValue(lost);
    api.queue.mockResolvedValue(response([]));
    await expect(store.claim('a')).rejects.toBe(lost);
    expect(store.value()?.shared).toEqual([]);
  });

  it('drops a lead from the shared list as well', () => {
    store.drop('a');
    expect(store.value()?.shared.map((item) => item.leadId)).toEqual(['b']);
  });
});
