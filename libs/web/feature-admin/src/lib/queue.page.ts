import {
  ChangeDetectionStrategy,
  Component,
  computed,
  DestroyRef,
  effect,
  inject,
  LOCALE_ID,
  signal,
} from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { RouterLink } from '@angular/router';
import { type QueueItem } from '@landing/shared/contracts-desk';
import { AdminApiError, DeskQueueStore } from '@landing/web/data-access-admin';
import {
  intlLocale,
  DateTimePipe,
  EmptyState,
  NumberPipe,
  PageHeader,
  StatusChip,
  VisitorTextPipe,
} from '@landing/web/ui-admin';
import { CallOutcomes } from './call-outcomes';
import {
  countdown,
  isOverdue,
  laterCount,
  localDigits,
  telHref,
  visibleQueue,
} from './desk-queue';
import { KeyboardHelpDialog } from './keyboard-help.dialog';
import { nextRowIndex, rowKeyCommand } from './leads-query';

/** A lost claim in words: taken by a colleague first, closed meanwhile, or erased. */
function claimErrorText(error: unknown): string {
  if (error instanceof AdminApiError)
    switch (error.code) {
      case 'LEAD_ALREADY_OWNED':
        return $localize`:@@admin.desk.claim.taken:A colleague claimed this lead first; it is in their queue now.`;
      case 'LEAD_CLOSED':
        return $localize`:@@admin.desk.claim.closed:This lead was closed meanwhile; there is nothing to claim.`;
      case 'NOT_FOUND':
        return $localize`:@@admin.desk.claim.gone:This lead no longer exists.`;
    }
  return $localize`:@@admin.desk.claim.failed:The lead could not be claimed; try again.`;
}

/**
 * The staff member's work list: their leads in the order to call them, each with its
 * first-contact countdown, and the call outcomes (buttons and keys 1–7) for the selected one.
 */
@Component({
  selector: 'lp-queue-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    MatButtonModule,
    MatProgressBarModule,
    RouterLink,
    DateTimePipe,
    EmptyState,
    NumberPipe,
    PageHeader,
    StatusChip,
    VisitorTextPipe,
    CallOutcomes,
  ],
  templateUrl: './queue.page.html',
  styleUrl: './queue.page.scss',
  host: { '(document:keydown)': 'onKey($event)' },
})
export class QueuePage {
  private readonly store = inject(DeskQueueStore);
  private readonly dialog = inject(MatDialog);
  private readonly locale = inject(LOCALE_ID);
  protected readonly heading = $localize`:@@admin.desk.queue:My queue`;
  protected readonly emptyHeading = $localize`:@@admin.desk.empty:Nothing to call right now`;
  protected readonly emptyHint = $localize`:@@admin.desk.empty.hint:New leads appear here by themselves while you are on duty.`;

  /** The screen's clock, once a second: countdowns tick and due callbacks come in. */
  protected readonly now = signal(Date.now());
  protected readonly queue = this.store.value;
  protected readonly loading = this.store.loading;
  protected readonly error = this.store.error;
  protected readonly items = computed(() =>
    visibleQueue(this.queue(), this.now()),
  );
  protected readonly later = computed(() =>
    laterCount(this.queue(), this.now()),
  );
  protected readonly overdueCount = computed(
    () => this.items().filter((item) => isOverdue(item, this.now())).length,
  );
  protected readonly unassigned = computed(
    () => this.queue()?.counts.unassigned ?? 0,
  );
  /** The shared queue's oldest leads, to claim by hand. */
  protected readonly shared = computed(() => this.queue()?.shared ?? []);
  /** The lead whose claim is on its way (its button waits). */
  protected readonly claiming = signal<string | null>(null);
  /** Why the last claim failed, shown above the shared list until the next claim. */
  protected readonly claimError = signal<string | null>(null);
  private readonly selectedId = signal<string | null>(null);
  /** The chosen lead, or the first one while none is chosen (or it left the list). */
  protected readonly selected = computed<QueueItem | null>(() => {
    const items = this.items();
    return (
      items.find((item) => item.leadId === this.selectedId()) ??
      items[0] ??
      null
    );
  });
  /** Made once: the subtitle is recomputed on every tick of the clock. */
  private readonly count = new Intl.NumberFormat(intlLocale(this.locale));
  protected readonly subtitle = computed(() => {
    const n = this.items().length;
    const f = this.count;
    const overdue = this.overdueCount();
    const total =
      n === 1
        ? $localize`:@@admin.desk.countOne:${f.format(n)}:COUNT: lead to call`
        : $localize`:@@admin.desk.count:${f.format(n)}:COUNT: leads to call`;
    return overdue
      ? $localize`:@@admin.desk.countOverdue:${total}:TOTAL:, ${f.format(overdue)}:OVERDUE: overdue`
      : total;
  });

  constructor() {
    this.store.start();
    const timer = setInterval(() => this.now.set(Date.now()), 1000);
    inject(DestroyRef).onDestroy(() => clearInterval(timer));
    // The selected row stays in view when j/k moves it.
    effect(() => {
      const id = this.selected()?.leadId;
      if (id)
        document
          .querySelector(`[data-lead-id="${id}"]`)
          ?.scrollIntoView?.({ block: 'nearest' });
    });
  }

  protected select(item: QueueItem): void {
    this.selectedId.set(item.leadId);
  }

  protected isOverdue(item: QueueItem): boolean {
    return isOverdue(item, this.now());
  }

  /** The time the row counts towards: the first call's due time, or the callback's. */
  protected dueOf(item: QueueItem): string | null {
    return item.kind === 'callback' ? item.nextCallAt : item.firstContactDueAt;
  }

  protected countdownOf(item: QueueItem): string {
    const due = this.dueOf(item);
    return due ? countdown(Date.parse(due), this.now(), this.locale) : '';
  }

  protected phoneText(phone: string): string {
    return localDigits(phone, this.locale);
  }

  protected readonly telHref = telHref;

  protected errorText(error: unknown): string {
    return error instanceof AdminApiError
      ? error.message
      : $localize`:@@admin.desk.loadFailed:The queue could not be loaded`;
  }

  /** Takes a shared lead; once it is the user's, it is selected in their list. */
  protected async claim(item: QueueItem): Promise<void> {
    if (this.claiming()) return;
    this.claiming.set(item.leadId);
    this.claimError.set(null);
    try {
      await this.store.claim(item.leadId);
      this.selectedId.set(item.leadId);
    } catch (error) {
      this.claimError.set(claimErrorText(error));
    } finally {
      this.claiming.set(null);
    }
  }

  protected onLogged(leadId: string): void {
    const items = this.items();
    const index = items.findIndex((item) => item.leadId === leadId);
    // The next lead in line becomes the selected one.
    this.selectedId.set(
      items[index + 1]?.leadId ?? items[index - 1]?.leadId ?? null,
    );
    this.store.drop(leadId);
    this.store.refreshSoon(0);
  }

  protected onKey(event: KeyboardEvent): void {
    const command = rowKeyCommand(event);
    if (!command || this.dialog.openDialogs.length) return;
    switch (command) {
      case 'next':
      case 'previous': {
        const items = this.items();
        const current = items.findIndex(
          (item) => item.leadId === this.selected()?.leadId,
        );
        const next = items[nextRowIndex(current, items.length, command)];
        if (next) this.selectedId.set(next.leadId);
        event.preventDefault();
        return;
      }
      case 'help':
        event.preventDefault();
        this.dialog.open(KeyboardHelpDialog, {
          width: '28rem',
          maxWidth: '92vw',
        });
        return;
      case 'open':
      case 'close':
      case 'search':
        return;
    }
  }
}
