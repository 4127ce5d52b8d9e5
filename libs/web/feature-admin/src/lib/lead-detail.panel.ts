import {
  ChangeDetectionStrategy,
  Component,
  computed,
  inject,
  input,
  LOCALE_ID,
  output,
  resource,
  signal,
} from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { MatSnackBar } from '@angular/material/snack-bar';
import {
  LEAD_NOTE_MAX_LENGTH,
  type LeadDetailResponse,
  type LeadTimelineEntry,
} from '@landing/shared/contracts-admin';
import { OPEN_LEAD_STATUSES } from '@landing/shared/contracts-desk';
import { type LeadStatus } from '@landing/shared/contracts-lead';
import { type AuditEvent } from '@landing/shared/contracts-audit';
import {
  AdminApi,
  AdminApiError,
  DeskAdminApi,
} from '@landing/web/data-access-admin';
import { LeadOwnerPanel } from './lead-owner.panel';
import {
  Confirm,
  DateTimePipe,
  StatusChip,
  StatusLabelPipe,
  VisitorTextPipe,
} from '@landing/web/ui-admin';
import { CallOutcomes, outcomeLabel } from './call-outcomes';
import {
  auditLine,
  type AuditLine,
  staffNames,
  type TimelineContext,
  withoutRepeatedChanges,
} from './timeline-lines';

/** The timeline from the detail alone, for an api without the timeline endpoint. */
export function timelineFromDetail(
  detail: LeadDetailResponse,
): LeadTimelineEntry[] {
  const entries: LeadTimelineEntry[] = [
    ...detail.submissions.map(
      (submission): LeadTimelineEntry => ({
        kind: 'submission',
        id: `submission:${submission.submissionId}`,
        at: submission.receivedAt,
        submission,
      }),
    ),
    ...detail.notes.map(
      (note): LeadTimelineEntry => ({
        kind: 'note',
        id: `note:${note.id}`,
        at: note.createdAt,
        note,
      }),
    ),
    ...detail.audit.events
      .filter(
        (event) =>
          event.type !== 'lead.submission' && event.type !== 'lead.note_added',
      )
      .map(
        (event): LeadTimelineEntry => ({
          kind: 'audit',
          id: `audit:${event.id}`,
          at: event.occurredAt,
          event,
        }),
      ),
  ];
  return entries.sort((a, b) => b.at.localeCompare(a.at));
}

/** One lead in the side sheet: call it, move its status, read its timeline, add notes. */
@Component({
  selector: 'lp-lead-detail',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    MatProgressBarModule,
    MatSelectModule,
    DateTimePipe,
    StatusChip,
    StatusLabelPipe,
    VisitorTextPipe,
    LeadOwnerPanel,
    CallOutcomes,
  ],
  templateUrl: './lead-detail.panel.html',
  styleUrl: './lead-detail.panel.scss',
})
export class LeadDetailPanel {
  readonly leadId = input.required<string>();
  readonly closed = output();
  /** A change that the list should show (status) or a lead that is gone (erased). */
  readonly changed = output<{ id: string; erased: boolean }>();

  private readonly api = inject(AdminApi);
  private readonly deskApi = inject(DeskAdminApi);
  private readonly locale = inject(LOCALE_ID);
  private readonly snack = inject(MatSnackBar);
  private readonly confirm = inject(Confirm);
  protected readonly noteMax = LEAD_NOTE_MAX_LENGTH;

