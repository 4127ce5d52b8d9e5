import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  inject,
} from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { RouterLink } from '@angular/router';
import { NumberPipe } from '@landing/web/ui-admin';
import { WebhookAlerts } from './webhook-alerts';

/**
 * Tells an admin, on every screen, that the worker disabled webhook endpoints after repeated
 * failures (their deliveries wait until someone resumes them). Dismissed for the browser
 * session; a newly disabled endpoint brings it back. The shell defers it, for admins only,
 * and it keeps the alerts polled for the navigation badge.
 */
@Component({
  selector: 'lp-webhook-alert-banner',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButtonModule, NumberPipe, RouterLink],
  template: `
    @if (alerts.bannerShown()) {
      <div
        class="lp-hook-alert"
        role="alert"
        data-testid="webhook-alert"
        [attr.data-count]="alerts.count()"
      >
        <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true">
          <path
            fill="currentColor"
            d="M1 21h22L12 2 1 21Zm12-3h-2v-2h2v2Zm0-4h-2v-4h2v4Z"
          />
        </svg>
        <p class="lp-hook-alert__text">
          @if (alerts.count() === 1) {
            <span i18n="@@admin.webhooks.alertOne"
              >{{ alerts.count() | lpNumber }} webhook endpoint disabled after
              repeated failures — deliveries are paused</span
            >
          } @else {
            <span i18n="@@admin.webhooks.alertMany"
              >{{ alerts.count() | lpNumber }} webhook endpoints disabled after
              repeated failures — deliveries are paused</span
            >
          }
        </p>
        <a
          mat-button
          routerLink="/webhooks"
          data-testid="webhook-alert-link"
          i18n="@@admin.webhooks.alertLink"
          >Open webhooks</a
        >
        <button
          mat-button
          type="button"
          (click)="alerts.dismiss()"
          data-testid="webhook-alert-dismiss"
          i18n="@@admin.dismiss"
        >
          Dismiss
        </button>
      </div>
    }
  `,
  styles: `
    .lp-hook-alert {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.25rem 0.75rem;
      padding: 0.375rem clamp(0.75rem, 3vw, 2rem);
      background: var(--lp-error-bg);
      color: var(--lp-error);
      border-block-end: 1px solid var(--lp-divider);
    }
    .lp-hook-alert__text {
      flex: 1 1 16rem;
      margin: 0;
      font-weight: 500;
    }
    .lp-hook-alert a,
    .lp-hook-alert button {
      color: var(--lp-error);
    }
  `,
})
export class WebhookAlertBanner {
  protected readonly alerts = inject(WebhookAlerts);

  constructor() {
    this.alerts.start();
    inject(DestroyRef).onDestroy(() => this.alerts.stop());
  }
}
