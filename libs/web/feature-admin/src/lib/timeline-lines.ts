import { type LeadTimelineEntry } from '@landing/shared/contracts-admin';
import { type AuditEvent } from '@landing/shared/contracts-audit';
import {
  CALL_OUTCOMES,
  type CallOutcome,
  type LeadCallView,
} from '@landing/shared/contracts-desk';
import { type LeadStatus } from '@landing/shared/contracts-lead';
import { formatDateTime } from '@landing/web/ui-admin';
import { outcomeLabel } from './call-outcomes';

/** What the timeline says about one audit event, in the build's language. */
export interface AuditLine {
  title: string;
  /** A second, quieter line (who, why, when), or null. */
  detail: string | null;
  /** A call's note, shown as written. */
  note: string | null;
  /** A status change, shown with the status chips. */
  change: { from: LeadStatus; to: LeadStatus } | null;
}

/** What the timeline knows about the people and calls its events point at by id. */
export interface TimelineContext {
  /** Staff e-mail by account id. */
  names: ReadonlyMap<string, string>;
  /** The lead's calls by id (their notes stay with the lead, not in the trail). */
  calls: ReadonlyMap<string, LeadCallView>;
  locale: string;
}

/**
 * Staff e-mails by account id, from whatever the screen already holds: the signed-in user,
 * the lead's owner, who made its calls, the actors of its events and (for admins) the staff
 * list. Later sources never replace a name with nothing.
 */
export function staffNames(sources: {
  me?: { id: string; email: string } | null;
  owner?: { ownerId: string | null; ownerEmail: string | null } | null;
  calls?: readonly LeadCallView[];
  entries?: readonly LeadTimelineEntry[];
  staff?: readonly { userId: string; email: string }[];
}): Map<string, string> {
  const names = new Map<string, string>();
  const add = (id: string | null | undefined, email: string | null) => {
    if (id && email) names.set(id, email);
  };
  for (const member of sources.staff ?? []) add(member.userId, member.email);
  for (const entry of sources.entries ?? [])
    if (entry.kind === 'audit')
      add(entry.event.actor?.adminId, entry.event.actor?.username ?? null);
  for (const call of sources.calls ?? []) add(call.staffId, call.staffEmail);
  add(sources.owner?.ownerId, sources.owner?.ownerEmail ?? null);
  add(sources.me?.id, sources.me?.email ?? null);
  return names;
}

/**
 * Audit events of a status change the timeline already shows from the lead's own table
 * (same id): each change is listed once.
 */
export function withoutRepeatedChanges(
  entries: readonly LeadTimelineEntry[],
): LeadTimelineEntry[] {
  const changes = new Set(
    entries.flatMap((entry) =>
      entry.kind === 'status_change' ? [entry.change.id] : [],
    ),
  );
  return entries.filter(
    (entry) =>
      !(
        entry.kind === 'audit' &&
        entry.event.type === 'lead.status_changed' &&
        changes.has(entry.event.id)
      ),
  );
}

const isOutcome = (value: string): value is CallOutcome =>
  (CALL_OUTCOMES as readonly string[]).includes(value);

const line = (
  title: string,
  detail: string | null = null,
  extra: Partial<AuditLine> = {},
): AuditLine => ({ title, detail, note: null, change: null, ...extra });

/** One audit event as a person reads it; a type this build does not know is "Activity". */
export function auditLine(
  event: AuditEvent,
  context: TimelineContext,
): AuditLine {
  // An e-mail inside a right-to-left sentence is isolated (FSI…PDI), so the punctuation
  // after it stays with the Persian text around it.
  const rtl = context.locale.startsWith('fa');
  const email = (text: string) => (rtl ? `\u2068${text}\u2069` : text);
  const who = (id: string | null): string => {
    if (id === null)
      return $localize`:@@admin.timeline.sharedQueue:the shared queue`;
    const name = context.names.get(id);
    return name
      ? email(name)
      : $localize`:@@admin.timeline.someone:a staff member`;
  };
  switch (event.type) {
    case 'lead.assigned': {
      const { reason, from, to } = event.payload;
      const title = $localize`:@@admin.timeline.assigned:Assigned to ${who(to)}:OWNER:`;
      switch (reason) {
        case 'arrival':
          return line(
            title,
            $localize`:@@admin.timeline.assigned.arrival:On arrival`,
          );
        case 'handout':
          return line(
            title,
            $localize`:@@admin.timeline.assigned.handout:Handed out from the shared queue`,
          );
        case 'claim':
          return line(
            title,
            $localize`:@@admin.timeline.assigned.claim:Claimed from the shared queue`,
          );
        case 'reassign': {
          const actor = event.actor ? email(event.actor.username) : null;
          if (!actor)
            return line(
              title,
              $localize`:@@admin.timeline.assigned.reassignedFrom:Reassigned, previously ${who(from)}:FROM:`,
            );
          return line(
            title,
            $localize`:@@admin.timeline.assigned.reassigned:Reassigned by ${actor}:ACTOR:, previously ${who(from)}:FROM:`,
          );
        }
      }
      return line(title);
    }
    case 'lead.call_logged': {
      const { outcome, callbackAt, callId } = event.payload;
      const label = isOutcome(outcome)
        ? outcomeLabel(outcome).replace(/…$/, '')
        : $localize`:@@admin.timeline.callOther:Other`;
      const detail = callbackAt
        ? $localize`:@@admin.timeline.callbackAt:Call back at ${formatDateTime(callbackAt, context.locale)}:TIME:`
        : null;
      return line(
        $localize`:@@admin.timeline.call:Call: ${label}:OUTCOME:`,
        detail,
        { note: context.calls.get(callId)?.note ?? null },
      );
    }
    case 'lead.sla_breached':
      return line(
        $localize`:@@admin.timeline.slaMissed:First-call SLA missed (due ${formatDateTime(event.payload.dueAt, context.locale)}:TIME:)`,
        event.payload.ownerId
          ? $localize`:@@admin.timeline.slaOwner:Owner: ${who(event.payload.ownerId)}:OWNER:`
          : null,
      );
    case 'lead.status_changed':
      return line($localize`:@@admin.timeline.status:Status changed`, null, {
        change: { from: event.payload.before, to: event.payload.after },
      });
    case 'lead.submission':
      return line(
        event.payload.duplicate
          ? $localize`:@@admin.timeline.resubmitted:Sent the form again`
          : $localize`:@@admin.timeline.submission:Submitted the form`,
      );
    case 'lead.spam':
      return line(
        $localize`:@@admin.timeline.spam:Held back as spam`,
        event.payload.reason === 'honeypot'
          ? $localize`:@@admin.timeline.spam.honeypot:A hidden field was filled in`
          : $localize`:@@admin.timeline.spam.tooFast:Sent too fast for a person`,
      );
    case 'lead.note_added':
      return line($localize`:@@admin.timeline.note:Note`);
    case 'lead.erased':
      return line($localize`:@@admin.timeline.erased:Erased`);
    case 'admin.login':
    case 'leads.exported':
    case 'admin.user_created':
    case 'admin.user_role_changed':
    case 'admin.user_disabled':
    case 'admin.user_enabled':
    case 'admin.sessions_revoked':
    case 'admin.password_changed':
    case 'admin.view_saved':
    case 'admin.view_deleted':
    case 'admin.webhook_changed':
    case 'admin.calendar_changed':
      return line($localize`:@@admin.timeline.activity:Activity`);
    default:
      // A type added on the server after this build.
      return line($localize`:@@admin.timeline.activity:Activity`);
  }
}
