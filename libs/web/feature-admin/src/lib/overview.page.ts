import {
  ChangeDetectionStrategy,
  Component,
  computed,
  inject,
  LOCALE_ID,
  resource,
  signal,
} from '@angular/core';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatDatepickerModule } from '@angular/material/datepicker';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import {
  type OverviewQuery,
  type OverviewStackBy,
} from '@landing/shared/contracts-admin';
import {
  AdminApi,
  AdminApiError,
  DeskAdminApi,
} from '@landing/web/data-access-admin';
import {
  dateOfIsoDay,
  EmptyState,
  intlLocale,
  isoDayOf,
  NumberPipe,
  PageHeader,
  StatusChip,
} from '@landing/web/ui-admin';
import { LeadsPerDayChart } from './leads-per-day.chart';
import { SlaPerDayChart } from './sla-per-day.chart';

/** `YYYY-MM-DD` of a date in the browser's time zone. */
export function isoDay(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** A duration for people: minutes under an hour, hours under two days, then days. */
export function humanDuration(seconds: number, locale: string): string {
  const format = (value: number, unit: 'minute' | 'hour' | 'day') =>
    new Intl.NumberFormat(intlLocale(locale), {
      style: 'unit',
      unit,
      unitDisplay: 'short',
      maximumFractionDigits: value < 10 ? 1 : 0,
    }).format(value);
  if (seconds < 3600)
    return format(Math.max(1, Math.round(seconds / 60)), 'minute');
  if (seconds < 48 * 3600) return format(seconds / 3600, 'hour');
  return format(seconds / 86_400, 'day');
}

const PRESETS = [7, 30, 90] as const;

/** The first screen after sign-in: how the campaign is going over a chosen range. */
@Component({
  selector: 'lp-admin-overview',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    MatButtonToggleModule,
    MatDatepickerModule,
    MatFormFieldModule,
    MatInputModule,
    MatProgressBarModule,
    EmptyState,
    PageHeader,
    StatusChip,
    LeadsPerDayChart,
    SlaPerDayChart,
    NumberPipe,
  ],
  templateUrl: './overview.page.html',
  styleUrl: './overview.page.scss',
})
export class OverviewPage {
  private readonly api = inject(AdminApi);
  private readonly desk = inject(DeskAdminApi);
  private readonly locale = inject(LOCALE_ID);
  protected readonly presets = PRESETS;
  protected readonly heading = $localize`:@@admin.overview:Overview`;
  protected readonly loadFailed = $localize`:@@admin.overview.failed:This chart could not be loaded`;
  protected readonly noLeads = $localize`:@@admin.overview.noLeads:No leads in this range`;
  protected readonly noLeadsHint = $localize`:@@admin.overview.noLeadsHint:Pick a longer range, or check that the landing page is live.`;
  private readonly timeZone =
    Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

  protected readonly to = signal(isoDay(new Date()));
  protected readonly from = signal(
    isoDay(new Date(Date.now() - 29 * 86_400_000)),
  );
  protected readonly by = signal<OverviewStackBy>('source');
  protected readonly preset = signal<number | null>(30);

  private readonly range = computed<OverviewQuery>(() => ({
    from: this.from(),
    to: this.to(),
    tz: this.timeZone,
  }));

  // Each chart is its own resource: a newer range cancels the older requests.
  protected readonly perDay = resource({
    params: () => ({ ...this.range(), by: this.by() }),
    loader: ({ params, abortSignal }) =>
      this.api.leadsPerDay(params, abortSignal),
  });
  protected readonly funnel = resource({
    params: () => this.range(),
    loader: ({ params, abortSignal }) => this.api.funnel(params, abortSignal),
  });
  protected readonly quality = resource({
    params: () => this.range(),
    loader: ({ params, abortSignal }) => this.api.quality(params, abortSignal),
  });
  protected readonly responseTime = resource({
    params: () => this.range(),
    loader: ({ params, abortSignal }) =>
      this.api.responseTime(params, abortSignal),
  });

  protected readonly sla = resource({
    params: () => this.range(),
    loader: ({ params, abortSignal }) =>
      this.desk.slaPerDay(params, abortSignal),
  });
  protected readonly noSla = $localize`:@@admin.overview.noSla:No first calls were due in this range`;

  protected readonly subtitle = computed(() => {
    const format = new Intl.DateTimeFormat(intlLocale(this.locale), {
      dateStyle: 'medium',
    });
    const day = (iso: string) => format.format(new Date(`${iso}T12:00:00`));
    return `${day(this.from())} – ${day(this.to())}`;
  });
  protected readonly funnelMax = computed(() =>
    Math.max(1, ...(this.funnel.value()?.stages.map((s) => s.count) ?? [0])),
  );

  protected number(value: number): string {
    return new Intl.NumberFormat(intlLocale(this.locale)).format(value);
  }

  protected percent(share: number | null): string {
    if (share === null) return '—';
    return new Intl.NumberFormat(intlLocale(this.locale), {
      style: 'percent',
      maximumFractionDigits: 1,
    }).format(share);
  }

  protected duration(seconds: number | null): string {
    return seconds === null ? '—' : humanDuration(seconds, this.locale);
  }

  protected errorText(error: unknown): string {
    return error instanceof AdminApiError ? error.message : String(error);
  }

  protected choosePreset(days: number): void {
    this.preset.set(days);
    this.to.set(isoDay(new Date()));
    this.from.set(isoDay(new Date(Date.now() - (days - 1) * 86_400_000)));
  }

  protected readonly dayDate = dateOfIsoDay;

  /** A day picked (or typed) in the datepicker: kept as the same ISO day as before. */
  protected chooseDate(which: 'from' | 'to', date: Date | null): void {
    this.chooseDay(which, isoDayOf(date));
  }

  protected chooseDay(which: 'from' | 'to', value: string): void {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return;
    this.preset.set(null);
    this[which].set(value);
  }
}
