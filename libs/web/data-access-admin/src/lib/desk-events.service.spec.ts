import { TestBed } from '@angular/core/testing';
import { type DeskEvent } from '@landing/shared/contracts-desk';
import {
  concernsQueue,
  DESK_EVENT_SOURCE,
  DeskEventsService,
  leadsNewlyMine,
  parseDeskEvent,
} from './desk-events.service';

/** What the service uses of an EventSource. */
class FakeSource {
  readyState = 0;
  onopen: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onmessage: ((message: MessageEvent) => void) | null = null;
  closed = false;
  private readonly listeners = new Map<
    string,
    (message: MessageEvent) => void
  >();
  constructor(readonly url: string) {}
  addEventListener(type: string, listener: (message: MessageEvent) => void) {
    this.listeners.set(type, listener);
  }
  close() {
    this.closed = true;
    this.readyState = 2;
  }
  emit(type: string, data: string) {
    this.listeners.get(type)?.({ data } as MessageEvent);
  }
}

const event = (over: Partial<DeskEvent> = {}): DeskEvent => ({
  type: 'lead.created',
  at: '2026-12-01T10:00:00.000Z',
  leads: [{ leadId: 'a', ownerId: 'me' }],
  ...over,
});

describe('desk events, pure parts', () => {
  it('parses only well-formed desk events', () => {
    expect(parseDeskEvent(JSON.stringify(event()))).toEqual(event());
    for (const bad of [
      'not json',
      '{"type":"other","leads":[]}',
      '{"type":"lead.created","leads":[{"ownerId":null}]}',
      'null',
      42,
    ])
      expect(parseDeskEvent(bad)).toBeNull();
  });

  it('knows which events touch my queue and which give me leads', () => {
    expect(concernsQueue(event(), 'me')).toBe(true);
    expect(
      concernsQueue(event({ leads: [{ leadId: 'a', ownerId: 'x' }] }), 'me'),
    ).toBe(false);
    expect(
      concernsQueue(event({ leads: [{ leadId: 'a', ownerId: null }] }), 'me'),
    ).toBe(true);
    expect(
      concernsQueue(
        event({
          type: 'lead.assigned',
          leads: [{ leadId: 'a', ownerId: 'x', previousOwnerId: 'me' }],
        }),
        'me',
      ),
    ).toBe(true);
    // Someone claimed a lead from the shared queue my screen lists.
    expect(
      concernsQueue(
        event({
          type: 'lead.assigned',
          leads: [{ leadId: 'a', ownerId: 'x', previousOwnerId: null }],
        }),
        'me',
      ),
    ).toBe(true);
    expect(
      leadsNewlyMine(
        event({
          leads: [
            { leadId: 'a', ownerId: 'me' },
            { leadId: 'b', ownerId: 'x' },
            { leadId: 'c', ownerId: 'me' },
          ],
        }),
        'me',
      ),
    ).toBe(2);
    expect(leadsNewlyMine(event({ type: 'lead.changed' }), 'me')).toBe(0);
    expect(
      leadsNewlyMine(
        event({
          type: 'lead.assigned',
          leads: [{ leadId: 'a', ownerId: 'me', previousOwnerId: 'me' }],
        }),
        'me',
      ),
    ).toBe(0);
  });
});

describe('DeskEventsService', () => {
  let sources: FakeSource[];
  let service: DeskEventsService;

  beforeEach(() => {
    jest.useFakeTimers();
    sources = [];
    TestBed.configureTestingModule({
      providers: [
        {
          provide: DESK_EVENT_SOURCE,
          useValue: (url: string) => {
            const source = new FakeSource(url);
            sources.push(source);
            return source as unknown as EventSource;
          },
        },
      ],
    });
    service = TestBed.inject(DeskEventsService);
  });
  afterEach(() => jest.useRealTimers());

  it('opens the stream once and passes its events on', () => {
    const seen: DeskEvent[] = [];
    service.events$.subscribe((e) => seen.push(e));
    service.start();
    service.start();
    expect(sources.map((s) => s.url)).toEqual(['/api/admin/events']);
    sources[0]?.onopen?.();
    expect(service.connected()).toBe(true);
    expect(service.connections()).toBe(1);
    sources[0]?.emit('lead.created', JSON.stringify(event()));
    sources[0]?.emit('lead.created', 'garbage');
    expect(seen).toEqual([event()]);
    expect(service.last()).toEqual(event());
    // The server could not replay what was missed: screens reload, nothing is passed on.
    sources[0]?.emit(
      'reset',
      '{"type":"reset","at":"2026-12-01T10:00:00.000Z","leads":[]}',
    );
    expect(service.connections()).toBe(2);
    expect(seen).toHaveLength(1);
  });

  it('leaves a dropped stream to the browser, and opens a refused one again with a growing delay', () => {
    service.start();
    const first = sources[0] as FakeSource;
    // Dropped: the browser reconnects by itself (readyState CONNECTING), resending Last-Event-ID.
    first.readyState = 0;
    first.onerror?.();
    jest.advanceTimersByTime(120_000);
    expect(sources).toHaveLength(1);
    // Refused (a 404 before the server has the route): EventSource gives up; we do not.
    first.readyState = 2;
    first.onerror?.();
    expect(first.closed).toBe(true);
    jest.advanceTimersByTime(999);
    expect(sources).toHaveLength(1);
    jest.advanceTimersByTime(1);
    expect(sources).toHaveLength(2);
    const second = sources[1] as FakeSource;
    second.readyState = 2;
    second.onerror?.();
    jest.advanceTimersByTime(1999);
    expect(sources).toHaveLength(2);
    jest.advanceTimersByTime(1);
    expect(sources).toHaveLength(3);
    service.stop();
    jest.advanceTimersByTime(120_000);
    expect(sources).toHaveLength(3);
    expect(sources[2]?.closed).toBe(true);
  });
});
