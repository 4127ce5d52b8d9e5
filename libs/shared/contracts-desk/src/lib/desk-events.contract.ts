/**
 * The desk's live stream, `GET /api/admin/events` (server-sent events). Each message is
 * one `DeskEvent`:
 *
 *     id: <stream position>          resume with the `Last-Event-ID` request header
 *     event: <DeskEventType>
 *     data: <DeskEvent as JSON>
 *
 * A message lists only the leads its reader may see: an admin sees every lead; a reviewer
 * sees the leads they own or just lost, unowned arrivals (the shared queue, which anyone
 * may claim), and leads leaving the shared queue (claimed or handed out: `previousOwnerId`
 * null), so every shared-queue list stays current. Messages the reader may not see at all
 * are not sent.
 *
 * The server sends a `retry:` hint first and a comment (`: ping`) every 15 s. After a
 * reconnect with `Last-Event-ID` (or `?lastEventId=` for tools) every missed event the
 * stream still keeps follows exactly once, in order, before live ones; when the id is older
 * than the stream keeps, a `reset` message comes first ({@link DESK_RESET_EVENT}).
 */
export const DESK_EVENT_TYPES = [
  /**
   * The worker stored new leads (with their owners when assignment is on; all unowned with
   * `DESK_ASSIGNMENT_POLICY=off`). One message per stored batch.
   */
  'lead.created',
  /** Leads got an owner: hand-out, claim or reassignment. */
  'lead.assigned',
  /** A lead's desk state changed: a call logged, a status set, a duplicate arrived. */
  'lead.changed',
  /** Leads missed their first-contact due time. */
  'lead.sla_breached',
] as const;
export type DeskEventType = (typeof DESK_EVENT_TYPES)[number];

export interface DeskEventLead {
  leadId: string;
  /** The owner after the event; null: in the shared queue. */
  ownerId: string | null;
  /**
   * Who owned it before: on `lead.assigned` when the owner changed, and on `lead.changed`
   * when a call took an unowned lead.
   */
  previousOwnerId?: string | null;
}

export interface DeskEvent {
  type: DeskEventType;
  /** When it happened (ISO-8601): for arrivals, when the batch was stored. */
  at: string;
  leads: DeskEventLead[];
}

export const DESK_EVENTS_PATH = '/api/admin/events';

/**
 * Not a stored event: sent (without an `id:`) when a client resumes from a `Last-Event-ID`
 * the stream no longer reaches (trimmed, or a Redis that lost its data). Reload the lists;
 * every event the stream still keeps after that id follows. `leads` is empty.
 */
export const DESK_RESET_EVENT = 'reset';
export type DeskStreamEventType = DeskEventType | typeof DESK_RESET_EVENT;

export interface DeskResetEvent {
  type: typeof DESK_RESET_EVENT;
  at: string;
  leads: [];
}

/** What one message's `data:` holds. */
export type DeskStreamMessage = DeskEvent | DeskResetEvent;

/** Most streams one user may hold open on one api process (more: 429 `TOO_MANY_STREAMS`). */
export const DESK_EVENTS_MAX_STREAMS_PER_USER = 5;

/** Who reads the stream: what the visibility rules need of a session. */
export interface DeskEventViewer {
  userId: string;
  role: 'admin' | 'reviewer';
}

/**
 * The part of `event` its viewer may see: every lead for an admin; for a reviewer the leads
 * they own, the ones they just lost (`previousOwnerId`), unowned ones, and ones that just
 * left the shared queue (`previousOwnerId: null`, which every reviewer saw there). Null when
 * nothing is left (the message is not sent to them).
 */
export function visibleDeskEvent(
  event: DeskEvent,
  viewer: DeskEventViewer,
): DeskEvent | null {
  if (viewer.role === 'admin') return event.leads.length > 0 ? event : null;
  const leads = event.leads.filter(
    (lead) =>
      lead.ownerId === null ||
      lead.ownerId === viewer.userId ||
      lead.previousOwnerId === null ||
      (lead.previousOwnerId !== undefined &&
        lead.previousOwnerId === viewer.userId),
  );
  if (leads.length === 0) return null;
  return leads.length === event.leads.length ? event : { ...event, leads };
}

/** `lead.assigned` for leads handed out of the shared queue (nobody owned them before). */
export function handedOutEvent(
  given: readonly { leadId: string; ownerId: string }[],
): DeskEvent {
  return {
    type: 'lead.assigned',
    at: new Date().toISOString(),
    leads: given.map(({ leadId, ownerId }) => ({
      leadId,
      ownerId,
      previousOwnerId: null,
    })),
  };
}
