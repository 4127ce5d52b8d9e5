import {
  afterRenderEffect,
  ChangeDetectionStrategy,
  Component,
  computed,
  DestroyRef,
  type ElementRef,
  inject,
  input,
  LOCALE_ID,
  viewChild,
} from '@angular/core';
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  Tooltip,
} from 'chart.js';
import { type LeadsPerDayResponse } from '@landing/shared/contracts-admin';
import { formatDay, intlLocale } from '@landing/web/ui-admin';

// Only what a stacked bar chart needs: chart.js is tree-shaken to these.
Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  LinearScale,
  Legend,
  Tooltip,
);

/** Series colours: the brand first, then hues told apart by people with colour blindness. */
const PALETTE = [
  '#0b5cab',
  '#e69f00',
  '#009e73',
  '#cc79a7',
  '#56b4e9',
  '#d55e00',
  '#6a4a00',
  '#7b61ff',
  '#6b7385',
  '#b3261e',
];

/** Leads per day, stacked by source or campaign; the numbers are also in a table for screen readers. */
@Component({
  selector: 'lp-leads-per-day-chart',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="lp-chart">
      <canvas #canvas role="img" [attr.aria-label]="summary()"></canvas>
    </div>
    <table class="lp-visually-hidden" data-testid="leads-per-day-table">
      <caption>
        {{
          summary()
        }}
      </caption>
      <thead>
        <tr>
          <th scope="col" i18n="@@admin.overview.day">Day</th>
          @for (s of data().series; track $index) {
            <th scope="col">{{ seriesName(s) }}</th>
          }
          <th scope="col" i18n="@@admin.overview.total">Total</th>
        </tr>
      </thead>
      <tbody>
        @for (day of data().days; track day; let i = $index) {
          <tr [attr.data-day]="day">
            <th scope="row">{{ labels()[i] }}</th>
            @for (s of data().series; track $index) {
              <td>{{ s.counts[i] }}</td>
            }
            <td data-testid="day-total">{{ dayTotals()[i] }}</td>
          </tr>
        }
      </tbody>
    </table>
  `,
  styles: `
    .lp-chart {
      position: relative;
      height: 18rem;
    }
  `,
})
export class LeadsPerDayChart {
  readonly data = input.required<LeadsPerDayResponse>();
  private readonly locale = inject(LOCALE_ID);
  private readonly rtl = this.locale.startsWith('fa');
  private readonly canvas =
    viewChild.required<ElementRef<HTMLCanvasElement>>('canvas');
  private chart?: Chart<'bar'>;

  protected readonly labels = computed(() =>
    this.data().days.map((day) => formatDay(`${day}T12:00:00Z`, this.locale)),
  );
  protected readonly dayTotals = computed(() =>
    this.data().days.map((_, i) =>
      this.data().series.reduce((sum, s) => sum + (s.counts[i] ?? 0), 0),
    ),
  );
  protected readonly summary = computed(
    () =>
      $localize`:@@admin.overview.chartSummary:Leads per day: ${this.data().total}:TOTAL: in ${this.data().days.length}:DAYS: days`,
  );

  constructor() {
    inject(DestroyRef).onDestroy(() => this.chart?.destroy());
    afterRenderEffect(() => this.draw(this.data()));
  }

  protected seriesName(series: LeadsPerDayResponse['series'][number]): string {
    switch (series.kind) {
      case 'value':
        return series.key ?? '';
      case 'none':
        return $localize`:@@admin.overview.none:(none)`;
      case 'other':
        return $localize`:@@admin.overview.other:Other`;
    }
  }

  private draw(data: LeadsPerDayResponse): void {
    const datasets = data.series.map((series, i) => ({
      label: this.seriesName(series),
      data: series.counts,
      backgroundColor: PALETTE[i % PALETTE.length],
      borderRadius: 3,
      maxBarThickness: 28,
    }));
    if (this.chart) {
      this.chart.data.labels = this.labels();
      this.chart.data.datasets = datasets;
      this.chart.update();
      return;
    }
    const font = { family: getComputedStyle(document.body).fontFamily };
    this.chart = new Chart(this.canvas().nativeElement, {
      type: 'bar',
      data: { labels: this.labels(), datasets },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        locale: intlLocale(this.locale),
        scales: {
          // Time runs in the reading direction: right to left in Persian.
          x: {
            stacked: true,
            reverse: this.rtl,
            grid: { display: false },
            ticks: { font },
          },
          y: {
            stacked: true,
            beginAtZero: true,
            position: this.rtl ? 'right' : 'left',
            ticks: { precision: 0, font },
          },
        },
        plugins: {
          legend: {
            position: 'bottom',
            rtl: this.rtl,
            labels: { font, boxWidth: 12 },
          },
          tooltip: { rtl: this.rtl, mode: 'index', intersect: false },
        },
      },
    });
  }
}
