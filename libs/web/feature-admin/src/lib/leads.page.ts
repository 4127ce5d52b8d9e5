import {
  ChangeDetectionStrategy,
  Component,
  computed,
  DestroyRef,
  effect,
  ElementRef,
  inject,
  linkedSignal,
  LOCALE_ID,
  resource,
  signal,
  untracked,
  viewChild,
} from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatDatepickerModule } from '@angular/material/datepicker';
import { MatDialog } from '@angular/material/dialog';
import { MatDividerModule } from '@angular/material/divider';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatMenuModule } from '@angular/material/menu';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { MatSidenavModule } from '@angular/material/sidenav';
import { MatSnackBar } from '@angular/material/snack-bar';
import { MatTableModule } from '@angular/material/table';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import {
  type LeadListQuery,
  type LeadSummary,
  SAVED_VIEW_FILTER_KEYS,
  type SavedViewFilter,
} from '@landing/shared/contracts-admin';
import { LEAD_STATUSES, type LeadStatus } from '@landing/shared/contracts-lead';
import {
  AdminApi,
  AdminApiError,
  DeskEventsService,
} from '@landing/web/data-access-admin';
import {
  intlLocale,
  AgePipe,
  Confirm,
  dateOfIsoDay,
  DateTimePipe,
  EmptyState,
  isoDayOf,
  NumberPipe,
  PageHeader,
  StatusChip,
  StatusLabelPipe,
  VisitorTextPipe,
} from '@landing/web/ui-admin';
import { KeyboardHelpDialog } from './keyboard-help.dialog';
import { LeadDetailPanel } from './lead-detail.panel';
import {
  leadQueryFromParams,
  nextRowIndex,
  rowKeyCommand,
} from './leads-query';
import { SaveViewDialog } from './save-view.dialog';

const DAY_MS = 86_400_000;

/** The lead list: filters in the URL (or a saved view's), keyset pages, bulk status, the side sheet. */
/** Events arriving close together reload the list once. */
const LIVE_RELOAD_DEBOUNCE_MS = 1000;

@Component({
  selector: 'lp-admin-leads',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    RouterLink,
    MatButtonModule,
    MatCheckboxModule,
    MatDatepickerModule,
    MatDividerModule,
    MatFormFieldModule,
    MatInputModule,
    MatMenuModule,
    MatProgressBarModule,
    MatSelectModule,
    MatSidenavModule,
    MatTableModule,
    AgePipe,
    DateTimePipe,
    EmptyState,
    NumberPipe,
    PageHeader,
    StatusChip,
    StatusLabelPipe,
    VisitorTextPipe,
    LeadDetailPanel,
  ],
  templateUrl: './leads.page.html',
  styleUrl: './leads.page.scss',
  host: { '(document:keydown)': 'onKey($event)' },
})
export class LeadsPage {
  protected readonly api = inject(AdminApi);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly snack = inject(MatSnackBar);
  private readonly dialog = inject(MatDialog);
  private readonly confirm = inject(Confirm);
  private readonly locale = inject(LOCALE_ID);
  protected readonly statuses = LEAD_STATUSES;
  protected readonly columns = [
    'select',
    'phone',
    'name',
    'email',
    'status',
    'age',
    'last',
  ];
  protected readonly skeletonRows = [1, 2, 3, 4, 5, 6];
  protected readonly emptySelection: ReadonlySet<string> = new Set();
  protected readonly heading = $localize`:@@admin.leads:Leads`;
  protected readonly noneHeading = $localize`:@@admin.none:No leads match`;
  protected readonly noneHint = $localize`:@@admin.none.hint:Try fewer filters, or a wider date range.`;
  protected readonly loadFailed = $localize`:@@admin.loadFailed:The leads could not be loaded`;

