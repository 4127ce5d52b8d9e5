import { computed, Injectable, inject, signal } from '@angular/core';
import { NavigationEnd, Router } from '@angular/router';
import { WebhooksApi } from '@landing/web/data-access-admin';
import { filter, type Subscription } from 'rxjs';

/** How often an admin's app asks whether a webhook endpoint was disabled. */
export const WEBHOOK_ALERTS_POLL_MS = 60_000;

/** Where a dismissed banner is remembered, for the browser tab's session only. */
const DISMISSED_KEY = 'lp.webhookAlerts.dismissed';

function sessionStore(): Storage | null {
  try {
    return globalThis.sessionStorage ?? null;
  } catch {
    return null;
  }
}

/**
 * The webhook endpoints the worker disabled after repeated failures, for the navigation
 * badge and the banner. It reuses the endpoint list (admin role): polled every minute and on
 * each navigation while the admin-only banner is shown, so other roles never ask. A failed
 * poll keeps the last answer.
 */
@Injectable({ providedIn: 'root' })
export class WebhookAlerts {
  private readonly api = inject(WebhooksApi);
  private readonly router = inject(Router);
  private readonly ids = signal<readonly string[]>([]);
  private readonly dismissedKey = signal(
    sessionStore()?.getItem(DISMISSED_KEY) ?? '',
  );
  private timer: ReturnType<typeof setInterval> | undefined;
  private navigations: Subscription | undefined;
  private users = 0;
  /** Only the latest answer counts (a resume's refresh may overtake a slow poll). */
  private asked = 0;

  /** How many endpoints are disabled. */
  readonly count = computed(() => this.ids().length);
  /** The banner shows until dismissed; a newly disabled endpoint brings it back. */
  readonly bannerShown = computed(
    () => this.ids().length > 0 && this.key() !== this.dismissedKey(),
  );

  /** Starts polling; call {@link stop} as many times. */
  start(): void {
    this.users += 1;
    if (this.timer) return;
    this.timer = setInterval(() => this.refresh(), WEBHOOK_ALERTS_POLL_MS);
    this.refresh();
    this.navigations = this.router.events
      .pipe(filter((event) => event instanceof NavigationEnd))
      .subscribe(() => this.refresh());
  }

  stop(): void {
    this.users = Math.max(0, this.users - 1);
    if (this.users === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
      this.navigations?.unsubscribe();
      this.navigations = undefined;
      // Signed out: whoever signs in next (maybe not an admin) starts from nothing.
      this.asked += 1;
      this.ids.set([]);
    }
  }

  /** Asks again now (also after an endpoint is resumed on the webhook screens). */
  refresh(): void {
    if (!this.timer) return;
    const asked = ++this.asked;
    this.api.list().then(
      ({ endpoints }) => {
        if (asked !== this.asked) return;
        this.ids.set(
          endpoints
            .filter((endpoint) => endpoint.state === 'disabled')
            .map((endpoint) => endpoint.id)
            .sort(),
        );
      },
      () => undefined,
    );
  }

  dismiss(): void {
    const key = this.key();
    this.dismissedKey.set(key);
    try {
      sessionStore()?.setItem(DISMISSED_KEY, key);
    } catch {
      // A full or blocked storage only forgets the dismissal on reload.
    }
  }

  private key(): string {
    return this.ids().join(',');
  }
}
