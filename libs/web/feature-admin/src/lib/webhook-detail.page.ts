import {
  ChangeDetectionStrategy,
  Component,
  computed,
  inject,
  resource,
  signal,
} from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSnackBar } from '@angular/material/snack-bar';
import { ActivatedRoute, RouterLink } from '@angular/router';
import {
  type WebhookAttemptView,
  type WebhookDeliveryView,
} from '@landing/shared/contracts-webhooks';
import { AdminApiError, WebhooksApi } from '@landing/web/data-access-admin';
import {
  AgePipe,
  DateTimePipe,
  EmptyState,
  NumberPipe,
  PageHeader,
} from '@landing/web/ui-admin';
import { map } from 'rxjs';
import { WebhookAlerts } from './webhook-alerts';
import { WebhookEndpointDialog } from './webhook-endpoint.dialog';
import {
  webhookDeliveryStateLabel,
  webhookEventLabel,
  webhookOutcomeLabel,
  webhookStateLabel,
} from './webhook-labels';

/** One attempt as a row of the log, with the delivery it belongs to. */
interface LogRow {
  delivery: WebhookDeliveryView;
  attempt: WebhookAttemptView | undefined;
  key: string;
}

/** One endpoint's delivery log: every attempt, a test event, a redelivery per delivery. */
@Component({
  selector: 'lp-admin-webhook-detail',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    MatButtonModule,
    MatProgressBarModule,
    RouterLink,
    AgePipe,
    DateTimePipe,
    NumberPipe,
    EmptyState,
    PageHeader,
  ],
  templateUrl: './webhook-detail.page.html',
  styleUrl: './webhooks.page.scss',
})
export class WebhookDetailPage {
  private readonly api = inject(WebhooksApi);
  private readonly dialog = inject(MatDialog);
  private readonly snack = inject(MatSnackBar);
  private readonly alerts = inject(WebhookAlerts);
  private readonly id = toSignal(
    inject(ActivatedRoute).paramMap.pipe(map((params) => params.get('id'))),
    { initialValue: null },
  );
  protected readonly now = signal(new Date());
  protected readonly stateLabel = webhookStateLabel;
  protected readonly deliveryLabel = webhookDeliveryStateLabel;
  protected readonly eventLabel = webhookEventLabel;
  protected readonly outcomeLabel = webhookOutcomeLabel;
  protected readonly open = signal<ReadonlySet<string>>(new Set());
  protected readonly busy = signal(false);

  protected readonly endpoint = resource({
    params: () => this.id() ?? undefined,
    loader: ({ params, abortSignal }) => this.api.get(params, abortSignal),
  });
  protected readonly log = resource({
    params: () => this.id() ?? undefined,
    loader: async ({ params, abortSignal }) => {
      const page = await this.api.deliveries(params, undefined, abortSignal);
      this.now.set(new Date());
      this.older.set([]);
      this.cursor.set(page.nextCursor);
      return page;
    },
  });
  /** Pages after the first, appended by "Older deliveries". */
  protected readonly older = signal<WebhookDeliveryView[]>([]);
  protected readonly cursor = signal<string | null>(null);
  protected readonly heading = computed(
    () =>
      this.endpoint.value()?.description ||
      $localize`:@@admin.webhooks.endpoint:Endpoint`,
  );
  /** Newest delivery first; within one, newest attempt first (a delivery not tried yet: one row). */
  protected readonly rows = computed<LogRow[]>(() =>
    [...(this.log.value()?.deliveries ?? []), ...this.older()].flatMap(
      (delivery): LogRow[] =>
        delivery.attempts.length === 0
          ? [{ delivery, attempt: undefined, key: `${delivery.id}.0` }]
          : [...delivery.attempts].reverse().map((attempt) => ({
              delivery,
              attempt,
              key: `${delivery.id}.${attempt.attempt}`,
            })),
    ),
  );

  protected errorText(error: unknown): string {
    return error instanceof AdminApiError ? error.message : String(error);
  }

  protected toggle(key: string): void {
    const next = new Set(this.open());
    if (next.has(key)) next.delete(key);
    else next.add(key);
    this.open.set(next);
  }

  protected async loadOlder(): Promise<void> {
    const id = this.id();
    const before = this.cursor();
    if (!id || !before) return;
    await this.act(async () => {
      const page = await this.api.deliveries(id, before);
      this.older.update((list) => [...list, ...page.deliveries]);
      this.cursor.set(page.nextCursor);
    });
  }

  protected refresh(): void {
    this.endpoint.reload();
    this.log.reload();
  }

  protected async edit(): Promise<void> {
    const endpoint = this.endpoint.value();
    if (endpoint && (await WebhookEndpointDialog.open(this.dialog, endpoint))) {
      this.refresh();
      this.alerts.refresh();
    }
  }

  protected async sendTest(): Promise<void> {
    const id = this.id();
    if (!id) return;
    await this.act(
      () => this.api.sendTest(id),
      $localize`:@@admin.webhooks.testQueued:A test event is on its way. Refresh to see its delivery.`,
    );
  }

  protected async redeliver(delivery: WebhookDeliveryView): Promise<void> {
    await this.act(
      () => this.api.redeliver(delivery.endpointId, delivery.id),
      $localize`:@@admin.webhooks.redeliverQueued:Sent again, with the same webhook-id. Refresh to see the new attempt.`,
    );
  }

  /** Runs an action; with `done`, says so and reloads the log. */
  private async act(
    action: () => Promise<unknown>,
    done?: string,
  ): Promise<void> {
    this.busy.set(true);
    try {
      await action();
      if (done === undefined) return;
      this.snack.open(done, undefined, { duration: 4000 });
      this.log.reload();
    } catch (error) {
      this.snack.open(
        this.errorText(error),
        $localize`:@@admin.dismiss:Dismiss`,
        { duration: 8000, politeness: 'assertive' },
      );
    } finally {
      this.busy.set(false);
    }
  }
}