  private readonly search = viewChild<ElementRef<HTMLInputElement>>('search');
  private readonly params = toSignal(this.route.queryParamMap, {
    requireSync: true,
  });
  private readonly viewId = computed(() => this.params().get('view'));
  /** A saved view opened from its URL (`?view=<id>`). */
  protected readonly view = resource({
    params: () => this.viewId() ?? undefined,
    loader: ({ params, abortSignal }) => this.api.view(params, abortSignal),
  });
  protected readonly activeView = computed(() =>
    this.viewId() ? (this.view.value() ?? null) : null,
  );
  protected readonly views = resource({
    loader: ({ abortSignal }) => this.api.views(abortSignal),
  });

  /** The filter in force: the saved view's, or the URL's. Null while a view is loading. */
  protected readonly query = computed<LeadListQuery | null>(
    () => {
      if (this.viewId()) {
        const view = this.view.value();
        return view ? { ...view.filter } : null;
      }
      const params = this.params();
      return leadQueryFromParams((key) => params.get(key));
    },
    // Opening a lead changes the URL, not the filter: the list must not reload.
    { equal: (a, b) => JSON.stringify(a) === JSON.stringify(b) },
  );
  protected readonly openId = computed(() => this.params().get('lead'));
  protected readonly sortValue = computed(
    () =>
      `${this.query()?.sort ?? 'createdAt'}:${this.query()?.order ?? 'desc'}`,
  );
  protected readonly statusFilter = computed(
    () => this.query()?.status?.split(',').filter(Boolean) ?? [],
  );
  protected readonly activeFilterCount = computed(() => {
    const q = this.query() ?? {};
    return (
      ['status', 'from', 'to', 'source', 'campaign', 'q'] as const
    ).filter((key) => !!q[key]).length;
  });

  /**
   * The first page follows the filter. A newer filter aborts the request of the older one
   * and `resource` drops its answer, so a slow stale page never replaces a newer one.
   */
  readonly page = resource({
    params: () => this.query() ?? undefined,
    loader: ({ params, abortSignal }) => this.api.list(params, abortSignal),
  });
  /** Pages fetched with "load more", reset whenever the first page changes. */
  private readonly more = linkedSignal<unknown, LeadSummary[]>({
    source: this.page.value,
    computation: () => [],
  });
  protected readonly nextCursor = linkedSignal(
    () => this.page.value()?.nextCursor ?? null,
  );
  protected readonly loadingMore = signal(false);
  protected readonly rows = computed(() => [
    ...(this.page.value()?.items ?? []),
    ...this.more(),
  ]);
  protected readonly countText = computed(() => {
    const total = this.page.value()?.total;
    if (!total) return '';
    const n = new Intl.NumberFormat(intlLocale(this.locale)).format(
      total.value,
    );
    if (total.exact && total.value === 1)
      return $localize`:@@admin.countOne:${n}:COUNT: lead matches`;
    return total.exact
      ? $localize`:@@admin.count:${n}:COUNT: leads match`
      : $localize`:@@admin.countAtLeast:${n}:COUNT:+ leads match`;
  });

  protected readonly selected = signal<ReadonlySet<string>>(new Set());
  protected readonly allSelected = computed(
    () =>
      this.rows().length > 0 &&
      this.rows().every((lead) => this.selected().has(lead.id)),
  );
  protected readonly activeIndex = signal(-1);
  protected readonly filtersOpen = signal(false);
  protected draftStatuses: string[] | null = null;
  protected draftSort: string | null = null;
  /** Days picked in the filter panel (`YYYY-MM-DD`, '' when cleared), read on apply. */
  protected draftFrom: string | null = null;
  protected draftTo: string | null = null;
  protected readonly dayDate = dateOfIsoDay;
  protected readonly isoDayOf = isoDayOf;
  protected bulkTarget: LeadStatus | null = null;

  /** Ages ("3 h ago") refresh every minute. */
  protected readonly now = signal(new Date());

