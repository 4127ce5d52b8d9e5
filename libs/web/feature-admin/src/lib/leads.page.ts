import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  inject,
  signal,
} from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { ActivatedRoute, Router } from '@angular/router';
import {
  LEAD_SORT_FIELDS,
  type LeadListQuery,
  type LeadSortField,
  type LeadSummary,
  SORT_ORDERS,
  type SortOrder,
} from '@landing/shared/contracts-admin';
import { LEAD_STATUSES, type LeadStatus } from '@landing/shared/contracts-lead';
import { AdminApi, AdminApiError } from '@landing/web/data-access-admin';
import { VisitorTextPipe } from './visitor-text.pipe';
import { AdminText } from './admin-text';
import { LeadDetailPanel } from './lead-detail.panel';

const FILTER_KEYS = [
  'q',
  'status',
  'from',
  'to',
  'source',
  'campaign',
  'sort',
  'order',
] as const;

/** The filters as the URL holds them (so a filtered view can be bookmarked and shared). */
function queryFrom(params: ReadonlyMap<string, string>): LeadListQuery {
  const query: LeadListQuery = {};
  for (const key of FILTER_KEYS) {
    const value = params.get(key);
    if (value) (query as Record<string, string>)[key] = value;
  }
  if (
    query.sort &&
    !(LEAD_SORT_FIELDS as readonly string[]).includes(query.sort)
  )
    delete query.sort;
  if (query.order && !(SORT_ORDERS as readonly string[]).includes(query.order))
    delete query.order;
  return query;
}

/** Dates typed in the filter are local days; the api takes instants. */
const dayStart = (day: string) =>
  day ? new Date(`${day}T00:00:00`).toISOString() : '';

