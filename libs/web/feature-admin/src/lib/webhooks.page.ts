import {
  ChangeDetectionStrategy,
  Component,
  computed,
  inject,
  LOCALE_ID,
  resource,
  signal,
} from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatMenuModule } from '@angular/material/menu';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSnackBar } from '@angular/material/snack-bar';
import { MatTableModule } from '@angular/material/table';
import { RouterLink } from '@angular/router';
import {
  type WebhookDeliveryView,
  type WebhookEndpointView,
} from '@landing/shared/contracts-webhooks';
import { AdminApiError, WebhooksApi } from '@landing/web/data-access-admin';
import {
  intlLocale,
  AgePipe,
  Confirm,
  DateTimePipe,
  EmptyState,
  NumberPipe,
  PageHeader,
} from '@landing/web/ui-admin';
import { WebhookAlerts } from './webhook-alerts';
import { WebhookEndpointDialog } from './webhook-endpoint.dialog';
import {
  webhookDeliveryStateLabel,
  webhookEventLabel,
  webhookStateLabel,
} from './webhook-labels';
import { WebhookRotateDialog } from './webhook-rotate.dialog';

interface EndpointRow {
  endpoint: WebhookEndpointView;
  last: WebhookDeliveryView | undefined;
}

/** Where leads go out: the webhook endpoints (admin role), each with its latest delivery. */
@Component({
  selector: 'lp-admin-webhooks',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    MatButtonModule,
    MatMenuModule,
    MatProgressBarModule,
    MatTableModule,
    RouterLink,
    AgePipe,
    DateTimePipe,
    NumberPipe,
    EmptyState,
    PageHeader,
  ],
  templateUrl: './webhooks.page.html',
  styleUrl: './webhooks.page.scss',
})
export class WebhooksPage {
  private readonly api = inject(WebhooksApi);
  private readonly dialog = inject(MatDialog);
  private readonly snack = inject(MatSnackBar);
  private readonly confirm = inject(Confirm);
  private readonly locale = inject(LOCALE_ID);
  private readonly alerts = inject(WebhookAlerts);
  protected readonly heading = $localize`:@@admin.webhooks:Webhooks`;
  protected readonly columns = [
    'url',
    'events',
    'state',
    'last',
    'failures',
    'actions',
  ];
  protected readonly now = signal(new Date());
  protected readonly stateLabel = webhookStateLabel;
  protected readonly deliveryLabel = webhookDeliveryStateLabel;
  protected readonly eventLabel = webhookEventLabel;

  /** The endpoints, then each one's newest delivery (a handful of endpoints: one call each). */
  protected readonly rows = resource({
    loader: async ({ abortSignal }): Promise<EndpointRow[]> => {
      const { endpoints } = await this.api.list(abortSignal);
      this.now.set(new Date());
      return Promise.all(
        endpoints.map(async (endpoint) => ({
          endpoint,
          last: (
            await this.api
              .deliveries(endpoint.id, undefined, abortSignal)
              .catch(() => ({ deliveries: [] }))
          ).deliveries[0],
        })),
      );
    },
  });
  protected readonly subtitle = computed(() => {
    const n = this.rows.value()?.length;
    if (n === undefined) return '';
    const count = new Intl.NumberFormat(intlLocale(this.locale)).format(n);
    return n === 1
      ? $localize`:@@admin.webhooks.countOne:${count}:COUNT: endpoint`
      : $localize`:@@admin.webhooks.count:${count}:COUNT: endpoints`;
  });

  /** Keeps a row (and its open menu) in place when the list reloads. */
  protected readonly trackRow = (_: number, row: EndpointRow) =>
    row.endpoint.id;

  protected errorText(error: unknown): string {
    return error instanceof AdminApiError ? error.message : String(error);
  }

  protected lastStatus(delivery: WebhookDeliveryView): number | null {
    return delivery.attempts.at(-1)?.status ?? null;
  }

  protected async add(): Promise<void> {
    if (await WebhookEndpointDialog.open(this.dialog, null)) this.rows.reload();
  }

  protected async edit(endpoint: WebhookEndpointView): Promise<void> {
    if (await WebhookEndpointDialog.open(this.dialog, endpoint)) {
      this.rows.reload();
      this.alerts.refresh();
    }
  }

  protected async rotate(endpoint: WebhookEndpointView): Promise<void> {
    if (await WebhookRotateDialog.open(this.dialog, endpoint))
      this.rows.reload();
  }

  protected async setPaused(
    endpoint: WebhookEndpointView,
    paused: boolean,
  ): Promise<void> {
    await this.act(
      () =>
        this.api.update(endpoint.id, { state: paused ? 'paused' : 'active' }),
      paused
        ? $localize`:@@admin.webhooks.pausedDone:Deliveries to ${endpoint.url}:URL: are paused.`
        : $localize`:@@admin.webhooks.resumedDone:Deliveries to ${endpoint.url}:URL: resumed.`,
    );
  }

  protected async remove(endpoint: WebhookEndpointView): Promise<void> {
    const go = await this.confirm.ask({
      title: $localize`:@@admin.webhooks.deleteTitle:Delete this endpoint?`,
      message: $localize`:@@admin.webhooks.deleteMessage:${endpoint.url}:URL: gets no more deliveries, and its delivery log is deleted with it.`,
      confirmLabel: $localize`:@@admin.webhooks.delete:Delete`,
      danger: true,
    });
    if (!go) return;
    await this.act(
      () => this.api.remove(endpoint.id),
      $localize`:@@admin.webhooks.deleted:The endpoint was deleted.`,
    );
  }

  private async act(
    action: () => Promise<unknown>,
    done: string,
  ): Promise<void> {
    try {
      await action();
      this.snack.open(done, undefined, { duration: 4000 });
      this.rows.reload();
      // A resumed or deleted endpoint clears the banner and badge at once.
      this.alerts.refresh();
    } catch (error) {
      this.snack.open(
        this.errorText(error),
        $localize`:@@admin.dismiss:Dismiss`,
        { duration: 8000, politeness: 'assertive' },
      );
    }
  }
}