  constructor() {
    const timer = setInterval(() => this.now.set(new Date()), 60_000);
    // The desk's live stream: new, assigned or changed leads reload the first page, once per
    // burst, unless more pages were loaded (a reload would take the reader's place away).
    let reload: ReturnType<typeof setTimeout> | null = null;
    const reloadSoon = () => {
      if (reload) clearTimeout(reload);
      reload = setTimeout(() => {
        reload = null;
        if (this.more().length === 0 && !this.page.isLoading())
          this.page.reload();
      }, LIVE_RELOAD_DEBOUNCE_MS);
    };
    const events = inject(DeskEventsService);
    const subscription = events.events$.subscribe(reloadSoon);
    // A reopened stream, or the server's reset: events may have been missed.
    let seen = events.connections();
    effect(() => {
      const n = events.connections();
      if (n > seen) untracked(reloadSoon);
      seen = n;
    });
    inject(DestroyRef).onDestroy(() => {
      clearInterval(timer);
      if (reload) clearTimeout(reload);
      subscription.unsubscribe();
    });
  }

  protected readonly trackById = (_: number, lead: LeadSummary) => lead.id;

  protected errorText(error: unknown): string {
    return error instanceof AdminApiError ? error.message : String(error);
  }

  protected day(iso: string | undefined): string {
    if (!iso) return '';
    const date = new Date(iso);
    if (Number.isNaN(date.getTime())) return '';
    const pad = (n: number) => String(n).padStart(2, '0');
    return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
  }

  /** The api's `to` is exclusive: the form shows the last day included. */
  protected lastDay(iso: string | undefined): string {
    if (!iso) return '';
    const time = new Date(iso).getTime();
    return Number.isNaN(time) ? '' : this.day(new Date(time - 1).toISOString());
  }

  protected async searchFor(text: string): Promise<void> {
    await this.navigate({ ...(this.query() ?? {}), q: text.trim() });
  }

  protected async applyFilters(
    event: Event,
    form: HTMLFormElement,
  ): Promise<void> {
    event.preventDefault();
    const data = new FormData(form);
    const value = (name: string) => String(data.get(name) ?? '').trim();
    const [sort, order] = (this.draftSort ?? this.sortValue()).split(':');
    const from = this.draftFrom ?? this.day(this.query()?.from);
    const to = this.draftTo ?? this.lastDay(this.query()?.to);
    const statuses = this.draftStatuses ?? this.statusFilter();
    await this.navigate({
      q: this.query()?.q,
      status: statuses.join(','),
      from: from ? new Date(`${from}T00:00:00`).toISOString() : '',
      to: to
        ? new Date(new Date(`${to}T00:00:00`).getTime() + DAY_MS).toISOString()
        : '',
      source: value('source'),
      campaign: value('campaign'),
      sort: sort as LeadListQuery['sort'],
      order: order as LeadListQuery['order'],
    });
  }

  protected async clearFilters(): Promise<void> {
    this.draftStatuses = null;
    this.draftSort = null;
    this.draftFrom = null;
    this.draftTo = null;
    await this.router.navigate([], { relativeTo: this.route, queryParams: {} });
  }

  /** A new filter leaves any saved view: the URL then holds the filter itself. */
  private async navigate(query: LeadListQuery): Promise<void> {
    const queryParams: Record<string, string | null> = {
      view: null,
      lead: null,
    };
    for (const key of SAVED_VIEW_FILTER_KEYS)
      queryParams[key] = query[key] || null;
    if (queryParams['sort'] === 'createdAt') queryParams['sort'] = null;
    if (queryParams['order'] === 'desc') queryParams['order'] = null;
    this.selected.set(this.emptySelection);
    this.activeIndex.set(-1);
    await this.router.navigate([], { relativeTo: this.route, queryParams });
  }

  protected async open(id: string | null): Promise<void> {
    if (id === this.openId()) return;
    await this.router.navigate([], {
      relativeTo: this.route,
      queryParams: { lead: id },
      queryParamsHandling: 'merge',
    });
  }

  protected toggle(id: string): void {
    const next = new Set(this.selected());
    if (next.has(id)) next.delete(id);
    else next.add(id);
    this.selected.set(next);
  }

  protected toggleAll(): void {
    this.selected.set(
      this.allSelected()
        ? this.emptySelection
        : new Set(this.rows().map((lead) => lead.id)),
    );
  }