@Component({
  selector: 'lp-admin-leads',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [LeadDetailPanel, VisitorTextPipe],
  template: `
    <div class="lp-admin" [attr.dir]="text.dir" [attr.lang]="text.locale">
      <header>
        <h1>{{ text.t('title') }}</h1>
        <span>{{ api.session()?.user?.email }}</span>
        <button type="button" (click)="signOut()">
          {{ text.t('signOut') }}
        </button>
      </header>

      <form
        class="lp-filters"
        (submit)="applyFilters($event, filters)"
        #filters
        [attr.aria-label]="text.t('filters')"
      >
        <input
          name="q"
          type="search"
          [value]="query().q ?? ''"
          [placeholder]="text.t('search')"
          [attr.aria-label]="text.t('search')"
        />
        <select name="status" [attr.aria-label]="text.t('status')">
          <option value="">{{ text.t('all') }}</option>
          @for (status of statuses; track status) {
            <option [value]="status" [selected]="query().status === status">
              {{ text.status(status) }}
            </option>
          }
        </select>
        <label
          >{{ text.t('from') }}
          <input name="from" type="date" [value]="day(query().from)"
        /></label>
        <label
          >{{ text.t('to') }}
          <input name="to" type="date" [value]="day(query().to)"
        /></label>
        <input
          name="source"
          [value]="query().source ?? ''"
          [placeholder]="text.t('source')"
          [attr.aria-label]="text.t('source')"
        />
        <input
          name="campaign"
          [value]="query().campaign ?? ''"
          [placeholder]="text.t('campaign')"
          [attr.aria-label]="text.t('campaign')"
        />
        <select name="sort" [attr.aria-label]="text.t('sort')">
          <option
            value="createdAt:desc"
            [selected]="sortValue() === 'createdAt:desc'"
          >
            {{ text.t('newest') }}
          </option>
          <option
            value="createdAt:asc"
            [selected]="sortValue() === 'createdAt:asc'"
          >
            {{ text.t('oldest') }}
          </option>
          <option
            value="lastSubmittedAt:desc"
            [selected]="sortValue() === 'lastSubmittedAt:desc'"
          >
            {{ text.t('lastSubmitted') }}
          </option>
          <option value="name:asc" [selected]="sortValue() === 'name:asc'">
            {{ text.t('byName') }}
          </option>
        </select>
        <button type="submit">{{ text.t('apply') }}</button>
        <button type="button" (click)="clearFilters()">
          {{ text.t('clear') }}
        </button>
        <button type="button" (click)="exportCsv()">
          {{ text.t('export') }}
        </button>
      </form>

      @if (error()) {
        <p role="alert" class="lp-admin-error">{{ error() }}</p>
      }
      @if (notice()) {
        <p role="status">{{ notice() }}</p>
      }

      @if (selected().size > 0) {
        <div class="lp-bulk" role="region">
          {{ selected().size }} {{ text.t('selected') }}
          <select #bulk [attr.aria-label]="text.t('setStatus')">
            @for (status of statuses; track status) {
              <option [value]="status">{{ text.status(status) }}</option>
            }
          </select>
          <button type="button" (click)="bulkStatus(bulk.value)">
            {{ text.t('setStatus') }}
          </button>
        </div>
      }

      <div class="lp-body">
        <div class="lp-table">
          <table>
            <thead>
              <tr>
                <th>
                  <input
                    type="checkbox"
                    [checked]="allSelected()"
                    (change)="toggleAll()"
                    [attr.aria-label]="text.t('all')"
                  />
                </th>
                <th>{{ text.t('phone') }}</th>
                <th>{{ text.t('name') }}</th>
                <th>{{ text.t('email') }}</th>
                <th>{{ text.t('status') }}</th>
                <th>{{ text.t('created') }}</th>
              </tr>
            </thead>
            <tbody>
              @for (lead of leads(); track lead.id) {
                <tr
                  [class.lp-open]="lead.id === openId()"
                  (click)="open(lead.id)"
                >
                  <td (click)="$event.stopPropagation()">
                    <input
                      type="checkbox"
                      [checked]="selected().has(lead.id)"
                      (change)="toggle(lead.id)"
                      [attr.aria-label]="lead.phone"
                    />
                  </td>
                  <td dir="ltr">{{ lead.phone }}</td>
                  <td>
                    <bdi>{{ lead.name | visitorText }}</bdi>
                  </td>
                  <td dir="ltr">
                    <bdi>{{ lead.email | visitorText }}</bdi>
                  </td>
                  <td>{{ text.status(lead.status) }}</td>
                  <td>{{ text.date(lead.createdAt) }}</td>
                </tr>
              } @empty {
                <tr>
                  <td colspan="6">{{ text.t('none') }}</td>
                </tr>
              }
            </tbody>
          </table>
        </div>
        @if (openId(); as id) {
          <lp-lead-detail
            [leadId]="id"
            (closed)="open(null)"
            (changed)="onChanged($event)"
          />
        }
      </div>
      @if (nextCursor()) {
        <button type="button" (click)="loadMore()">{{ text.t('more') }}</button>
      }
    </div>
  `,
  styles: `
    .lp-admin {
      font-family: system-ui, sans-serif;
      padding: 1rem;
    }
    header {
      display: flex;
      gap: 1rem;
      align-items: center;
    }
    header h1 {
      margin-inline-end: auto;
    }
    .lp-filters {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem;
      margin-block: 1rem;
    }
    .lp-filters input,
    .lp-filters select,
    button {
      font: inherit;
      padding: 0.35rem;
    }
    .lp-body {
      display: grid;
      grid-template-columns: minmax(0, 1fr);
      gap: 1rem;
    }
    @media (min-width: 60rem) {
      .lp-body:has(lp-lead-detail) {
        grid-template-columns: minmax(0, 2fr) minmax(0, 1fr);
      }
    }
    .lp-table {
      overflow-x: auto;
    }
    table {
      border-collapse: collapse;
      width: 100%;
    }
    th,
    td {
      text-align: start;
      padding: 0.35rem;
      border-bottom: 1px solid #eee;
    }
    tbody tr {
      cursor: pointer;
    }
    tr.lp-open {
      background: #eef4ff;
    }
    .lp-bulk {
      background: #fff8e1;
      padding: 0.5rem;
      display: flex;
      gap: 0.5rem;
      align-items: center;
    }
    .lp-admin-error {
      color: #b00020;
    }
  `,
})
export class LeadsPage {
  protected readonly text = inject(AdminText);
  protected readonly api = inject(AdminApi);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  protected readonly statuses = LEAD_STATUSES;

