import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import {
  type LeadListQuery,
  type LeadListResponse,
  type SavedViewListResponse,
} from '@landing/shared/contracts-admin';
import { AdminApi } from '@landing/web/data-access-admin';
import { LeadsPage } from './leads.page';

function pageOf(phone: string, total: number): LeadListResponse {
  return {
    items: [
      {
        id: phone,
        phone,
        name: null,
        email: null,
        status: 'new',
        createdAt: '2026-12-01T08:00:00Z',
        lastSubmittedAt: '2026-12-01T08:00:00Z',
      },
    ],
    nextCursor: null,
    total: { value: total, exact: true },
  };
}

interface Pending {
  query: LeadListQuery;
  signal?: AbortSignal;
  answer: (page: LeadListResponse) => void;
}

/** An api whose list answers the test releases by hand, in any order. */
class ControlledApi {
  readonly session = signal(null);
  readonly lists: Pending[] = [];
  list(query: LeadListQuery, signal?: AbortSignal): Promise<LeadListResponse> {
    // Like a server that answers even after the browser gave up waiting.
    return new Promise((answer) => this.lists.push({ query, signal, answer }));
  }
  views(): Promise<SavedViewListResponse> {
    return Promise.resolve({ items: [] });
  }
}

/** Lets promises settle and renders, without waiting for requests still open. */
async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await new Promise((resolve) => setTimeout(resolve, 0));
    TestBed.tick();
  }
}

jest.setTimeout(30_000);

describe('LeadsPage', () => {
  it('never lets a slow answer for an older filter replace the newer list', async () => {
    const api = new ControlledApi();
    TestBed.configureTestingModule({
      providers: [
        { provide: AdminApi, useValue: api },
        {
          provide: MATERIAL_ANIMATIONS,
          useValue: { animationsDisabled: true },
        },
        provideRouter([{ path: 'leads', component: LeadsPage }]),
      ],
    });
    const harness = await RouterTestingHarness.create();
    const navigated = harness.navigateByUrl('/leads?q=older');
    await settle();
    void harness.navigateByUrl('/leads?q=newer');
    await navigated;
    await settle();

    const [older, newer] = api.lists;
    expect(api.lists.map((request) => request.query.q)).toEqual([
      'older',
      'newer',
    ]);
    // Asking again cancelled the older request...
    expect(older?.signal?.aborted).toBe(true);
    expect(newer?.signal?.aborted).toBe(false);

    newer?.answer(pageOf('+989120000002', 2));
    await settle();
    const el = harness.routeNativeElement as HTMLElement;
    const phones = () =>
      [...el.querySelectorAll('[data-lead-id]')].map((row) =>
        row.getAttribute('data-lead-id'),
      );
    expect(phones()).toEqual(['+989120000002']);
    expect(el.querySelector('lp-page-header')?.textContent).toMatch(
      /\b2 leads match/,
    );

    // ...and its answer, arriving last, changes nothing.
    older?.answer(pageOf('+989120000001', 1));
    await settle();
    expect(phones()).toEqual(['+989120000002']);
    expect(el.textContent).not.toContain('+989120000001');
  });
});
