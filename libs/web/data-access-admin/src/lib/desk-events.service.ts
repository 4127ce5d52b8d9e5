import { Injectable, InjectionToken, inject, signal } from '@angular/core';
import {
  DESK_EVENT_TYPES,
  DESK_EVENTS_PATH,
  DESK_RESET_EVENT,
  type DeskEvent,
  type DeskEventLead,
} from '@landing/shared/contracts-desk';
import { Observable, Subject } from 'rxjs';

/** Opens the stream; null where the browser has no EventSource (tests, very old browsers). */
export type EventSourceFactory = (url: string) => EventSource | null;

export const DESK_EVENT_SOURCE = new InjectionToken<EventSourceFactory>(
  'DESK_EVENT_SOURCE',
  {
    providedIn: 'root',
    factory: () => (url) =>
      typeof EventSource === 'undefined'
        ? null
        : new EventSource(url, { withCredentials: true }),
  },
);

/** EventSource.CLOSED, spelled out: jsdom has no EventSource to read it from. */
const CLOSED = 2;
const MAX_RETRY_MS = 60_000;

const isLead = (value: unknown): value is DeskEventLead =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as DeskEventLead).leadId === 'string';

/** One message's data as a `DeskEvent`, or null for anything else (never throws). */
export function parseDeskEvent(data: unknown): DeskEvent | null {
  if (typeof data !== 'string') return null;
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return null;
  }
  const event = value as Partial<DeskEvent> | null;
  if (
    !event ||
    !DESK_EVENT_TYPES.includes(event.type as DeskEvent['type']) ||
    !Array.isArray(event.leads) ||
    !event.leads.every(isLead)
  )
    return null;
  return {
    type: event.type as DeskEvent['type'],
    at: typeof event.at === 'string' ? event.at : new Date().toISOString(),
    leads: event.leads,
  };
}

/** Whether an event can change `me`'s queue or its counts (mine, taken from me, or the shared queue). */
export function concernsQueue(event: DeskEvent, me: string): boolean {
  return event.leads.some(
    (lead) =>
      lead.ownerId === me ||
      lead.ownerId === null ||
      // Left the shared queue (claimed or handed out): the shared list shows it no more.
      lead.previousOwnerId === null ||
      lead.previousOwnerId === me,
  );
}

/** How many leads an event newly gives `me` (arrivals and hand-outs), to announce them. */
export function leadsNewlyMine(event: DeskEvent, me: string): number {
  if (event.type !== 'lead.created' && event.type !== 'lead.assigned') return 0;
  return event.leads.filter(
    (lead) => lead.ownerId === me && lead.previousOwnerId !== me,
  ).length;
}

/**
 * The desk's live stream (`GET /api/admin/events`) for the signed-in screens. The browser
 * reconnects a dropped stream by itself and resends `Last-Event-ID`, so nothing is missed.
 * An answer that is no event stream at all (404 before the server has the route, 401, a
 * proxy's 502) makes EventSource give up: then it is opened again with a growing delay, and
 * `connections` grows on each successful open (and on the server's `reset`, when it could not
 * replay what was missed) so screens can reload.
 */
@Injectable({ providedIn: 'root' })
export class DeskEventsService {
  private readonly open = inject(DESK_EVENT_SOURCE);
  private source: EventSource | null = null;
  private retry: ReturnType<typeof setTimeout> | null = null;
  private failures = 0;
  private readonly stream = new Subject<DeskEvent>();

  readonly events$: Observable<DeskEvent> = this.stream.asObservable();
  /** The latest event. */
  readonly last = signal<DeskEvent | null>(null);
  readonly connected = signal(false);
  /**
   * Successful opens and `reset` messages so far: a screen reloads when this grows (events
   * may have been missed while the stream was closed, or the stream lost them).
   */
  readonly connections = signal(0);

  start(): void {
    if (this.source || this.retry) return;
    this.connect();
  }

  stop(): void {
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
    this.source?.close();
    this.source = null;
    this.failures = 0;
    this.connected.set(false);
  }

  private connect(): void {
    const source = this.open(DESK_EVENTS_PATH);
    if (!source) return;
    this.source = source;
    const receive = (message: MessageEvent) => {
      const event = parseDeskEvent(message.data);
      if (!event) return;
      this.last.set(event);
      this.stream.next(event);
    };
    for (const type of DESK_EVENT_TYPES)
      source.addEventListener(type, receive as EventListener);
    source.onmessage = receive;
    source.addEventListener(DESK_RESET_EVENT, () =>
      this.connections.update((n) => n + 1),
    );
    source.onopen = () => {
      this.failures = 0;
      this.connected.set(true);
      this.connections.update((n) => n + 1);
    };
    source.onerror = () => {
      this.connected.set(false);
      if (source.readyState !== CLOSED || this.source !== source) return;
      source.close();
      this.source = null;
      const delay = Math.min(MAX_RETRY_MS, 1000 * 2 ** this.failures);
      this.failures += 1;
      this.retry = setTimeout(() => {
        this.retry = null;
        this.connect();
      }, delay);
    };
  }
}