  /**
   * Follows the open lead: moving to another lead aborts the older request and `resource`
   * ignores its answer, so a slow answer about the previous lead never replaces this one.
   */
  readonly detail = resource({
    params: () => this.leadId(),
    loader: ({ params, abortSignal }) => this.api.detail(params, abortSignal),
  });
  private readonly timeline = resource({
    params: () => this.leadId(),
    loader: ({ params, abortSignal }) => this.api.timeline(params, abortSignal),
  });
  /** The lead's calls, newest first (none for an api without the desk). */
  protected readonly calls = resource({
    params: () => this.leadId(),
    loader: ({ params, abortSignal }) =>
      this.api.leadCalls(params, abortSignal),
  });
  protected readonly outcomeLabel = outcomeLabel;
  protected readonly isOpen = (status: LeadStatus) =>
    OPEN_LEAD_STATUSES.includes(status);
  protected readonly entries = computed<LeadTimelineEntry[]>(() => {
    const timeline = this.timeline.hasValue()
      ? this.timeline.value()
      : undefined;
    if (timeline) return withoutRepeatedChanges(timeline.entries);
    const detail = this.detail.hasValue() ? this.detail.value() : undefined;
    return this.timeline.error() && detail ? timelineFromDetail(detail) : [];
  });
  protected readonly isAdmin = computed(
    () => this.api.session()?.user.role === 'admin',
  );
  /** Admins' staff list, so that assignments name the people (events carry account ids). */
  private readonly staff = resource({
    params: () => (this.isAdmin() ? true : undefined),
    loader: ({ abortSignal }) => this.deskApi.staff(abortSignal),
  });
  /** Names and calls the audit entries point at by id. */
  private readonly timelineContext = computed<TimelineContext>(() => {
    const calls = this.calls.hasValue() ? this.calls.value().calls : [];
    const detail = this.detail.hasValue() ? this.detail.value() : undefined;
    return {
      names: staffNames({
        me: this.api.session()?.user,
        owner: detail?.desk,
        calls,
        entries: this.entries(),
        staff: this.staff.hasValue() ? this.staff.value().staff : [],
      }),
      calls: new Map(calls.map((call) => [call.id, call])),
      locale: this.locale,
    };
  });

  /** An audit entry as a person reads it. */
  protected lineOf(event: AuditEvent): AuditLine {
    return auditLine(event, this.timelineContext());
  }
  protected readonly busy = signal(false);
  protected nextStatus: LeadStatus | null = null;

  protected errorText(error: unknown): string {
    return error instanceof AdminApiError ? error.message : String(error);
  }

  protected timelineReload(): void {
    this.timeline.reload();
  }

  protected telHref(phone: string): string {
    return `tel:${phone.replace(/[^+\d]/g, '')}`;
  }

  protected onCallLogged(): void {
    this.detail.reload();
    this.timeline.reload();
    this.calls.reload();
    this.changed.emit({ id: this.leadId(), erased: false });
  }

  protected async changeStatus(): Promise<void> {
    const status = this.nextStatus;
    if (!status) return;
    await this.run(async () => {
      await this.api.changeStatus(this.leadId(), status);
      this.nextStatus = null;
      this.changed.emit({ id: this.leadId(), erased: false });
    });
  }

  protected async addNote(
    event: Event,
    field: HTMLTextAreaElement,
  ): Promise<void> {
    event.preventDefault();
    const value = field.value.trim();
    if (!value) return;
    await this.run(async () => {
      await this.api.addNote(this.leadId(), value);
      field.value = '';
    });
  }

  protected async erase(): Promise<void> {
    const go = await this.confirm.ask({
      title: $localize`:@@admin.erase.title:Erase this lead for good?`,
      message: $localize`:@@admin.erase.confirm:Its submissions, notes and audit trail are deleted. This cannot be undone.`,
      confirmLabel: $localize`:@@admin.erase.button:Erase`,
      danger: true,
    });
    if (!go) return;
    try {
      await this.api.erase(this.leadId());
      this.changed.emit({ id: this.leadId(), erased: true });
    } catch (error) {
      this.fail(error);
    }
  }

  private async run(action: () => Promise<void>): Promise<void> {
    this.busy.set(true);
    try {
      await action();
      this.detail.reload();
      this.timeline.reload();
      this.calls.reload();
    } catch (error) {
      this.fail(error);
    } finally {
      this.busy.set(false);
    }
  }

  private fail(error: unknown): void {
    this.snack.open(
      this.errorText(error),
      $localize`:@@admin.dismiss:Dismiss`,
      {
        duration: 8000,
        politeness: 'assertive',
      },
    );
  }
}
