/**
 * The desk's live stream, `GET /api/admin/events` (server-sent events). Each message is
 * one `DeskEvent`:
 *
 *     id: <stream position>          resume with the `Last-Event-ID` request header
 *     event: <DeskEventType>
 *     data: <DeskEvent as JSON>
 *
 * A message lists only the leads its reader may see: an admin sees every lead; a reviewer
 * sees the leads they own or just lost, and unowned arrivals (the shared queue, which
 * anyone on duty may claim). Messages the reader may not see at all are not sent.
 */
export const DESK_EVENT_TYPES = [
  /** The worker stored new leads (with their owners when assignment is on). */
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
  /** Who owned it before, on `lead.assigned` when the owner changed. */
  previousOwnerId?: string | null;
}

export interface DeskEvent {
  type: DeskEventType;
  /** When it happened (ISO-8601). */
  at: string;
  leads: DeskEventLead[];
}

export const DESK_EVENTS_PATH = '/api/admin/events';
