import { TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import {
  type LeadDetailResponse,
  type LeadTimelineEntry,
  type LeadTimelineResponse,
} from '@landing/shared/contracts-admin';
import { type AuditEvent } from '@landing/shared/contracts-audit';
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

/** The panel on the given api, animations off. */
function panelFor(api: ControlledApi) {
  TestBed.configureTestingModule({
    providers: [
      { provide: AdminApi, useValue: api },
      { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
    ],
  });
  return TestBed.createComponent(LeadDetailPanel);
}

/** The panel with lead `a` open and its detail answered. */
async function openedPanel(api: ControlledApi): Promise<HTMLElement> {
  const fixture = panelFor(api);
  fixture.componentRef.setInput('leadId', 'a');
  await settle();
  api.pending.get('a')?.resolve(detailOf('a', '+989121234567'));
  await settle();
  return fixture.nativeElement as HTMLElement;
}

jest.setTimeout(30_000);

describe('LeadDetailPanel', () => {
  it('never lets a slow answer about the previous lead replace the lead now open', async () => {
    const api = new ControlledApi();
    const fixture = panelFor(api);
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
    const fixture = panelFor(api);
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
    const el = await openedPanel(api);
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

  it('tells each audit event as a sentence with names, the call outcome and its note, each status change once', async () => {
    const ann = '11111111-1111-4111-8111-111111111111';
    const gone = '22222222-2222-4222-8222-222222222222';
    const admin = { adminId: 'admin-1', username: 'boss@example.com' };
    const envelope = (id: string, at: string) => ({
      id,
      occurredAt: at,
      phone: '+989121234567',
      leadId: 'a',
      ip: null,
      userAgent: null,
      path: null,
      requestId: null,
      actor: null,
    });
    const audit = (event: AuditEvent): LeadTimelineEntry => ({
      kind: 'audit',
      id: `audit:${event.id}`,
      at: event.occurredAt,
      event,
    });
    const entries: LeadTimelineEntry[] = [
      audit({
        ...envelope('e-future', '2026-12-01T12:00:00Z'),
        type: 'lead.something_new',
        payload: {},
      } as unknown as AuditEvent),
      {
        kind: 'status_change',
        id: 'status_change:c-1',
        at: '2026-12-01T11:00:00Z',
        change: {
          id: 'c-1',
          from: 'new',
          to: 'contacted',
          actorEmail: 'ann@example.com',
          changedAt: '2026-12-01T11:00:00Z',
        },
      },
      audit({
        ...envelope('c-1', '2026-12-01T11:00:00Z'),
        type: 'lead.status_changed',
        payload: { before: 'new', after: 'contacted' },
      }),
      audit({
        ...envelope('call-1', '2026-12-01T10:30:00Z'),
        actor: { adminId: ann, username: 'ann@example.com' },
        type: 'lead.call_logged',
        payload: {
          callId: 'call-1',
          outcome: 'no_answer',
          attempts: 1,
          callbackAt: null,
        },
      }),
      audit({
        ...envelope('sla-1', '2026-12-01T10:00:00Z'),
        type: 'lead.sla_breached',
        payload: { alertId: 'x', dueAt: '2026-12-01T09:00:00Z', ownerId: ann },
      }),
      audit({
        ...envelope('as-2', '2026-12-01T09:30:00Z'),
        actor: admin,
        type: 'lead.assigned',
        payload: {
          assignmentId: 'as-2',
          reason: 'reassign',
          from: gone,
          to: ann,
        },
      }),
      audit({
        ...envelope('as-1', '2026-12-01T08:00:00Z'),
        type: 'lead.assigned',
        payload: {
          assignmentId: 'as-1',
          reason: 'arrival',
          from: null,
          to: gone,
        },
      }),
    ];
    class TimelineApi extends ControlledApi {
      override timeline(id: string): Promise<LeadTimelineResponse> {
        return Promise.resolve({ leadId: id, entries, truncated: false });
      }
    }
    const api = new TimelineApi();
    api.calls.push({
      id: 'call-1',
      leadId: 'a',
      staffId: ann,
      staffEmail: 'ann@example.com',
      outcome: 'no_answer',
      note: 'rang twice',
      callbackAt: null,
      createdAt: '2026-12-01T10:30:00Z',
    });
    const el = await openedPanel(api);
    const items = [...el.querySelectorAll('[data-testid="timeline"] > li')].map(
      (li) => li.textContent?.replace(/\s+/g, ' ').trim() ?? '',
    );

    expect(
      el.querySelector('[data-testid="timeline"]')?.textContent,
    ).not.toMatch(/lead\.[a-z_]+/);
    expect(items).toHaveLength(6);
    expect(items[0]).toContain('Activity');
    expect(items[1]).toContain('Status changed');
    expect(items[2]).toContain('Call: No answer');
    expect(items[2]).toContain('rang twice');
    expect(items[3]).toContain('First-call SLA missed (due');
    expect(items[3]).toContain('Owner: ann@example.com');
    expect(items[4]).toContain('Assigned to ann@example.com');
    expect(items[4]).toContain(
      'Reassigned by boss@example.com, previously a staff member',
    );
    expect(items[5]).toContain('Assigned to a staff member');
    expect(items[5]).toContain('On arrival');
    expect(el.textContent).not.toContain(gone);
  });
});