  private readonly params = toSignal(this.route.queryParamMap, {
    requireSync: true,
  });
  protected readonly query = computed(() =>
    queryFrom(
      new Map(
        this.params().keys.map((key) => [key, this.params().get(key) ?? '']),
      ),
    ),
  );
  protected readonly openId = computed(() => this.params().get('lead'));
  protected readonly sortValue = computed(
    () => `${this.query().sort ?? 'createdAt'}:${this.query().order ?? 'desc'}`,
  );

  protected readonly leads = signal<LeadSummary[]>([]);
  protected readonly nextCursor = signal<string | null>(null);
  protected readonly selected = signal<ReadonlySet<string>>(new Set());
  protected readonly allSelected = computed(
    () =>
      this.leads().length > 0 &&
      this.leads().every((lead) => this.selected().has(lead.id)),
  );
  protected readonly error = signal<string | null>(null);
  protected readonly notice = signal<string | null>(null);

  constructor() {
    effect(() => {
      void this.load(this.query());
    });
  }

  protected day(iso: string | undefined): string {
    if (!iso) return '';
    const date = new Date(iso);
    if (Number.isNaN(date.getTime())) return '';
    const pad = (n: number) => String(n).padStart(2, '0');
    return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
  }

  protected async applyFilters(
    event: Event,
    form: HTMLFormElement,
  ): Promise<void> {
    event.preventDefault();
    const data = new FormData(form);
    const value = (name: string) => String(data.get(name) ?? '').trim();
    const [sort, order] = value('sort').split(':') as [
      LeadSortField,
      SortOrder,
    ];
    const to = value('to');
    const queryParams: Record<string, string | null> = {
      q: value('q') || null,
      status: value('status') || null,
      from: dayStart(value('from')) || null,
      // "To" is the whole day: the api's `to` is exclusive.
      to: to
        ? new Date(
            new Date(`${to}T00:00:00`).getTime() + 86_400_000,
          ).toISOString()
        : null,
      source: value('source') || null,
      campaign: value('campaign') || null,
      sort: sort === 'createdAt' ? null : sort,
      order: order === 'desc' ? null : order,
      lead: null,
    };
    await this.router.navigate([], { relativeTo: this.route, queryParams });
  }

  protected async clearFilters(): Promise<void> {
    await this.router.navigate([], { relativeTo: this.route, queryParams: {} });
  }

  protected async open(id: string | null): Promise<void> {
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
        ? new Set()
        : new Set(this.leads().map((lead) => lead.id)),
    );
  }

  protected async bulkStatus(status: string): Promise<void> {
    try {
      const result = await this.api.bulkStatus(
        [...this.selected()],
        status as LeadStatus,
      );
      this.notice.set(
        `${result.changed.length} ${this.text.t('changedCount')}, ${result.skipped.length} ${this.text.t('skippedCount')}`,
      );
      this.selected.set(new Set());
      await this.load(this.query());
    } catch (error) {
      this.fail(error);
    }
  }

  protected exportCsv(): void {
    if (!confirm(this.text.t('confirmExport'))) return;
    const link = document.createElement('a');
    link.href = this.api.exportUrl(this.query());
    link.download = '';
    link.click();
  }

  protected async onChanged(change: {
    id: string;
    erased: boolean;
  }): Promise<void> {
    if (change.erased) {
      this.notice.set(this.text.t('erased'));
      await this.open(null);
    }
    await this.load(this.query());
  }

  protected async loadMore(): Promise<void> {
    const cursor = this.nextCursor();
    if (!cursor) return;
    try {
      const page = await this.api.list({ ...this.query(), cursor });
      this.leads.update((leads) => [...leads, ...page.items]);
      this.nextCursor.set(page.nextCursor);
    } catch (error) {
      this.fail(error);
    }
  }

  protected async signOut(): Promise<void> {
    await this.api.logout();
    await this.router.navigate(['/admin/login']);
  }

  private async load(query: LeadListQuery): Promise<void> {
    try {
      this.error.set(null);
      const page = await this.api.list(query);
      this.leads.set(page.items);
      this.nextCursor.set(page.nextCursor);
    } catch (error) {
      this.fail(error);
    }
  }

  private fail(error: unknown): void {
    if (error instanceof AdminApiError && error.status === 401) {
      void this.router.navigate(['/admin/login']);
      return;
    }
    this.error.set(
      error instanceof AdminApiError ? error.message : String(error),
    );
  }
}
