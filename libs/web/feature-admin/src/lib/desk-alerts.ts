import { computed, Injectable, inject, signal } from '@angular/core';
import { type DeskAlertView } from '@landing/shared/contracts-desk';
import { DeskAdminApi } from '@landing/web/data-access-admin';

/** How often the admin's SLA alerts are asked for (a live stream may replace the polling). */
export const DESK_ALERTS_POLL_MS = 60_000;

/**
 * The admin's SLA breach alerts, shared by the navigation badge and the team page. Polled
 * while an admin is signed in; a failed poll keeps the last list.
 */
@Injectable({ providedIn: 'root' })
export class DeskAlerts {
  private readonly api = inject(DeskAdminApi);
  private readonly alerts = signal<readonly DeskAlertView[]>([]);
  private timer: ReturnType<typeof setInterval> | undefined;
  private users = 0;
  readonly list = this.alerts.asReadonly();
  readonly count = computed(() => this.alerts().length);

  /** Starts polling; call {@link stop} as many times (the nav and the page share one timer). */
  start(): void {
    this.users += 1;
    if (this.timer) return;
    this.refresh();
    this.timer = setInterval(() => this.refresh(), DESK_ALERTS_POLL_MS);
  }

  stop(): void {
    this.users = Math.max(0, this.users - 1);
    if (this.users === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  refresh(): void {
    this.api.alerts().then(
      (alerts) => this.alerts.set(alerts),
      () => undefined,
    );
  }
}
