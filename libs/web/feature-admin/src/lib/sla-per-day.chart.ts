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
import { type SlaPerDayResponse } from '@landing/shared/contracts-admin';
import { formatDay, intlLocale } from '@landing/web/ui-admin';

Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  LinearScale,
  Legend,
  Tooltip,
);

/** First contacts within the SLA and past it per day (stacked); the numbers also in a table. */
@Component({
  selector: 'lp-sla-per-day-chart',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="lp-chart">
      <canvas #canvas role="img" [attr.aria-label]="summary()"></canvas>
    </div>
    <table class="lp-visually-hidden" data-testid="sla-table">
      <caption>
        {{
          summary()
        }}
      </caption>
      <thead>
        <tr>
          <th scope="col" i18n="@@admin.overview.day">Day</th>
          <th scope="col">{{ hitLabel }}</th>
          <th scope="col">{{ missedLabel }}</th>
        </tr>
      </thead>
      <tbody>
        @for (day of data().days; track day; let i = $index) {
          <tr [attr.data-day]="day">
            <th scope="row">{{ labels()[i] }}</th>
            <td data-testid="sla-hit">{{ data().hit[i] }}</td>
            <td data-testid="sla-missed">{{ data().missed[i] }}</td>
          </tr>
        }
      </tbody>
    </table>
  `,
  styles: `
    .lp-chart {
      position: relative;
      height: 14rem;
    }
  `,
})
export class SlaPerDayChart {
  readonly data = input.required<SlaPerDayResponse>();
  private readonly locale = inject(LOCALE_ID);
  private readonly rtl = this.locale.startsWith('fa');
  private readonly canvas =
    viewChild.required<ElementRef<HTMLCanvasElement>>('canvas');
  private chart?: Chart<'bar'>;
  protected readonly hitLabel = $localize`:@@admin.overview.slaHit:Within SLA`;
  protected readonly missedLabel = $localize`:@@admin.overview.slaMissed:Missed`;

  protected readonly labels = computed(() =>
    this.data().days.map((day) => formatDay(`${day}T12:00:00Z`, this.locale)),
  );
  protected readonly summary = computed(
    () =>
      $localize`:@@admin.overview.slaSummary:First calls: ${this.data().totalHit}:HIT: within the SLA, ${this.data().totalMissed}:MISSED: missed`,
  );

  constructor() {
    inject(DestroyRef).onDestroy(() => this.chart?.destroy());
    afterRenderEffect(() => this.draw(this.data()));
  }

  private draw(data: SlaPerDayResponse): void {
    const datasets = [
      {
        label: this.hitLabel,
        data: data.hit,
        backgroundColor: '#009e73',
        borderRadius: 3,
        maxBarThickness: 28,
      },
      {
        label: this.missedLabel,
        data: data.missed,
        backgroundColor: '#d55e00',
        borderRadius: 3,
        maxBarThickness: 28,
      },
    ];
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
