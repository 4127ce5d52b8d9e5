import { AuditTrailService } from '@landing/server/domain-audit';
import {
  LeadHistoryRepository,
  LeadReviewRepository,
} from '@landing/server/persistence-admin';
import {
  LEAD_TIMELINE_LIMIT,
  type LeadTimelineEntry,
  type LeadTimelineResponse,
} from '@landing/shared/contracts-admin';
import { type AuditEvent } from '@landing/shared/contracts-audit';
import { Injectable } from '@nestjs/common';
import { LeadNotFoundError } from './admin-leads.errors';

/** An audit event that only repeats an entry the timeline has from the lead's own tables. */
function repeats(
  event: AuditEvent,
  shown: { submissions: Set<string>; notes: Set<string>; changes: Set<string> },
): boolean {
  if (event.type === 'lead.submission')
    return shown.submissions.has(event.payload.submissionId);
  if (event.type === 'lead.note_added')
    return shown.notes.has(event.payload.noteId);
  if (event.type === 'lead.status_changed') return shown.changes.has(event.id);
  return false;
}

/**
 * One lead's history in one list, newest first: its stored submissions, notes and status
 * changes, and the audit events that add something (a resubmission inside the
 * deduplication window, a spam catch, an export, …). Each source is read up to the limit,
 * so the merged newest entries are exact.
 */
@Injectable()
export class LeadTimelineService {
  constructor(
    private readonly leads: LeadReviewRepository,
    private readonly history: LeadHistoryRepository,
    private readonly trail: AuditTrailService,
  ) {}

  async timeline(id: string): Promise<LeadTimelineResponse> {
    const lead = await this.leads.findById(id);
    if (!lead) throw new LeadNotFoundError();
    const limit = LEAD_TIMELINE_LIMIT;
    const [submissions, notes, changes, audit] = await Promise.all([
      this.leads.submissionsOf(id),
      this.leads.notesOf(id),
      this.history.statusChangesOf(id, limit + 1),
      this.trail.trailOfLead({ id, phone: lead.phone }, { limit }),
    ]);
    const shown = {
      submissions: new Set(submissions.map((s) => s.submissionId)),
      notes: new Set(notes.map((n) => n.id)),
      changes: new Set(changes.map((c) => c.id)),
    };
    const entries: LeadTimelineEntry[] = [
      ...submissions.map(
        (submission): LeadTimelineEntry => ({
          kind: 'submission',
          id: `submission:${submission.submissionId}`,
          at: submission.receivedAt.toISOString(),
          submission: {
            ...submission,
            receivedAt: submission.receivedAt.toISOString(),
          },
        }),
      ),
      ...notes.map(
        (note): LeadTimelineEntry => ({
          kind: 'note',
          id: `note:${note.id}`,
          at: note.createdAt.toISOString(),
          note: { ...note, createdAt: note.createdAt.toISOString() },
        }),
      ),
      ...changes.map(
        (change): LeadTimelineEntry => ({
          kind: 'status_change',
          id: `status_change:${change.id}`,
          at: change.changedAt.toISOString(),
          change: { ...change, changedAt: change.changedAt.toISOString() },
        }),
      ),
      ...audit.events
        .filter((event) => !repeats(event, shown))
        .map(
          (event): LeadTimelineEntry => ({
            kind: 'audit',
            id: `audit:${event.id}`,
            at: new Date(event.occurredAt).toISOString(),
            event,
          }),
        ),
    ];
    entries.sort((a, b) =>
      a.at === b.at ? (a.id < b.id ? 1 : -1) : a.at < b.at ? 1 : -1,
    );
    // submissionsOf and notesOf stop at 500 rows; the audit trail at one page.
    const truncated =
      entries.length > limit ||
      changes.length > limit ||
      audit.nextCursor !== null ||
      submissions.length >= 500;
    return { leadId: id, entries: entries.slice(0, limit), truncated };
  }
}
