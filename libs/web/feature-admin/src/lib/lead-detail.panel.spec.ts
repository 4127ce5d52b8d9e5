import { TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import {
  type LeadDetailResponse,
  type LeadTimelineResponse,
} from '@landing/shared/contracts-admin';
import {
  type LeadCallsResponse,
  type LeadCallView,
  type LogCallRequest,
} from '@landing/shared/contracts-desk';
import { AdminApi } from '@landing/web/data-access-admin';
import { signal } from '@angular/core';
import { LeadDetailPanel } from './lead-detail.panel';

function detailOf(id: string, phone: string): LeadDetailResponse {
  return {
    lead: {
      id,
      phone,
      name: `Name of ${id}`,
      email: null,
      status: 'new',
      createdAt: '2026-12-01T08:00:00Z',
      lastSubmittedAt: '2026-12-01T08:00:00Z',
    },
    submissions: [],
    notes: [],
    audit: { events: [], nextCursor: null },
    nextStatuses: ['contacted'],
    desk: null,
  };
}

/** An api whose answers the test releases by hand, in any order. */
class ControlledApi {
  readonly session = signal(null);
  readonly pending = new Map<
    string,
    { resolve: (d: LeadDetailResponse) => void; signal?: AbortSignal }
  >();
  detail(id: string, signal?: AbortSignal): Promise<LeadDetailResponse> {
    return new Promise((resolve) => this.pending.set(id, { resolve, signal }));
  }
  timeline(id: string): Promise<LeadTimelineResponse> {
    return Promise.resolve({ leadId: id, entries: [], truncated: false });
  }
  readonly calls: LeadCallView[] = [];
  readonly logged: { id: string; request: LogCallRequest }[] = [];
  leadCalls(): Promise<LeadCallsResponse> {
    return Promise.resolve({ calls: [...this.calls] });
  }
  logCall(id: string, request: LogCallRequest): Promise<unknown> {
    this.logged.push({ id, request });
    this.calls.unshift({
      id: `call-${this.calls.length}`,
      leadId: id,
      staffId: 'me',
      staffEmail: 'me@example.com',
      outcome: request.outcome,
      note: request.note ?? null,
      callbackAt: null,
      createdAt: '2026-12-01T09:00:00Z',
    });
    return Promise.resolve({});
  }
}

/** Lets promises settle and renders, without waiting for requests still open (whenStable would). */
async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await new Promise((resolve) => setTimeout(resolve, 0));
    TestBed.tick();
  }
}

jest.setTimeout(30_000);

describe('LeadDetailPanel', () => {
  it('never lets a slow answer about the previous lead replace the lead now open', async () => {
    const api = new ControlledApi();
    TestBed.configureTestingModule({
      providers: [
        { provide: AdminApi, useValue: api },
        {
          provide: MATERIAL_ANIMATIONS,
          useValue: { animationsDisabled: true },
        },
      ],
    });
    const fixture = TestBed.createComponent(LeadDetailPanel);
    const el = fixture.nativeElement as HTMLElement;

    fixture.componentRef.setInput('leadId', 'slow');
    await settle();
    fixture.componentRef.setInput('leadId', 'fast');
    await settle();

    expect([...api.pending.keys()]).toEqual(['slow', 'fast']);
    // The older request was cancelled when the newer lead was opened.
    expect(api.pending.get('slow')?.signal?.aborted).toBe(true);
    expect(api.pending.get('fast')?.signal?.aborted).toBe(false);

    api.pending.get('fast')?.resolve(detailOf('fast', '+989120000002'));
    await settle();
    expect(
      el.querySelector('[data-testid="lead-phone"]')?.textContent?.trim(),
    ).toBe('+989120000002');

    // The stale answer arrives last, and is ignored.
    api.pending.get('slow')?.resolve(detailOf('slow', '+989120000001'));
    await settle();
    expect(
      el.querySelector('[data-testid="lead-phone"]')?.textContent?.trim(),
    ).toBe('+989120000002');
    expect(el.textContent).not.toContain('+989120000001');
  });

  it('offers the number as a tel: link and isolates the visitor name from bidi controls', async () => {
    const api = new ControlledApi();
    TestBed.configureTestingModule({
      providers: [
        { provide: AdminApi, useValue: api },
        {
          provide: MATERIAL_ANIMATIONS,
          useValue: { animationsDisabled: true },
        },
      ],
    });
    const fixture = TestBed.createComponent(LeadDetailPanel);
    fixture.componentRef.setInput('leadId', 'a');
    await settle();
    const detail = detailOf('a', '+989121234567');
    detail.lead.name = '\u202Eevil';
    api.pending.get('a')?.resolve(detail);
    await settle();
    const el = fixture.nativeElement as HTMLElement;
    expect(
      el
        .querySelector<HTMLAnchorElement>('[data-testid="lead-phone"]')
        ?.getAttribute('href'),
    ).toBe('tel:+989121234567');
    const name = el.querySelector('.lp-detail__name bdi');
    expect(name?.textContent).toBe('evil');
  });

  it('logs an outcome with its key, with the note, and shows the call in the history', async () => {
    const api = new ControlledApi();
    TestBed.configureTestingModule({
      providers: [
        { provide: AdminApi, useValue: api },
        {
          provide: MATERIAL_ANIMATIONS,
          useValue: { animationsDisabled: true },
        },
      ],
    });
    const fixture = TestBed.createComponent(LeadDetailPanel);
    fixture.componentRef.setInput('leadId', 'a');
    await settle();
    api.pending.get('a')?.resolve(detailOf('a', '+989121234567'));
    await settle();
    const el = fixture.nativeElement as HTMLElement;
    document.body.appendChild(el);
    expect(
      [...el.querySelectorAll('[data-outcome] kbd')].map((k) => k.textContent),
    ).toEqual(['1', '2', '3', '4', '5', '6', '7']);
    expect(
      el.querySelector('[data-testid="call-history"]')?.textContent,
    ).toContain('No calls yet.');
    const note = el.querySelector<HTMLTextAreaElement>(
      '[data-testid="call-note"]',
    );
    if (!note) throw new Error('no note field');
    note.value = 'rang twice';
    note.dispatchEvent(new Event('input'));
    // A key typed into the note is text, not an outcome.
    note.dispatchEvent(
      new KeyboardEvent('keydown', { key: '3', code: 'Digit3', bubbles: true }),
    );
    expect(api.logged).toEqual([]);
    document.dispatchEvent(
      new KeyboardEvent('keydown', { key: '3', code: 'Digit3', bubbles: true }),
    );
    await settle();
    expect(api.logged).toEqual([
      { id: 'a', request: { outcome: 'no_answer', note: 'rang twice' } },
    ]);
    api.pending.get('a')?.resolve(detailOf('a', '+989121234567'));
    await settle();
    const history = el.querySelector('[data-testid="call-history"]');
    expect(history?.textContent).toContain('No answer');
    expect(history?.textContent).toContain('rang twice');
    el.remove();
  });
});