  protected async bulkStatus(): Promise<void> {
    const status = this.bulkTarget;
    if (!status) return;
    try {
      const result = await this.api.bulkStatus([...this.selected()], status);
      this.notify(
        $localize`:@@admin.bulk.done:${result.changed.length}:CHANGED: changed, ${result.skipped.length}:SKIPPED: skipped`,
      );
      this.selected.set(this.emptySelection);
      this.page.reload();
    } catch (error) {
      this.fail(error);
    }
  }

  protected async saveView(): Promise<void> {
    const filter: SavedViewFilter = {};
    const query = this.query() ?? {};
    for (const key of SAVED_VIEW_FILTER_KEYS) {
      const value = query[key];
      if (value) (filter as Record<string, string>)[key] = value;
    }
    const name = await SaveViewDialog.ask(this.dialog);
    if (!name) return;
    try {
      const view = await this.api.saveView(name, filter);
      this.views.reload();
      this.notify(
        $localize`:@@admin.views.saved:View saved. Its link opens it for anyone on the team.`,
      );
      await this.router.navigate([], {
        relativeTo: this.route,
        queryParams: { view: view.id },
      });
    } catch (error) {
      this.fail(error);
    }
  }

  protected async exportCsv(): Promise<void> {
    const go = await this.confirm.ask({
      title: $localize`:@@admin.export.title:Export the matching leads?`,
      message: $localize`:@@admin.export.confirm:Every lead that matches the current filters goes into one CSV file. The export is recorded in the audit trail.`,
      confirmLabel: $localize`:@@admin.export:Export CSV`,
    });
    if (!go) return;
    const link = document.createElement('a');
    link.href = this.api.exportUrl(this.query() ?? {});
    link.download = '';
    link.click();
  }

  protected showHelp(): void {
    if (this.dialog.openDialogs.length) return;
    this.dialog.open(KeyboardHelpDialog, { width: '26rem', maxWidth: '92vw' });
  }

  protected async onChanged(change: {
    id: string;
    erased: boolean;
  }): Promise<void> {
    if (change.erased) {
      this.notify($localize`:@@admin.erased:The lead was erased.`);
      await this.open(null);
    }
    this.page.reload();
  }

  protected async loadMore(): Promise<void> {
    const cursor = this.nextCursor();
    const query = this.query();
    if (!cursor || !query) return;
    this.loadingMore.set(true);
    try {
      const next = await this.api.list({ ...query, cursor });
      // The filter changed meanwhile: this page belongs to a list no longer shown.
      if (this.query() !== query) return;
      this.more.update((rows) => [...rows, ...next.items]);
      this.nextCursor.set(next.nextCursor);
    } catch (error) {
      this.fail(error);
    } finally {
      this.loadingMore.set(false);
    }
  }

  /** j/k move, Enter opens, Esc closes, / searches, ? shows the shortcuts. */
  protected onKey(event: KeyboardEvent): void {
    const command = rowKeyCommand(event);
    if (!command) return;
    switch (command) {
      case 'search':
        event.preventDefault();
        this.search()?.nativeElement.focus();
        return;
      case 'help':
        event.preventDefault();
        this.showHelp();
        return;
      case 'close':
        if (this.openId()) void this.open(null);
        return;
      case 'open': {
        const lead = this.rows()[this.activeIndex()];
        if (lead && !this.openId()) {
          event.preventDefault();
          void this.open(lead.id);
        }
        return;
      }
      case 'next':
      case 'previous': {
        if (this.dialog.openDialogs.length) return;
        event.preventDefault();
        const index = nextRowIndex(
          this.activeIndex(),
          this.rows().length,
          command,
        );
        this.activeIndex.set(index);
        const lead = this.rows()[index];
        if (lead && this.openId()) void this.open(lead.id);
        queueMicrotask(() =>
          document
            .querySelector('.lp-row--active')
            ?.scrollIntoView({ block: 'nearest' }),
        );
        return;
      }
    }
  }

  private notify(message: string): void {
    this.snack.open(message, $localize`:@@admin.dismiss:Dismiss`, {
      duration: 5000,
    });
  }

  private fail(error: unknown): void {
    if (error instanceof AdminApiError && error.status === 401) {
      void this.router.navigate(['/login']);
      return;
    }
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
